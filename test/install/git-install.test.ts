import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../jest/temp';

// Another repository installs the library from git, the way a team does
// before it is published, and uses it with full types: npm clones the
// repository, installs its devDependencies, runs `prepare` (the build) and
// packs the result; the consumer compiles a chart against the packed
// declarations (skipLibCheck off) and synthesizes it.
//
// `npm run test:slow`, not `npm test`: most of its ~60 s is npm installing
// the devDependencies in its clone, which every git install pays.
//
// Offline where it can be: npm takes packages from its cache without asking
// the registry (`--prefer-offline`; after `npm ci` the cache holds every
// package of the lockfile, which npm's clone installs), and the peer
// dependencies are this repository's own copies, linked in after the install
// (`--legacy-peer-deps` keeps npm from fetching them).

const ROOT = path.join(__dirname, '..', '..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const PEERS = ['cdk8s', 'constructs', 'cdk8s-plus-27'];

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf-8', env: { ...process.env, npm_config_loglevel: 'error', npm_config_update_notifier: 'false' } });
}

/**
 * A git repository holding the working tree as it is (tracked files and new
 * ones git does not ignore), so that uncommitted changes are tested too.
 */
function snapshotRepository(into: string): string {
  const repo = path.join(into, 'repo');
  const files = run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT).split('\0').filter(Boolean);
  for (const file of files) {
    if (fs.existsSync(path.join(ROOT, file))) {
      fs.mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, file), path.join(repo, file));
    }
  }
  run('git', ['init', '--quiet'], repo);
  run('git', ['add', '--all'], repo);
  run('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', 'commit', '--quiet', '--message', 'snapshot'], repo);
  return repo;
}

let project: string;
let installed: string;

beforeAll(() => {
  const work = tempDir('git-install-');
  const repo = snapshotRepository(work);
  project = path.join(work, 'consumer');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({
    name: 'consumer',
    private: true,
    dependencies: { 'cdk8s-platform-kit': `git+file://${repo}` },
  }));
  run('npm', ['install', '--prefer-offline', '--legacy-peer-deps', '--no-audit', '--no-fund'], project);
  for (const peer of PEERS) {
    fs.symlinkSync(path.join(ROOT, 'node_modules', peer), path.join(project, 'node_modules', peer), 'dir');
  }
  installed = path.join(project, 'node_modules', 'cdk8s-platform-kit');
});

/** Every file of `dir`, relative to it. */
function filesOf(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? filesOf(file, base) : [path.relative(base, file)];
  });
}

test('the package installed from git holds the compiled library, its declarations and the schema, and nothing of apps/ or tests', () => {
  const files = filesOf(installed);
  expect(files).toEqual(expect.arrayContaining([
    'build/lib/index.js', 'build/lib/index.d.ts', 'build/imports/k8s.js', 'build/imports/k8s-1.27.0-definitions.json', 'package.json', 'README.md',
  ]));
  expect(files.filter((f) => /^(apps|test|dist|lib|imports|scripts|node_modules)\//.test(f) || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
});

test('a new project compiles a chart against the installed types and synthesizes it', () => {
  fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, module: 'commonjs', target: 'ES2022', moduleResolution: 'node', esModuleInterop: true, outDir: 'out', types: [], skipLibCheck: false },
    files: ['chart.ts'],
  }));
  fs.writeFileSync(path.join(project, 'chart.ts'), `
import { Duration } from 'cdk8s';
import { Environment, Probe, Project, RegistryPullSecret, WebService } from 'cdk8s-platform-kit';

const project = new Project<'dev'>({
  environments: Environment.all('dev'),
  apps: [{
    name: 'hello',
    build: (chart) => {
      const pull = RegistryPullSecret.fromSecretName(chart, 'pull', 'registry-credentials');
      new WebService(chart, 'hello', {
        container: { image: 'registry.example.com/hello:1.0.0', readiness: Probe.httpGet('/ready', { period: Duration.seconds(5) }) },
        imagePullSecrets: [pull],
        ingress: { host: 'hello.example.com' },
      });
    },
  }],
});
const result = project.synth();
if (result.findings.length) {
  throw new Error(JSON.stringify(result.findings));
}
console.log(result.files[0].content);
`);
  run(process.execPath, [TSC, '-p', project], project);
  const output = run(process.execPath, [path.join(project, 'out', 'chart.js')], project);
  expect(output).toContain('kind: Deployment');
  expect(output).toContain('kind: Ingress');
  expect(output).toContain('- name: registry-credentials');

  // A type error in the consumer is caught by the installed declarations.
  fs.writeFileSync(path.join(project, 'chart.ts'), `
import { WebService } from 'cdk8s-platform-kit';
import { Chart, Testing } from 'cdk8s';
new WebService(new Chart(Testing.app(), 'c'), 'x', { container: { image: 1 } });
`);
  let errors = '';
  try {
    run(process.execPath, [TSC, '-p', project], project);
  } catch (error) {
    errors = String((error as { stdout?: string }).stdout);
  }
  expect(errors).toMatch(/chart\.ts.*Type 'number' is not assignable to type 'string'/);
});
