#!/usr/bin/env node
// `npm test`: type-checks everything (tsc, incremental: build/tsc-test.tsbuildinfo)
// while jest runs the tests, side by side. Jest only transpiles (ts-jest with
// isolatedModules), so the two do not repeat each other's work, and on a
// 2-core machine jest's one worker and tsc each get a core. Arguments go to
// jest (`npm test -- test/web-service.test.ts`). Fails when either fails.
'use strict';
const { spawn } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..');
const bin = (module) => require.resolve(module, { paths: [root] });

function run(args, capture) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    const output = [];
    if (capture) {
      child.stdout.on('data', (chunk) => output.push(chunk));
      child.stderr.on('data', (chunk) => output.push(chunk));
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(output).toString() }));
  });
}

async function main() {
  const typecheck = run([bin('typescript/bin/tsc'), '--noEmit', '-p', '.', '--incremental', '--tsBuildInfoFile', path.join('build', 'tsc-test.tsbuildinfo')], true);
  const tests = run([bin('jest/bin/jest'), ...process.argv.slice(2)], false);
  const [tsc, jest] = await Promise.all([typecheck, tests]);
  if (tsc.code !== 0) {
    process.stderr.write(`${tsc.output}\ntype check failed (tsc --noEmit -p .)\n`);
  }
  process.exitCode = tsc.code !== 0 || jest.code !== 0 ? 1 : 0;
}

main();
