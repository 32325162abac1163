// Regenerates imports/k8s.ts exactly as `cdk8s import k8s@1.27.0` would,
// from the vendored schema instead of the network (unreachable in CI).
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

new ImportKubernetesApi({ apiVersion: '1.27.0' })
  .import({ outdir: 'imports', targetLanguage: 'typescript' })
  .then(() => console.log(`imports/k8s.ts generated from ${SCHEMA}`));
