import { NodeAffinity, NodeRequirement, StandalonePod } from '../lib';
import { only, synthObjects } from './helpers';

/** The node affinity of a pod given `affinity`. */
function written(affinity: NodeAffinity): any {
  const objects = synthObjects((chart) => {
    new StandalonePod(chart, 'pod', { containers: [{ image: 'registry.example.com/app:1.0.0' }], nodeAffinity: affinity });
  });
  return only(objects, 'Pod').spec.affinity.nodeAffinity;
}

describe.each([
  ['in', NodeRequirement.in('disktype', ['ssd', 'nvme']), { key: 'disktype', operator: 'In', values: ['ssd', 'nvme'] }],
  ['notIn', NodeRequirement.notIn('disktype', ['hdd']), { key: 'disktype', operator: 'NotIn', values: ['hdd'] }],
  ['exists', NodeRequirement.exists('gpu'), { key: 'gpu', operator: 'Exists' }],
  ['doesNotExist', NodeRequirement.doesNotExist('spot'), { key: 'spot', operator: 'DoesNotExist' }],
  ['gt', NodeRequirement.gt('cores', 8), { key: 'cores', operator: 'Gt', values: ['8'] }],
  ['lt', NodeRequirement.lt('cores', 64), { key: 'cores', operator: 'Lt', values: ['64'] }],
])('NodeRequirement.%s', (_operator, requirement, expected) => {
  test('is written as its match expression', () => {
    expect(written(NodeAffinity.require(requirement))).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expected] }] },
    });
  });
});

describe('NodeAffinity', () => {
  test('require: one term with every requirement', () => {
    const affinity = NodeAffinity.require(NodeRequirement.in('a', ['1']), NodeRequirement.exists('b'));
    expect(affinity.isRequired).toBe(true);
    expect(written(affinity)).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['1'] }, { key: 'b', operator: 'Exists' }] }],
      },
    });
  });

  test('requireAnyOf: one term per alternative', () => {
    const affinity = NodeAffinity.requireAnyOf([NodeRequirement.exists('a')], [NodeRequirement.exists('b')]);
    expect(written(affinity).requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'a', operator: 'Exists' }] },
      { matchExpressions: [{ key: 'b', operator: 'Exists' }] },
    ]);
  });

  test('preferOnly and prefer: weighted preferences, nothing required', () => {
    const affinity = NodeAffinity.preferOnly()
      .prefer(80, NodeRequirement.in('zone', ['a']))
      .prefer(20, NodeRequirement.in('zone', ['b']), NodeRequirement.exists('ssd'));
    expect(affinity.isRequired).toBe(false);
    expect(written(affinity)).toEqual({
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 80, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
        { weight: 20, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['b'] }, { key: 'ssd', operator: 'Exists' }] } },
      ],
    });
  });

  test('prefer returns a new affinity and leaves the first unchanged', () => {
    const base = NodeAffinity.require(NodeRequirement.exists('batch'));
    const preferring = base.prefer(50, NodeRequirement.exists('ssd'));
    expect(written(base).preferredDuringSchedulingIgnoredDuringExecution).toBeUndefined();
    expect(written(preferring).preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    expect(preferring.isRequired).toBe(true);
  });
});
