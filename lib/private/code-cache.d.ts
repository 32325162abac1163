/**
 * A file's first line that names its build (`//# build <id>`): a file whose
 * writer puts one there (the validators module, the synth bundle) is known
 * by it, whatever its size and times.
 */
export const BUILD_ID: string;

/**
 * Compiles the JavaScript of `file` as the body of a function of `params`
 * with V8's code cache kept beside it, and returns that function (see
 * code-cache.js).
 *
 * @param options.uses asked at exit: the parts of the file this process used; a cache written by a process that used fewer is written again
 * @param options.cacheIf asked at exit: whether this run is worth caching at all (default: yes)
 * @throws what reading or compiling `file` throws
 */
export function compileWithCodeCache(
  file: string,
  params: readonly string[],
  options?: { uses?: () => Iterable<string>; cacheIf?: () => boolean },
): (...args: unknown[]) => unknown;
