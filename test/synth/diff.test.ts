import * as YAML from 'yaml';
import { diffTrees, isEmpty, splitDocuments, TreeDiffer } from '../../lib/synth/diff';
import { formatDiff, style } from '../../lib/synth/report';

const deployment = (name: string, replicas: number, image = 'app:1') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: prd
spec:
  replicas: ${replicas}
  template:
    spec:
      containers:
        - name: main
          image: ${image}
`;

test('an identical tree has an empty diff', () => {
  const tree = new Map([['prd/a.k8s.yaml', deployment('a', 1)]]);
  expect(isEmpty(diffTrees(tree, new Map(tree)))).toBe(true);
});

test('names added, removed and changed objects, with every changed field', () => {
  const before = new Map([['prd/a.k8s.yaml', `${deployment('web', 2)}---\n${deployment('old', 1)}`]]);
  const after = new Map([['prd/a.k8s.yaml', `${deployment('web', 3, 'app:2')}---\n${deployment('new', 1)}`]]);
  const diff = diffTrees(before, after);
  expect(diff.added).toEqual([{ file: 'prd/a.k8s.yaml', object: 'Deployment prd/new' }]);
  expect(diff.removed).toEqual([{ file: 'prd/a.k8s.yaml', object: 'Deployment prd/old' }]);
  expect(diff.changed).toEqual([{
    file: 'prd/a.k8s.yaml',
    object: 'Deployment prd/web',
    fields: [
      { field: 'spec.replicas', before: 2, after: 3 },
      { field: 'spec.template.spec.containers[0].image', before: 'app:1', after: 'app:2' },
    ],
  }]);
});

test('objects of a new or deleted file are added or removed', () => {
  const diff = diffTrees(new Map([['dev/x.k8s.yaml', deployment('web-x', 1)]]), new Map([['dev/y.k8s.yaml', deployment('web-y', 1)]]));
  expect(diff.added.map((r) => r.object)).toEqual(['Deployment prd/web-y']);
  expect(diff.removed.map((r) => r.object)).toEqual(['Deployment prd/web-x']);
});

test('a text change without an object change (a comment) is reported as reformatted', () => {
  const diff = diffTrees(new Map([['a', deployment('a', 1)]]), new Map([['a', `# note\n${deployment('a', 1)}`]]));
  expect(diff.reformatted).toEqual(['a']);
  expect(isEmpty(diff)).toBe(false);
});

test('names are read as YAML 1.1, like kubectl: an unquoted y is a boolean', () => {
  const diff = diffTrees(new Map(), new Map([['a', deployment('y', 1)]]));
  expect(diff.added.map((r) => r.object)).toEqual(['Deployment prd/true']);
});

test('a file that no longer parses still shows as changed', () => {
  const diff = diffTrees(new Map([['a', 'key: [unclosed']]), new Map([['a', deployment('a', 1)]]));
  expect(diff.removed.map((r) => r.object)).toEqual(['(unparsable file)']);
  expect(diff.added.map((r) => r.object)).toEqual(['Deployment prd/a']);
});

describe('work proportional to what changed', () => {
  const configMap = (name: string, data: Record<string, string>) => YAML.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'prd' }, data }, { version: '1.1', lineWidth: 0 });
  const file = (docs: string[]) => `# header\n${docs.join('---\n')}`;
  const many = Array.from({ length: 200 }, (_, i) => configMap(`c${i}`, { k: String(i) }));

  test('a fresh output folder lists added objects without parsing anything', () => {
    const ids = many.map((_, i) => `ConfigMap prd/c${i}`);
    const diff = diffTrees(new Map(), new Map([['prd/a.k8s.yaml', { content: file(many), objects: ids }]]));
    expect(diff.added).toHaveLength(200);
    expect(diff.added[7]).toEqual({ file: 'prd/a.k8s.yaml', object: 'ConfigMap prd/c7' });
    expect(diff.parsedDocuments).toBe(0);
  });

  test('an unchanged file is compared as text, never parsed', () => {
    const diff = diffTrees(new Map([['a', file(many)]]), new Map([['a', file(many)]]));
    expect(isEmpty(diff)).toBe(true);
    expect(diff.parsedDocuments).toBe(0);
  });

  test('one changed object among 200 parses only its two versions', () => {
    const changed = [...many];
    changed[42] = configMap('c42', { k: 'new' });
    const diff = diffTrees(new Map([['a', file(many)]]), new Map([['a', file(changed)]]));
    expect(diff.changed).toEqual([{ file: 'a', object: 'ConfigMap prd/c42', fields: [{ field: 'data.k', before: '42', after: 'new' }] }]);
    expect(diff.parsedDocuments).toBe(2);
  });

  // The yaml package checks duplicate keys in quadratic time (20 000 keys took 3.3 s, 100 000
  // would take minutes); the diff must stay linear in the size of the object.
  test.each([17_000, 100_000])('a ConfigMap with a %i-key map: one changed key found, two documents parsed', (keys) => {
    const map = (changed: string) => {
      const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: big', '  namespace: prd', 'data:'];
      for (let i = 0; i < keys; i++) {
        lines.push(`  key-${i}: value-${i === 123 ? changed : i}-padding-to-make-it-long`);
      }
      return `${lines.join('\n')}\n`;
    };
    const before = map('old');
    expect(before.length).toBeGreaterThan(keys * 32);
    const diff = diffTrees(new Map([['a', before]]), new Map([['a', map('new')]]));
    expect(diff.changed).toEqual([{
      file: 'a',
      object: 'ConfigMap prd/big',
      fields: [{ field: 'data.key-123', before: 'value-old-padding-to-make-it-long', after: 'value-new-padding-to-make-it-long' }],
    }]);
    expect(diff.parsedDocuments).toBe(2);
  });
});

describe('what is not an object change', () => {
  test('CRLF line endings are reported as such, not as an empty change', () => {
    const diff = diffTrees(new Map([['a', deployment('a', 1).replace(/\n/g, '\r\n')]]), new Map([['a', deployment('a', 1)]]));
    expect(diff.lineEndings).toEqual(['a']);
    expect(diff.changed).toEqual([]);
    expect(isEmpty(diff)).toBe(false);
  });

  test('CRLF and a real change are both reported', () => {
    const diff = diffTrees(new Map([['a', deployment('a', 1).replace(/\n/g, '\r\n')]]), new Map([['a', deployment('a', 2)]]));
    expect(diff.lineEndings).toEqual(['a']);
    expect(diff.changed.map((c) => c.fields)).toEqual([[{ field: 'spec.replicas', before: 1, after: 2 }]]);
  });

  test('stray entries make the diff non-empty', () => {
    const diff = diffTrees(new Map(), new Map(), [{ path: 'README.md', what: 'file synth does not write' }]);
    expect(isEmpty(diff)).toBe(false);
    expect(formatDiff(diff, style(false))).toBe('! README.md: file synth does not write, not written by synth');
  });
});

test('documents are split at --- lines only, comment-only pieces left out', () => {
  expect(splitDocuments('# h\na: 1\n---\nb: "---"\n---\n# only a comment\n')).toEqual(['# h\na: 1\n', 'b: "---"\n']);
});

describe('TreeDiffer: one new file at a time (a streamed synth)', () => {
  test('reads each old file only when its new version arrives, and the leftovers at the end', () => {
    const old = new Map([['prd/a.k8s.yaml', deployment('a', 1)], ['prd/b.k8s.yaml', deployment('b', 1)], ['prd/gone.k8s.yaml', deployment('gone', 1)]]);
    const reads: string[] = [];
    const differ = new TreeDiffer(old.keys(), (file) => { reads.push(file); return old.get(file)!; });
    differ.add('prd/b.k8s.yaml', deployment('b', 2));
    expect(reads).toEqual(['prd/b.k8s.yaml']);
    differ.add('prd/a.k8s.yaml', deployment('a', 1));
    differ.add('prd/new.k8s.yaml', deployment('new', 1));
    expect(reads).toEqual(['prd/b.k8s.yaml', 'prd/a.k8s.yaml']);
    const diff = differ.finish();
    expect(reads).toEqual(['prd/b.k8s.yaml', 'prd/a.k8s.yaml', 'prd/gone.k8s.yaml']);
    expect(diff.changed.map((c) => [c.file, c.object, c.fields])).toEqual([['prd/b.k8s.yaml', 'Deployment prd/b', [{ field: 'spec.replicas', before: 1, after: 2 }]]]);
    expect(diff.added).toEqual([{ file: 'prd/new.k8s.yaml', object: 'Deployment prd/new' }]);
    expect(diff.removed).toEqual([{ file: 'prd/gone.k8s.yaml', object: 'Deployment prd/gone' }]);
  });

  test('gives what diffTrees gives, whatever order the files arrive in', () => {
    const before = new Map([['dev/a.k8s.yaml', deployment('a', 1)], ['prd/a.k8s.yaml', deployment('a', 1)], ['prd/z.k8s.yaml', deployment('z', 1)]]);
    const after = new Map([['prd/z.k8s.yaml', deployment('z', 3)], ['dev/b.k8s.yaml', deployment('b', 1)], ['prd/a.k8s.yaml', `# note\n${deployment('a', 1)}`]]);
    const differ = new TreeDiffer(before.keys(), (file) => before.get(file)!);
    for (const [file, text] of after) {
      differ.add(file, text);
    }
    expect(differ.finish()).toEqual(diffTrees(before, new Map([...after].sort())));
  });

  test('compares a changed document with the value it was written from, without parsing it', () => {
    const yaml: typeof import('yaml') = jest.requireActual('yaml');
    const parse = jest.spyOn(yaml, 'parseAllDocuments');
    const differ = new TreeDiffer(['prd/a.k8s.yaml'], () => deployment('a', 1));
    const value = YAML.parse(deployment('a', 5));
    parse.mockClear();
    differ.add('prd/a.k8s.yaml', { content: deployment('a', 5), objects: ['Deployment prd/a'], documents: [value] });
    const diff = differ.finish();
    expect(diff.changed[0].fields).toEqual([{ field: 'spec.replicas', before: 1, after: 5 }]);
    // The old document only.
    expect(parse).toHaveBeenCalledTimes(1);
    expect(diff.parsedDocuments).toBe(1);
    parse.mockRestore();
  });
});
