// Entry point of `npm run synth`: runs apps/main.ts without type-checking
// (that is `npm test` and `npm run build`). The TypeScript and its
// dependencies are bundled with esbuild into build/synth.js (apps/bundle.cjs),
// and bundled again only when a source file or package-lock.json changed
// since, so an unchanged repo starts at once. Plain JavaScript
// because it must run before anything is compiled.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { buildBundle, installSourceMaps, runBundle } = require('./bundle.cjs');

const root = path.join(__dirname, '..');
const bundle = path.join(root, 'build', 'synth.js');
const stamp = `${bundle}.stamp`;
// node_modules/.package-lock.json: npm rewrites it on every install, and the bundle holds the dependencies.
const SOURCES = ['apps', 'lib', 'imports', 'package-lock.json', 'node_modules/.package-lock.json', 'tsconfig.json'];

// Path, size and modification time of every source file: cheap (a stat per
// file, none per folder: 3 ms for this repository's 130 files), and any
// edit, checkout or new file changes it.
function fingerprint() {
  const hash = crypto.createHash('sha256');
  const file = (relative, stat = fs.statSync(path.join(root, relative), { throwIfNoEntry: false })) => {
    // A dangling link counts too: its target may appear.
    hash.update(stat ? `${relative}\0${stat.size}\0${stat.mtimeMs}\n` : `${relative}\0missing\n`);
  };
  const folder = (relative) => {
    const entries = fs.readdirSync(path.join(root, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const child = `${relative}/${entry.name}`;
      // A link to a folder is followed, as the bundler follows it.
      const linked = entry.isSymbolicLink() ? fs.statSync(path.join(root, child), { throwIfNoEntry: false }) : undefined;
      if (entry.isDirectory() || linked?.isDirectory()) {
        folder(child);
      } else {
        file(child, linked ?? undefined);
      }
    }
  };
  for (const source of SOURCES) {
    let stat;
    try {
      stat = fs.statSync(path.join(root, source));
    } catch {
      continue;
    }
    if (stat.isDirectory()) {
      folder(source);
    } else {
      file(source);
    }
  }
  return hash.digest('hex');
}

const current = fingerprint();
let previous;
try {
  previous = fs.readFileSync(stamp, 'utf-8');
} catch {
  previous = undefined;
}
// Runs the bundle; a project defined wrongly (a name that is no DNS label, a
// duplicate) is reported like a usage error, without a stack trace: nothing
// was built.
function run() {
  // A thrown error names the TypeScript source file and line (build/synth.js.map, read only then).
  installSourceMaps(bundle);
  try {
    // The code cache is written by a run that did the whole synth (and did not fail):
    // the first one after a build decides what later runs find compiled.
    const args = process.argv.slice(2);
    runBundle(bundle, { cacheIf: () => (process.exitCode ?? 0) === 0 && !args.includes('--help') && !args.includes('-h') });
  } catch (error) {
    if (!error || error.name !== 'ProjectError') {
      throw error;
    }
    process.stderr.write(`synth: ${error.message}\n`);
    process.exitCode = 2;
  }
  // runCli is synchronous: nothing is left to do but what V8 would still do
  // before the process ends (finish a garbage collection it started, about
  // 10 ms). Ended at once when the output is flushed (it always is on Linux,
  // where writes to pipes, files and terminals are synchronous; on macOS a
  // pipe may not be, and then the process ends by itself).
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) {
    process.exit();
  }
}

if (previous !== current || !fs.existsSync(bundle)) {
  // Asynchronous (esbuild's API with plugins). The code cache of the old
  // bundle is keyed by its file and not used again (runBundle).
  buildBundle(path.join(root, 'apps', 'main.ts'), bundle).then(() => {
    fs.writeFileSync(stamp, current);
    // Outside the promise: an error of the run is an uncaught exception, as without a rebuild.
    process.nextTick(run);
  }, (error) => {
    // esbuild has printed what failed to build, with file and line.
    process.stderr.write(`synth: apps/ did not build: ${error.message.split('\n')[0]}\n`);
    process.exitCode = 1;
  });
} else {
  run();
}
