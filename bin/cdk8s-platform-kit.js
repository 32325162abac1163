#!/usr/bin/env node
// `npx cdk8s-platform-kit <command>`: a plain-JavaScript launcher (no build
// step can run before it) that hands each command to the compiled library
// in build/lib, which the published package ships.
'use strict';
const fs = require('fs');
const path = require('path');

const USAGE = `usage: cdk8s-platform-kit <command> [options]

commands:
  import <file|folder|->...   turn existing manifests into a TypeScript app (import --help)
`;

const [command, ...args] = process.argv.slice(2);
const io = { stdout: process.stdout, stderr: process.stderr, stdin: () => fs.readFileSync(0, 'utf-8') };

if (command === 'import') {
  const compiled = path.join(__dirname, '..', 'build', 'lib', 'adopt', 'import.js');
  if (!fs.existsSync(compiled)) {
    process.stderr.write(`cdk8s-platform-kit: ${compiled} is missing; run npm run build first\n`);
    process.exitCode = 2;
  } else {
    process.exitCode = require(compiled).runImport(args, io);
  }
} else if (command === '--help' || command === '-h') {
  process.stdout.write(USAGE);
} else {
  process.stderr.write(`${command ? `cdk8s-platform-kit: unknown command "${command}"\n\n` : ''}${USAGE}`);
  process.exitCode = 2;
}
