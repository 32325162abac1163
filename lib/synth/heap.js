// Plain JavaScript (types in heap.d.ts): apps/bundle.cjs applies it before
// the synth bundle is compiled, and runCli (lib/synth/cli.ts) when it starts.
'use strict';

/**
 * What V8 may grow its heap by after each full collection, in percent, while
 * the synth command runs (its default lets the heap grow up to 4× the live
 * data when the program allocates fast).
 *
 * Synth keeps little alive, about one app's construct tree and objects (tens
 * of MB), but allocates gigabytes of short-lived values on the way (a
 * construct tree per app, the rendered objects, their YAML). With V8's
 * default, peak memory follows that garbage rather than what is alive:
 * 413 MB at 30,000 services where 50% growth gives 265 MB, for about 15%
 * more time (npm run bench; the README's table). 50 is where the memory
 * fell below 1.5× the general `yaml` library's floor at 10k and 30k
 * services while the time stayed below Helm's.
 */
const SYNTH_HEAP_GROWING_PERCENT = 50;

/**
 * Set V8's heap growing factor for the synth command, unless the process
 * was started with one (`NODE_OPTIONS=--heap-growing-percent=N` or a node
 * flag wins). Process-wide: only the command's entry (`runCli`, and
 * apps/bundle.cjs before it compiles the bundle) calls it, never the
 * library's `Project.synth`, which runs inside other programs.
 */
function tuneHeapForSynth(env = process.env) {
  const given = [...process.execArgv, env.NODE_OPTIONS ?? ''].some((arg) => /--heap[-_]growing[-_]percent/.test(arg));
  if (!given) {
    // Loaded only here: npm run synth gives the flag, and node's v8 module costs a few ms of start-up.
    require('v8').setFlagsFromString(`--heap-growing-percent=${SYNTH_HEAP_GROWING_PERCENT}`);
  }
}

module.exports = { SYNTH_HEAP_GROWING_PERCENT, tuneHeapForSynth };
