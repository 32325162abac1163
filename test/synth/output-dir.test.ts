import * as fs from 'fs';
import * as path from 'path';
import { readTree, replaceTree } from '../../lib/synth/output-dir';
import { tempDir as makeTempDir } from '../jest/temp';

function tempDir(): string {
  return makeTempDir('output-dir-');
}

test('replaceTree writes nested files and replaces the whole folder', () => {
  const dir = path.join(tempDir(), 'dist');
  replaceTree(dir, [{ path: 'dev/a.yaml', content: 'a' }, { path: 'prd/b.yaml', content: 'b' }]);
  replaceTree(dir, [{ path: 'dev/c.yaml', content: 'c' }]);
  expect(readTree(dir)).toEqual(new Map([['dev/c.yaml', 'c']]));
  // No staging folder is left behind.
  expect(fs.readdirSync(path.dirname(dir))).toEqual(['dist']);
});

test('fails leaving the previous folder untouched when a file cannot be written', () => {
  const parent = tempDir();
  const dir = path.join(parent, 'dist');
  replaceTree(dir, [{ path: 'dev/a.yaml', content: 'old' }]);
  // 'x' is a file and a folder at once: the second write fails half-way.
  expect(() => replaceTree(dir, [{ path: 'dev/a.yaml', content: 'new' }, { path: 'x', content: '1' }, { path: 'x/y', content: '2' }])).toThrow();
  expect(readTree(dir)).toEqual(new Map([['dev/a.yaml', 'old']]));
  expect(fs.readdirSync(parent)).toEqual(['dist']);
});

test('applies file and folder modes (0600 files for credentials)', () => {
  const dir = path.join(tempDir(), '.secrets');
  replaceTree(dir, [{ path: 'dev/app.yaml', content: 's' }], { fileMode: 0o600, dirMode: 0o700 });
  expect(fs.statSync(path.join(dir, 'dev/app.yaml')).mode & 0o777).toBe(0o600);
  expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
});

test('readTree of a missing folder is empty', () => {
  expect(readTree(path.join(tempDir(), 'nothing')).size).toBe(0);
});
