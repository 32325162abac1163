import { deepEqual, isPlainObject, PathStep } from './object-diff';

/**
 * One entry of `metadata.managedFields`, as the API server records it.
 *
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management
 */
export interface ManagedFieldsEntry {
  readonly manager: string;
  readonly operation: 'Apply' | 'Update';
  readonly subresource?: string;
  readonly fieldsType?: string;
  readonly fieldsV1?: Record<string, unknown>;
}

/**
 * Who owns which field of a live object, read from its `managedFields`.
 *
 * `fieldsV1` is a tree of the fields a manager set: `f:<name>` is a field of
 * a map, `k:{"name":"web"}` the item of a list whose key fields have those
 * values, `v:<json>` the item of a set with that value, `i:<n>` the item at
 * position n of an atomic list, and `.` the node itself (a list item or map
 * owned as a whole). An empty node owns everything below it.
 */
export class FieldOwnership {
  /** The ownership recorded on `object`, or `undefined` when it carries no managedFields (`kubectl get` without `--show-managed-fields`). */
  public static of(object: any): FieldOwnership | undefined {
    const entries = object?.metadata?.managedFields;
    if (!Array.isArray(entries) || !entries.length) {
      return undefined;
    }
    return new FieldOwnership(entries.filter((e) => e && typeof e.manager === 'string' && (e.fieldsType ?? 'FieldsV1') === 'FieldsV1'));
  }

  private constructor(private readonly entries: ReadonlyArray<ManagedFieldsEntry>) {}

  /** Every manager named in the object's managedFields. */
  public get managers(): string[] {
    return [...new Set(this.entries.map((e) => e.manager))];
  }

  /**
   * Managers that own the field at `path` of `live` or anything below it.
   * List items are resolved against `live` (the right-hand side of a diff).
   */
  public ownersAt(live: unknown, path: ReadonlyArray<PathStep>): string[] {
    const owners = new Set<string>();
    for (const entry of this.entries) {
      if (entry.fieldsV1 && owns(entry.fieldsV1, live, path, 0)) {
        owners.add(entry.subresource ? `${entry.manager} (${entry.subresource})` : entry.manager);
      }
    }
    return [...owners];
  }
}

function owns(node: Record<string, unknown>, value: unknown, path: ReadonlyArray<PathStep>, depth: number): boolean {
  if (depth === path.length || Object.keys(node).length === 0) {
    return true;
  }
  const step = path[depth];
  if ('field' in step) {
    const child = node[`f:${step.field}`];
    return isPlainObject(child) && owns(child, isPlainObject(value) ? value[step.field] : undefined, path, depth + 1);
  }
  const index = step.right;
  if (!Array.isArray(value) || index === undefined) {
    return false;
  }
  const item = value[index];
  for (const [key, child] of Object.entries(node)) {
    if (isPlainObject(child) && matchesItem(key, item, index) && owns(child, item, path, depth + 1)) {
      return true;
    }
  }
  return false;
}

// Whether the fieldsV1 key `key` names `item`, found at `index` of its list.
function matchesItem(key: string, item: unknown, index: number): boolean {
  if (key.startsWith('k:')) {
    const fields = parseJson(key.slice(2));
    return isPlainObject(fields) && isPlainObject(item)
      && Object.entries(fields).every(([name, v]) => deepEqual(item[name], v));
  }
  if (key.startsWith('v:')) {
    const parsed = parseJson(key.slice(2));
    return parsed !== undefined && deepEqual(parsed, item);
  }
  if (key.startsWith('i:')) {
    return Number(key.slice(2)) === index;
  }
  return false;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
