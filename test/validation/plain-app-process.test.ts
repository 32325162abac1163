import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildSync } from 'esbuild';

// A team repo's own cdk8s app, run the way `cdk8s synth` runs it: a node
// process calling `app.synth()`. The app file is bundled with esbuild (as
// npm run synth does) and run in a child process; its exit code and stderr
// are what a pipeline sees.

const ROOT = path.join(__dirname, '..', '..');
let work: string;
let bundle: string;

const APP = `
import { App, Chart } from 'cdk8s';
import { WebService } from ${JSON.stringify(path.join(ROOT, 'lib'))};

const [outdir, scenario] = process.argv.slice(2);
const app = new App({ outdir });
const chart = new Chart(app, 'shop', { namespace: 'shop' });
if (scenario === 'bad') {
  new WebService(chart, 'web', { container: { image: 'web:1.0.0' }, ports: [{ port: 70000 }], replicas: -3 });
} else if (scenario === 'warning') {
  new WebService(chart, 'web', { container: { image: 'web' } });
} else {
  new WebService(chart, 'web', { container: { image: 'web:1.0.0' } });
}
app.synth();
`;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'plain-app-'));
  fs.writeFileSync(path.join(work, 'main.ts'), APP);
  bundle = path.join(work, 'main.js');
  buildSync({ entryPoints: [path.join(work, 'main.ts')], bundle: true, platform: 'node', packages: 'external', outfile: bundle, logLevel: 'warning' });
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

function run(scenario: string): { status: number | null; stderr: string; files: string[]; outdir: string } {
  const outdir = path.join(work, `dist-${scenario}`);
  // The bundle leaves cdk8s and friends external: they load from the repo's node_modules.
  const result = spawnSync(process.execPath, [bundle, outdir, scenario], {
    cwd: ROOT,
    encoding: 'utf-8',
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules') },
  });
  return { status: result.status, stderr: result.stderr, files: fs.existsSync(outdir) ? fs.readdirSync(outdir) : [], outdir };
}

test('fails app.synth() of bad input with exit code 1, every finding on stderr, nothing written', () => {
  const { status, stderr, files } = run('bad');
  expect(status).toBe(1);
  expect(stderr).toContain('Validation failed with the following errors:');
  expect(stderr).toContain('[shop] error [port-range] port 70000 is not an integer from 1 to 65535');
  expect(stderr).toContain('field:  spec.replicas = -3');
  // the bad port once (where it is declared) and the replica count
  expect(stderr.match(/\[shop\] error/g)).toHaveLength(2);
  expect(files).toEqual([]);
});

test('prints warnings and writes the output with exit code 0', () => {
  const { status, stderr, files } = run('warning');
  expect(status).toBe(0);
  expect(stderr).toContain('warning [image-tag] image "web" has no tag');
  expect(files).toEqual(['shop.k8s.yaml']);
});

test('writes a valid app with exit code 0 and nothing on stderr', () => {
  const { status, stderr, files, outdir } = run('good');
  expect(stderr).toBe('');
  expect(status).toBe(0);
  expect(files).toEqual(['shop.k8s.yaml']);
  expect(fs.readFileSync(path.join(outdir, 'shop.k8s.yaml'), 'utf-8')).toContain('kind: Deployment');
});
