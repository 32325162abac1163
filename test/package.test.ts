import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

// What the package is made of. Installing it from git into a new project and
// compiling against it is test/install/git-install.test.ts (`npm run test:slow`).

const ROOT = path.join(__dirname, '..');
const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));

test('npm builds the package for git installs, npm pack and npm publish (prepare), and only the compiled build/ is packed', () => {
  expect(own.scripts.prepare).toBe('node scripts/build.cjs --prepare');
  expect(own.scripts.prepack).toBeUndefined();
  expect(own.files).toEqual(['bin', 'build/lib', 'build/imports', 'README.md']);
  expect(own.bin).toEqual({ 'cdk8s-platform-kit': 'bin/cdk8s-platform-kit.js' });
  expect(own.main).toBe('build/lib/index.js');
  expect(own.types).toBe('build/lib/index.d.ts');
  expect(Object.keys(own.peerDependencies).sort()).toEqual(['cdk8s', 'cdk8s-plus-27', 'constructs']);
});

test('prepare builds nothing when npm installs this repository\'s own dependencies (npm ci, npm install)', () => {
  for (const command of ['ci', 'install']) {
    // Exits before removing or compiling anything: build/ is left as it is.
    const before = fs.existsSync(path.join(ROOT, 'build', 'lib')) ? fs.statSync(path.join(ROOT, 'build', 'lib')).mtimeMs : undefined;
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.cjs'), '--prepare'], {
      cwd: ROOT,
      env: { ...process.env, npm_command: command, INIT_CWD: ROOT },
    });
    const after = fs.existsSync(path.join(ROOT, 'build', 'lib')) ? fs.statSync(path.join(ROOT, 'build', 'lib')).mtimeMs : undefined;
    expect(after).toBe(before);
  }
});

test('nothing in lib/ depends on apps/', () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else if (/from '(\.\.\/)+apps\//.test(fs.readFileSync(file, 'utf-8'))) {
        offenders.push(file);
      }
    }
  };
  walk(path.join(ROOT, 'lib'));
  expect(offenders).toEqual([]);
});
