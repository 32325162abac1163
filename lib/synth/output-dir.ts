import * as fs from 'fs';
import * as path from 'path';

/** A file of the output, by its path relative to the output folder. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

/** The files of `dir` (recursively), by relative path; empty when it does not exist. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (relative: string) => {
    const absolute = path.join(dir, relative);
    for (const entry of fs.readdirSync(absolute, { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        walk(child);
      } else if (entry.isFile()) {
        files.set(child, fs.readFileSync(path.join(dir, child), 'utf-8'));
      }
    }
  };
  if (fs.existsSync(dir)) {
    walk('');
  }
  return files;
}

/** Options of `replaceTree`. */
export interface ReplaceTreeOptions {
  /** Mode of every file written (0o600 for credentials). */
  readonly fileMode?: number;
  /** Mode of every folder written. */
  readonly dirMode?: number;
}

/**
 * Replace the whole of `dir` with `files`, or nothing at all: the files are
 * written to a sibling folder first, which is then swapped in with renames.
 * A failure before the swap leaves `dir` as it was.
 */
export function replaceTree(dir: string, files: ReadonlyArray<OutputFile>, options: ReplaceTreeOptions = {}): void {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `.${base}.new-`));
  try {
    for (const file of files) {
      const destination = path.join(staging, file.path);
      fs.mkdirSync(path.dirname(destination), { recursive: true, mode: options.dirMode });
      fs.writeFileSync(destination, file.content, { mode: options.fileMode });
    }
    if (options.dirMode !== undefined) {
      fs.chmodSync(staging, options.dirMode);
    }
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  const previous = fs.existsSync(target) ? `${staging}.old` : undefined;
  if (previous) {
    fs.renameSync(target, previous);
  }
  try {
    fs.renameSync(staging, target);
  } catch (error) {
    if (previous) {
      fs.renameSync(previous, target);
    }
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  if (previous) {
    fs.rmSync(previous, { recursive: true, force: true });
  }
}
