import { FieldOwnership } from '../../lib/synth/managed-fields';
import { PathStep } from '../../lib/synth/object-diff';

const f = (field: string): PathStep => ({ field });
const item = (right: number): PathStep => ({ right });

const live = {
  metadata: {
    labels: { app: 'web', team: 'a' },
    managedFields: [
      {
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:args': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } },
            'f:finalizers': { 'v:"example.com/keep"': {} },
          },
        },
      },
      { manager: 'kubectl-label', operation: 'Update', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:team': {} } } } },
      { manager: 'kubectl-edit', operation: 'Update', fieldsV1: { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { 'f:image': {} } } } } },
      { manager: 'horizontal-pod-autoscaler', operation: 'Update', subresource: 'scale', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
      { manager: 'tuner', operation: 'Update', fieldsV1: { 'f:spec': { 'f:tolerations': { 'i:1': {} } } } },
    ],
  },
  spec: {
    replicas: 4,
    containers: [{ name: 'sidecar', image: 's' }, { name: 'web', image: 'w:2', args: ['-v'], ports: [{ containerPort: 80, protocol: 'TCP' }] }],
    finalizers: ['other', 'example.com/keep'],
    tolerations: [{ key: 'a' }, { key: 'b' }],
  },
};

describe('FieldOwnership', () => {
  const ownership = FieldOwnership.of(live)!;

  test.each<[string, PathStep[], string[]]>([
    ['a map field (f:)', [f('metadata'), f('labels'), f('app')], ['kubectl-client-side-apply']],
    ['another manager\'s label', [f('metadata'), f('labels'), f('team')], ['kubectl-label']],
    ['a list item by key (k:), resolved against the live list', [f('spec'), f('containers'), item(1), f('image')], ['kubectl-edit']],
    ['a field of a keyed item', [f('spec'), f('containers'), item(1), f('name')], ['kubectl-client-side-apply']],
    ['an atomic value owned as a whole', [f('spec'), f('containers'), item(1), f('args'), item(0)], ['kubectl-client-side-apply']],
    ['a nested keyed item with two key fields', [f('spec'), f('containers'), item(1), f('ports'), item(0), f('containerPort')], ['kubectl-client-side-apply']],
    ['a set item by value (v:)', [f('spec'), f('finalizers'), item(1)], ['kubectl-client-side-apply']],
    ['an item by position (i:)', [f('spec'), f('tolerations'), item(1), f('key')], ['tuner']],
    ['a field set through a subresource', [f('spec'), f('replicas')], ['horizontal-pod-autoscaler (scale)']],
    ['a map and its children: every owner below', [f('metadata'), f('labels')], ['kubectl-client-side-apply', 'kubectl-label']],
  ])('%s', (_what, path, owners) => {
    expect(ownership.ownersAt(live, path).sort()).toEqual(owners);
  });

  test.each<[string, PathStep[]]>([
    ['an item no key matches', [f('spec'), f('containers'), item(0), f('image')]],
    ['a set item of another value', [f('spec'), f('finalizers'), item(0)]],
    ['another position', [f('spec'), f('tolerations'), item(0), f('key')]],
    ['a field nobody set', [f('spec'), f('nodeName')]],
  ])('nobody owns %s', (_what, path) => {
    expect(ownership.ownersAt(live, path)).toEqual([]);
  });

  test('an object fetched without managedFields has no ownership', () => {
    expect(FieldOwnership.of({ metadata: {} })).toBeUndefined();
  });

  test('lists every manager', () => {
    expect(ownership.managers).toEqual(['kubectl-client-side-apply', 'kubectl-label', 'kubectl-edit', 'horizontal-pod-autoscaler', 'tuner']);
  });
});
