// Time of each validation rule over the benchmark's objects (profiling aid:
// node build/bench-rules.js N APPS). Prints the rules that cost the most.
import { Chart, Testing } from 'cdk8s';
import { collectChart } from '../../lib/synth/collect';
import { Inventory } from '../../lib/validation/inventory';
import { RULES } from '../../lib/validation/rules';
import { SchemaValidator } from '../../lib/validation/schema';
import { benchProjectOf } from './bench-project-def';

const [n, apps] = process.argv.slice(2).map(Number);
const project = benchProjectOf({ n, apps, changeFirstApp: false }) as unknown as { props: { apps: Array<{ build: (c: Chart, e: unknown) => void }>; environments: unknown[] } };
const times = new Map<string, number>();
let schemaMs = 0;
let inventoryMs = 0;
const schema = SchemaValidator.shared();
for (const app of project.props.apps) {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'bench' });
  app.build(chart, project.props.environments[0]);
  const contents = collectChart(chart, false);
  let t = performance.now();
  const inventory = new Inventory(contents.records, contents.externals, contents.unrendered);
  inventoryMs += performance.now() - t;
  for (const record of contents.records) {
    t = performance.now();
    schema.validate(record.object);
    schemaMs += performance.now() - t;
    for (const rule of RULES) {
      t = performance.now();
      rule.check(record, inventory);
      times.set(rule.id, (times.get(rule.id) ?? 0) + performance.now() - t);
    }
  }
}
const all = [...times.values()].reduce((a, b) => a + b, 0);
console.log(`rules ${Math.round(all)} ms (${RULES.length}), schema ${Math.round(schemaMs)} ms, inventory ${Math.round(inventoryMs)} ms`);
for (const [id, ms] of [...times].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
  console.log(`${ms.toFixed(0).padStart(6)} ms  ${id}`);
}
