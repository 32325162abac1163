// Per-phase cost of one app of the benchmark (profiling aid, robust to a busy
// machine: the fastest of ROUNDS runs of each phase):
// node build/bench-phases.js SERVICES ROUNDS. Prints ms per phase.
import { Chart, Testing } from 'cdk8s';
import { collectChart } from '../../lib/synth/collect';
import { sortForApply } from '../../lib/synth/order';
import { toYaml } from '../../lib/synth/serialize';
import { SchemaValidator } from '../../lib/validation/schema';
import { validateContents } from '../../lib/validation/validate';
import { benchProjectOf } from './bench-project-def';

const [services, rounds] = process.argv.slice(2).map(Number);
const project = benchProjectOf({ n: services, apps: 1, changeFirstApp: false }) as unknown as {
  props: { apps: Array<{ build: (c: Chart, e: unknown) => void }>; environments: unknown[] };
};
const best: Record<string, number> = {};
const time = <T>(phase: string, f: () => T): T => {
  const started = performance.now();
  const result = f();
  best[phase] = Math.min(best[phase] ?? Infinity, performance.now() - started);
  return result;
};
const schema = SchemaValidator.shared();
for (let r = 0; r < rounds; r++) {
  const chart = time('build', () => {
    const c = new Chart(Testing.app(), 'app-0-bench', { namespace: 'bench' });
    project.props.apps[0].build(c, project.props.environments[0]);
    return c;
  });
  const contents = time('collect (render)', () => collectChart(chart, false));
  time('validate', () => validateContents(contents, schema, { app: 'app-0', environment: 'bench' }));
  time('order + yaml', () => toYaml(sortForApply(contents.records).map((rec) => rec.object)));
}
for (const [phase, ms] of Object.entries(best)) {
  console.log(`${phase.padEnd(18)} ${ms.toFixed(0).padStart(6)} ms`);
}
