import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// Another repository installs the packed library and uses it with full types:
// pack, install the tarball into a new project, compile a chart against the
// published declarations (skipLibCheck off), run it.

const ROOT = path.join(__dirname, '..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf-8', env: { ...process.env, npm_config_loglevel: 'error' } });
}

let work: string;
let tarball: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'package-test-'));
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], ROOT));
  tarball = path.join(work, packed[0].filename);
});

test('the package holds the compiled library, its declarations and the schema, and nothing of apps/ or tests', () => {
  const packed = JSON.parse(npm(['pack', '--dry-run', '--json'], ROOT));
  const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
  expect(files).toEqual(expect.arrayContaining([
    'build/lib/index.js', 'build/lib/index.d.ts', 'build/imports/k8s.js', 'build/imports/k8s-1.27.0-definitions.json', 'package.json', 'README.md',
  ]));
  expect(files.filter((f) => /^(apps|test|dist|lib|imports)\//.test(f) || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
});

test('a new project installs the tarball, compiles a chart against its types and synthesizes it', () => {
  const project = path.join(work, 'consumer');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({
    name: 'consumer',
    private: true,
    dependencies: {
      'cdk8s-platform-kit': `file:${tarball}`,
      'cdk8s': own.devDependencies.cdk8s,
      'constructs': own.devDependencies.constructs,
      'cdk8s-plus-27': own.devDependencies['cdk8s-plus-27'],
    },
  }));
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund'], project);

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
  execFileSync(process.execPath, [TSC, '-p', project], { cwd: project, encoding: 'utf-8' });
  const output = execFileSync(process.execPath, [path.join(project, 'out', 'chart.js')], { cwd: project, encoding: 'utf-8' });
  expect(output).toContain('kind: Deployment');
  expect(output).toContain('kind: Ingress');
  expect(output).toContain('- name: registry-credentials');

  // A type error in the consumer is caught by the published declarations.
  fs.writeFileSync(path.join(project, 'chart.ts'), `
import { WebService } from 'cdk8s-platform-kit';
import { Chart, Testing } from 'cdk8s';
new WebService(new Chart(Testing.app(), 'c'), 'x', { container: { image: 1 } });
`);
  let errors = '';
  try {
    execFileSync(process.execPath, [TSC, '-p', project], { cwd: project, encoding: 'utf-8' });
  } catch (error) {
    errors = String((error as { stdout?: string }).stdout);
  }
  expect(errors).toMatch(/chart\.ts.*Type 'number' is not assignable to type 'string'/);
});

test('nothing in lib/ depends on apps/', () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(file);
      } else if (/from '(\.\.\/)+apps\//.test(fs.readFileSync(file, 'utf-8'))) {
        offenders.push(file);
      }
    }
  };
  walk(path.join(ROOT, 'lib'));
  expect(offenders).toEqual([]);
});
