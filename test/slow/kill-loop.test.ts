import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildSync } from 'esbuild';
import { readTree } from '../../lib/synth/output-dir';

// SIGKILL a real `synth --secrets` (a child process over a small project) at
// random moments, alternating between two versions of the output, and check
// after each kill: the output is exactly the old or the new tree, and no
// credential is anywhere git would stage.

const REPO = path.join(__dirname, '../..');
const KILLS_PER_MODE = 20;
const PASSWORDS = ['pw-variant-0-7f3a', 'pw-variant-1-9c1e'];

let root: string;
let scratch: string;
let bundle: string;

const ENTRY = `
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Environment, Project, RegistryCredentials, RegistryPullSecret, runCli } from ${JSON.stringify(path.join(REPO, 'lib'))};
const variant = process.env.VARIANT ?? '0';
const project = new Project({
  environments: Environment.all('dev', 'stg', 'prd'),
  apps: Array.from({ length: 6 }, (_, i) => ({
    name: 'app' + i,
    build: (chart: Chart) => {
      new RegistryPullSecret(chart, 'pull', { name: 'pull-' + i, server: 'registry.example.com', credentials: RegistryCredentials.fromEnvironment() });
      new kplus.ConfigMap(chart, 'config', { metadata: { name: 'config-' + i }, data: { variant, filler: 'x'.repeat(20000) } });
    },
  })),
});
process.exitCode = runCli(project, process.argv.slice(2));
`;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kill-loop-'));
  root = path.join(scratch, 'repo');
  fs.mkdirSync(root);
  spawnSync('git', ['init', '-q', root]);
  fs.writeFileSync(path.join(root, '.gitignore'), '.secrets/\n');
  fs.writeFileSync(path.join(root, 'package.json'), '{}');
  fs.writeFileSync(path.join(scratch, 'entry.ts'), ENTRY);
  bundle = path.join(scratch, 'synth.js');
  buildSync({ entryPoints: [path.join(scratch, 'entry.ts')], bundle: true, platform: 'node', packages: 'external', outfile: bundle, logLevel: 'warning' });
});

afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

function env(variant: number, mode: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_PATH: path.join(REPO, 'node_modules'),
    CDK8S_PLATFORM_KIT_CACHE: path.join(scratch, 'cache'),
    SYNTH_ATOMIC_EXCHANGE: mode,
    VARIANT: String(variant),
    REGISTRY_USERNAME: 'robot',
    REGISTRY_PASSWORD: PASSWORDS[variant],
    CI: 'true',
  };
}

function synth(variant: number, mode: string): void {
  const result = spawnSync(process.execPath, [bundle, '--secrets', '-q'], { cwd: root, env: env(variant, mode), encoding: 'utf-8' });
  // After a kill, the run first says what it finished or removed of the killed one.
  for (const line of result.stderr.split('\n').filter(Boolean)) {
    expect(line).toMatch(/^synth: (finished the replacement of|removed the incomplete staging)/);
  }
  expect(result.status).toBe(0);
}

function snapshot() {
  const tree = (dir: string) => (fs.existsSync(path.join(root, dir)) ? [...readTree(path.join(root, dir))].sort().join('\n\0') : 'missing');
  return { dist: tree('dist'), secrets: tree('.secrets') };
}

/** Moments of a run to time a kill from. */
const MARKS = {
  /** The output's lock is taken: recovery, scan, git check-ignore, staging and swap follow. */
  lock: ['.dist.synth/lock'],
  /** Staging has begun: credentials and manifests are being written, then committed and swapped. */
  staging: ['.secrets.synth/new', '.dist.synth/new'],
};
type Mark = keyof typeof MARKS;

/**
 * Run synth; `delay` ms after `mark`, SIGKILL it (or let it end when `delay`
 * is undefined). Resolves with the milliseconds from each mark to the exit.
 */
function runAndKill(variant: number, mode: string, mark: Mark, delay?: number): Promise<Record<Mark, number>> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(process.execPath, [bundle, '--secrets', '-q'], { cwd: root, env: env(variant, mode), stdio: 'ignore' });
    const seen: Partial<Record<Mark, number>> = {};
    let timer: NodeJS.Timeout | undefined;
    const poll = setInterval(() => {
      for (const name of Object.keys(MARKS) as Mark[]) {
        if (seen[name] === undefined && MARKS[name].some((f) => fs.existsSync(path.join(root, f)))) {
          seen[name] = Date.now();
          if (name === mark && delay !== undefined) {
            timer = setTimeout(() => child.kill('SIGKILL'), delay);
          }
        }
      }
    }, 1);
    child.on('exit', () => {
      clearInterval(poll);
      clearTimeout(timer);
      const now = Date.now();
      resolve({ lock: now - (seen.lock ?? now), staging: now - (seen.staging ?? now) });
    });
  });
}

/** A deterministic pseudo-random sequence (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(['on', 'off'])('SIGKILL at random moments (atomic exchange %s)', (mode) => {
  test('the output is always exactly the old or the new tree, and git never sees a credential', async () => {
    synth(0, mode);
    const trees = [snapshot()];
    synth(1, mode);
    trees.push(snapshot());
    expect(trees[0].dist).not.toBe(trees[1].dist);
    expect(trees[0].secrets).not.toBe(trees[1].secrets);

    // How long the phases take here: half the kills land between the lock and the end, half
    // between the start of staging and the end, each up to 20% past the measured end.
    const phase = { lock: 0, staging: 0 };
    for (let i = 0; i < 3; i++) {
      const measured = await runAndKill(i % 2, mode, 'lock');
      phase.lock = Math.max(phase.lock, measured.lock);
      phase.staging = Math.max(phase.staging, measured.staging);
    }
    let current = 0;
    synth(current, mode);
    const next = random(mode === 'on' ? 1 : 2);
    const outcomes = { old: 0, new: 0, recovered: 0, heldLock: 0 };
    for (let i = 0; i < KILLS_PER_MODE; i++) {
      const variant = 1 - current;
      const mark: Mark = i % 2 ? 'staging' : 'lock';
      await runAndKill(variant, mode, mark, Math.round(phase[mark] * 1.2 * next()));
      const work = ['.dist.synth', '.secrets.synth'].flatMap((w) => (fs.existsSync(path.join(root, w)) ? fs.readdirSync(path.join(root, w)) : []));
      outcomes.heldLock += work.includes('lock') ? 1 : 0;
      let after = snapshot();
      const missing = (['dist', 'secrets'] as const).filter((k) => after[k] === 'missing');
      if (missing.length && mode === 'off') {
        // Killed between the two renames of a folder (a window of microseconds): its journal says
        // the new tree is complete, and the next run, whatever its options, finishes the swap first.
        for (const k of missing) {
          expect(fs.existsSync(path.join(root, k === 'dist' ? '.dist.synth/journal' : '.secrets.synth/journal'))).toBe(true);
        }
        spawnSync(process.execPath, [bundle, '--check'], { cwd: root, env: env(variant, mode) });
        after = snapshot();
        for (const k of missing) {
          expect({ [k]: after[k] }).toEqual({ [k]: trees[variant][k] });
        }
        outcomes.recovered++;
      }
      const state = (k: 'dist' | 'secrets') => (after[k] === trees[current][k] ? 'old' : after[k] === trees[variant][k] ? 'new' : after[k] === 'missing' ? 'missing' : 'other');
      expect(['old', 'new']).toContain(state('dist'));
      expect(['old', 'new']).toContain(state('secrets'));
      // Whatever git would add (untracked, not ignored) holds no password.
      const visible = spawnSync('git', ['ls-files', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf-8' }).stdout.split('\0').filter(Boolean);
      for (const file of visible) {
        const text = fs.readFileSync(path.join(root, file), 'utf-8');
        for (const password of PASSWORDS) {
          expect(text).not.toContain(password);
          expect(text).not.toContain(Buffer.from(`robot:${password}`).toString('base64'));
        }
      }
      expect(visible.every((f) => f.startsWith('dist/') || f === '.gitignore' || f === 'package.json')).toBe(true);
      if (after.dist === trees[variant].dist) {
        outcomes.new++;
        current = variant;
      } else {
        outcomes.old++;
      }
    }
    // The next run cleans up whatever a kill left: only the .gitignore stays in the work folders.
    synth(current, mode);
    for (const work of ['.dist.synth', '.secrets.synth']) {
      expect(fs.readdirSync(path.join(root, work))).toEqual(['.gitignore']);
    }
    expect(outcomes.old + outcomes.new).toBe(KILLS_PER_MODE);
    // The kills landed in the write phase (the lock was held), not only in start-up.
    expect(outcomes.heldLock).toBeGreaterThan(0);
  }, 300_000);
});

test('two runs at once: the second waits for the first\'s lock, both succeed, the output is one whole tree', async () => {
  synth(0, 'on');
  const trees = [snapshot()];
  synth(1, 'on');
  trees.push(snapshot());
  const exits = await Promise.all([0, 1].map((variant) => new Promise<number | null>((resolve) => {
    spawn(process.execPath, [bundle, '--secrets', '-q'], { cwd: root, env: env(variant, 'on'), stdio: 'ignore' }).on('exit', resolve);
  })));
  expect(exits).toEqual([0, 0]);
  const after = snapshot();
  expect(trees.some((t) => t.dist === after.dist && t.secrets === after.secrets)).toBe(true);
  for (const work of ['.dist.synth', '.secrets.synth']) {
    expect(fs.readdirSync(path.join(root, work))).toEqual(['.gitignore']);
  }
}, 120_000);
