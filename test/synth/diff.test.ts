import { diffTrees, isEmpty } from '../../lib/synth/diff';

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
