import * as fs from 'fs';
import * as path from 'path';
import { isApiDefault, isServerSet, leaves } from '../adopt/strip';
import { KubeObject } from '../validation/manifest';
import type { CliIo } from './cli';
import { FieldOwnership } from './managed-fields';
import { diffObjects, FieldDiff, formatPath, isPlainObject, objectIdentity, PathStep, preview } from './object-diff';
import type { Project } from './project';
import { style } from './report';
import { parseYaml } from './serialize';

/**
 * Field managers that apply what synth writes: their fields are ours, and a
 * field of ours they no longer hold is drift.
 */
export const DEFAULT_APPLIERS: ReadonlyArray<string> = [
  'kubectl-client-side-apply',
  'kubectl',
  'argocd-controller',
  'argocd-application-controller',
];

/** Managers of hand-made changes (`kubectl edit`, `patch`, `scale`, `set image`, ...): what they own is drift. */
export function isManualManager(manager: string): boolean {
  return /^kubectl-/.test(manager) && manager !== 'kubectl-client-side-apply';
}

/** Options of a drift check. */
export interface DriftOptions {
  /**
   * Field managers that apply the synth output.
   *
   * @default DEFAULT_APPLIERS
   */
  readonly appliers?: ReadonlyArray<string>;
}

/** A field of one object that differs between what synth writes and the cluster. */
export interface FieldDrift {
  readonly field: string;
  readonly change: 'changed' | 'missing-in-cluster' | 'added-in-cluster';
  readonly written?: unknown;
  readonly live?: unknown;
  /** Managers that own the live field, when managedFields say. */
  readonly owners: string[];
}

/** The drift of a whole run. */
export interface DriftReport {
  readonly drifted: Array<{ object: string; fields: FieldDrift[] }>;
  readonly missing: string[];
  readonly pruneCandidates: Array<{ object: string; app: string }>;
  readonly inSync: number;
  /** Objects synth writes that the snapshot cannot tell about (namespace or kind not in it). */
  readonly notChecked: number;
  /** Fields left out because a controller or autoscaler owns them, as `object field (manager)`. */
  readonly otherOwners: string[];
  /** Objects compared without managedFields (fetched without `--show-managed-fields`). */
  readonly withoutManagedFields: number;
}

/**
 * Read a snapshot of the cluster: a file or folder (recursively) of what
 * `kubectl get -o yaml` prints, single objects, Lists or multi-document
 * streams. Throws with the file name on unreadable YAML.
 */
export function readSnapshot(location: string): KubeObject[] {
  const files: string[] = [];
  const visit = (file: string) => {
    if (fs.statSync(file).isDirectory()) {
      for (const entry of fs.readdirSync(file).sort()) {
        visit(path.join(file, entry));
      }
    } else if (/\.(ya?ml|json)$/.test(file) || file === location) {
      files.push(file);
    }
  };
  visit(location);
  const objects: KubeObject[] = [];
  for (const file of files) {
    let parsed: KubeObject[];
    try {
      parsed = parseYaml(fs.readFileSync(file, 'utf-8'));
    } catch (error) {
      throw new Error(`${file}: not valid YAML: ${(error as Error).message}`);
    }
    objects.push(...flattenLists(parsed).filter(isKubeObject));
  }
  // An empty file is what a failed `kubectl get ... > snapshot.yaml` leaves:
  // comparing against nothing would report no drift and turn a pipeline green.
  if (!objects.length) {
    throw new Error(`${location}: the snapshot holds no Kubernetes objects (${files.length ? 'empty, an empty List, or no apiVersion and kind' : 'no .yaml, .yml or .json file'}); did kubectl get fail?`);
  }
  return objects;
}

function isKubeObject(o: unknown): o is KubeObject {
  return !!o && typeof o === 'object' && typeof (o as KubeObject).kind === 'string' && typeof (o as KubeObject).apiVersion === 'string';
}

/** The items of `kind: List` (and `DeploymentList`, ...) objects, other objects as they are. */
export function flattenLists(objects: ReadonlyArray<KubeObject>): KubeObject[] {
  return objects.flatMap((o) => (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray((o as any).items)
    ? flattenLists((o as any).items)
    : [o]));
}

/**
 * Compare what synth writes with a cluster snapshot.
 *
 * An object synth writes is checked when the snapshot holds its namespace
 * and its kind (so `kubectl get deploy,svc -n stg` checks Deployments and
 * Services of stg only). Fields the server sets, API defaults, and fields
 * owned only by managers that are neither appliers nor hand edits (an
 * autoscaler's `spec.replicas`, a controller's annotations) are not drift.
 */
export function detectDrift(
  written: ReadonlyArray<KubeObject>,
  live: ReadonlyArray<KubeObject>,
  apps: ReadonlyArray<string>,
  options: DriftOptions = {},
): DriftReport {
  const appliers = new Set(options.appliers ?? DEFAULT_APPLIERS);
  const liveByKey = new Map(live.map((o) => [objectIdentity(o, true), o]));
  const writtenKeys = new Set(written.map((o) => objectIdentity(o, true)));
  const namespaces = new Set(live.map((o) => o.metadata?.namespace ?? ''));
  const kinds = new Set(live.map((o) => o.kind));
  const report: DriftReport = { drifted: [], missing: [], pruneCandidates: [], inSync: 0, notChecked: 0, otherOwners: [], withoutManagedFields: 0 };

  for (const object of written) {
    const key = objectIdentity(object, true);
    const actual = liveByKey.get(key);
    if (!actual) {
      if (namespaces.has(object.metadata?.namespace ?? '') && kinds.has(object.kind)) {
        report.missing.push(key);
      } else {
        (report as { notChecked: number }).notChecked++;
      }
      continue;
    }
    const ownership = FieldOwnership.of(actual);
    if (!ownership) {
      (report as { withoutManagedFields: number }).withoutManagedFields++;
    }
    const fields: FieldDrift[] = [];
    for (const diff of expand(diffObjects(object, actual))) {
      const owners = ownership?.ownersAt(actual, diff.path) ?? [];
      const field = formatPath(diff.path);
      if (diff.change === 'only-right' && (isServerSet(actual, diff.path) || isApiDefault(actual, diff.path, diff.right))) {
        continue;
      }
      if (diff.change === 'changed' && diff.path.some((p) => 'field' in p && QUANTITY_FIELDS.has(p.field)) && sameQuantity(diff.left, diff.right)) {
        continue;
      }
      const managers = owners.map((o) => o.replace(/ \(.*\)$/, ''));
      if (diff.change !== 'only-left' && managers.length && managers.every((m) => !appliers.has(m) && !isManualManager(m))) {
        report.otherOwners.push(`${key} ${field} (${owners.join(', ')})`);
        continue;
      }
      fields.push({
        field,
        change: diff.change === 'only-left' ? 'missing-in-cluster' : diff.change === 'only-right' ? 'added-in-cluster' : 'changed',
        written: diff.left,
        live: diff.right,
        owners,
      });
    }
    if (fields.length) {
      report.drifted.push({ object: key, fields });
    } else {
      (report as { inSync: number }).inSync++;
    }
  }

  for (const object of live) {
    const labels = object.metadata?.labels ?? {};
    const app = labels['app.kubernetes.io/part-of'];
    if (labels['app.kubernetes.io/managed-by'] === 'cdk8s' && app && apps.includes(app) && !writtenKeys.has(objectIdentity(object, true))) {
      report.pruneCandidates.push({ object: objectIdentity(object, true), app });
    }
  }
  return report;
}

// A map only the cluster has becomes one difference per leaf, so that each
// leaf is checked against defaults and owners on its own.
function expand(diffs: FieldDiff[]): FieldDiff[] {
  return diffs.flatMap((d) => (d.change === 'only-right' && isPlainObject(d.right)
    ? leaves(d.right).map((leaf) => ({ path: [...d.path, ...leaf.path] as PathStep[], change: d.change, right: leaf.value }))
    : [d]));
}

// Fields whose values (and their children's) are resource quantities.
const QUANTITY_FIELDS = new Set(['resources', 'sizeLimit', 'hard', 'capacity', 'overhead', 'storage']);

const SUFFIXES: Readonly<Record<string, number>> = {
  '': 1, 'm': 1e-3, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};

// The API server stores quantities in canonical form (`cpu: 2` comes back
// as "2", `0.5` as "500m"): equal amounts are not drift.
function sameQuantity(a: unknown, b: unknown): boolean {
  const amount = (v: unknown) => {
    const match = String(v).match(/^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/);
    return match && (typeof v === 'number' || typeof v === 'string') ? Number(match[1]) * SUFFIXES[match[2] ?? ''] : undefined;
  };
  const x = amount(a);
  const y = amount(b);
  return x !== undefined && y !== undefined && Math.abs(x - y) <= Math.max(Math.abs(x), Math.abs(y)) * 1e-12;
}

/** Whether the report shows anything to act on. */
export function hasDrift(report: DriftReport): boolean {
  return report.drifted.length + report.missing.length + report.pruneCandidates.length > 0;
}

/** Lines of a drift report. */
export function formatDrift(report: DriftReport, colours = false): string {
  const s = style(colours);
  const lines: string[] = [];
  for (const { object, fields } of report.drifted) {
    lines.push(s.yellow(`~ ${object}`));
    for (const f of fields) {
      const by = f.owners.length ? `  (managed by ${f.owners.join(', ')})` : '';
      const what = f.change === 'missing-in-cluster'
        ? `synth writes ${preview(f.written)}, not set in the cluster`
        : f.change === 'added-in-cluster'
          ? `not written by synth, cluster has ${preview(f.live)}`
          : `synth writes ${preview(f.written)}, cluster has ${preview(f.live)}`;
      lines.push(`    ${f.field}: ${what}${by}`);
    }
  }
  for (const object of report.missing) {
    lines.push(s.red(`- ${object}: written by synth, missing in the cluster`));
  }
  for (const { object, app } of report.pruneCandidates) {
    lines.push(s.red(`? ${object}: labelled as part of ${app} (managed-by cdk8s) but synth no longer writes it; prune candidate`));
  }
  if (report.withoutManagedFields) {
    lines.push(s.dim(`note: ${report.withoutManagedFields} object(s) have no managedFields (fetch with kubectl get -o yaml --show-managed-fields), so fields owned by controllers may show as drift`));
  }
  lines.push(
    `drift: ${report.drifted.length} object(s) drifted, ${report.missing.length} missing in the cluster, ${report.pruneCandidates.length} prune candidate(s), `
    + `${report.inSync} in sync, ${report.notChecked} not in the snapshot's namespaces and kinds; `
    + `${report.otherOwners.length} field(s) left to other managers`,
  );
  return lines.join('\n');
}

/**
 * `npm run synth -- --drift <snapshot>`: synthesize, compare with the
 * snapshot, print the drift. Returns 0 when there is none, 1 when there is,
 * 2 when the snapshot cannot be read or validation fails. Writes nothing.
 */
export function runDrift(project: Project<any>, snapshot: string, io: CliIo, options: DriftOptions = {}): number {
  let live: KubeObject[];
  try {
    live = readSnapshot(snapshot);
  } catch (error) {
    io.stderr.write(`synth: cannot read the snapshot: ${(error as Error).message}\n`);
    return 2;
  }
  const result = project.synth();
  const errors = result.findings.filter((f) => f.severity === 'error');
  if (errors.length) {
    io.stderr.write(`synth: ${errors.length} validation error(s); run npm run synth to see them, then check drift again\n`);
    return 2;
  }
  const written = result.files.filter((f) => f.path.endsWith('.k8s.yaml')).flatMap((f) => parseYaml(f.content));
  const apps = [...new Set(result.reports.map((r) => r.app))];
  const report = detectDrift(written, live, apps, options);
  const colours = !!io.stdout.isTTY && !io.env.CI && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
  io.stdout.write(`${formatDrift(report, colours)}\n`);
  return hasDrift(report) ? 1 : 0;
}
