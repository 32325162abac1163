import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { StandalonePod, Toleration } from '../lib';
import { only, synthObjects } from './helpers';

/** The tolerations of a pod given `tolerations`. */
function written(...tolerations: Toleration[]): any {
  const objects = synthObjects((chart) => {
    new StandalonePod(chart, 'pod', { containers: [{ image: 'registry.example.com/app:1.0.0' }], tolerations });
  });
  return only(objects, 'Pod').spec.tolerations;
}

describe.each([
  ['equal', Toleration.equal('dedicated', 'batch'), { key: 'dedicated', operator: 'Equal', value: 'batch' }],
  ['equal NoSchedule', Toleration.equal('dedicated', 'batch', { effect: kplus.TaintEffect.NO_SCHEDULE }), { key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }],
  ['exists', Toleration.exists('gpu'), { key: 'gpu', operator: 'Exists' }],
  ['exists PreferNoSchedule', Toleration.exists('gpu', { effect: kplus.TaintEffect.PREFER_NO_SCHEDULE }), { key: 'gpu', operator: 'Exists', effect: 'PreferNoSchedule' }],
  [
    'exists NoExecute evictAfter',
    Toleration.exists('node.kubernetes.io/not-ready', { effect: kplus.TaintEffect.NO_EXECUTE, evictAfter: Duration.minutes(2) }),
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 120 },
  ],
])('Toleration %s', (_name, toleration, expected) => {
  test('is written as given', () => {
    expect(written(toleration)).toEqual([expected]);
  });
});

test('tolerations keep their order', () => {
  expect(written(Toleration.exists('b'), Toleration.exists('a')).map((t: any) => t.key)).toEqual(['b', 'a']);
});
