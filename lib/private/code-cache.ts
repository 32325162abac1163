import { isAscii } from 'buffer';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';
import { processIsAlive } from './process';

/**
 * Compiles the JavaScript of `file` as the body of a function of `params`
 * (`require`, `module`, `exports` for a CommonJS module) with V8's code
 * cache kept beside it, and returns that function.
 *
 * The cache, `<file>.<flags>.cache`, holds the bytecode of every function of
 * the file the process that wrote it compiled (it is written when that
 * process exits), so that a later process neither parses nor compiles them:
 * the compiled schema validators (0.9 MB) cost about 30 ms less to load and
 * first run in this repository's `npm run synth -- --check`. V8 itself checks no more than
 * the source's length, its version and its flags, so the cache's first line
 * names the content it was made from (the file's own first line when that
 * names its build, `BUILD_ID`; else its size, modification time and inode),
 * and a cache made under
 * other node flags (`<flags>`: a hash of them and of the node version) is
 * a file of its own. A missing, stale or rejected cache is written again;
 * writing is best effort (a read-only folder only costs time).
 *
 * apps/bundle.cjs `runBundle` does the same for the synth bundle in plain
 * JavaScript (it runs before anything is compiled); a test holds both to one
 * table of cases.
 *
 * The cache holds what the process that wrote it ran. `options.uses`, asked
 * at exit, names the parts of the file this process used (the kinds it
 * validated): a cache written by a process that used fewer is written again,
 * with them all, so that the first process after a change does not decide
 * for good what later ones find compiled.
 *
 * @throws what reading or compiling `file` throws
 */
export function compileWithCodeCache(file: string, params: readonly string[], options: { uses?: () => Iterable<string> } = {}): (...args: unknown[]) => unknown {
  const { bytes, key } = readWithKey(file);
  const cacheFile = `${file}.${flagsHash()}.cache`;
  let cachedData: Buffer | undefined;
  let covered: ReadonlySet<string> = new Set();
  try {
    const cache = fs.readFileSync(cacheFile);
    if (cache.subarray(0, key.length).equals(key)) {
      // The second line: what the writer used (a JSON array).
      const end = cache.indexOf(10, key.length);
      covered = new Set(JSON.parse(cache.toString('utf-8', key.length, end)) as string[]);
      cachedData = cache.subarray(end + 1);
    }
  } catch {
    cachedData = undefined;
  }
  // Latin-1 is exact for ASCII, and V8 reads it several times faster than Node decodes UTF-8.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf-8');
  // The head on a line of its own keeps the file's line numbers (lineOffset -1).
  const script = new vm.Script(`(function (${params.join(', ')}) {\n${source}\n})`, { filename: file, lineOffset: -1, cachedData });
  const fresh = cachedData === undefined || script.cachedDataRejected === true;
  if (fresh || options.uses) {
    if (toWriteAtExit.size === 0) {
      process.once('exit', writePendingCaches);
    }
    toWriteAtExit.set(cacheFile, { script, file, key, fresh, covered, uses: options.uses });
  }
  return script.runInThisContext() as (...args: unknown[]) => unknown;
}

interface Pending {
  script: vm.Script;
  file: string;
  key: Buffer;
  /** No usable cache was found. */
  fresh: boolean;
  /** What the cache found was written with. */
  covered: ReadonlySet<string>;
  uses?: () => Iterable<string>;
}

const toWriteAtExit = new Map<string, Pending>();

// One exit listener however many files wait.
function writePendingCaches(): void {
  for (const [cacheFile, pending] of toWriteAtExit) {
    const used = new Set([...pending.covered, ...(pending.uses?.() ?? [])]);
    if (pending.fresh || used.size > pending.covered.size) {
      writeCodeCache(pending.script, pending.file, cacheFile, pending.key, [...used].sort());
    }
  }
  toWriteAtExit.clear();
}

function writeCodeCache(script: vm.Script, file: string, cacheFile: string, key: Buffer, used: readonly string[]): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    if (!currentKey(file, key).equals(key)) {
      // Rewritten since it was compiled (new validators): this cache would never be used.
      return;
    }
    fs.writeFileSync(temporary, Buffer.concat([key, Buffer.from(`${JSON.stringify(used)}\n`), script.createCachedData()]));
    fs.renameSync(temporary, cacheFile);
    pruneCaches(file, key);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}

// At most this many caches of one file, one per set of node flags.
const MAX_CACHES = 6;

/**
 * Removes the caches of earlier contents of `file`, under any flags; the
 * oldest beyond MAX_CACHES; and what a writer killed mid-write left.
 */
function pruneCaches(file: string, key: Buffer): void {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  const current: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const rest = name.startsWith(prefix) ? name.slice(prefix.length) : '';
    const temporary = /^[0-9a-f]{12}\.cache\.([0-9]+)\.tmp$/.exec(rest);
    if (/^[0-9a-f]{12}\.cache$/.test(rest)) {
      if (readStart(path.join(dir, name), key.length).equals(key)) {
        current.push(name);
      } else {
        fs.rmSync(path.join(dir, name), { force: true });
      }
    } else if (temporary && !processIsAlive(Number(temporary[1]))) {
      fs.rmSync(path.join(dir, name), { force: true });
    }
  }
  const byAge = current.map((name) => ({ name, mtime: fs.statSync(path.join(dir, name)).mtimeMs })).sort((a, b) => b.mtime - a.mtime);
  for (const { name } of byAge.slice(MAX_CACHES)) {
    fs.rmSync(path.join(dir, name), { force: true });
  }
}

/** The bytes of `file` and the key of that very content: size, modification time and inode, read through one descriptor. */
function readWithKey(file: string): { bytes: Buffer; key: Buffer } {
  const fd = fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(fd);
    const bytes = fs.readFileSync(fd);
    return { bytes, key: keyOf(bytes, stat) };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * A file's first line that names its build (`//# build <id>`): a file whose
 * writer puts one there (the validators module, the synth bundle) is known
 * by it, whatever its size and times.
 */
export const BUILD_ID = '//# build ';

/**
 * The first line of a cache: which content of the file it was made from.
 * The file's own first line when it names its build; otherwise its size,
 * modification time and inode (which a same-size rewrite within one tick of
 * a coarse file system clock would not change).
 */
function keyOf(bytes: Buffer, stat: fs.Stats): Buffer {
  const firstLine = bytes.subarray(0, Math.max(0, bytes.indexOf(10)));
  return firstLine.toString('latin1').startsWith(BUILD_ID)
    ? Buffer.concat([firstLine, Buffer.from('\n')])
    : Buffer.from(`${stat.size}:${stat.mtimeMs}:${stat.ino}\n`, 'latin1');
}

/** The key of what `file` holds now, in the form of `key`. */
function currentKey(file: string, key: Buffer): Buffer {
  return key.toString('latin1').startsWith(BUILD_ID) ? readStart(file, key.length) : keyOf(Buffer.alloc(0), fs.statSync(file));
}

/** The first `length` bytes of `file`; empty when it cannot be read. */
function readStart(file: string, length: number): Buffer {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(length);
    return buffer.subarray(0, fs.readSync(fd, buffer, 0, length, 0));
  } catch {
    return Buffer.alloc(0);
  } finally {
    if (fd !== undefined) {
      fs.closeSync(fd);
    }
  }
}

let flags: string | undefined;

/** What V8 checks a code cache against besides the source: node's version and flags, hashed. */
function flagsHash(): string {
  flags ??= createHash('sha256').update(JSON.stringify([process.version, process.execArgv, process.env.NODE_OPTIONS ?? ''])).digest('hex').slice(0, 12);
  return flags;
}
