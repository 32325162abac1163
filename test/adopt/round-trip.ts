import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppDefinition, Environment, Project } from '../../lib';
import { CLUSTER_SCOPED, describeInput } from '../../lib/adopt/generate';
import { importManifests, ImportResult, readManifests } from '../../lib/adopt/import';
import { leaves, stripServerFields } from '../../lib/adopt/strip';
import { diffObjects, formatPath, isPlainObject, objectIdentity } from '../../lib/synth/object-diff';
import { parseYaml } from '../../lib/synth/serialize';
import { KubeObject } from '../../lib/validation/manifest';

const ROOT = path.join(__dirname, '..', '..');

/** A temp folder whose generated apps resolve `cdk8s` and the library to this repository's copies. */
export class GeneratedApps {
  public readonly dir: string;
  private count = 0;

  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adopt-'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(this.dir, 'node_modules'), 'dir');
  }

  /** Import `locations` and write the app; the library is imported from this repository's `lib/`. */
  public import(locations: string[]): { result: ImportResult; file: string } {
    const result = importManifests(readManifests(locations, () => ''), { library: path.join(ROOT, 'lib') });
    const file = path.join(this.dir, `app${++this.count}.ts`);
    fs.writeFileSync(file, result.code);
    return { result, file };
  }

  public cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Load a generated app and synthesize it the way `npm run synth` does, in the environment the input came from. */
export function synthGenerated(file: string, result: ImportResult): KubeObject[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const app = require(file).app as AppDefinition;
  const project = new Project({
    environments: [new Environment({ name: result.environment, namespace: result.namespace ?? result.environment })],
    apps: [app],
  });
  const synth = project.synth();
  const errors = synth.findings.filter((f) => f.severity === 'error');
  if (errors.length) {
    throw new Error(errors.map((f) => `${f.rule} ${f.object ?? f.path} ${f.field ?? ''}: ${f.message}`).join('\n'));
  }
  return synth.files.flatMap((f) => parseYaml(f.content));
}

/**
 * Every field where the synthesized objects differ from the input, other
 * than the additions the import listed for that object. Empty when the
 * round trip holds.
 */
export function roundTripProblems(input: ReadonlyArray<KubeObject>, output: ReadonlyArray<KubeObject>, result: ImportResult, namespace: string): string[] {
  const problems: string[] = [];
  const outputs = new Map(output.map((o) => [objectIdentity(o, true), o]));
  for (const original of input) {
    const note = result.notes.find((n) => n.object === describeInput(original, result.namespace));
    if (note?.as === 'skipped' || note?.as.startsWith('reference')) {
      continue;
    }
    const clusterScoped = CLUSTER_SCOPED.has(original.kind);
    const expected = { ...original, metadata: { ...original.metadata, namespace: clusterScoped ? undefined : original.metadata?.namespace ?? namespace } };
    const key = objectIdentity(expected, true);
    const actual = outputs.get(key);
    outputs.delete(key);
    if (!actual) {
      problems.push(`${key}: not written back`);
      continue;
    }
    // An object read back from a cluster is compared without what the server set or defaulted (the import lists those as left out).
    const recorded = ['uid', 'resourceVersion', 'managedFields', 'creationTimestamp'].some((k) => (original.metadata as any)?.[k]);
    const diffs = diffObjects(actual, recorded ? stripServerFields(original, { defaults: true }, formatPath).object : original).flatMap((d) => (d.change === 'only-left' && isPlainObject(d.left) && Object.keys(d.left).length
      ? leaves(d.left).map((leaf) => ({ ...d, path: [...d.path, ...leaf.path] }))
      : [d]));
    for (const d of diffs) {
      const field = formatPath(d.path);
      if (d.change === 'only-left' && note?.additions.includes(field)) {
        continue;
      }
      problems.push(`${key} ${field}: ${d.change} (${JSON.stringify(d.left)} vs ${JSON.stringify(d.right)})`);
    }
  }
  for (const key of outputs.keys()) {
    problems.push(`${key}: written but not in the input`);
  }
  return problems;
}

/** The objects of `file` that are Kubernetes objects (fragments left out). */
export function inputObjects(file: string): KubeObject[] {
  return readManifests([file], () => '').map((i) => i.object).filter((o) => o && typeof o.kind === 'string' && typeof o.apiVersion === 'string');
}
