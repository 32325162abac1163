/** What V8 may grow its heap by after each full collection, in percent, while the synth command runs (heap.js). */
export const SYNTH_HEAP_GROWING_PERCENT: number;

/**
 * Set V8's heap growing factor for the synth command, unless the process
 * was started with one (`NODE_OPTIONS=--heap-growing-percent=N` or a node
 * flag wins). Process-wide: only the command's entry calls it.
 */
export function tuneHeapForSynth(env?: Readonly<Record<string, string | undefined>>): void;
