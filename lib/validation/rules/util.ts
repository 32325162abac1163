// Helpers the rule modules share. Rules run after the schema check, but a
// field of the wrong type is reported by the schema, not by a rule that
// throws: these accessors turn wrong types into "absent".

import { Problem } from '../rule';

/** `value` when it is an array, else an empty one. */
export function arr(value: unknown): any[] {
  return Array.isArray(value) ? value : [];
}

/** `value` when it is a plain object, else `undefined`. */
export function obj(value: unknown): Record<string, any> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value as Record<string, any> : undefined;
}

/** The entries of `value` when it is a plain object. */
export function entries(value: unknown): Array<[string, any]> {
  const o = obj(value);
  return o ? Object.entries(o) : [];
}

/** Whether `value` is an integer. */
export function isInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** `value` as the API server would quote it: strings in quotes, the rest as JSON. */
export function show(value: unknown): string {
  if (value === undefined) {
    return '(unset)';
  }
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text;
}

/** A problem. */
export function problem(field: string, value: unknown, message: string, fix: string): Problem {
  return value === undefined ? { field, message, fix } : { field, value, message, fix };
}

/** Every duplicate of `keyOf(item)` in `items` (the second and later occurrences), with its index. */
export function duplicates<T>(items: T[], keyOf: (item: T) => string | undefined): Array<{ index: number; key: string; first: number }> {
  const seen = new Map<string, number>();
  const found: Array<{ index: number; key: string; first: number }> = [];
  items.forEach((item, index) => {
    const key = keyOf(item);
    if (key === undefined) {
      return;
    }
    const first = seen.get(key);
    if (first !== undefined) {
      found.push({ index, key, first });
    } else {
      seen.set(key, index);
    }
  });
  return found;
}

/** Why `value` is not a whole number of at least `minimum` (and at most `maximum`), or `undefined`. */
export function rangeError(value: unknown, minimum: number, maximum?: number): string | undefined {
  if (!isInt(value)) {
    return `${show(value)} is not a whole number`;
  }
  if (value < minimum) {
    return `${value} is below the minimum ${minimum}`;
  }
  if (maximum !== undefined && value > maximum) {
    return `${value} is above the maximum ${maximum}`;
  }
  return undefined;
}

/** Why a relative path (subPath, key-to-path item) is not relative and clean, or `undefined`. */
export function relativePathError(path: string): string | undefined {
  if (path.startsWith('/')) {
    return 'is absolute; it must be relative';
  }
  if (path.split('/').includes('..')) {
    return 'contains ".."; it must stay inside the volume';
  }
  return undefined;
}
