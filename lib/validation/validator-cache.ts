import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { BUILD_ID, compileWithCodeCache } from '../private/code-cache';

// Bump when the way validators are built changes (options, schema rewriting).
const CACHE_FORMAT = 4;
const FILE = 'validators.js';

/**
 * Compiled schema validators kept on disk as one ajv standalone module, so
 * that kinds compiled once (about 200 ms for a Deployment) load in
 * milliseconds on every later run (with V8's code cache of the module,
 * compileWithCodeCache); kinds that share definitions (every kind
 * with a pod template) share their code. Keyed by a hash of everything the
 * validators are built from; a missing, stale or broken cache is simply
 * compiled again.
 */
export class ValidatorCache {
  /**
   * The cache folder of this process: `$CDK8S_PLATFORM_KIT_CACHE` when set
   * (`off` disables it), else `node_modules/.cache/cdk8s-platform-kit` of the
   * working directory when it has a `node_modules`; none otherwise.
   */
  public static fromEnvironment(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
    const configured = env.CDK8S_PLATFORM_KIT_CACHE;
    if (configured === 'off') {
      return undefined;
    }
    if (configured) {
      return configured;
    }
    const modules = path.join(process.cwd(), 'node_modules');
    return fs.existsSync(modules) ? path.join(modules, '.cache', 'cdk8s-platform-kit') : undefined;
  }

  private readonly file: string;

  /**
   * @param root the cache folder
   * @param inputs everything the validators are compiled from (schemas, options)
   */
  constructor(root: string, inputs: unknown) {
    const hash = createHash('sha256')
      .update(JSON.stringify({ format: CACHE_FORMAT, ajv: version('ajv'), formats: version('ajv-formats'), inputs }))
      .digest('hex')
      .slice(0, 16);
    this.file = path.join(root, hash, FILE);
  }

  /** Every cached validator, by `apiVersion/kind`; empty when there is no usable cache. */
  /**
   * @param used the kinds (`apiVersion/kind`) this process validated, asked at exit: a code cache of the
   * module written by a process that validated fewer is written again
   */
  public load(used: () => Iterable<string> = () => []): Map<string, ValidateFunction> {
    try {
      const module = { exports: {} as Record<string, unknown> };
      // Run with this module's require, so that the standalone code's
      // `require("ajv/dist/runtime/...")` finds the same ajv that built it.
      compileWithCodeCache(this.file, ['require', 'module', 'exports'], { uses: used })(require, module, module.exports);
      return new Map(Object.entries(module.exports).filter((entry): entry is [string, ValidateFunction] => typeof entry[1] === 'function'));
    } catch {
      // Missing (first run) or broken: compiled again and written by the first kind that misses.
      return new Map();
    }
  }

  /**
   * Keep the validators of `refs` (by `apiVersion/kind`), compiled by `ajv`
   * with `code.source`. Best effort: a read-only disk is no error.
   */
  public save(ajv: Ajv, refs: Record<string, string>): void {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default;
      // The first line names this version of the module: its code cache is keyed by it (compileWithCodeCache).
      const code = `${BUILD_ID}${randomBytes(12).toString('hex')}\n${standaloneCode(ajv, refs)}`;
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, code);
      fs.renameSync(temporary, this.file);
    } catch {
      // Caching is an optimisation only.
    }
  }
}

function version(name: string): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
