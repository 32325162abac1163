import { KubeObject } from '../validation/manifest';
import type { CliIo } from './cli';
import { diffObjects, FieldDiff, formatPath, objectIdentity, preview } from './object-diff';
import type { Project } from './project';
import { style } from './report';
import { parseYaml } from './serialize';

/** The label that differs between environments by design: `<app>-<env>`. */
export const INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** How two environments' output differs, app by app and object by object. */
export interface EnvironmentComparison {
  readonly left: string;
  readonly right: string;
  readonly objects: ObjectComparison[];
  /** Objects that are the same up to the environment-derived fields. */
  readonly identical: number;
}

/** One object that differs, or exists on one side only. */
export interface ObjectComparison {
  readonly app: string;
  /** `Kind name`, without namespace. */
  readonly object: string;
  readonly change: 'changed' | 'only-left' | 'only-right';
  readonly fields: FieldDiff[];
}

/**
 * Compare what two environments get, matching objects of each app by kind
 * and name, where the environment's name and namespace inside a name stand
 * for the environment (`stg-logging` in stg is `prd-logging` in prd: one
 * object named after its environment). Differences that exist by design are
 * left out: the namespace, those names, the `app.kubernetes.io/instance`
 * label, and any field whose values are the two environments' namespaces (a
 * RoleBinding subject, a DNS name field holding exactly the namespace).
 */
export function compareEnvironments(
  files: ReadonlyArray<{ path: string; content: string }>,
  left: string,
  right: string,
): EnvironmentComparison {
  const leftApps = appObjects(files, left);
  const rightApps = appObjects(files, right);
  const namespaces = { left: namespaceOf(leftApps), right: namespaceOf(rightApps) };
  const leftNames = environmentNames(left, namespaces.left);
  const rightNames = environmentNames(right, namespaces.right);
  normalizeNames(leftApps, leftNames);
  normalizeNames(rightApps, rightNames);
  const objects: ObjectComparison[] = [];
  let identical = 0;
  for (const app of [...new Set([...leftApps.keys(), ...rightApps.keys()])].sort()) {
    const l = leftApps.get(app) ?? new Map<string, KubeObject>();
    const r = rightApps.get(app) ?? new Map<string, KubeObject>();
    for (const key of [...new Set([...l.keys(), ...r.keys()])].sort()) {
      const a = l.get(key);
      const b = r.get(key);
      const object = key.replace(/^[^ ]*\//, '');
      if (!a || !b) {
        objects.push({ app, object, change: a ? 'only-left' : 'only-right', fields: [] });
        continue;
      }
      const fields = diffObjects(a, b).filter((d) => !byDesign(d, namespaces)
        && !(isMetadataName(d) && typeof d.left === 'string' && typeof d.right === 'string'
          && normalizeName(d.left, leftNames) === normalizeName(d.right, rightNames)));
      if (fields.length) {
        objects.push({ app, object, change: 'changed', fields });
      } else {
        identical++;
      }
    }
  }
  return { left, right, objects, identical };
}

// The objects of each app of one environment, by `group/Kind name`.
function appObjects(files: ReadonlyArray<{ path: string; content: string }>, environment: string): Map<string, Map<string, KubeObject>> {
  const apps = new Map<string, Map<string, KubeObject>>();
  for (const file of files) {
    const match = file.path.match(/^([^/]+)\/(.+)\.k8s\.yaml$/);
    if (!match || match[1] !== environment) {
      continue;
    }
    apps.set(match[2], new Map(parseYaml(file.content).map((o) => [objectIdentity(o, false), o])));
  }
  return apps;
}

// The environment's namespace: the one most of its objects are in.
function namespaceOf(apps: Map<string, Map<string, KubeObject>>): string | undefined {
  const counts = new Map<string, number>();
  for (const objects of apps.values()) {
    for (const o of objects.values()) {
      const ns = o.metadata?.namespace;
      if (ns) {
        counts.set(ns, (counts.get(ns) ?? 0) + 1);
      }
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

// The words that stand for an environment inside a name: its own name and
// its namespace, longest first so that `shop-stg` is replaced before `stg`.
function environmentNames(environment: string, namespace: string | undefined): string[] {
  return [...new Set([environment, ...(namespace ? [namespace] : [])])].sort((a, b) => b.length - a.length);
}

/**
 * A name with the environment's words replaced by `<env>`, where they stand
 * as whole words of a DNS name (between `-`, `.` or the ends), so that
 * `stg-logging` and `prd-logging` both read `<env>-logging` but `prdstock`
 * stays itself.
 */
export function normalizeName(name: string, words: readonly string[]): string {
  let result = name;
  for (const word of words) {
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    result = result.replace(new RegExp(`(^|[-.])${escaped}(?=$|[-.])`, 'g'), '$1<env>');
  }
  return result;
}

// Key each object by its name with the environment's words normalized, so
// the objects named after their environment pair up.
function normalizeNames(apps: Map<string, Map<string, KubeObject>>, words: readonly string[]): void {
  for (const objects of apps.values()) {
    for (const [key, object] of [...objects]) {
      const name = object.metadata?.name;
      const normalized = typeof name === 'string' ? normalizeName(name, words) : name;
      if (normalized !== name) {
        objects.delete(key);
        objects.set(objectIdentity({ ...object, metadata: { name: normalized } }, false), object);
      }
    }
  }
}

function isMetadataName(diff: FieldDiff): boolean {
  const [first, second] = diff.path;
  return diff.path.length === 2 && !!first && 'field' in first && first.field === 'metadata' && !!second && 'field' in second && second.field === 'name';
}

function byDesign(diff: FieldDiff, namespaces: { left?: string; right?: string }): boolean {
  const last = diff.path[diff.path.length - 1];
  const first = diff.path[0];
  const second = diff.path[1];
  if (first && 'field' in first && first.field === 'metadata' && second && 'field' in second && second.field === 'namespace') {
    return true;
  }
  if (last && 'field' in last && last.field === INSTANCE_LABEL) {
    return true;
  }
  return diff.change === 'changed' && diff.left === namespaces.left && diff.right === namespaces.right && namespaces.left !== undefined;
}

/** Lines of a comparison, for people reviewing a promotion. */
export function formatComparison(comparison: EnvironmentComparison, colours = false): string {
  const s = style(colours);
  const { left, right } = comparison;
  const lines: string[] = [];
  let app: string | undefined;
  for (const o of comparison.objects) {
    if (o.app !== app) {
      app = o.app;
      lines.push(s.bold(`${app}:`));
    }
    if (o.change === 'only-left') {
      lines.push(s.red(`  - ${o.object}  (only in ${left})`));
      continue;
    }
    if (o.change === 'only-right') {
      lines.push(s.green(`  + ${o.object}  (only in ${right})`));
      continue;
    }
    lines.push(s.yellow(`  ~ ${o.object}`));
    for (const f of o.fields) {
      const what = f.change === 'only-left'
        ? `${preview(f.left)} in ${left}, not set in ${right}`
        : f.change === 'only-right'
          ? `not set in ${left}, ${preview(f.right)} in ${right}`
          : `${preview(f.left)} -> ${preview(f.right)}`;
      lines.push(`      ${formatPath(f.path)}: ${what}`);
    }
  }
  const count = (change: ObjectComparison['change']) => comparison.objects.filter((o) => o.change === change).length;
  lines.push(
    `${left} -> ${right}: ${count('changed')} object(s) differ, ${count('only-left')} only in ${left}, ${count('only-right')} only in ${right}, ${comparison.identical} identical`
    + ` (ignored by design: metadata.namespace, the ${INSTANCE_LABEL} label, values equal to each environment's namespace;`
    + ` objects are paired by kind and name with the environment's name and namespace in names read as <env>)`,
  );
  return lines.join('\n');
}

/**
 * `npm run synth -- --compare <a> <b>`: synthesize, and print what differs
 * between the two environments. Returns 0 when they are the same up to the
 * environment-derived fields, 1 when they differ or validation fails, 2
 * when an environment is unknown. Writes nothing.
 */
export function runCompare(project: Project<any>, left: string, right: string, io: CliIo): number {
  const result = project.synth();
  const known = [...new Set(result.reports.map((r) => r.environment))];
  const unknown = [left, right].filter((e) => !known.includes(e));
  if (unknown.length) {
    io.stderr.write(`synth: unknown environment "${unknown[0]}"; environments: ${known.join(', ')}\n`);
    return 2;
  }
  const errors = result.findings.filter((f) => f.severity === 'error');
  if (errors.length) {
    io.stderr.write(`synth: ${errors.length} validation error(s); run npm run synth to see them, then compare again\n`);
    return 1;
  }
  const comparison = compareEnvironments(result.files, left, right);
  const colours = !!io.stdout.isTTY && !io.env.CI && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
  io.stdout.write(`${formatComparison(comparison, colours)}\n`);
  return comparison.objects.length ? 1 : 0;
}
