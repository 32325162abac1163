import { KubeObject } from '../validation/manifest';
import { parseYaml } from './serialize';

/** An object of the output, by file and identity. */
export interface ObjectRef {
  readonly file: string;
  /** `Kind namespace/name`. */
  readonly object: string;
}

/** One field that differs between the old and the new version of an object. */
export interface FieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** What a synth changes in an output folder. */
export interface TreeDiff {
  readonly added: ObjectRef[];
  readonly removed: ObjectRef[];
  readonly changed: Array<ObjectRef & { readonly fields: FieldChange[] }>;
  /** Files whose text differs although their objects do not (comments, order). */
  readonly reformatted: string[];
}

/** Whether the diff has anything in it. */
export function isEmpty(diff: TreeDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length + diff.reformatted.length === 0;
}

/** The object-level difference between two output trees (relative path to file content). */
export function diffTrees(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): TreeDiff {
  const diff: TreeDiff = { added: [], removed: [], changed: [], reformatted: [] };
  const files = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const file of files) {
    const oldText = before.get(file);
    const newText = after.get(file);
    if (oldText === newText) {
      continue;
    }
    const oldObjects = indexObjects(oldText);
    const newObjects = indexObjects(newText);
    let objectChanges = 0;
    for (const [key, object] of newObjects) {
      const previous = oldObjects.get(key);
      if (!previous) {
        diff.added.push({ file, object: key });
        objectChanges++;
      } else {
        const fields = diffValues(previous, object, '');
        if (fields.length) {
          diff.changed.push({ file, object: key, fields });
          objectChanges++;
        }
      }
    }
    for (const key of oldObjects.keys()) {
      if (!newObjects.has(key)) {
        diff.removed.push({ file, object: key });
        objectChanges++;
      }
    }
    if (objectChanges === 0) {
      diff.reformatted.push(file);
    }
  }
  return diff;
}

function indexObjects(text: string | undefined): Map<string, KubeObject> {
  const objects = new Map<string, KubeObject>();
  if (text === undefined) {
    return objects;
  }
  let unparsable: unknown;
  try {
    for (const object of parseYaml(text)) {
      objects.set(identify(object), object);
    }
  } catch (error) {
    unparsable = error;
  }
  if (unparsable !== undefined) {
    // A hand-edited file that no longer parses: compare it as one opaque object.
    objects.set('(unparsable file)', { apiVersion: '', kind: '(unparsable file)', text } as unknown as KubeObject);
  }
  return objects;
}

function identify(object: KubeObject): string {
  const ns = object?.metadata?.namespace;
  return `${object?.kind ?? '(no kind)'} ${ns ? `${ns}/` : ''}${object?.metadata?.name ?? '(unnamed)'}`;
}

function diffValues(before: unknown, after: unknown, path: string): FieldChange[] {
  if (before === after) {
    return [];
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    if (before.length !== after.length) {
      return [{ field: path, before, after }];
    }
    return before.flatMap((item, i) => diffValues(item, after[i], `${path}[${i}]`));
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffValues(before[key], after[key], path ? `${path}.${key}` : key));
  }
  return [{ field: path, before, after }];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
