// How `npm run synth` bundles and loads a project (apps/synth.cjs), shared
// with the benchmark (test/bench) so that it measures the same thing. Plain
// JavaScript: it runs before anything is compiled.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const Module = require('module');
const path = require('path');
const { BUILD_ID, compileWithCodeCache } = require('../lib/private/code-cache');
const { SYNTH_HEAP_GROWING_PERCENT, tuneHeapForSynth } = require('../lib/synth/heap');

/**
 * Node flags of `npm run synth` (package.json) and of the benchmark's runs:
 * young generation at most 8 MB per semi-space (V8's default is 16) — synth's
 * garbage is short-lived, and a smaller nursery keeps the peak memory of large
 * projects lower for a few percent of time (npm run bench); and runCli's heap
 * growth, given here so that neither runBundle nor runCli sets it at run
 * time (node's v8 module is then never loaded).
 */
const NODE_FLAGS = ['--max-semi-space-size=8', `--heap-growing-percent=${SYNTH_HEAP_GROWING_PERCENT}`];

/**
 * esbuild options for one bundle of `entry` and everything it imports,
 * dependencies included: a single file starts faster than the few hundred
 * files of cdk8s, cdk8s-plus-27 and constructs (no module resolution, one
 * compile; see the README's start-up figures). Whitespace and comments
 * are dropped (2.9 -> 2.1 MB to read and compile), in lines of at most 160
 * characters, so that the source line an uncaught error prints stays
 * readable. The output is ASCII: one non-ASCII character (a curly quote
 * in a comment, a micro sign in a regular expression) makes V8 hold the
 * whole file as UTF-16, slower to read and compile. Names are not pinned (`keepNames` wraps every named closure in a call, 5% of a large
 * synth): a class whose name two modules share may print as `Duration2` in
 * a message. The source map is external and read only when a stack is
 * printed (installSourceMaps).
 */
function bundleOptions(entry, outfile) {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile,
    minifyWhitespace: true,
    lineLimit: 160,
    charset: 'ascii',
    // Needed only when the validator cache misses (a schema changed): loaded from node_modules then.
    external: ['ajv', 'ajv-formats'],
    plugins: [definitionsBesideTheBundle(outfile)],
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
  };
}

/**
 * Builds `entry` into `outfile` with bundleOptions, then makes esbuild's
 * `__toESM` helper return one namespace object per CommonJS module. As
 * written it copies every export of the module into a new object (a getter
 * each) wherever an ES module imports it: cdk8s-plus-27's hundreds of
 * exports 19 times, cdk8s's 26 times, at every start (about 10 ms of
 * `--check`, most of it the garbage). The copies are views of the same
 * exports, and a package's exports are complete when its `require` returns
 * (none requires back into the bundle's own modules), so one serves all.
 * Left as esbuild wrote it should a newer esbuild write the helper
 * otherwise (a test checks that this one is patched).
 *
 * Built in memory and put in place by rename, the map first: two synths
 * rebuilding at once each write whole files, and a run never reads (nor
 * patches, nor caches) a half-written bundle. Each build's first line names
 * it (BUILD_ID and a random id), which runBundle's code cache is keyed by.
 */
async function buildBundle(entry, outfile) {
  const id = crypto.randomBytes(12).toString('hex');
  const result = await require('esbuild').build({ ...bundleOptions(entry, outfile), write: false, banner: { js: `${BUILD_ID}${id}` } });
  const written = [];
  try {
    // The bundle last: whoever sees the new bundle finds its map in place.
    for (const file of [...result.outputFiles].sort((a, b) => (a.path === outfile) - (b.path === outfile))) {
      let contents = Buffer.from(file.contents);
      if (file.path === outfile) {
        const text = contents.toString('latin1');
        if (text.split(TO_ESM).length === 2) {
          contents = Buffer.from(text.replace(TO_ESM, TO_ESM_ONCE), 'latin1');
        }
      }
      const temporary = `${file.path}.${process.pid}.tmp`;
      fs.mkdirSync(path.dirname(file.path), { recursive: true });
      fs.writeFileSync(temporary, contents);
      written.push(temporary);
      fs.renameSync(temporary, file.path);
    }
  } catch (error) {
    written.forEach((temporary) => fs.rmSync(temporary, { force: true }));
    throw error;
  }
}

const TO_ESM = 'var __toESM=(mod,isNodeMode,target)=>(';
// The same helper, renamed __toESMEach, behind a WeakMap by module; a Node-mode import (isNodeMode) is left as it was.
const TO_ESM_ONCE = 'var __esmOf=new WeakMap;var __toESM=(mod,isNodeMode)=>{if(isNodeMode||mod==null||typeof mod!=="object"&&typeof mod!=="function")'
  + 'return __toESMEach(mod,isNodeMode);let namespace=__esmOf.get(mod);if(namespace===undefined){namespace=__toESMEach(mod,isNodeMode);__esmOf.set(mod,namespace)}'
  + 'return namespace};var __toESMEach=(mod,isNodeMode,target)=>(';

/**
 * The Kubernetes schema (imports/k8s-1.27.0-definitions.json, 0.8 MB) is
 * read only when the validator cache misses a kind. Bundled, it would be
 * 40% of the file every run reads and copies (about 6 ms); it is required
 * from where it is, by a path relative to the bundle.
 */
function definitionsBesideTheBundle(outfile) {
  const definitions = path.join(__dirname, '..', 'imports', 'k8s-1.27.0-definitions.json');
  return {
    name: 'definitions-beside-the-bundle',
    setup(build) {
      build.onResolve({ filter: /k8s-1\.27\.0-definitions\.json$/ }, (args) => {
        if (path.resolve(args.resolveDir, args.path) !== definitions) {
          return undefined;
        }
        const relative = path.relative(path.dirname(outfile), definitions).split(path.sep).join('/');
        return { path: relative.startsWith('.') ? relative : `./${relative}`, external: true };
      });
    },
  };
}

/**
 * Stack traces through `bundle` name the TypeScript source line
 * (apps/storefront.ts:79) rather than the bundle's: the map is read and
 * parsed, with Node's own SourceMap, when a stack is first formatted. Node's
 * `process.setSourceMapsEnabled(true)` parses it (and every inline map of
 * the dependencies) at load, about 45 ms of each run that prints no stack.
 */
function installSourceMaps(bundle) {
  const { SourceMap } = require('module');
  let map;
  const mapped = (line, column) => {
    if (map === undefined) {
      try {
        const payload = JSON.parse(fs.readFileSync(`${bundle}.map`, 'utf-8'));
        const dir = path.dirname(bundle);
        payload.sources = payload.sources.map((source) => path.resolve(dir, payload.sourceRoot ?? '', source));
        map = new SourceMap(payload);
      } catch {
        map = null;
      }
    }
    const entry = map && map.findEntry(line - 1, column - 1);
    return entry && entry.originalSource ? `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}` : undefined;
  };
  // Replaces Node's default formatter (installed before anything else runs; one installed later replaces this one).
  Error.prepareStackTrace = (error, frames) => {
    const lines = frames.map((frame) => {
      const text = String(frame);
      if (frame.getFileName() !== bundle) {
        return `    at ${text}`;
      }
      const at = `${bundle}:${frame.getLineNumber()}:${frame.getColumnNumber()}`;
      const original = mapped(frame.getLineNumber(), frame.getColumnNumber());
      return `    at ${original ? text.replace(at, original) : text}`;
    });
    let head;
    try {
      head = Error.prototype.toString.call(error);
      // Node's own errors read "TypeError [ERR_INVALID_ARG_TYPE]: ...", as its formatter writes them.
      const code = error && error.code;
      if (typeof code === 'string' && code.startsWith('ERR_') && !head.includes(`[${code}]`)) {
        head = `${error.name} [${code}]: ${error.message}`;
      }
    } catch {
      head = '<error>';
    }
    return [head, ...lines].join('\n');
  };
}

// The parameters of the function Node's CommonJS loader wraps a module in.
const MODULE_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];

/**
 * Runs `bundle` (built with buildBundle) as `require(bundle)` would, but
 * faster to start: compiled with V8's code cache and read as Latin-1
 * (compileWithCodeCache in lib/private/code-cache.js, which also loads the
 * compiled validators; about 40 ms of this repository's `--check`).
 *
 * `options.cacheIf`, asked at exit, says whether this run compiled enough to
 * be worth caching: the first run after a build decides what later runs
 * find compiled, and a `--help` compiles next to nothing.
 *
 * Without `--heap-growing-percent` among the node flags (NODE_FLAGS give it),
 * runCli would set it when it starts, after the bundle is compiled, and a
 * cache made at exit would carry flags the next run's compile does not: V8
 * would reject it every time. The same setting (tuneHeapForSynth) is made
 * here first.
 */
function runBundle(bundle, options = {}) {
  tuneHeapForSynth();
  const wrapper = compileWithCodeCache(bundle, MODULE_PARAMS, { cacheIf: options.cacheIf });
  const module = new Module(bundle, require.main);
  module.filename = bundle;
  module.paths = Module._nodeModulePaths(path.dirname(bundle));
  wrapper(module.exports, Module.createRequire(bundle), module, bundle, path.dirname(bundle));
  module.loaded = true;
  return module.exports;
}

// `node apps/bundle.cjs BUNDLE ARGS...` runs BUNDLE as apps/synth.cjs does,
// with process.argv as `node BUNDLE ARGS...` would give it (the benchmark).
if (require.main === module) {
  process.argv.splice(1, 1);
  process.argv[1] = path.resolve(process.argv[1]);
  installSourceMaps(process.argv[1]);
  runBundle(process.argv[1]);
}

module.exports = { NODE_FLAGS, SYNTH_HEAP_GROWING_PERCENT, buildBundle, bundleOptions, installSourceMaps, runBundle };
