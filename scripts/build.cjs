#!/usr/bin/env node
// Builds the package: build/lib and build/imports (JavaScript and type
// declarations) and the Kubernetes schema the validator reads.
//
// `npm run build` always builds. As the `prepare` script (`--prepare`) it
// builds only where build/ is needed: npm runs `prepare` when the repository
// is installed from git (in npm's clone, after installing the devDependencies)
// and before `npm pack` and `npm publish`, but also after `npm ci` and
// `npm install` in this repository, where nothing needs build/ (tests and
// synth run the TypeScript sources): skipping it there keeps `npm ci` as fast
// as before and working with `--omit=dev`, where there is no TypeScript.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');

/** Whether npm is installing this repository's own dependencies (npm ci or npm install run inside it). */
function installingHere() {
  const command = process.env.npm_command;
  const initCwd = process.env.INIT_CWD;
  if (!initCwd || (command !== 'ci' && command !== 'install')) {
    return false;
  }
  // A git install runs `prepare` in npm's clone, started from the consuming project.
  return fs.realpathSync(initCwd) === fs.realpathSync(root);
}

if (process.argv.includes('--prepare') && installingHere()) {
  process.exit(0);
}

fs.rmSync(path.join(root, 'build', 'lib'), { recursive: true, force: true });
fs.rmSync(path.join(root, 'build', 'imports'), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc', { paths: [root] }), '-p', path.join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
fs.copyFileSync(path.join(root, 'imports', 'k8s-1.27.0-definitions.json'), path.join(root, 'build', 'imports', 'k8s-1.27.0-definitions.json'));
// lib's few plain JavaScript modules (what apps/bundle.cjs runs before anything is compiled) and
// their declarations, as they are: tsc compiles only the TypeScript.
for (const entry of fs.readdirSync(path.join(root, 'lib'), { recursive: true, withFileTypes: true })) {
  if (entry.isFile() && (entry.name.endsWith('.js') || entry.name.endsWith('.d.ts'))) {
    const relative = path.relative(path.join(root, 'lib'), path.join(entry.parentPath ?? entry.path, entry.name));
    fs.copyFileSync(path.join(root, 'lib', relative), path.join(root, 'build', 'lib', relative));
  }
}
