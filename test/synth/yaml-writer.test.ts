import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { defineProject } from '../../apps/project';
import { drainToYaml, parseYaml, toYaml } from '../../lib/synth/serialize';
import { documentedDifference, writeYamlDocument, YamlWriteError } from '../../lib/synth/yaml-writer';
import { fuzzObjects, prng } from '../yaml-readback/fuzz';

const project = defineProject();

// js-yaml (a devDependency, for this test only) has no bundled types.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const jsYaml: { load(text: string): unknown } = require('js-yaml');

// The writer against `yaml`'s stringify, which wrote synth's YAML before it:
// byte-identical output but for the documented differences (the header of
// lib/synth/yaml-writer.ts), and every string read back as itself by yaml
// 1.1, yaml 1.2 and js-yaml. test/yaml-readback/readback.test.ts reads the
// same objects with kubectl's parser.

const ROOT = path.join(__dirname, '..', '..');
const OLD_OPTIONS = { lineWidth: 0, version: '1.1' as const };
const old = (object: unknown) => YAML.stringify(object, OLD_OPTIONS);

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? yamlFiles(full) : entry.name.endsWith('.yaml') ? [full] : [];
  });
}

/** Every object of dist/, of the apps as synthesized now, and of the documented fixtures. */
function corpus(): Array<[string, Record<string, unknown>]> {
  const objects: Array<[string, Record<string, unknown>]> = [];
  for (const file of yamlFiles(path.join(ROOT, 'dist'))) {
    parseYaml(fs.readFileSync(file, 'utf-8')).forEach((o, i) => objects.push([`${path.relative(ROOT, file)}#${i}`, o as any]));
  }
  for (const file of project.synth().files) {
    parseYaml(file.content).forEach((o, i) => objects.push([`synth ${file.path}#${i}`, o as any]));
  }
  // kubectl's own output (test/fixtures/reference) carries
  // `creationTimestamp: null`, which the writer refuses: those are left out.
  for (const file of yamlFiles(path.join(ROOT, 'test', 'fixtures'))) {
    parseYaml(fs.readFileSync(file, 'utf-8'))
      .filter((o) => !JSON.stringify(o).includes(':null'))
      .forEach((o, i) => objects.push([`${path.relative(ROOT, file)}#${i}`, o as any]));
  }
  return objects;
}

/** Every key and string value in `value`. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  if (Array.isArray(value)) {
    return value.flatMap(strings);
  }
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  }
  return [];
}

/** `value` without the keys, items and values that hold a documented difference. */
function withoutDifferences(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.filter((item) => !(typeof item === 'string' && documentedDifference(item))).map(withoutDifferences);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k, v]) => !documentedDifference(k) && !(typeof v === 'string' && documentedDifference(v)))
        .map(([k, v]) => [k, withoutDifferences(v)]),
    );
  }
  return value;
}

/**
 * Fails unless the two writers agree on `object`, or disagree only because
 * of strings with a documented difference: then they agree once those are
 * left out.
 */
function expectSameButDocumented(name: string, object: Record<string, unknown>): boolean {
  const written = writeYamlDocument(object);
  if (written === old(object)) {
    return false;
  }
  const documented = strings(object).filter((s) => documentedDifference(s));
  expect({ name, documented: documented.length > 0 }).toEqual({ name, documented: true });
  const rest = withoutDifferences(object) as Record<string, unknown>;
  expect({ name, yaml: writeYamlDocument(rest) }).toEqual({ name, yaml: old(rest) });
  return true;
}

/** JSON's view of a value: what the API server gets (-0 is 0). */
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));

const READERS: Array<[string, (text: string) => unknown]> = [
  ['yaml 1.1', (text) => YAML.parse(text, { version: '1.1' })],
  ['yaml 1.2', (text) => YAML.parse(text, { version: '1.2' })],
  ['js-yaml', (text) => jsYaml.load(text)],
];

describe('the corpus: dist/, the synthesized apps and the documented fixtures', () => {
  const objects = corpus();

  test('has the objects of every app', () => {
    expect(objects.length).toBeGreaterThan(100);
  });

  test('is written byte for byte as yaml wrote it, but for documented differences', () => {
    const differing = objects.filter(([name, object]) => expectSameButDocumented(name, object));
    // Today no object of the corpus holds such a string: dist/ did not change.
    expect(differing.map(([name]) => name)).toEqual([]);
  });

  test.each(READERS)('reads back identically with %s', (_reader, read) => {
    for (const [name, object] of objects) {
      expect({ name, object: asJson(read(writeYamlDocument(object))) }).toEqual({ name, object: asJson(object) });
    }
  });
});

describe('strings that yaml wrote ambiguously: the documented differences', () => {
  describe.each([
    // [string, what yaml wrote, what the writer writes]
    ['0o17', 'a: 0o17\n', 'a: "0o17"\n'],
    ['0O17', 'a: 0O17\n', 'a: "0O17"\n'],
    ['0X1F', 'a: 0X1F\n', 'a: "0X1F"\n'],
    ['0B101', 'a: 0B101\n', 'a: "0B101"\n'],
    ['-0o17', 'a: -0o17\n', 'a: "-0o17"\n'],
    ['+0o17', 'a: +0o17\n', 'a: "+0o17"\n'],
    ['0o1_7', 'a: 0o1_7\n', 'a: "0o1_7"\n'],
    ['1e_3', 'a: 1e_3\n', 'a: "1e_3"\n'],
    ['-_1', 'a: -_1\n', 'a: "-_1"\n'],
    ['2001-01-02 03:04:05,5', 'a: 2001-01-02 03:04:05,5\n', 'a: "2001-01-02 03:04:05,5"\n'],
    ['<<', 'a: <<\n', 'a: "<<"\n'],
    ['=', 'a: =\n', 'a: "="\n'],
    ['line\u2028separator', 'a: line\u2028separator\n', 'a: "line\\Lseparator"\n'],
    ['para\u2029separator', 'a: para\u2029separator\n', 'a: "para\\Pseparator"\n'],
    ['next\u0085line', 'a: "next\u0085line"\n', 'a: "next\\Nline"\n'],
    ['del\u007f', 'a: "del\u007f"\n', 'a: "del\\x7f"\n'],
    ['c1\u009b', 'a: "c1\u009b"\n', 'a: "c1\\x9b"\n'],
    ['bom\ufeff', 'a: bom\ufeff\n', 'a: "bom\\uFEFF"\n'],
    ['non\ufffe', 'a: non\ufffe\n', 'a: "non\\uFFFE"\n'],
    ['\tindented\nblock', 'a: |-\n  \tindented\n  block\n', 'a: "\\tindented\\nblock"\n'],
    [' \n', 'a: |+\n   \n', 'a: "\\ \\n"\n'],
    ['\n \n', 'a: |+\n  \n   \n', 'a: "\\n\\ \\n"\n'],
  ])('%j', (value, before, after) => {
    test('yaml wrote it so', () => {
      expect(old({ a: value })).toBe(before);
    });
    test('the writer quotes or escapes it, and says why', () => {
      expect(writeYamlDocument({ a: value })).toBe(after);
      expect(documentedDifference(value)).toEqual(expect.any(String));
    });
    test('as a key too', () => {
      const written = writeYamlDocument({ [value]: 'v' });
      for (const [, read] of READERS) {
        expect(read(written)).toEqual({ [value]: 'v' });
      }
    });
  });
});

describe('edge cases written exactly as yaml writes them', () => {
  describe.each([
    ['y', 'n', 'Yes', 'NO', 'on', 'Off', 'true', 'False', 'TRUE', '~', 'null', 'Null', 'NULL', ''],
    ['0', '1', '-1', '+1', '0777', '0x1F', '0b101', '1_000', '1:20', '190:20:30.15', '1e3', '1E3', '1.', '.5', '.', '.inf', '-.Inf', '.NaN', '1e+21'],
    ['2001-12-14', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10'],
    [' leading', 'trailing ', 'a: b', 'a #b', 'a#b', '-', '?', '- a', '? a', ':a', 'a:', '#', '&a', '*a', '!a', '|', '>', "'", '"', '%', '@', '`', '[', ']', '{', '}', ',a'],
    ['---', '...', '--- a', 'a\n---\nb', "it's", 'say "hi"', `both ' and "`],
    ['a\nb', 'a\nb\n', 'a\nb\n\n', '\n', '\n\n', '  lead\nb', 'trail \nb', 'a\n  \n', 'a\n\tb', `${'x'.repeat(45)}\n  y \n`, `${'x'.repeat(45)}\ty\n\t`],
    ['tab\tinside', 'ctrl\u0001', 'cr\r\nlf', 'nul\u0000', 'esc\u001b', 'nbsp\u00a0', 'emoji 😀', 'wide 中文', 'tilde~', '0b', '0x', 'yes!', 'true1', 'tRue', 'YeS'],
  ].map((group) => [group.map((s) => JSON.stringify(s)).join(' '), group]))('%s', (_name, group) => {
    test.each(group as string[])('%j as a value and as a key', (value) => {
      for (const object of [{ a: value }, { [value]: 1 }, { list: [value, { [value]: value }], deep: { [value]: [value] } }]) {
        expect(writeYamlDocument(object)).toBe(old(object));
      }
    });
  });

  test.each([
    ['numbers', { a: 0, b: -0, c: 1.5, d: -2, e: 1e21, f: 1.5e-7, g: 2 ** 53 + 2, h: 1e300 }],
    ['booleans', { a: true, b: false }],
    ['empty collections', { a: {}, b: [], c: [[], {}], d: { e: {} } }],
    ['nested lists', { a: [[1, [2, 3]], [{ b: [4] }]] }],
    ['undefined values are left out', { a: undefined, b: 1, c: { d: undefined } }],
    ['an empty document', {}],
    ['integer-like keys first, as JavaScript orders them', { b: 1, 2: 'two', a: 3, 1: 'one' }],
    ['a key of 1030 characters is explicit', { ['k'.repeat(1030)]: 'v', list: [{ ['k'.repeat(1030)]: { a: 1 } }] }],
  ])('%s', (_name, object) => {
    expect(writeYamlDocument(object)).toBe(old(object));
  });
});

test('an object met twice in one document is written in full both times, where yaml wrote an anchor and an alias', () => {
  const labels = { app: 'web' };
  const object = { metadata: { labels }, spec: { template: { metadata: { labels } } } };
  expect(old(object)).toBe('metadata:\n  labels: &a1\n    app: web\nspec:\n  template:\n    metadata:\n      labels: *a1\n');
  expect(writeYamlDocument(object)).toBe('metadata:\n  labels:\n    app: web\nspec:\n  template:\n    metadata:\n      labels:\n        app: web\n');
  for (const [, read] of READERS) {
    expect(read(writeYamlDocument(object))).toEqual(read(old(object)));
  }
});

describe('fails on what is not part of a Kubernetes object', () => {
  test.each([
    ['null', { metadata: { name: null } }, 'metadata.name: null is not part of a Kubernetes object'],
    ['a Date', { spec: { at: new Date(0) } }, 'spec.at: an object of class Date is not part of a Kubernetes object'],
    ['a Map', { data: new Map() }, 'data: an object of class Map is not part of a Kubernetes object'],
    ['a class instance', { spec: new (class Port {})() }, 'spec: an object of class Port is not part of a Kubernetes object'],
    ['a function', { spec: { f: () => 1 } }, 'spec.f: function'],
    ['a bigint', { spec: { n: BigInt(1) } }, 'spec.n: bigint 1 is not part of a Kubernetes object'],
    ['a symbol', { spec: { s: Symbol('s') } }, 'spec.s: symbol'],
    ['NaN', { spec: { replicas: NaN } }, 'spec.replicas: NaN is not a number JSON (and so Kubernetes) can hold'],
    ['Infinity', { spec: { replicas: -Infinity } }, 'spec.replicas: -Infinity is not a number JSON'],
    ['an undefined list item', { spec: { args: ['a', undefined] } }, 'spec.args[1]: a list item is undefined'],
    ['a bad value in a list of maps', { spec: { containers: [{ name: 'a' }, { name: 'b', ports: [[{ port: NaN }]] }] } }, 'spec.containers[1].ports[0][0].port: NaN'],
    ['a lone surrogate in a value', { data: { k: 'a\ud800b' } }, 'data.k: the string "a\\ud800b" holds a lone UTF-16 surrogate'],
    ['a lone surrogate in a key', { data: { ['\udc00']: 'v' } }, 'holds a lone UTF-16 surrogate'],
    ['a circular structure', (() => { const o: any = { spec: {} }; o.spec.self = o; return o; })(), 'nested more than 500 levels deep: a circular structure?'],
    ['a list as the document', [], '(document): object [] is not part of a Kubernetes object'.replace('object []', 'an object of class Array')],
  ])('fails on %s', (_name, object, message) => {
    expect(() => writeYamlDocument(object as object)).toThrow(YamlWriteError);
    expect(() => writeYamlDocument(object as object)).toThrow(message);
  });

  test('fails before writing anything: drainToYaml throws, toYaml leaves its input alone', () => {
    const objects = [{ apiVersion: 'v1', kind: 'ConfigMap' }, { kind: 'Bad', spec: { replicas: NaN } }] as any[];
    expect(() => toYaml(objects)).toThrow('spec.replicas');
    expect(objects).toHaveLength(2);
  });
});

describe('toYaml and drainToYaml', () => {
  const objects = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'dev' }, data: { 'on': 'yes', '0o17': '0o17' } },
  ];

  test('one document per object after a header comment, as before', () => {
    expect(toYaml(objects, 'header')).toBe(`# header\n${objects.map(old).join('---\n')}`.replace('0o17: 0o17', '"0o17": "0o17"'));
    expect(toYaml(objects)).toBe(objects.map(old).join('---\n').replace('0o17: 0o17', '"0o17": "0o17"'));
    expect(toYaml([])).toBe('');
  });

  test('drainToYaml empties its input and parseYaml reads the stream back', () => {
    const input = objects.map((o) => ({ ...o }));
    const text = drainToYaml(input, 'h');
    expect(input).toHaveLength(0);
    expect(parseYaml(text)).toEqual(objects);
  });
});

describe('fuzz: random strings and keys from the dangerous alphabet (seeded)', () => {
  const objects = fuzzObjects(20261123, 3000);

  test('written as yaml wrote them, but for documented differences', () => {
    let differing = 0;
    objects.forEach((object, i) => {
      differing += expectSameButDocumented(`fuzz #${i}`, object) ? 1 : 0;
    });
    // The alphabet is meant to hit the documented differences often.
    expect(differing).toBeGreaterThan(100);
  });

  test('name-like strings (letters, digits, `._/-`: the fast path) are written as yaml writes them', () => {
    const random = prng(7);
    const alphabet = 'aeEyYnNoOfFtTlLuUsSrRx0189._/-';
    for (let i = 0; i < 2000; i++) {
      let value = '';
      for (let n = 1 + Math.floor(random() * 6); n > 0; n--) {
        value += alphabet[Math.floor(random() * alphabet.length)];
      }
      const object = { [value]: value, list: [value] };
      expect({ value, yaml: writeYamlDocument(object) }).toEqual({ value, yaml: documentedDifference(value) ? writeYamlDocument(object) : old(object) });
    }
  });

  test.each(READERS)('every object reads back identically with %s', (_reader, read) => {
    objects.forEach((object, i) => {
      const text = writeYamlDocument(object);
      let back: unknown;
      try {
        back = asJson(read(text));
      } catch (error) {
        back = `fails: ${(error as Error).message}`;
      }
      expect({ i, text, back }).toEqual({ i, text, back: asJson(object) });
    });
  });
});
