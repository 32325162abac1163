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
export type NextFile = string | Pick<OutputFile, 'content' | 'objects' | 'documents'>;

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
  const differ = new TreeDiffer(before.keys(), (file) => before.get(file)!, stray);
  for (const [file, next] of after) {
    differ.add(file, next);
  }
  return differ.finish();
}

/**
 * `diffTrees` one new file at a time, for a synth that streams its output:
 * each old file is read (by `read`) only when the new file of that path
 * arrives, and neither is kept, so memory stays that of one file.
 */
export class TreeDiffer {
  private readonly pending: Set<string>;
  private readonly diff: Omit<TreeDiff, 'parsedDocuments'> & { parsedDocuments: number };

  /**
   * @param existing the paths of the old tree's files
   * @param read the text of one of them
   * @param stray what the old tree holds that synth does not write
   */
  constructor(existing: Iterable<string>, private readonly read: (file: string) => string, stray: ReadonlyArray<StrayEntry> = []) {
    this.pending = new Set(existing);
    this.diff = { added: [], removed: [], changed: [], reformatted: [], lineEndings: [], stray: [...stray], parsedDocuments: 0 };
  }

  /** Compare the new file at `file` with the old one there, if any. */
  public add(file: string, next: NextFile): void {
    const existed = this.pending.delete(file);
    this.compare(file, existed ? this.read(file) : undefined, next);
  }

  /** The difference, once every new file was added: the old files left over are removed. */
  public finish(): TreeDiff {
    for (const file of this.pending) {
      this.compare(file, this.read(file), undefined);
    }
    this.pending.clear();
    const byFile = (a: { file: string }, b: { file: string }) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
    // Sorted by file as the report lists them; within a file, document order (the sort is stable).
    this.diff.added.sort(byFile);
    this.diff.removed.sort(byFile);
    this.diff.changed.sort(byFile);
    this.diff.reformatted.sort();
    this.diff.lineEndings.sort();
    return this.diff;
  }

  private compare(file: string, oldText: string | undefined, next: NextFile | undefined): void {
    const newText = typeof next === 'string' ? next : next?.content;
    if (oldText === newText) {
      return;
    }
    if (oldText !== undefined && oldText.includes('\r\n')) {
      this.diff.lineEndings.push(file);
      oldText = oldText.replace(/\r\n/g, '\n');
      if (oldText === newText) {
        return;
      }
    }
    const parse = (text: string): KubeObject[] => {
      this.diff.parsedDocuments++;
      return parseDocuments(text);
    };
    const known = typeof next === 'string' ? undefined : next;
    const changes = diffFile(file, oldText, newText, known?.objects, known?.documents as ReadonlyArray<KubeObject> | undefined, parse, this.diff);
    if (changes === 0) {
      this.diff.reformatted.push(file);
    }
  }
}

/** Add the object changes of one file to `diff`; returns how many there are. */
function diffFile(
  file: string,
  oldText: string | undefined,
  newText: string | undefined,
  newIds: ReadonlyArray<string> | undefined,
  newObjects: ReadonlyArray<KubeObject> | undefined,
  parse: (text: string) => KubeObject[],
  diff: Pick<TreeDiff, 'added' | 'removed' | 'changed'>,
): number {
  if (oldText === undefined && newIds !== undefined) {
    // A new file whose objects are known: all of them are added, nothing to split or parse.
    newIds.forEach((object) => diff.added.push({ file, object }));
    return newIds.length;
  }
  const oldDocs = oldText === undefined ? [] : splitDocuments(oldText);
  const newDocs = newText === undefined ? [] : splitDocuments(newText);
  // Documents present with the same text on both sides are the same object, unchanged.
  const unmatched = new Map<string, number>();
  for (const doc of oldDocs) {
    unmatched.set(doc, (unmatched.get(doc) ?? 0) + 1);
  }
  const knownIds = newIds && newIds.length === newDocs.length;
  const knownObjects = newObjects && newObjects.length === newDocs.length;
  const changedNew: Array<{ doc: string; id?: string; object?: KubeObject }> = [];
  newDocs.forEach((doc, i) => {
    const count = unmatched.get(doc);
    if (count) {
      unmatched.set(doc, count - 1);
    } else {
      changedNew.push({ doc, id: knownIds ? newIds[i] : undefined, object: knownObjects ? newObjects[i] : undefined });
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
  for (const { doc, id, object: rendered } of changedNew) {
    // A new object needs no parsing when its identity is known (and, to compare its fields, its value).
    const objects = id !== undefined && !oldObjects.has(id) ? [{ id, object: undefined }]
      : id !== undefined && rendered !== undefined ? [{ id, object: rendered }]
        : parse(doc).map((object) => ({ id: identify(object), object }));
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
