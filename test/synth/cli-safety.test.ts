import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Environment, ExitCode, Project, ProjectError, RegistryCredentials, RegistryPullSecret, runCli, WebService } from '../../lib';
import { MARKER, OutputFolder, readTree } from '../../lib/synth/output-dir';

const nodeFs: typeof fs = jest.requireActual('fs');

const temps: string[] = [];
const savedEnv = { ...process.env };
afterEach(() => {
  jest.restoreAllMocks();
  process.env = { ...savedEnv };
  for (const dir of temps.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A temporary project folder (the cwd synth protects), optionally a git repository ignoring `.secrets/`. */
function projectDir(git = false): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-safety-'));
  temps.push(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), '{}');
  if (git) {
    spawnSync('git', ['init', '-q', dir]);
    fs.writeFileSync(path.join(dir, '.gitignore'), '.secrets/\n');
  }
  return dir;
}

function run(project: Project<any> | (() => Project<any>), args: string[], cwd: string, env: Record<string, string | undefined> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(project, args, { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env, cwd });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** One app in dev and prd; with `password`, a registry Secret for --secrets. */
function shop(options: { replicas?: number; secrets?: boolean; outdir?: string; secretsOutdir?: string; broken?: boolean } = {}) {
  return new Project<'dev' | 'prd'>({
    outdir: options.outdir,
    secretsOutdir: options.secretsOutdir,
    environments: Environment.all('dev', 'prd'),
    apps: [{
      name: 'shop',
      build: (chart: Chart) => {
        const pull = options.secrets ? [new RegistryPullSecret(chart, 'pull', {
          server: 'registry.example.com',
          credentials: RegistryCredentials.fromEnvironment({ username: 'T_USER', password: 'T_PASS' }),
        })] : undefined;
        new WebService(chart, 'web', { container: { image: 'registry.example.com/shop/web:1.0.0' }, replicas: options.replicas ?? 2, imagePullSecrets: pull });
        if (options.broken) {
          new kplus.ConfigMap(chart, 'c', { metadata: { name: 'Bad_Name' } });
        }
      },
    }],
  });
}

describe('names are DNS-1123 labels, checked before anything is built', () => {
  const bad: Array<[string, string, string]> = [
    ['an app escaping the folder', 'app', '../../escaped'],
    ['an app with a newline', 'app', 'shop\nkind: Secret'],
    ['an app with an underscore and capitals', 'app', 'Bad_App'],
    ['an app of 64 characters', 'app', 'a'.repeat(64)],
    ['an app ending in a dash', 'app', 'shop-'],
    ['an environment escaping the folder', 'environment', '../../envesc'],
    ['an environment with a capital', 'environment', 'Dev'],
    ['an empty environment', 'environment', ''],
  ];
  test.each(bad)('fails on %s', (_name, what, value) => {
    let built = false;
    const make = () => new Project({
      environments: [new Environment({ name: what === 'environment' ? value : 'dev' })],
      apps: [{ name: what === 'app' ? value : 'shop', build: () => { built = true; } }],
    });
    expect(make).toThrow(ProjectError);
    expect(make).toThrow(`${what} name ${JSON.stringify(value)} is not a DNS-1123 label`);
    expect(built).toBe(false);
  });

  test.each(['a', 'shop', 'web-2', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(() => new Project({ environments: [new Environment({ name })], apps: [{ name, build: () => undefined }] })).not.toThrow();
  });

  test('fails on a namespace that is no DNS label, and on an environment named argocd when Argo CD is on', () => {
    expect(() => new Project({ environments: [new Environment({ name: 'dev', namespace: 'Dev' })], apps: [] }))
      .toThrow('namespace "Dev" of environment "dev" is not a DNS-1123 label');
    expect(() => new Project({ environments: Environment.all('argocd'), apps: [], argoCd: { repoURL: 'https://git.example.com/x.git' } }))
      .toThrow(/an environment is named "argocd"/);
  });

  test.each(bad)('fails on %s given to runCli as a factory (the README pattern): exit 2, one message, no stack', (_name, what, value) => {
    const cwd = projectDir();
    const result = run((() => new Project({
      environments: [new Environment({ name: what === 'environment' ? value : 'dev' })],
      apps: [{ name: what === 'app' ? value : 'shop', build: () => undefined }],
    })) as any, [], cwd);
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toMatch(/^synth: the project is not valid:\n/);
    expect(result.stderr).toContain(`${what} name ${JSON.stringify(value)} is not a DNS-1123 label`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(cwd)).toEqual(['package.json']);
  });

  test('a factory throwing anything else than a ProjectError throws through', () => {
    expect(() => run((() => { throw new TypeError('bug'); }) as any, [], projectDir())).toThrow(TypeError);
  });

  describe('apps/synth.cjs: one bundle, run with a code cache, source map read only when a stack is printed', () => {
    const bundleCjs = path.join(__dirname, '../../apps/bundle.cjs');

    /** Bundles `body` (x.ts) with the options npm run synth uses, into a new temp folder. */
    function bundle(body: string, options: { removeMap?: boolean } = {}): { dir: string; out: string } {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-bundle-'));
      temps.push(dir);
      fs.writeFileSync(path.join(dir, 'x.ts'), body);
      const out = path.join(dir, 'x.js');
      const b = require(bundleCjs);
      // The file lives in the temp folder: cdk8s is found in this repository's node_modules. The
      // options' one plugin (the Kubernetes schema beside the bundle) needs the asynchronous API
      // and has nothing to do here: buildSync without it.
      const { plugins, ...synthOptions } = b.bundleOptions(path.join(dir, 'x.ts'), out);
      expect(plugins.map((plugin: { name: string }) => plugin.name)).toEqual(['definitions-beside-the-bundle']);
      require('esbuild').buildSync({ ...synthOptions, nodePaths: [path.join(__dirname, '../../node_modules')] });
      if (options.removeMap) {
        fs.unlinkSync(`${out}.map`);
      }
      return { dir, out };
    }

    /** Runs the bundle in a child process as apps/synth.cjs does. */
    function runIt(out: string, extraNodeFlags: string[] = []) {
      const script = `const b = require(${JSON.stringify(bundleCjs)});
b.installSourceMaps(${JSON.stringify(out)});
b.runBundle(${JSON.stringify(out)});`;
      return spawnSync(process.execPath, [...extraNodeFlags, '-e', script], { encoding: 'utf-8', cwd: path.join(__dirname, '../..') });
    }

    /**
     * A new project folder holding what `npm run synth` runs before anything is compiled (apps/synth.cjs,
     * apps/bundle.cjs and the plain JavaScript of lib they require), with this repository's node_modules.
     */
    function launcherProject(prefix: string): string {
      const project = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      temps.push(project);
      for (const file of ['apps/synth.cjs', 'apps/bundle.cjs', 'lib/private/code-cache.js', 'lib/private/process.js', 'lib/synth/heap.js']) {
        fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
        fs.copyFileSync(path.join(__dirname, '../..', file), path.join(project, file));
      }
      fs.symlinkSync(path.join(__dirname, '../../node_modules'), path.join(project, 'node_modules'));
      return project;
    }

    /** The code cache files of `out`, one per set of node flags. */
    function caches(out: string): string[] {
      return fs.readdirSync(path.dirname(out)).filter((name) => /^x\.js\.[0-9a-f]{12}\.cache$/.test(name)).map((name) => path.join(path.dirname(out), name));
    }

    function bundleAndRun(body: string, options: { removeMap?: boolean } = {}) {
      const { dir, out } = bundle(body, options);
      return { dir, result: runIt(out) };
    }

    test('a stack through the bundle names the TypeScript line, dependencies bundled', () => {
      const { dir, result } = bundleAndRun('import { Chart } from "cdk8s";\nexport function f(): number {\n  throw new Error("boom " + typeof Chart);\n}\nf();\n');
      expect(result.stderr).toContain('Error: boom function');
      expect(result.stderr).toContain(`at f (${path.join(dir, 'x.ts')}:3:9)`);
      // cdk8s is inside the bundle, not loaded from node_modules.
      expect(fs.readFileSync(path.join(dir, 'x.js'), 'utf-8')).toContain('node_modules/cdk8s/lib/chart.js');
    });

    test('a run printing no stack never reads the map; without one, stacks name the bundle at its own line and column', () => {
      const ok = bundleAndRun('import { Chart } from "cdk8s";\nconsole.log(typeof Chart);\n', { removeMap: true });
      expect(ok.result.status).toBe(0);
      expect(ok.result.stdout).toBe('function\n');
      const failing = bundleAndRun('export function f(): number {\n  throw new Error("boom");\n}\nf();\n', { removeMap: true });
      expect(failing.result.stderr).toContain('Error: boom');
      const bundled = fs.readFileSync(path.join(failing.dir, 'x.js'), 'utf-8').split('\n');
      const line = bundled.findIndex((text) => text.includes('throw new Error("boom")'));
      const column = bundled[line].indexOf('throw new Error("boom")') + 'throw '.length;
      expect(failing.result.stderr).toContain(`at f (${path.join(failing.dir, 'x.js')}:${line + 1}:${column + 1})`);
    });

    test('the bundle runs as a CommonJS module: exports, __filename, builtins, externals found from its folder', () => {
      const { dir, out } = bundle(`import * as fs from "fs";
declare const __filename: string;
declare const module: { exports: unknown; filename: string };
export const answer = 42;
console.log(JSON.stringify([__filename, module.filename, typeof fs.readFileSync, require("ajv"), typeof require.resolve]));
`);
      // ajv is external to the bundle (bundleOptions): found in the bundle's node_modules, as require(bundle) would.
      fs.mkdirSync(path.join(dir, 'node_modules', 'ajv'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'node_modules', 'ajv', 'index.js'), 'module.exports = "the ajv beside the bundle";\n');
      const result = runIt(out);
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toEqual([out, out, 'function', 'the ajv beside the bundle', 'function']);
      const exported = spawnSync(process.execPath, ['-e', `process.stdout.write(String(require(${JSON.stringify(bundleCjs)}).runBundle(${JSON.stringify(out)}).answer))`], { encoding: 'utf-8' });
      expect(exported.stdout).toBe(`${result.stdout}42`);
    });

    test('the first run writes the code cache and a second one uses it without writing it again, though runCli sets a V8 flag', () => {
      // runCli's heap flag, set after the bundle is compiled and before the cache is made.
      const heap = JSON.stringify(path.join(__dirname, '../../lib/synth/heap'));
      const { out } = bundle(`import { Chart } from "cdk8s";\nimport { tuneHeapForSynth } from ${heap};\ntuneHeapForSynth({});\nconsole.log(typeof Chart);\n`);
      expect(runIt(out).stdout).toBe('function\n');
      expect(caches(out)).toHaveLength(1);
      const [cache] = caches(out);
      const written = fs.statSync(cache);
      expect(written.size).toBeGreaterThan(10_000);
      expect(runIt(out).stdout).toBe('function\n');
      // Not replaced (a rename would give another inode): V8 accepted it, under the same flags.
      expect(fs.statSync(cache).ino).toBe(written.ino);
      expect(fs.readdirSync(path.dirname(out)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    });

    // The code cache's own contract (stale, rejected, per flags, read-only) is test/code-cache.test.ts, for runBundle and compileWithCodeCache alike.

    test('buildBundle: the Kubernetes schema stays out of the bundle, required from beside it by a relative path; one namespace per CommonJS module', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-bundle-'));
      temps.push(dir);
      const out = path.join(dir, 'nested', 'synth.js');
      await require(bundleCjs).buildBundle(path.join(__dirname, '../../apps/main.ts'), out);
      const text = fs.readFileSync(out, 'utf-8');
      // esbuild's __toESM, one namespace per CommonJS module (buildBundle): the helper this esbuild writes was found.
      expect(text).toContain('var __esmOf=new WeakMap;var __toESM=(mod,isNodeMode)=>{');
      expect(text).not.toContain('var __toESM=(mod,isNodeMode,target)=>(');
      const required = [...text.matchAll(/require\("([^"]*k8s-1\.27\.0-definitions\.json)"\)/g)].map((m) => m[1]);
      expect(required).toHaveLength(1);
      expect(path.resolve(path.dirname(out), required[0])).toBe(path.join(__dirname, '../../imports/k8s-1.27.0-definitions.json'));
      // Not inlined: a description of the schema appears nowhere.
      expect(text).not.toContain('Deployment enables declarative updates for Pods and ReplicaSets');
      expect(fs.statSync(out).size).toBeLessThan(1_600_000);
      // And it runs this repository's synth as the npm script's bundle does (ajv, external, from the repository's node_modules).
      fs.symlinkSync(path.join(__dirname, '../../node_modules'), path.join(dir, 'node_modules'));
      const result = spawnSync(process.execPath, [bundleCjs, out, '--check', '--quiet'], { cwd: path.join(__dirname, '../..'), encoding: 'utf-8' });
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/^ok: dist\/ is up to date \(\d+ files, \d+ objects\)\n$/);
      expect(result.status).toBe(0);
    });

    test('rebuilds the bundle when a source changes or appears, and only then', () => {
      const project = launcherProject('synth-rebuild-');
      const main = path.join(project, 'apps', 'main.ts');
      const bundled = path.join(project, 'build', 'synth.js');
      const synth = () => spawnSync(process.execPath, [path.join(project, 'apps', 'synth.cjs')], { cwd: project, encoding: 'utf-8' });
      fs.writeFileSync(main, 'console.log("one");\n');
      expect(synth().stdout).toBe('one\n');
      const built = fs.statSync(bundled);
      expect(synth().stdout).toBe('one\n');
      expect(fs.statSync(bundled).mtimeMs).toBe(built.mtimeMs);
      // An edit that keeps the size: the modification time tells.
      fs.writeFileSync(main, 'console.log("two");\n');
      fs.utimesSync(main, new Date(), new Date(Date.now() + 5000));
      expect(synth().stdout).toBe('two\n');
      const rebuilt = fs.statSync(bundled);
      expect(rebuilt.mtimeMs).not.toBe(built.mtimeMs);
      // A new file in a source folder, imported by nothing yet.
      fs.mkdirSync(path.join(project, 'apps', 'more'));
      fs.writeFileSync(path.join(project, 'apps', 'more', 'x.ts'), 'export const x = 1;\n');
      expect(synth().stdout).toBe('two\n');
      expect(fs.statSync(bundled).mtimeMs).not.toBe(rebuilt.mtimeMs);
    });

    test('two synths rebuilding at once each put a whole bundle in place: the next run works', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-bundle-'));
      temps.push(dir);
      fs.writeFileSync(path.join(dir, 'x.ts'), `import { Chart } from "cdk8s";\nconsole.log(typeof Chart, ${JSON.stringify('y'.repeat(200_000))}.length);\n`);
      // cdk8s from this repository's node_modules, found from the temp folder.
      fs.symlinkSync(path.join(__dirname, '../../node_modules'), path.join(dir, 'node_modules'));
      const out = path.join(dir, 'x.js');
      const { buildBundle } = require(bundleCjs);
      await Promise.all(Array.from({ length: 4 }, () => buildBundle(path.join(dir, 'x.ts'), out)));
      const text = fs.readFileSync(out, 'latin1');
      expect(text.startsWith('//# build ')).toBe(true);
      expect(text.split('\n//# sourceMappingURL=').length).toBe(2);
      expect(fs.readdirSync(dir).sort()).toEqual(['node_modules', 'x.js', 'x.js.map', 'x.ts']);
      const result = spawnSync(process.execPath, [bundleCjs, out], { cwd: path.join(__dirname, '../..'), encoding: 'utf-8' });
      expect(result.stdout).toBe('function 200000\n');
    });

    test('buildBundle\'s one namespace per CommonJS module keeps default imports, named imports and functions as modules', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-bundle-'));
      temps.push(dir);
      const modules = path.join(dir, 'node_modules');
      fs.mkdirSync(path.join(modules, 'plain'), { recursive: true });
      fs.mkdirSync(path.join(modules, 'fn'), { recursive: true });
      fs.mkdirSync(path.join(modules, 'esm-flagged'), { recursive: true });
      // Without __esModule (default is module.exports), a function as the module, and with __esModule.
      fs.writeFileSync(path.join(modules, 'plain', 'index.js'), 'module.exports = { a: 1, b: 2 };\n');
      fs.writeFileSync(path.join(modules, 'fn', 'index.js'), 'module.exports = function fn() { return "called"; };\nmodule.exports.extra = 3;\n');
      fs.writeFileSync(path.join(modules, 'esm-flagged', 'index.js'), 'Object.defineProperty(exports, "__esModule", { value: true });\nexports.default = "the default";\nexports.named = "named";\n');
      fs.writeFileSync(path.join(dir, 'one.ts'), 'import plain from "plain";\nimport * as all from "plain";\nimport fn from "fn";\nimport flagged, { named } from "esm-flagged";\nexport const one = { plain, all, fn, flagged, named };\n');
      fs.writeFileSync(path.join(dir, 'two.ts'), 'import plain from "plain";\nimport * as all from "plain";\nimport fn from "fn";\nimport * as ns from "fn";\nimport flagged, { named } from "esm-flagged";\nexport const two = { plain, all, fn, ns, flagged, named };\n');
      fs.writeFileSync(path.join(dir, 'x.ts'), `import { one } from "./one";\nimport { two } from "./two";
console.log(JSON.stringify([one.plain, one.all.a, one.fn(), (two.ns as any).extra, one.flagged, one.named, two.flagged, two.named, one.all === two.all, two.plain === one.plain]));\n`);
      const out = path.join(dir, 'x.js');
      await require(bundleCjs).buildBundle(path.join(dir, 'x.ts'), out);
      expect(fs.readFileSync(out, 'latin1')).toContain('var __esmOf=new WeakMap');
      const result = spawnSync(process.execPath, [out], { encoding: 'utf-8' });
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout)).toEqual([{ a: 1, b: 2 }, 1, 'called', 3, 'the default', 'named', 'the default', 'named', true, true]);
    });

    test('apps/synth.cjs writes the code cache after a run that counts, not after --help or a failure', () => {
      const project = launcherProject('synth-cache-');
      fs.writeFileSync(path.join(project, 'apps', 'main.ts'), 'process.exitCode = process.argv.includes("--fail") ? 1 : 0;\n');
      const synth = (...args: string[]) => spawnSync(process.execPath, [path.join(project, 'apps', 'synth.cjs'), ...args], { cwd: project, encoding: 'utf-8' });
      const cached = () => fs.readdirSync(path.join(project, 'build')).filter((name) => name.endsWith('.cache'));
      expect(synth('--help').status).toBe(0);
      expect(cached()).toEqual([]);
      expect(synth('--fail').status).toBe(1);
      expect(cached()).toEqual([]);
      expect(synth('--check').status).toBe(0);
      expect(cached()).toHaveLength(1);
    });

    test('rebuilds when a file changes in a folder linked into apps/', () => {
      const project = launcherProject('synth-link-');
      fs.mkdirSync(path.join(project, 'shared'));
      fs.symlinkSync(path.join(project, 'shared'), path.join(project, 'apps', 'shared'));
      fs.writeFileSync(path.join(project, 'shared', 'value.ts'), 'export const value = "one";\n');
      fs.writeFileSync(path.join(project, 'apps', 'main.ts'), 'import { value } from "./shared/value";\nconsole.log(value);\n');
      const synth = () => spawnSync(process.execPath, [path.join(project, 'apps', 'synth.cjs')], { cwd: project, encoding: 'utf-8' }).stdout;
      expect(synth()).toBe('one\n');
      fs.writeFileSync(path.join(project, 'shared', 'value.ts'), 'export const value = "two";\n');
      fs.utimesSync(path.join(project, 'shared', 'value.ts'), new Date(), new Date(Date.now() + 5000));
      expect(synth()).toBe('two\n');
    });

    test('fails with exit 1 and esbuild\'s message when apps/ does not build, writing no bundle', () => {
      const project = launcherProject('synth-broken-');
      fs.writeFileSync(path.join(project, 'apps', 'main.ts'), 'const x: number = ;\n');
      const result = spawnSync(process.execPath, [path.join(project, 'apps', 'synth.cjs'), '--check'], { cwd: project, encoding: 'utf-8' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('apps/main.ts:1:');
      expect(result.stderr).toMatch(/synth: apps\/ did not build: Build failed with 1 error/);
      expect(fs.existsSync(path.join(project, 'build', 'synth.js'))).toBe(false);
      expect(fs.existsSync(path.join(project, 'build', 'synth.js.stamp'))).toBe(false);
    });

    test.each([
      ['--help', 0, 'stdout'],
      ['--no-such-option', 2, 'stderr'],
    ] as const)('apps/synth.cjs %s ends at once with runCli\'s exit code %i and all of its output through a pipe', (option, code, stream) => {
      const result = spawnSync(process.execPath, [path.join(__dirname, '../../apps/synth.cjs'), option], { cwd: path.join(__dirname, '../..'), encoding: 'utf-8' });
      expect(result.status).toBe(code);
      expect(result[stream]).toMatch(/^(synth: unknown option "--no-such-option"\n\n)?usage: npm run synth -- \[options\]\n/);
      expect(result[stream].trimEnd().endsWith('4 output folder refused (nothing touched)')).toBe(true);
    });

    test('npm run synth runs node with the flags the benchmark measures, and the bundle through runBundle', () => {
      const { NODE_FLAGS, SYNTH_HEAP_GROWING_PERCENT: bundleHeapPercent } = require(bundleCjs) as { NODE_FLAGS: string[]; SYNTH_HEAP_GROWING_PERCENT: number };
      const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '../../package.json'), 'utf-8'));
      expect(pkg.scripts.synth).toBe(['node', ...NODE_FLAGS, 'apps/synth.cjs'].join(' '));
      // runBundle sets runCli's heap flag before compiling, so that the code cache's flags match.
      expect(bundleHeapPercent).toBe(require('../../lib/synth/heap').SYNTH_HEAP_GROWING_PERCENT);
      const script = fs.readFileSync(path.join(__dirname, '../../apps/synth.cjs'), 'utf-8');
      expect(script.indexOf('installSourceMaps(bundle)')).toBeGreaterThan(-1);
      expect(script.indexOf('installSourceMaps(bundle)')).toBeLessThan(script.indexOf('runBundle(bundle, {'));
    });
  });

  test('apps/synth.cjs turns a ProjectError (recognised by name, across the bundle) into a message and exit 2', () => {
    const script = fs.readFileSync(path.join(__dirname, '../../apps/synth.cjs'), 'utf-8');
    expect(script).toContain("error.name !== 'ProjectError'");
    expect(script).toContain('process.exitCode = 2');
    expect(new ProjectError('x').name).toBe('ProjectError');
  });
});

describe('output folders synth will not replace (exit 4, nothing touched)', () => {
  test.each([
    ['the project folder', ['--outdir', '.']],
    ['its parent', ['--outdir', '..']],
  ])('fails on %s', (_name, args) => {
    const cwd = projectDir();
    const before = fs.readdirSync(path.dirname(cwd)).length;
    const result = run(shop(), args, cwd);
    expect(result.code).toBe(ExitCode.REFUSED);
    expect(result.stderr).toMatch(/refusing to replace .*: it is the project folder or one of its parents/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(cwd)).toEqual(['package.json']);
    expect(fs.readdirSync(path.dirname(cwd)).length).toBe(before);
  });

  test('fails on CDK8S_OUTDIR=..', () => {
    const cwd = projectDir();
    expect(run(shop(), [], cwd, { CDK8S_OUTDIR: '..' }).code).toBe(ExitCode.REFUSED);
  });

  test('fails on a folder holding a stray README.md, listing it; --check reports it', () => {
    const cwd = projectDir();
    expect(run(shop(), ['-q'], cwd).code).toBe(ExitCode.OK);
    fs.writeFileSync(path.join(cwd, 'dist/README.md'), 'notes');
    const before = readTree(path.join(cwd, 'dist'));
    const result = run(shop({ replicas: 3 }), ['-q'], cwd);
    expect(result.code).toBe(ExitCode.REFUSED);
    expect(result.stderr).toContain('it holds 1 thing(s) synth did not write');
    expect(result.stderr).toContain('  README.md  (file synth does not write)');
    expect(fs.readFileSync(path.join(cwd, 'dist/README.md'), 'utf-8')).toBe('notes');
    expect(readTree(path.join(cwd, 'dist'))).toEqual(before);
    const check = run(shop(), ['--check'], cwd);
    expect(check.code).toBe(ExitCode.FAILED);
    expect(check.stderr).toContain('! README.md: file synth does not write, not written by synth');
    expect(check.stderr).toContain('out of date: 0 added, 0 removed, 0 changed, 1 stray (not written by synth)');
    // Not "run npm run synth", which would refuse: what to do about the stray file.
    expect(check.stderr).toContain('move the 1 thing(s) synth did not write out of dist/ (or delete them), then run npm run synth');
  });

  test('an empty CDK8S_OUTDIR= is unset (the project\'s dist/), not the project folder', () => {
    const cwd = projectDir();
    expect(run(shop(), ['-q'], cwd, { CDK8S_OUTDIR: '' }).code).toBe(ExitCode.OK);
    expect([...readTree(path.join(cwd, 'dist')).keys()]).toEqual(['dev/shop.k8s.yaml', 'prd/shop.k8s.yaml']);
  });

  test('fails on a symlinked dist/ (never replaces the link), and --check reports links inside', () => {
    const cwd = projectDir();
    expect(run(shop({ outdir: 'real' }), ['-q'], cwd).code).toBe(ExitCode.OK);
    fs.symlinkSync('real', path.join(cwd, 'dist'));
    const result = run(shop(), ['-q'], cwd);
    expect(result.code).toBe(ExitCode.REFUSED);
    expect(result.stderr).toContain('is a symbolic link (-> real)');
    expect(fs.lstatSync(path.join(cwd, 'dist')).isSymbolicLink()).toBe(true);

    fs.symlinkSync('/etc/hostname', path.join(cwd, 'real/dev/extra.k8s.yaml'));
    const check = run(shop({ outdir: 'real' }), ['--check'], cwd);
    expect(check.code).toBe(ExitCode.FAILED);
    expect(check.stderr).toContain('! dev/extra.k8s.yaml: symbolic link -> /etc/hostname');
  });

  test('--check reports CRLF line endings as such', () => {
    const cwd = projectDir();
    run(shop(), ['-q'], cwd);
    const file = path.join(cwd, 'dist/dev/shop.k8s.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace(/\n/g, '\r\n'));
    const check = run(shop(), ['--check'], cwd);
    expect(check.code).toBe(ExitCode.FAILED);
    expect(check.stderr).toContain('dev/shop.k8s.yaml: CRLF line endings (synth writes LF');
    expect(check.stderr).toContain('out of date: 0 added, 0 removed, 0 changed, 1 with CRLF line endings');
    // Writing fixes it.
    expect(run(shop(), ['-q'], cwd).code).toBe(ExitCode.OK);
    expect(run(shop(), ['--check'], cwd).code).toBe(ExitCode.OK);
  });

  test('--check passes on a committed dist/ of an older version (no marker); the next write adds the marker', () => {
    const cwd = projectDir();
    run(shop(), ['-q'], cwd);
    fs.unlinkSync(path.join(cwd, 'dist', MARKER));
    expect(run(shop(), ['--check'], cwd).code).toBe(ExitCode.OK);
    expect(run(shop(), ['-q'], cwd).code).toBe(ExitCode.OK);
    expect(fs.existsSync(path.join(cwd, 'dist', MARKER))).toBe(true);
  });
});

describe('I/O failures are messages with exit 3; nothing half-replaced', () => {
  test.each([
    // The first file written in the work folder is the lock's (a full disk fails there, before any staging).
    ['writeFileSync', 'ENOSPC', /cannot create the lock file .*: ENOSPC; the disk is full: free some space and run again/],
    ['mkdirSync', 'EROFS', /cannot create .*: EROFS; the file system is read-only/],
    ['renameSync', 'EBUSY', /: EBUSY; the path is in use/],
    ['openSync', 'EACCES', /cannot create the lock file .*: EACCES; permission denied/],
  ])('fails on %s throwing %s', (fn, code, message) => {
    const cwd = projectDir();
    run(shop(), ['-q'], cwd);
    const before = readTree(path.join(cwd, 'dist'));
    const real = (nodeFs as any)[fn];
    jest.spyOn(nodeFs, fn as any).mockImplementation(((...args: unknown[]) => {
      if (String(args[0]).includes('.dist.synth')) {
        throw Object.assign(new Error(code), { code });
      }
      return real(...args);
    }) as any);
    const result = run(shop({ replicas: 5 }), ['-q', '--no-diff'], cwd, { SYNTH_LOCK_WAIT_MS: '0' });
    jest.restoreAllMocks();
    expect(result.code).toBe(ExitCode.IO);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readTree(path.join(cwd, 'dist'))).toEqual(before);
  });

  test('another synth holding the output: exit 3 naming it', () => {
    const cwd = projectDir();
    run(shop(), ['-q'], cwd);
    fs.writeFileSync(path.join(cwd, '.dist.synth/lock'), `${process.pid} ${os.hostname()}\n`);
    const result = run(shop(), ['-q'], cwd, { SYNTH_LOCK_WAIT_MS: '0' });
    expect(result.code).toBe(ExitCode.IO);
    expect(result.stderr).toContain(`another synth (pid ${process.pid} on ${os.hostname()}) is writing`);
  });
});

describe('the output is staged file by file as each app is rendered (issue 11)', () => {
  const workFolder = (cwd: string) => fs.readdirSync(path.join(cwd, '.dist.synth')).sort();

  test('fails validation after the first files were staged: the staged tree is removed, dist/ as it was', () => {
    const cwd = projectDir();
    expect(run(shop(), ['-q'], cwd).code).toBe(ExitCode.OK);
    const before = readTree(path.join(cwd, 'dist'));
    const staged: string[] = [];
    const real = nodeFs.writeFileSync;
    jest.spyOn(nodeFs, 'writeFileSync').mockImplementation(((file: string, ...rest: unknown[]) => {
      staged.push(String(file));
      return (real as any)(file, ...rest);
    }) as any);
    const result = run(shop({ broken: true, replicas: 3 }), ['-q'], cwd);
    jest.restoreAllMocks();
    expect(result.code).toBe(ExitCode.FAILED);
    // Both environments' files were staged before the findings were known...
    expect(staged.filter((f) => f.includes(`.dist.synth${path.sep}new${path.sep}`) && f.endsWith('shop.k8s.yaml'))).toHaveLength(2);
    // ...and nothing of them is left: no staged tree, no journal, dist/ untouched.
    expect(workFolder(cwd)).toEqual(['.gitignore']);
    expect(readTree(path.join(cwd, 'dist'))).toEqual(before);
  });

  test('fails writing the second file: exit 3, the staged tree is removed, dist/ as it was', () => {
    const cwd = projectDir();
    expect(run(shop(), ['-q'], cwd).code).toBe(ExitCode.OK);
    const before = readTree(path.join(cwd, 'dist'));
    const real = nodeFs.writeFileSync;
    jest.spyOn(nodeFs, 'writeFileSync').mockImplementation(((file: string, ...rest: unknown[]) => {
      if (String(file).endsWith(`new${path.sep}prd${path.sep}shop.k8s.yaml`)) {
        throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
      }
      return (real as any)(file, ...rest);
    }) as any);
    const result = run(shop({ replicas: 3 }), ['-q'], cwd);
    jest.restoreAllMocks();
    expect(result.code).toBe(ExitCode.IO);
    expect(result.stderr).toMatch(/cannot write .*prd.shop\.k8s\.yaml: ENOSPC/);
    expect(workFolder(cwd)).toEqual(['.gitignore']);
    expect(readTree(path.join(cwd, 'dist'))).toEqual(before);
  });

  test('an unchanged rerun drops what it staged and leaves dist/ as it was, inode and all', () => {
    const cwd = projectDir();
    expect(run(shop(), ['-q'], cwd).code).toBe(ExitCode.OK);
    const inode = fs.statSync(path.join(cwd, 'dist')).ino;
    const result = run(shop(), [], cwd);
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toContain('dist/ already up to date (2 files, 4 objects), nothing rewritten');
    expect(fs.statSync(path.join(cwd, 'dist')).ino).toBe(inode);
    expect(workFolder(cwd)).toEqual(['.gitignore']);
  });

  test('fails validation in a fresh project with --outdir out/deploy: not even a folder is left', () => {
    const cwd = projectDir();
    const result = run(shop({ broken: true }), ['-q', '--outdir', 'out/deploy'], cwd);
    expect(result.code).toBe(ExitCode.FAILED);
    expect(fs.readdirSync(cwd)).toEqual(['package.json']);
  });

  test('fails taking the secrets lock after the output was staged: exit 3, nothing staged is left', () => {
    const cwd = projectDir(true);
    process.env.T_USER = 'u';
    process.env.T_PASS = 'p';
    expect(run(shop({ secrets: true }), ['--secrets', '-q'], cwd).code).toBe(ExitCode.OK);
    const before = readTree(path.join(cwd, 'dist'));
    // Another synth takes the secrets lock while this one builds (after the output's first files were staged).
    const project = shop({ secrets: true, replicas: 6 });
    const apps = (project as any).props.apps;
    apps.push({ name: 'late', build: () => fs.writeFileSync(path.join(cwd, '.secrets.synth', 'lock'), `${process.pid} ${os.hostname()}\n`) });
    const result = run(project, ['--secrets', '-q'], cwd, { SYNTH_LOCK_WAIT_MS: '0' });
    expect(result.stderr).toContain('another synth');
    expect(result.code).toBe(ExitCode.IO);
    expect(workFolder(cwd)).toEqual(['.gitignore']);
    expect(readTree(path.join(cwd, 'dist'))).toEqual(before);
    fs.unlinkSync(path.join(cwd, '.secrets.synth', 'lock'));
  });

  test('Project.stream hands each file over once, in environment and app order, with the values of its documents', () => {
    const YAML: typeof import('yaml') = jest.requireActual('yaml');
    const project = () => new Project<'dev' | 'prd'>({
      environments: Environment.all('dev', 'prd'),
      kustomization: true,
      apps: ['web', 'api'].map((name) => ({
        name,
        environments: name === 'api' ? ['prd' as const] : undefined,
        build: (chart: Chart) => { new WebService(chart, name, { container: { image: `registry.example.com/shop/${name}:1.0.0` } }); },
      })),
    });
    const streamed: Array<{ path: string; content: string; documents?: ReadonlyArray<unknown> }> = [];
    const result = project().stream({ onFile: (file) => streamed.push(file) });
    expect(streamed.map((f) => f.path)).toEqual(['dev/web.k8s.yaml', 'dev/kustomization.yaml', 'prd/web.k8s.yaml', 'prd/api.k8s.yaml', 'prd/kustomization.yaml']);
    expect(result.fileCount).toBe(5);
    for (const file of streamed.filter((f) => f.path.endsWith('.k8s.yaml'))) {
      // The values the diff compares are what the file reads back as.
      expect(file.documents).toEqual(YAML.parseAllDocuments(file.content).map((d) => d.toJS()));
    }
    // synth() returns the same files, sorted by path, without the documents' values (it keeps every file).
    const synthesized = project().synth();
    expect(synthesized.files.map((f) => f.path)).toEqual(streamed.map((f) => f.path).sort());
    expect(synthesized.files.map((f) => f.content)).toEqual([...streamed].sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => f.content));
    expect(synthesized.files.every((f) => f.documents === undefined)).toBe(true);
  });

  test.each([
    ['up to date', {}, ExitCode.OK],
    ['out of date', { replicas: 4 }, ExitCode.FAILED],
  ])('--check on a tree without a work folder (a fresh clone) leaves none: %s', (_name, change, code) => {
    const cwd = projectDir();
    expect(run(shop(), ['-q'], cwd).code).toBe(ExitCode.OK);
    // A fresh clone has dist/ (committed) and no work folder (git-ignored).
    fs.rmSync(path.join(cwd, '.dist.synth'), { recursive: true });
    const before = fs.readdirSync(cwd).sort();
    expect(run(shop(change), ['--check', '-q'], cwd).code).toBe(code);
    expect(fs.readdirSync(cwd).sort()).toEqual(before);
    // One it did not make stays.
    expect(run(shop(), ['-q'], cwd).code).toBe(ExitCode.OK);
    expect(run(shop(change), ['--check', '-q'], cwd).code).toBe(code);
    expect(workFolder(cwd)).toEqual(['.gitignore']);
  });

  test('--check into an --outdir whose parents do not exist leaves nothing, not even the parents', () => {
    const cwd = projectDir();
    const result = run(shop(), ['--check', '--outdir', 'out/deep/dist'], cwd);
    expect(result.code).toBe(ExitCode.FAILED);
    expect(fs.readdirSync(cwd)).toEqual(['package.json']);
  });

  test('--check stages nothing', () => {
    const cwd = projectDir();
    expect(run(shop(), ['-q'], cwd).code).toBe(ExitCode.OK);
    const mkdir = jest.spyOn(nodeFs, 'mkdirSync');
    expect(run(shop({ replicas: 4 }), ['--check'], cwd).code).toBe(ExitCode.FAILED);
    expect(mkdir.mock.calls.filter(([dir]) => String(dir).includes(`${path.sep}new`))).toEqual([]);
    expect(workFolder(cwd)).toEqual(['.gitignore']);
  });
});

describe('the diff parses only what changed (issue 11)', () => {
  test('a fresh output parses nothing back; a rerun changing one Deployment parses its old version only', () => {
    const yaml: typeof import('yaml') = jest.requireActual('yaml');
    const parse = jest.spyOn(yaml, 'parseAllDocuments');
    const cwd = projectDir();
    expect(run(shop(), ['-q'], cwd).code).toBe(ExitCode.OK);
    expect(parse).not.toHaveBeenCalled();
    expect(run(shop(), ['--check'], cwd).code).toBe(ExitCode.OK);
    expect(parse).not.toHaveBeenCalled();
    const result = run(shop({ replicas: 7 }), [], cwd);
    expect(result.stdout).toContain('spec.replicas: 2 -> 7');
    // dev and prd: the old Deployment of each, nothing else (the new one is compared as rendered).
    expect(parse).toHaveBeenCalledTimes(2);
  });
});

describe('a killed run is finished by the next one', () => {
  test('killed between the two renames (dist/ missing): the next run, even one failing validation, restores it first', () => {
    const cwd = projectDir();
    run(shop(), ['-q'], cwd);
    const folder = new OutputFolder(path.join(cwd, 'dist'), { projectRoot: cwd });
    folder.lock();
    folder.stage([{ path: 'dev/shop.k8s.yaml', content: 'staged: true\n' }]);
    folder.commit();
    fs.renameSync(path.join(cwd, 'dist'), path.join(cwd, '.dist.synth/old'));
    folder.unlock();
    const result = run(shop({ broken: true }), ['-q'], cwd);
    expect(result.code).toBe(ExitCode.FAILED);
    expect(result.stderr).toContain(`synth: finished the replacement of ${path.join(cwd, 'dist')} that an interrupted run had staged in full`);
    expect(readTree(path.join(cwd, 'dist'))).toEqual(new Map([['dev/shop.k8s.yaml', 'staged: true\n']]));
    expect(result.stderr).toContain('dist/ was not changed');
  });

  test('--check on a folder it cannot lock (read-only checkout) still reads it', () => {
    const cwd = projectDir();
    run(shop(), ['-q'], cwd);
    const real = nodeFs.openSync;
    jest.spyOn(nodeFs, 'openSync').mockImplementation(((file: string, ...rest: unknown[]) => {
      if (/\.dist\.synth\/lock/.test(String(file))) {
        throw Object.assign(new Error('EROFS'), { code: 'EROFS' });
      }
      return (real as any)(file, ...rest);
    }) as any);
    expect(run(shop(), ['--check'], cwd).code).toBe(ExitCode.OK);
    expect(run(shop({ replicas: 9 }), ['--check'], cwd).code).toBe(ExitCode.FAILED);
    expect(run(shop({ replicas: 9 }), ['-q'], cwd).code).toBe(ExitCode.IO);
  });
});

describe('--secrets', () => {
  beforeEach(() => {
    process.env.T_USER = 'robot';
    process.env.T_PASS = 'pa55-never-in-git';
  });

  test('refuses a secrets folder git would not ignore: exit 4, neither folder written', () => {
    const cwd = projectDir(true);
    fs.writeFileSync(path.join(cwd, '.gitignore'), 'node_modules/\n');
    const result = run(shop({ secrets: true }), ['--secrets', '-q'], cwd);
    expect(result.code).toBe(ExitCode.REFUSED);
    expect(result.stderr).toMatch(/refusing to write credentials to .*\.secrets: git does not ignore \.secrets\/\.synth-output, \.secrets\/dev\/shop\.k8s\.yaml/);
    expect(fs.existsSync(path.join(cwd, '.secrets'))).toBe(false);
    expect(fs.existsSync(path.join(cwd, 'dist'))).toBe(false);
    // Not even a work folder: a refusal touches nothing.
    expect(fs.readdirSync(cwd).sort()).toEqual(['.git', '.gitignore', 'package.json']);
  });

  test('a run without --secrets neither touches nor chmods the secrets work folder', () => {
    const cwd = projectDir(true);
    expect(run(shop({ secrets: true }), ['--secrets', '-q'], cwd).code).toBe(ExitCode.OK);
    const work = path.join(cwd, '.secrets.synth');
    fs.chmodSync(work, 0o755);
    const chmod = jest.spyOn(nodeFs, 'chmodSync');
    const mkdir = jest.spyOn(nodeFs, 'mkdirSync');
    expect(run(shop({ replicas: 3 }), ['-q'], cwd).code).toBe(ExitCode.OK);
    expect(chmod.mock.calls.filter(([p]) => String(p).includes('.secrets'))).toEqual([]);
    expect(mkdir.mock.calls.filter(([p]) => String(p).includes('.secrets'))).toEqual([]);
    expect(fs.statSync(work).mode & 0o777).toBe(0o755);
  });

  test('writes both when git ignores the secrets; git sees no credential', () => {
    const cwd = projectDir(true);
    const result = run(shop({ secrets: true }), ['--secrets', '-q'], cwd);
    expect(result).toEqual({ code: ExitCode.OK, stdout: '', stderr: '' });
    expect(fs.readFileSync(path.join(cwd, '.secrets/dev/shop.k8s.yaml'), 'utf-8')).toContain('kubernetes.io/dockerconfigjson');
    const untracked = spawnSync('git', ['ls-files', '--others', '--exclude-standard'], { cwd, encoding: 'utf-8' }).stdout.trim().split('\n');
    expect(untracked.filter((f) => f.startsWith('.secrets'))).toEqual([]);
  });

  test('a failure staging dist/ leaves both folders as they were (both are staged before either is replaced)', () => {
    const cwd = projectDir(true);
    run(shop({ secrets: true }), ['--secrets', '-q'], cwd);
    const dist = readTree(path.join(cwd, 'dist'));
    const secrets = readTree(path.join(cwd, '.secrets'));
    const real = nodeFs.writeFileSync;
    jest.spyOn(nodeFs, 'writeFileSync').mockImplementation(((file: string, ...rest: unknown[]) => {
      if (String(file).includes(`.dist.synth${path.sep}new${path.sep}prd`)) {
        throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
      }
      return (real as any)(file, ...rest);
    }) as any);
    process.env.T_PASS = 'rotated-password';
    const result = run(shop({ secrets: true, replicas: 4 }), ['--secrets', '-q'], cwd);
    jest.restoreAllMocks();
    expect(result.code).toBe(ExitCode.IO);
    expect(readTree(path.join(cwd, 'dist'))).toEqual(dist);
    expect(readTree(path.join(cwd, '.secrets'))).toEqual(secrets);
  });

  test('secrets folder overlapping the output folder is refused', () => {
    const cwd = projectDir(true);
    const result = run(shop({ secrets: true, secretsOutdir: 'dist/secrets' }), ['--secrets', '-q'], cwd);
    expect(result.code).toBe(ExitCode.REFUSED);
    expect(result.stderr).toMatch(/overlap; credentials would land in git/);
  });
});

describe('under cdk8s synth', () => {
  const CDK8S = { CDK8S_RECORD_CONSTRUCT_METADATA: 'false' };

  test('a failed run says cdk8s-cli deleted dist/ when it is the output cdk8s-cli handed us', () => {
    const cwd = projectDir();
    const result = run(shop({ broken: true }), ['-q'], cwd, { ...CDK8S, CDK8S_OUTDIR: 'dist' });
    expect(result.code).toBe(ExitCode.FAILED);
    expect(result.stderr).toContain('nothing written; cdk8s synth had already deleted dist/ before running synth: run npm run synth to restore it');
  });

  test('with cdk8s.yaml\'s --outdir dist, dist/ is replaced safely and cdk8s-cli\'s scratch folder gets a copy', () => {
    const cwd = projectDir();
    const result = run(shop(), ['-q', '--outdir', 'dist'], cwd, { ...CDK8S, CDK8S_OUTDIR: 'build/cdk8s.out' });
    expect(result.code).toBe(ExitCode.OK);
    expect(readTree(path.join(cwd, 'build/cdk8s.out'))).toEqual(readTree(path.join(cwd, 'dist')));
    const failed = run(shop({ broken: true }), ['-q', '--outdir', 'dist'], cwd, { ...CDK8S, CDK8S_OUTDIR: 'build/cdk8s.out' });
    expect(failed.stderr).toContain('dist/ was not changed');
    expect(fs.readFileSync(path.join(__dirname, '../../cdk8s.yaml'), 'utf-8')).toMatch(/app: npm run --silent synth -- --quiet --outdir dist\noutput: build\/cdk8s\.out/);
  });
});
