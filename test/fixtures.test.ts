import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { defineProject } from '../apps/project';
import { parseYaml } from '../lib/synth/serialize';
import { KubeObject } from '../lib/validation/manifest';

const project = defineProject();

// Every manifest of the users' documentation (copied from shared/fixtures)
// must be met by the documented-examples app: the synthesized object of the
// same kind and name carries every field and value the fixture shows.

const FIXTURES = path.join(__dirname, 'fixtures', 'documented');

// Fragments show part of a pod spec or controller spec without a kind: this
// is the object of the example that carries them.
const FRAGMENT_KIND: Record<string, string> = {
  '15-fragment-command-args.yaml': 'Pod',
  '16-fragment-host-aliases.yaml': 'Pod',
  '19-fragment-resources-secret-env.yaml': 'Pod',
  '22-fragment-rolling-update.yaml': 'Deployment',
};

/** Every place where `actual` does not carry what `expected` shows. Arrays must match element by element. */
function mismatches(expected: unknown, actual: unknown, at: string): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return [`${at}: expected ${expected.length} item(s), got ${JSON.stringify(actual)}`];
    }
    return expected.flatMap((item, i) => mismatches(item, actual[i], `${at}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') {
      return [`${at}: expected an object, got ${JSON.stringify(actual)}`];
    }
    return Object.entries(expected).flatMap(([key, value]) => mismatches(value, (actual as any)[key], at ? `${at}.${key}` : key));
  }
  return expected === actual ? [] : [`${at}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.yaml')).sort();
const result = project.synth();
const examples = parseYaml(result.files.find((f) => f.path === 'dev/documented-examples.k8s.yaml')!.content);

test('there are 22 documented manifests and the app synthesizes without findings', () => {
  expect(files).toHaveLength(22);
  expect(result.findings.filter((f) => f.app === 'documented-examples')).toEqual([]);
});

describe.each(files)('%s', (file) => {
  const fixture = YAML.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf-8')) as KubeObject;
  const namespace = `example-${file.slice(0, 2)}`;
  const kind = fixture.kind ?? FRAGMENT_KIND[file];
  const name = fixture.metadata?.name;

  test(`is met by the ${kind}${name ? ` ${name}` : ''} of namespace ${namespace}`, () => {
    const candidates = examples.filter((o) => o.kind === kind && o.metadata?.namespace === namespace && (!name || o.metadata?.name === name));
    expect(candidates).toHaveLength(1);
    expect(mismatches(fixture, candidates[0], '')).toEqual([]);
  });
});

test('the subset comparison itself catches a wrong value, a missing field and a short list', () => {
  expect(mismatches({ a: { b: 1 } }, { a: { b: 2 } }, '')).toEqual(['a.b: expected 1, got 2']);
  expect(mismatches({ a: 'x' }, {}, '')).toEqual(['a: expected "x", got undefined']);
  expect(mismatches({ l: [1, 2] }, { l: [1] }, '')).toEqual(['l: expected 2 item(s), got [1]']);
  expect(mismatches({ cpu: 2 }, { cpu: '2' }, '')).toEqual(['cpu: expected 2, got "2"']);
});
