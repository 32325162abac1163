// V8's code cache beside a file (lib/private/code-cache.js), through its two
// callers: apps/bundle.cjs runBundle (the synth bundle) and
// compileWithCodeCache itself as the validator cache calls it. One table of
// cases for both: each runs in a child process, because the cache is written
// when the process exits.

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './jest/temp';

const ROOT = path.join(__dirname, '..');
const BUNDLE_CJS = path.join(ROOT, 'apps', 'bundle.cjs');

// compileWithCodeCache, plain JavaScript: a child process requires it as it is.
const LIB_LOADER = path.join(ROOT, 'lib', 'private', 'code-cache.js');

interface Loader {
  name: string;
  /** The node -e script that loads and runs `file` (a module printing something). */
  script(file: string): string;
}

const LOADERS: Loader[] = [
  { name: 'runBundle (apps/bundle.cjs)', script: (file) => `require(${JSON.stringify(BUNDLE_CJS)}).runBundle(${JSON.stringify(file)});` },
  {
    name: 'compileWithCodeCache (lib/private/code-cache.js)',
    script: (file) => `const m = { exports: {} };
require(${JSON.stringify(LIB_LOADER)}).compileWithCodeCache(${JSON.stringify(file)}, ['require', 'module', 'exports'])(require, m, m.exports);`,
  },
];

describe.each(LOADERS)('$name', (loader) => {
  function run(file: string, nodeFlags: string[] = [], prelude = '') {
    return spawnSync(process.execPath, [...nodeFlags, '-e', `${prelude}\n${loader.script(file)}`], { encoding: 'utf-8' });
  }

  /** A module printing `text`, among functions enough for a cache worth the name, in a new folder. */
  function moduleFile(text: string): string {
    const file = path.join(tempDir('code-cache-'), 'm.js');
    const functions = Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x.map((y) => y * ${i}).filter((y) => y % 3 === 0).length; }`).join('\n');
    fs.writeFileSync(file, `'use strict';\n${functions}\nconsole.log(${JSON.stringify(text)}, [${Array.from({ length: 50 }, (_, i) => `f${i}([1, 2, 3])`).join(', ')}].length);\n`);
    return file;
  }

  function caches(file: string): string[] {
    return fs.readdirSync(path.dirname(file)).filter((name) => /^m\.js\.[0-9a-f]{12}\.cache$/.test(name)).map((name) => path.join(path.dirname(file), name));
  }

  test('the first run writes a cache; a second one uses it and leaves it as it was', () => {
    const file = moduleFile('first');
    expect(run(file).stdout).toBe('first 50\n');
    expect(caches(file)).toHaveLength(1);
    const [cache] = caches(file);
    const written = fs.statSync(cache);
    expect(written.size).toBeGreaterThan(1000);
    // The first line says which content of the file it was made from.
    const stat = fs.statSync(file);
    expect(fs.readFileSync(cache, 'latin1').split('\n')[0]).toBe(`${stat.size}:${stat.mtimeMs}:${stat.ino}`);
    expect(run(file).stdout).toBe('first 50\n');
    // Not replaced (a rename would give another inode): V8 accepted it.
    expect(fs.statSync(cache).ino).toBe(written.ino);
    expect(fs.readdirSync(path.dirname(file)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test('a file rewritten to the same length never runs the old content\'s cached code', () => {
    const file = moduleFile('first');
    expect(run(file).stdout).toBe('first 50\n');
    // Same length, other code: V8 alone would accept the old cache (it checks the length of the source).
    fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace('"first"', '"other"'));
    expect(run(file).stdout).toBe('other 50\n');
    expect(run(file).stdout).toBe('other 50\n');
  });

  test.each([
    ['garbage after a valid key', (key: Buffer) => Buffer.concat([key, Buffer.from('not a code cache')])],
    ['an empty file', () => Buffer.alloc(0)],
    ['the cache of another file under this file\'s key', (key: Buffer, other: Buffer) => Buffer.concat([key, other.subarray(other.indexOf(10) + 1)])],
  ])('fails over a rejected cache (%s): the run works and the cache is replaced by one that is used', (_name, corrupt) => {
    const file = moduleFile('mine');
    const other = moduleFile('another, longer text');
    run(file);
    run(other);
    const [cache] = caches(file);
    const key = fs.readFileSync(cache).subarray(0, fs.readFileSync(cache).indexOf(10) + 1);
    fs.writeFileSync(cache, corrupt(key, fs.readFileSync(caches(other)[0])));
    const corrupted = fs.statSync(cache).ino;
    expect(run(file).stdout).toBe('mine 50\n');
    const replaced = fs.statSync(cache);
    expect(replaced.ino).not.toBe(corrupted);
    expect(run(file).stdout).toBe('mine 50\n');
    expect(fs.statSync(cache).ino).toBe(replaced.ino);
  });

  test('each set of node flags keeps a cache of its own: alternating runs replace neither', () => {
    const file = moduleFile('flags');
    run(file);
    run(file, ['--no-lazy-feedback-allocation']);
    expect(caches(file)).toHaveLength(2);
    const inodes = caches(file).map((cache) => fs.statSync(cache).ino);
    expect(run(file).stdout).toBe('flags 50\n');
    expect(run(file, ['--no-lazy-feedback-allocation']).stdout).toBe('flags 50\n');
    expect(caches(file).map((cache) => fs.statSync(cache).ino)).toEqual(inodes);
  });

  test('a new cache removes those of the file\'s earlier contents, under any flags, and nothing else', () => {
    const file = moduleFile('first');
    run(file);
    run(file, ['--no-lazy-feedback-allocation']);
    fs.writeFileSync(path.join(path.dirname(file), 'm.js.notes.cache'), 'not a code cache of ours');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace('"first"', '"again"'));
    expect(run(file).stdout).toBe('again 50\n');
    expect(caches(file)).toHaveLength(1);
    expect(fs.readdirSync(path.dirname(file)).sort()).toEqual(['m.js', path.basename(caches(file)[0]), 'm.js.notes.cache'].sort());
  });

  test('writes no cache for a file rewritten after it was compiled (a rebuilt bundle, the validators a run added)', () => {
    const file = moduleFile('old');
    expect(run(file, [], `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(file)}, 'console.log("newer");\\n'));`).stdout).toBe('old 50\n');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['m.js']);
    expect(run(file).stdout).toBe('newer\n');
  });

  test('a file naming its build on its first line is known by it: rewritten to the same size with its times restored, the new code runs', () => {
    const file = moduleFile('AAAA');
    const text = fs.readFileSync(file, 'utf-8');
    fs.writeFileSync(file, `//# build 0001\n${text}`);
    expect(run(file).stdout).toBe('AAAA 50\n');
    expect(fs.readFileSync(caches(file)[0], 'latin1').split('\n')[0]).toBe('//# build 0001');
    const { atime, mtime } = fs.statSync(file);
    // Same size, same inode, same modification time: only the build line tells.
    fs.writeFileSync(file, `//# build 0002\n${text.replace('"AAAA"', '"BBBB"')}`);
    fs.utimesSync(file, atime, mtime);
    expect(run(file).stdout).toBe('BBBB 50\n');
    expect(run(file).stdout).toBe('BBBB 50\n');
  });

  test('keeps at most six caches of a file, the newest, and removes what a killed writer left', () => {
    const file = moduleFile('many');
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    fs.writeFileSync(`${file}.0123456789ab.cache.${dead}.tmp`, 'half a cache');
    for (let i = 0; i < 8; i++) {
      // Each --stack-size value is another set of node flags, and so another cache.
      expect(run(file, [`--stack-size=${900 + i}`]).stdout).toBe('many 50\n');
    }
    expect(caches(file)).toHaveLength(6);
    expect(fs.readdirSync(path.dirname(file)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test('a folder the cache cannot be written to only costs the time', () => {
    const file = moduleFile('read-only');
    // Every write fails, as on a read-only checkout.
    const result = run(file, [], "require('fs').writeFileSync = () => { throw Object.assign(new Error('EROFS'), { code: 'EROFS' }); };");
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('read-only 50\n');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['m.js']);
  });
});

test('runBundle writes no cache when cacheIf says the run does not count (a --help, a failure)', () => {
  const file = path.join(tempDir('code-cache-'), 'm.js');
  fs.writeFileSync(file, 'console.log("ran");\n');
  const run = (count: boolean) => spawnSync(process.execPath, ['-e', `require(${JSON.stringify(BUNDLE_CJS)}).runBundle(${JSON.stringify(file)}, { cacheIf: () => ${count} });`], { encoding: 'utf-8' });
  expect(run(false).stdout).toBe('ran\n');
  expect(fs.readdirSync(path.dirname(file))).toEqual(['m.js']);
  expect(run(true).stdout).toBe('ran\n');
  expect(fs.readdirSync(path.dirname(file)).filter((name) => name.endsWith('.cache'))).toHaveLength(1);
});

describe('compileWithCodeCache', () => {
  const run = (file: string, after = '') => spawnSync(process.execPath, ['-e', `${LOADERS[1].script(file)}\n${after}`], { encoding: 'utf-8' });

  test('reads a file that is not ASCII as UTF-8', () => {
    const file = path.join(tempDir('code-cache-'), 'm.js');
    fs.writeFileSync(file, 'console.log("Zürich \u00b5s \u{1f600}");\n');
    expect(run(file).stdout).toBe('Zürich \u00b5s \u{1f600}\n');
    expect(run(file).stdout).toBe('Zürich \u00b5s \u{1f600}\n');
  });

  test('a cache written by a process that used fewer parts of the file is written again, with them all', () => {
    const file = path.join(tempDir('code-cache-'), 'm.js');
    fs.writeFileSync(file, 'module.exports = { a: () => 1, b: () => 2 };\n');
    const cacheOf = () => fs.readdirSync(path.dirname(file)).filter((name) => name.endsWith('.cache')).map((name) => path.join(path.dirname(file), name));
    // One script (a node -e script is one of node's flags, and so part of the cache's name): the parts come from the environment.
    const script = `const m = { exports: {} };
const parts = process.env.PARTS.split(',');
require(${JSON.stringify(LIB_LOADER)}).compileWithCodeCache(${JSON.stringify(file)}, ['require', 'module', 'exports'], { uses: () => parts })(require, m, m.exports);
for (const part of parts) m.exports[part]();`;
    const use = (parts: string[]) => spawnSync(process.execPath, ['-e', script], { encoding: 'utf-8', env: { ...process.env, PARTS: parts.join(',') } });
    use(['a']);
    const [cache] = cacheOf();
    expect(fs.readFileSync(cache, 'latin1').split('\n')[1]).toBe('["a"]');
    const first = fs.statSync(cache).ino;
    use(['a']);
    expect(fs.statSync(cache).ino).toBe(first);
    use(['b']);
    const second = fs.statSync(cache).ino;
    expect(second).not.toBe(first);
    expect(fs.readFileSync(cache, 'latin1').split('\n')[1]).toBe('["a","b"]');
    use(['a', 'b']);
    use(['b']);
    expect(fs.statSync(cache).ino).toBe(second);
  });

  test('fails on a missing file, as reading it would', () => {
    expect(run('/nonexistent/m.js').stderr).toContain('ENOENT');
  });

  test('keeps the file\'s line numbers in stacks', () => {
    const file = path.join(tempDir('code-cache-'), 'm.js');
    fs.writeFileSync(file, '// one\n// two\nthrow new Error("at line three");\n');
    expect(run(file).stderr).toContain(`${file}:3`);
  });
});
