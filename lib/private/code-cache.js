// V8's code cache beside a file, for the two files every synth compiles: the
// synth bundle (apps/bundle.cjs runBundle) and the compiled schema
// validators (lib/validation/validator-cache.ts). Plain JavaScript, with its
// types in code-cache.d.ts: runBundle needs it before anything is compiled.
// `npm run build` copies it to build/lib as it is.
'use strict';
const { isAscii } = require('buffer');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const { processIsAlive } = require('./process');

/**
 * A file's first line that names its build (`//# build <id>`): a file whose
 * writer puts one there (the validators module, the synth bundle) is known
 * by it, whatever its size and times.
 */
const BUILD_ID = '//# build ';

// At most this many caches of one file, one per set of node flags (ad-hoc
// flags such as --cpu-prof-dir, or a `node -e` script, each make one).
const MAX_CACHES = 6;

/**
 * Compiles the JavaScript of `file` as the body of a function of `params`
 * (`require`, `module`, `exports` for a CommonJS module) with V8's code
 * cache kept beside it, and returns that function.
 *
 * The cache, `<file>.<flags>.cache`, holds the bytecode of every function of
 * the file the process that wrote it compiled (it is written when that
 * process exits), so that a later process neither parses nor compiles them:
 * about 40 ms of this repository's `npm run synth -- --check` for the bundle,
 * 30 ms for the compiled validators (0.9 MB).
 *
 * - V8 itself checks no more than the source's length, its version and its
 *   flags. The cache's first line names the content it was made from: the
 *   file's own first line when that names its build (BUILD_ID); else its
 *   size, modification time and inode (which a same-size rewrite within one
 *   tick of a coarse file system clock would not change).
 * - A cache made under other node flags is rejected: each set of them
 *   (`<flags>`, a hash of them and of the node version) has a file of its
 *   own, at most MAX_CACHES per file.
 * - The cache holds what the process that wrote it ran. `options.uses`,
 *   asked at exit, names the parts of the file this process used (the kinds
 *   it validated), recorded on the cache's second line: a cache written by
 *   a process that used fewer is written again, with them all.
 *   `options.cacheIf`, asked at exit, says whether this run counts at all (a
 *   `--help` compiles next to nothing).
 * - A missing, stale or rejected cache is written again; writing is best
 *   effort (a read-only folder only costs time).
 * - The file is read as Latin-1 when it is ASCII: exact, and several times
 *   faster than Node's UTF-8 decoding (about 20 ms for 2 MB on the machines
 *   measured, against 1 ms).
 */
function compileWithCodeCache(file, params, options = {}) {
  const { bytes, key } = readWithKey(file);
  const cacheFile = `${file}.${flagsHash()}.cache`;
  let cachedData;
  let covered = new Set();
  try {
    const cache = fs.readFileSync(cacheFile);
    if (cache.subarray(0, key.length).equals(key)) {
      // The second line: what the writer used (a JSON array).
      const end = cache.indexOf(10, key.length);
      covered = new Set(JSON.parse(cache.toString('utf-8', key.length, end)));
      cachedData = cache.subarray(end + 1);
    }
  } catch {
    cachedData = undefined;
  }
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf-8');
  // The head on a line of its own keeps the file's lines and columns (lineOffset -1).
  const script = new vm.Script(`(function (${params.join(', ')}) {\n${source}\n})`, { filename: file, lineOffset: -1, cachedData });
  const fresh = cachedData === undefined || script.cachedDataRejected === true;
  if (fresh || options.uses) {
    if (toWriteAtExit.size === 0) {
      process.once('exit', writePendingCaches);
    }
    toWriteAtExit.set(cacheFile, { script, file, key, fresh, covered, uses: options.uses, cacheIf: options.cacheIf });
  }
  return script.runInThisContext();
}

// What to write when the process exits, by cache file.
const toWriteAtExit = new Map();

// One exit listener however many files wait.
function writePendingCaches() {
  for (const [cacheFile, pending] of toWriteAtExit) {
    const used = new Set([...pending.covered, ...(pending.uses ? pending.uses() : [])]);
    if ((pending.fresh || used.size > pending.covered.size) && (!pending.cacheIf || pending.cacheIf())) {
      writeCodeCache(pending.script, pending.file, cacheFile, pending.key, [...used].sort());
    }
  }
  toWriteAtExit.clear();
}

function writeCodeCache(script, file, cacheFile, key, used) {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    if (!currentKey(file, key).equals(key)) {
      // Rewritten since it was compiled (a rebuilt bundle, new validators): this cache would never be used.
      return;
    }
    fs.writeFileSync(temporary, Buffer.concat([key, Buffer.from(`${JSON.stringify(used)}\n`), script.createCachedData()]));
    fs.renameSync(temporary, cacheFile);
    pruneCaches(file, key);
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}

/**
 * Removes the caches of earlier contents of `file`, under any flags; the
 * oldest beyond MAX_CACHES; and what a writer killed mid-write left.
 */
function pruneCaches(file, key) {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  const current = [];
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

/** The bytes of `file` and the key of that very content, read through one descriptor. */
function readWithKey(file) {
  const fd = fs.openSync(file, 'r');
  try {
    const stat = fs.fstatSync(fd);
    const bytes = fs.readFileSync(fd);
    return { bytes, key: keyOf(bytes, stat) };
  } finally {
    fs.closeSync(fd);
  }
}

/** The first line of a cache: which content of the file it was made from. */
function keyOf(bytes, stat) {
  const firstLine = bytes.subarray(0, Math.max(0, bytes.indexOf(10)));
  return firstLine.toString('latin1').startsWith(BUILD_ID)
    ? Buffer.concat([firstLine, Buffer.from('\n')])
    : Buffer.from(`${stat.size}:${stat.mtimeMs}:${stat.ino}\n`, 'latin1');
}

/** The key of what `file` holds now, in the form of `key`. */
function currentKey(file, key) {
  return key.toString('latin1').startsWith(BUILD_ID) ? readStart(file, key.length) : keyOf(Buffer.alloc(0), fs.statSync(file));
}

/** The first `length` bytes of `file`; empty when it cannot be read. */
function readStart(file, length) {
  let fd;
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

let flags;

/** What V8 checks a code cache against besides the source: node's version and flags, hashed. */
function flagsHash() {
  flags ??= crypto.createHash('sha256').update(JSON.stringify([process.version, process.execArgv, process.env.NODE_OPTIONS ?? ''])).digest('hex').slice(0, 12);
  return flags;
}

module.exports = { BUILD_ID, compileWithCodeCache };
