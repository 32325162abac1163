import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { GeneratedApps, inputObjects, roundTripProblems, synthGenerated } from './round-trip';

const ROOT = path.join(__dirname, '..', '..');
const documented = fs.readdirSync(path.join(ROOT, 'test/fixtures/documented')).filter((f) => f.endsWith('.yaml')).map((f) => `test/fixtures/documented/${f}`);
// Every environment folder of dist/ (dist/.synth-output is synth's ownership marker, a file).
const dist = fs.readdirSync(path.join(ROOT, 'dist'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).flatMap((env) => fs.readdirSync(path.join(ROOT, 'dist', env))
  .filter((f) => f.endsWith('.k8s.yaml'))
  .map((f) => `dist/${env}/${f}`));

describe('import round trip: import, write the app, synth it, compare field by field', () => {
  let apps: GeneratedApps;
  const generated: string[] = [];
  beforeAll(() => {
    apps = new GeneratedApps();
  });
  afterAll(() => apps.cleanup());

  // What reviewers imported: a kubectl List (Deployment, Service with a named
  // targetPort, ConfigMap, pull secret) and a helm pod with no securityContext.
  const adopted = ['test/fixtures/adopt/kubectl-list-named-port.yaml', 'test/fixtures/adopt/helm-insecure-pod.yaml'];

  test.each([...documented, ...dist, ...adopted])('%s', (relative) => {
    const file = path.join(ROOT, relative);
    const input = inputObjects(file);
    const { result, file: app } = apps.import([file]);
    generated.push(app);
    const output = synthGenerated(app, result);
    expect(roundTripProblems(input, output, result, result.namespace ?? result.environment)).toEqual([]);
    // Everything that is an object is accounted for: written back, or skipped with a reason.
    expect(result.notes.filter((n) => n.as !== 'skipped')).toHaveLength(input.filter((o) => o.metadata?.name).length);
  });

  test('every generated app compiles with the repository\'s strict settings', () => {
    expect(generated.length).toBeGreaterThan(0);
    const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
    const program = ts.createProgram(generated, { ...options, noEmit: true, types: ['node'] });
    const diagnostics = ts.getPreEmitDiagnostics(program)
      .filter((d) => d.file && generated.includes(d.file.fileName))
      .map((d) => `${d.file!.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diagnostics).toEqual([]);
  });
});
