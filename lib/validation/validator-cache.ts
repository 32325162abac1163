import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';

// Bump when the way validators are built changes (options, schema rewriting).
const CACHE_FORMAT = 1;

/**
 * Compiled schema validators kept on disk as ajv standalone code, so that a
 * kind compiled once (about 200 ms for a Deployment) loads in milliseconds
 * on every later run. Entries are keyed by a hash of everything they are
 * built from; a missing, stale or broken entry is simply compiled again.
 */
export class ValidatorCache {
  /**
   * The cache of this process: `$CDK8S_PLATFORM_KIT_CACHE` when set (`off`
   * disables it), else `node_modules/.cache/cdk8s-platform-kit` of the
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

  private readonly dir: string;

  /**
   * @param root the cache folder
   * @param inputs everything the validators are compiled from (schemas, options)
   */
  constructor(root: string, inputs: unknown) {
    const hash = createHash('sha256')
      .update(JSON.stringify({ format: CACHE_FORMAT, ajv: ajvVersion(), inputs }))
      .digest('hex')
      .slice(0, 16);
    this.dir = path.join(root, hash);
  }

  /** The cached validator of `name`, if there is a usable one. */
  public load(name: string): ValidateFunction | undefined {
    const file = this.file(name);
    let code: string;
    try {
      code = fs.readFileSync(file, 'utf-8');
    } catch {
      return undefined;
    }
    try {
      const module = { exports: {} as unknown };
      // Run with this module's require, so that the standalone code's
      // `require("ajv/dist/runtime/...")` finds the same ajv that built it.
      new Function('require', 'module', 'exports', code)(require, module, module.exports);
      return typeof module.exports === 'function' ? module.exports as ValidateFunction : undefined;
    } catch {
      return undefined;
    }
  }

  /** Keep the standalone code of `validate` (compiled by `ajv` with `code.source`). Best effort: a read-only disk is no error. */
  public save(name: string, ajv: Ajv, validate: ValidateFunction): void {
    const file = this.file(name);
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, standaloneCode(ajv, validate));
      fs.renameSync(temporary, file);
    } catch {
      // Caching is an optimisation only.
    }
  }

  private file(name: string): string {
    return path.join(this.dir, `${name.replace(/[^A-Za-z0-9.-]/g, '_')}.js`);
  }
}

function ajvVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('ajv/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
