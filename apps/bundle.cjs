// How `npm run synth` bundles and loads a project (apps/synth.cjs), shared
// with the benchmark (test/bench) so that it measures the same thing. Plain
// JavaScript: it runs before anything is compiled.
'use strict';
const fs = require('fs');
const path = require('path');

/**
 * Node flags of `npm run synth` (package.json) and of the benchmark's runs:
 * young generation at most 8 MB per semi-space (V8's default is 16) — synth's
 * garbage is short-lived, and a smaller nursery keeps the peak memory of large
 * projects lower for a few percent of time (npm run bench).
 */
const NODE_FLAGS = ['--max-semi-space-size=8'];

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
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
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

module.exports = { NODE_FLAGS, bundleOptions, installSourceMaps };
