import * as YAML from 'yaml';
import { KubeObject } from '../validation/manifest';
import type { OutputFile, StrayEntry } from './output-dir';

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
  /** Files written with CRLF line endings (synth writes LF). */
  readonly lineEndings: string[];
  /** Files, links and the like in the folder that synth does not write. */
  readonly stray: StrayEntry[];
  /** YAML documents parsed to compute the diff: only those whose text changed. */
  readonly parsedDocuments: number;
}

/** Whether the diff has anything in it. */
export function isEmpty(diff: TreeDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length + diff.reformatted.length
    + diff.lineEndings.length + diff.stray.length === 0;
}

/** A file of the new tree: its text, and the identity of its objects when known. */
export type NextFile = string | Pick<OutputFile, 'content' | 'objects'>;

/**
 * The object-level difference between two output trees (relative path to
 * file content). Linear in the size of the files: texts are compared first,
 * and only the YAML documents whose text differs are parsed.
 */
export function diffTrees(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, NextFile>,
  stray: ReadonlyArray<StrayEntry> = [],
): TreeDiff {
  const diff = { added: [], removed: [], changed: [], reformatted: [], lineEndings: [], stray: [...stray], parsedDocuments: 0 } as
    Omit<TreeDiff, 'parsedDocuments'> & { parsedDocuments: number };
  const parse = (text: string): KubeObject[] => {
    diff.parsedDocuments++;
    return parseDocuments(text);
  };
  const files = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const file of files) {
    let oldText = before.get(file);
    const next = after.get(file);
    const newText = typeof next === 'string' ? next : next?.content;
    if (oldText === newText) {
      continue;
    }
    if (oldText !== undefined && oldText.includes('\r\n')) {
      diff.lineEndings.push(file);
      oldText = oldText.replace(/\r\n/g, '\n');
      if (oldText === newText) {
        continue;
      }
    }
    const changes = diffFile(file, oldText, newText, typeof next === 'string' ? undefined : next?.objects, parse, diff);
    if (changes === 0) {
      diff.reformatted.push(file);
    }
  }
  return diff;
}

/** Add the object changes of one file to `diff`; returns how many there are. */
function diffFile(
  file: string,
  oldText: string | undefined,
  newText: string | undefined,
  newIds: ReadonlyArray<string> | undefined,
  parse: (text: string) => KubeObject[],
  diff: Pick<TreeDiff, 'added' | 'removed' | 'changed'>,
): number {
  const oldDocs = oldText === undefined ? [] : splitDocuments(oldText);
  const newDocs = newText === undefined ? [] : splitDocuments(newText);
  // Documents present with the same text on both sides are the same object, unchanged.
  const unmatched = new Map<string, number>();
  for (const doc of oldDocs) {
    unmatched.set(doc, (unmatched.get(doc) ?? 0) + 1);
  }
  const knownIds = newIds && newIds.length === newDocs.length;
  const changedNew: Array<{ doc: string; id?: string }> = [];
  newDocs.forEach((doc, i) => {
    const count = unmatched.get(doc);
    if (count) {
      unmatched.set(doc, count - 1);
    } else {
      changedNew.push({ doc, id: knownIds ? newIds[i] : undefined });
    }
  });
  const oldObjects = new Map<string, KubeObject>();
  for (const [doc, count] of unmatched) {
    for (let i = 0; i < count; i++) {
      for (const object of parse(doc)) {
        oldObjects.set(identify(object), object);
      }
    }
  }
  let changes = 0;
  for (const { doc, id } of changedNew) {
    // A new object needs no parsing when its identity is known.
    const objects = id !== undefined && !oldObjects.has(id) ? [{ id, object: undefined }] : parse(doc).map((object) => ({ id: identify(object), object }));
    for (const { id: key, object } of objects) {
      const previous = oldObjects.get(key);
      if (!previous || object === undefined) {
        diff.added.push({ file, object: key });
        changes++;
        continue;
      }
      oldObjects.delete(key);
      const fields = diffValues(previous, object, '');
      if (fields.length) {
        diff.changed.push({ file, object: key, fields });
        changes++;
      }
    }
  }
  for (const key of oldObjects.keys()) {
    diff.removed.push({ file, object: key });
    changes++;
  }
  return changes;
}

/**
 * The YAML documents of a stream, split at `---` lines (a line YAML reserves
 * for that), comment-only pieces left out.
 */
export function splitDocuments(text: string): string[] {
  const documents: string[] = [];
  let start = 0;
  const flush = (end: number) => {
    const piece = text.slice(start, end);
    if (/^(?![ \t]*(?:#|$))/m.test(piece)) {
      documents.push(piece);
    }
  };
  const separator = /^---(?:[ \t].*)?$\n?/gm;
  for (let match = separator.exec(text); match; match = separator.exec(text)) {
    flush(match.index);
    start = match.index + match[0].length;
  }
  flush(text.length);
  return documents;
}

/**
 * The objects of one piece of YAML, read as YAML 1.1 like kubectl. Keys are
 * not checked for duplicates: the `yaml` package does that in quadratic time
 * (a 550 KB ConfigMap took seconds), and what synth wrote has none.
 */
function parseDocuments(text: string): KubeObject[] {
  const documents = YAML.parseAllDocuments(text, { version: '1.1', uniqueKeys: false });
  if (documents.some((d) => d.errors.length)) {
    // A hand-edited document that no longer parses: compare it as one opaque object.
    return [{ apiVersion: '', kind: '(unparsable file)', text } as unknown as KubeObject];
  }
  return documents.map((d) => d.toJS() as KubeObject).filter((object) => object !== null && object !== undefined);
}

/** `Kind namespace/name` of an object, as the diff and the reports name it. */
export function identify(object: KubeObject): string {
  if (object?.kind === '(unparsable file)') {
    return '(unparsable file)';
  }
  const ns = object?.metadata?.namespace;
  return `${object?.kind ?? '(no kind)'} ${ns ? `${ns}/` : ''}${object?.metadata?.name ?? '(unnamed)'}`;
}

function diffValues(before: unknown, after: unknown, path: string): FieldChange[] {
  const changes: FieldChange[] = [];
  const visit = (a: unknown, b: unknown, at: string) => {
    if (a === b) {
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) {
        changes.push({ field: at, before: a, after: b });
        return;
      }
      a.forEach((item, i) => visit(item, b[i], `${at}[${i}]`));
      return;
    }
    if (isPlainObject(a) && isPlainObject(b)) {
      const keys = Object.keys(a);
      for (const key of Object.keys(b)) {
        if (!Object.prototype.hasOwnProperty.call(a, key)) {
          keys.push(key);
        }
      }
      for (const key of keys.sort()) {
        visit(a[key], b[key], at ? `${at}.${key}` : key);
      }
      return;
    }
    changes.push({ field: at, before: a, after: b });
  };
  visit(before, after, path);
  return changes;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
