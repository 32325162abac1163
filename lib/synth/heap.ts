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
export const SYNTH_HEAP_GROWING_PERCENT = 50;

/**
 * Set V8's heap growing factor for the synth command, unless the process
 * was started with one (`NODE_OPTIONS=--heap-growing-percent=N` or a node
 * flag wins). Process-wide: only the command's entry (`runCli`) calls it,
 * never the library's `Project.synth`, which runs inside other programs.
 */
export function tuneHeapForSynth(env: Readonly<Record<string, string | undefined>> = process.env): void {
  const given = [...process.execArgv, env.NODE_OPTIONS ?? ''].some((arg) => /--heap[-_]growing[-_]percent/.test(arg));
  if (!given) {
    // Loaded only here: npm run synth gives the flag, and node's v8 module costs a few ms of start-up.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('v8') as typeof import('v8')).setFlagsFromString(`--heap-growing-percent=${SYNTH_HEAP_GROWING_PERCENT}`);
  }
}
