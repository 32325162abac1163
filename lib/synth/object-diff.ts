/**
 * Field-by-field differences between two Kubernetes objects, shared by
 * `--compare`, `--drift` and the import round trip.
 */

/** One step of a path into an object: a field, or an item of a list. */
export type PathStep =
  | { readonly field: string }
  /** `key` is how the item was matched (`name=web`), or absent when matched by position. */
  | { readonly key?: string; readonly left?: number; readonly right?: number };

/** One difference: a field only on the left, only on the right, or with two values. */
export interface FieldDiff {
  readonly path: ReadonlyArray<PathStep>;
  readonly change: 'changed' | 'only-left' | 'only-right';
  readonly left?: unknown;
  readonly right?: unknown;
}

// Keys that identify an item of a list, in the order Kubernetes' strategic
// merge uses them: containers and env by name, mounts by path, ports by number.
const LIST_KEYS = ['name', 'mountPath', 'containerPort', 'port', 'ip', 'devicePath'];

/** Every difference between `left` and `right`, deepest fields first reported where they differ. */
export function diffObjects(left: unknown, right: unknown, path: PathStep[] = []): FieldDiff[] {
  if (isPlainObject(left) && isPlainObject(right)) {
    const diffs: FieldDiff[] = [];
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    for (const key of [...keys].sort()) {
      const step = { field: key };
      if (!(key in right)) {
        diffs.push({ path: [...path, step], change: 'only-left', left: left[key] });
      } else if (!(key in left)) {
        diffs.push({ path: [...path, step], change: 'only-right', right: right[key] });
      } else {
        diffs.push(...diffObjects(left[key], right[key], [...path, step]));
      }
    }
    return diffs;
  }
  if (Array.isArray(left) && Array.isArray(right)) {
    return diffLists(left, right, path);
  }
  return deepEqual(left, right) ? [] : [{ path, change: 'changed', left, right }];
}

function diffLists(left: unknown[], right: unknown[], path: PathStep[]): FieldDiff[] {
  const key = listKey(left, right);
  if (!key) {
    const diffs: FieldDiff[] = [];
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
      const step = { left: i < left.length ? i : undefined, right: i < right.length ? i : undefined };
      if (i >= right.length) {
        diffs.push({ path: [...path, step], change: 'only-left', left: left[i] });
      } else if (i >= left.length) {
        diffs.push({ path: [...path, step], change: 'only-right', right: right[i] });
      } else {
        diffs.push(...diffObjects(left[i], right[i], [...path, step]));
      }
    }
    return diffs;
  }
  const diffs: FieldDiff[] = [];
  const rightIndex = new Map(right.map((item, i) => [String((item as any)[key]), i]));
  const seen = new Set<string>();
  left.forEach((item, i) => {
    const value = String((item as any)[key]);
    seen.add(value);
    const j = rightIndex.get(value);
    const step = { key: `${key}=${value}`, left: i, right: j };
    if (j === undefined) {
      diffs.push({ path: [...path, step], change: 'only-left', left: item });
    } else {
      diffs.push(...diffObjects(item, right[j], [...path, step]));
    }
  });
  right.forEach((item, j) => {
    const value = String((item as any)[key]);
    if (!seen.has(value)) {
      diffs.push({ path: [...path, { key: `${key}=${value}`, right: j }], change: 'only-right', right: item });
    }
  });
  // Same items, another order: the order of a list is part of the object.
  if (!diffs.length && left.some((item, i) => String((item as any)[key]) !== String((right[i] as any)[key]))) {
    diffs.push({ path, change: 'changed', left: left.map((item) => (item as any)[key]), right: right.map((item) => (item as any)[key]) });
  }
  return diffs;
}

// The first key present, and unique, in every item of both lists.
function listKey(left: unknown[], right: unknown[]): string | undefined {
  const items = [...left, ...right];
  if (!items.length || !items.every(isPlainObject)) {
    return undefined;
  }
  return LIST_KEYS.find((key) => [left, right].every((list) => {
    const values = list.map((item) => (item as any)[key]);
    return values.every((v) => typeof v === 'string' || typeof v === 'number') && new Set(values).size === values.length;
  }));
}

/** `spec.template.spec.containers[name=web].image`; keys with dots or slashes in brackets. */
export function formatPath(path: ReadonlyArray<PathStep>): string {
  let text = '';
  for (const step of path) {
    if ('field' in step) {
      text += /^[A-Za-z_$][\w$-]*$/.test(step.field) ? `${text ? '.' : ''}${step.field}` : `[${JSON.stringify(step.field)}]`;
    } else {
      text += `[${step.key ?? step.left ?? step.right}]`;
    }
  }
  return text || '(whole object)';
}

/** The field names of `path`, list items as `*` (for matching against patterns). */
export function pathPattern(path: ReadonlyArray<PathStep>): string {
  return path.map((step) => ('field' in step ? step.field : '*')).join('.');
}

/** A value on one line, long ones cut. */
export function preview(value: unknown, max = 80): string {
  const text = value === undefined ? '(none)' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function isPlainObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** Identity of an object for matching: `group/Kind namespace/name`. */
export function objectIdentity(object: any, withNamespace: boolean): string {
  const group = String(object?.apiVersion ?? '').includes('/') ? String(object.apiVersion).split('/')[0] : '';
  const ns = withNamespace && object?.metadata?.namespace ? `${object.metadata.namespace}/` : '';
  return `${group ? `${group}/` : ''}${object?.kind} ${ns}${object?.metadata?.name}`;
}
