import * as fs from 'fs';
import * as path from 'path';
import { Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  Environment, ExitCode, Project, RegistryCredentials, RegistryPullSecret, runCli, WebService,
} from '../../lib';
import { readTree } from '../../lib/synth/output-dir';
import { tempDir as makeTempDir } from '../jest/temp';

/** A captured run of the command. */
function run(project: Project<any>, args: string[], env: Record<string, string | undefined> = {}, isTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(project, args, {
    stdout: { write: (t: string) => out.push(t), isTTY },
    stderr: { write: (t: string) => err.push(t) },
    env,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A fresh output folder, alone in a temporary folder (synth keeps its work folder beside it). */
function tempDir(): string {
  return path.join(makeTempDir('synth-cli-'), 'out');
}

interface ShopOptions {
  readonly replicas?: number;
  readonly withWorker?: boolean;
  readonly withApi?: boolean;
  readonly broken?: boolean;
  readonly latest?: boolean;
}

/** A small two-environment project whose shape the tests vary. */
function shop(options: ShopOptions = {}, outdir?: string): Project<'dev' | 'prd'> {
  return new Project<'dev' | 'prd'>({
    outdir,
    environments: Environment.all('dev', 'prd'),
    apps: [{
      name: 'shop',
      build: (chart: Chart) => {
        new WebService(chart, 'web', {
          container: { image: options.latest ? 'shop/web:latest' : 'shop/web:1.0.0' },
          replicas: options.replicas ?? 2,
        });
        if (options.withApi ?? true) {
          new WebService(chart, 'api', { container: { image: 'shop/api:1.0.0' } });
        }
        if (options.withWorker) {
          new WebService(chart, 'worker', { container: { image: 'shop/worker:1.0.0' } });
        }
        if (options.broken) {
          // Three mistakes: a Service name with a capital, a port out of range, a privileged container.
          new WebService(chart, 'Bad_Name', { container: { image: 'shop/bad:1.0.0' } });
          new WebService(chart, 'ports', { container: { image: 'shop/ports:1.0.0' }, ports: [{ port: 70000 }] });
          new WebService(chart, 'priv', { container: { image: 'shop/priv:1.0.0' } })
            .deployment.addJsonPatch(JsonPatch.replace('/spec/template/spec/containers/0/securityContext/privileged', true));
        }
      },
    }],
  });
}

describe('writing', () => {
  test('writes one file per app and environment and prints a line per app', () => {
    const dir = tempDir();
    const result = run(shop({}, dir), []);
    expect(result.code).toBe(ExitCode.OK);
    expect([...readTree(dir).keys()]).toEqual(['dev/shop.k8s.yaml', 'prd/shop.k8s.yaml']);
    expect(result.stdout).toMatch(/synth dev\/shop\s+4 objects/);
    expect(result.stdout).toMatch(/synth prd\/shop\s+4 objects/);
    expect(result.stdout).toMatch(/wrote 2 files, 8 objects to .*/);
    expect(result.stderr).toBe('');
  });

  test('a second run finds no change and leaves the files untouched', () => {
    const dir = tempDir();
    run(shop({}, dir), []);
    const before = fs.statSync(path.join(dir, 'dev/shop.k8s.yaml')).mtimeMs;
    const second = run(shop({}, dir), []);
    expect(second.code).toBe(ExitCode.OK);
    expect(second.stdout).toContain(`no change against ${dir}/`);
    expect(second.stdout).toContain(`${dir}/ already up to date (2 files, 8 objects), nothing rewritten`);
    expect(fs.statSync(path.join(dir, 'dev/shop.k8s.yaml')).mtimeMs).toBe(before);
  });

  test('--outdir and CDK8S_OUTDIR choose the output folder', () => {
    const a = tempDir();
    const b = tempDir();
    expect(run(shop(), ['--outdir', a, '--quiet']).code).toBe(ExitCode.OK);
    expect(run(shop(), ['--quiet'], { CDK8S_OUTDIR: b }).code).toBe(ExitCode.OK);
    expect(readTree(a)).toEqual(readTree(b));
    const c = tempDir();
    expect(run(shop(), [`--outdir=${c}`, '--quiet']).code).toBe(ExitCode.OK);
    expect(readTree(c)).toEqual(readTree(a));
  });

  test('--quiet prints nothing when all is well', () => {
    const result = run(shop({}, tempDir()), ['--quiet']);
    expect(result).toEqual({ code: ExitCode.OK, stdout: '', stderr: '' });
  });
});

describe('diff', () => {
  test('lists the objects added, removed and changed, with the changed field', () => {
    const dir = tempDir();
    run(shop({ withApi: true }, dir), ['--quiet']);
    const result = run(shop({ withApi: false, withWorker: true, replicas: 5 }, dir), []);
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toContain('+ Deployment dev/worker  (dev/shop.k8s.yaml)');
    expect(result.stdout).toContain('- Service prd/api  (prd/shop.k8s.yaml)');
    expect(result.stdout).toContain('~ Deployment dev/web  (dev/shop.k8s.yaml)');
    expect(result.stdout).toContain('    spec.replicas: 2 -> 5');
  });

  test('--no-diff leaves it out', () => {
    const dir = tempDir();
    run(shop({}, dir), ['--quiet']);
    expect(run(shop({ replicas: 3 }, dir), ['--no-diff']).stdout).not.toContain('spec.replicas');
  });
});

describe('--check', () => {
  test('passes with a one-line summary when the output is up to date', () => {
    const dir = tempDir();
    run(shop({}, dir), ['--quiet']);
    const result = run(shop({}, dir), ['--check']);
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout.trim().split('\n').pop()).toBe(`ok: ${dir}/ is up to date (2 files, 8 objects)`);
  });

  test('fails and names the object and field when an app changed, writing nothing', () => {
    const dir = tempDir();
    run(shop({}, dir), ['--quiet']);
    const before = readTree(dir);
    const result = run(shop({ replicas: 4 }, dir), ['--check']);
    expect(result.code).toBe(ExitCode.FAILED);
    expect(result.stderr).toContain('~ Deployment dev/web  (dev/shop.k8s.yaml)');
    expect(result.stderr).toContain('spec.replicas: 2 -> 4');
    expect(result.stderr).toMatch(/is out of date: 0 added, 0 removed, 2 changed; run npm run synth and commit/);
    expect(readTree(dir)).toEqual(before);
  });

  test('fails when the output folder has a file that synth would not write', () => {
    const dir = tempDir();
    run(shop({}, dir), ['--quiet']);
    fs.writeFileSync(path.join(dir, 'dev/stray.k8s.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stray\n');
    const result = run(shop({}, dir), ['--check']);
    expect(result.code).toBe(ExitCode.FAILED);
    expect(result.stderr).toContain('- ConfigMap stray  (dev/stray.k8s.yaml)');
  });

  test('fails when a file was edited by hand', () => {
    const dir = tempDir();
    run(shop({}, dir), ['--quiet']);
    const file = path.join(dir, 'prd/shop.k8s.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace('image: shop/web:1.0.0', 'image: shop/web:9.9.9'));
    const result = run(shop({}, dir), ['--check']);
    expect(result.code).toBe(ExitCode.FAILED);
    expect(result.stderr).toContain('spec.template.spec.containers[0].image: "shop/web:9.9.9" -> "shop/web:1.0.0"');
  });
});

describe('failures', () => {
  test('a broken app reports every problem together, exits 1 and leaves the output as it was', () => {
    const dir = tempDir();
    run(shop({}, dir), ['--quiet']);
    const before = readTree(dir);
    const result = run(shop({ broken: true }, dir), []);
    expect(result.code).toBe(ExitCode.FAILED);
    for (const rule of ['object-name', 'port-range', 'privileged']) {
      expect(result.stderr).toContain(`[${rule}]`);
    }
    expect(result.stderr).toContain('Service dev/Bad_Name');
    expect(result.stderr).toContain('at:     shop-dev/Bad_Name/Service');
    // One bad port, one finding: where the pods declare it, not again on the Service.
    expect(result.stderr).toContain('field:  spec.template.spec.containers[0].ports[0].containerPort = 70000');
    expect(result.stderr).not.toContain('field:  spec.ports[0].port = 70000');
    expect(result.stderr).toMatch(/fix: {4}\S/);
    expect(result.stderr).toMatch(/synth failed: \d+ error\(s\); .* was not changed/);
    expect(readTree(dir)).toEqual(before);
  });

  test('an app that throws is reported with its name and environment', () => {
    const project = new Project<'dev'>({
      environments: Environment.all('dev'),
      apps: [{ name: 'thrower', build: () => { throw new Error('no config for dev'); } }],
    });
    const result = run(project, ['--outdir', tempDir()]);
    expect(result.code).toBe(ExitCode.FAILED);
    expect(result.stderr).toContain('[build] the app threw while building: no config for dev');
    expect(result.stderr).toContain('in:     thrower/dev');
  });

  test('warnings are printed but pass, and fail under --strict', () => {
    const dir = tempDir();
    const relaxed = run(shop({ latest: true }, dir), ['--quiet']);
    expect(relaxed.code).toBe(ExitCode.OK);
    expect(relaxed.stderr).toContain('warning [image-tag]');
    const strict = run(shop({ latest: true }, tempDir()), ['--strict']);
    expect(strict.code).toBe(ExitCode.FAILED);
    expect(strict.stderr).toMatch(/synth failed: \d+ warning\(s\) in strict mode/);
  });

  test.each([
    [['--bogus'], 'unknown option "--bogus"'],
    [['--outdir'], '--outdir needs a folder'],
    [['--check', '--secrets'], 'cannot be combined with --secrets'],
    [['--outdir='], '--outdir needs a folder'],
    [['--check=yes'], '--check takes no value'],
    [['--compare=dev'], '--compare needs two environments: give them as separate arguments'],
    [['--compare', 'dev', 'prd', '--check'], '--compare writes nothing and reads no output folder; it cannot be combined with --check'],
    [['--secrets', '--compare', 'dev', 'prd'], 'it cannot be combined with --secrets'],
    [['--drift', 'snapshot.yaml', '--outdir', 'out'], '--drift writes nothing and reads no output folder; it cannot be combined with --outdir'],
    [['--drift=snapshot.yaml', '--check'], 'it cannot be combined with --check'],
  ])('a usage error (%j) exits 2 and prints the usage', (args, message) => {
    const result = run(shop(), args);
    expect(result.code).toBe(ExitCode.USAGE);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('usage: npm run synth');
  });

  test('--help prints the usage with the exit codes', () => {
    const result = run(shop(), ['--help']);
    expect(result.code).toBe(ExitCode.OK);
    expect(result.stdout).toContain('exit codes: 0 ok, 1 validation failed or out of date, 2 usage error');
  });
});

describe('colours', () => {
  test.each([
    ['a TTY outside CI', true, {}, true],
    ['a TTY in CI', true, { CI: 'true' }, false],
    ['no TTY', false, {}, false],
    ['NO_COLOR', true, { NO_COLOR: '' }, false],
  ])('%s', (_name, tty, env, coloured) => {
    const result = run(shop({}, tempDir()), [], env as Record<string, string>, tty as boolean);
    expect(result.stdout.includes('\u001b[')).toBe(coloured);
  });
});

describe('credentials never reach git, stdout or stderr', () => {
  const USERNAME = 'robot$ci-user-7f3a';
  const PASSWORD = 'S3cr3t-p4ss-9c1e';
  const secretProject = (outdir: string, secretsOutdir: string) => new Project<'dev'>({
    outdir,
    secretsOutdir,
    environments: Environment.all('dev'),
    apps: [{
      name: 'shop',
      build: (chart) => {
        const pull = new RegistryPullSecret(chart, 'pull', {
          server: 'registry.example.com',
          credentials: RegistryCredentials.fromEnvironment({ username: 'TEST_REG_USER', password: 'TEST_REG_PASS' }),
        });
        new WebService(chart, 'web', { container: { image: 'registry.example.com/web:1.0.0' }, imagePullSecrets: [pull] });
      },
    }],
  });
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  test('without --secrets nothing is read: only imagePullSecrets is written', () => {
    const dir = tempDir();
    process.env.TEST_REG_USER = USERNAME;
    process.env.TEST_REG_PASS = PASSWORD;
    const result = run(secretProject(path.join(dir, 'dist'), path.join(dir, '.secrets')), []);
    expect(result.code).toBe(ExitCode.OK);
    const written = [...readTree(path.join(dir, 'dist')).values()].join('\n');
    expect(written).toContain('- name: pull');
    expect(written).not.toContain('kind: Secret');
    expect(fs.existsSync(path.join(dir, '.secrets'))).toBe(false);
    for (const text of [written, result.stdout, result.stderr]) {
      expect(text).not.toContain(USERNAME);
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64'));
    }
  });

  test('with --secrets the Secret goes to the secrets folder only, readable by its owner only', () => {
    const dir = tempDir();
    process.env.TEST_REG_USER = USERNAME;
    process.env.TEST_REG_PASS = PASSWORD;
    const result = run(secretProject(path.join(dir, 'dist'), path.join(dir, '.secrets')), ['--secrets']);
    expect(result.code).toBe(ExitCode.OK);
    const secretFile = path.join(dir, '.secrets/dev/shop.k8s.yaml');
    const secret = fs.readFileSync(secretFile, 'utf-8');
    expect(secret).toContain('type: kubernetes.io/dockerconfigjson');
    const encoded = /\.dockerconfigjson: (\S+)/.exec(secret)![1];
    expect(JSON.parse(Buffer.from(encoded, 'base64').toString()).auths['registry.example.com'].username).toBe(USERNAME);
    expect(fs.statSync(secretFile).mode & 0o777).toBe(0o600);
    const written = [...readTree(path.join(dir, 'dist')).values()].join('\n');
    for (const text of [written, result.stdout, result.stderr]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(encoded);
    }
  });

  test('with --secrets and a variable missing, it fails naming the variable, never a value', () => {
    const dir = tempDir();
    process.env.TEST_REG_USER = USERNAME;
    delete process.env.TEST_REG_PASS;
    const result = run(secretProject(path.join(dir, 'dist'), path.join(dir, '.secrets')), ['--secrets']);
    expect(result.code).toBe(ExitCode.FAILED);
    expect(result.stderr).toContain('environment variable TEST_REG_PASS is not set or empty');
    expect(result.stderr + result.stdout).not.toContain(USERNAME);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });
});

test('the project refuses two apps with the same name', () => {
  expect(() => new Project({
    environments: Environment.all('dev'),
    apps: [{ name: 'a', build: () => undefined }, { name: 'a', build: () => undefined }],
  })).toThrow(/two apps are named "a"/);
});

test('two apps writing the same object in one environment fail', () => {
  const twin = (name: string) => ({ name, build: (chart: Chart) => new kplus.ConfigMap(chart, 'c', { metadata: { name: 'shared' } }) });
  const project = new Project({ environments: Environment.all('dev'), apps: [twin('one'), twin('two')] });
  const result = run(project, ['--outdir', tempDir()]);
  expect(result.code).toBe(ExitCode.FAILED);
  expect(result.stderr).toContain('[duplicate-object] app "one" writes the same object');
});
