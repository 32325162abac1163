// Regenerates imports/k8s.ts as `cdk8s import k8s@1.27.0` would, from the
// vendored schema instead of the network (unreachable in CI), with one
// change: the converters drop undefined values in one loop. cdk8s-cli's
// `Object.entries(result).reduce((r, i) => ({ ...r, [k]: v }), {})` copies
// the object once per key: at 10,000 services the workloads' converters
// were a tenth of all memory allocated, and the GC time that goes with it.
// Same keys, same order, same values.
// Run with `npm run import:k8s`; never edit k8s.ts by hand.
import * as fs from 'fs';
import * as path from 'path';

const SCHEMA = path.join('imports', 'k8s-1.27.0-definitions.json');

// cdk8s-cli exports no public API for imports: load its modules by path.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cli = (file: string) => require(path.resolve('node_modules', 'cdk8s-cli', 'lib', file));

const util = cli('util.js');
util.download = async () => fs.readFileSync(SCHEMA, 'utf-8');
const { ImportKubernetesApi } = cli('import/k8s.js');

const GENERATED_FILTER = '  return Object.entries(result).reduce((r, i) => (i[1] === undefined) ? r : ({ ...r, [i[0]]: i[1] }), {});\n';
const LINEAR_FILTER = [
  '  const json: Record<string, any> = {};',
  '  for (const key in result) {',
  '    const value = (result as Record<string, any>)[key];',
  '    if (value !== undefined) { json[key] = value; }',
  '  }',
  '  return json;',
  '',
].join('\n');

new ImportKubernetesApi({ apiVersion: '1.27.0' })
  .import({ outdir: 'imports', targetLanguage: 'typescript' })
  .then(() => {
    const file = path.join('imports', 'k8s.ts');
    const generated = fs.readFileSync(file, 'utf-8');
    const count = generated.split(GENERATED_FILTER).length - 1;
    if (count === 0) {
      throw new Error(`${file}: cdk8s-cli no longer writes the filter this script replaces; check the converters by hand`);
    }
    fs.writeFileSync(file, generated.split(GENERATED_FILTER).join(LINEAR_FILTER));
    console.log(`imports/k8s.ts generated from ${SCHEMA} (${count} converters with the linear filter)`);
  });
