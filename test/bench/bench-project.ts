// The benchmark's workload through the library: what `npm run synth` of a
// team's repository does, as a bundle of its own (build/bench-project.js).
import { runCli } from '../../lib';
import { benchProjectOf } from './bench-project-def';

/** The library's project: one environment, `apps` apps. */
export const benchProject = benchProjectOf;

// node build/bench-project.js N APPS CHANGE -- <synth options>
const [n, apps, change] = process.argv.slice(2, 5);
if (!(Number(n) >= 0 && Number(apps) > 0 && process.argv.includes('--outdir'))) {
  // Without an output folder the project's default (dist/) would be replaced by the benchmark's.
  process.stderr.write('usage: node build/bench-project.js N APPS CHANGE(0|1) -- --outdir DIR [synth options]\n');
  process.exit(2);
}
process.exitCode = runCli(benchProject({ n: Number(n), apps: Number(apps), changeFirstApp: change === '1' }), process.argv.slice(6));
