import { Spread, WebService } from '../lib';
import { only, synthObjects } from './helpers';

/** The pod spec of a WebService `web` spread with `spread`, selected by `selectorLabels`. */
function podSpec(spread: Spread[], selectorLabels?: Record<string, string>): any {
  const objects = synthObjects((chart) => {
    new WebService(chart, 'web', { container: { image: 'registry.example.com/shop/web:1.4.2' }, spread, selectorLabels });
  });
  return only(objects, 'Deployment').spec.template.spec;
}

const TERM = {
  labelSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['web'] }] },
  topologyKey: 'kubernetes.io/hostname',
};

test('no spread writes nothing', () => {
  const spec = podSpec([]);
  expect(spec.affinity).toBeUndefined();
  expect(spec.topologySpreadConstraints).toBeUndefined();
});

test('oneReplicaPerNode: required anti-affinity on the hostname', () => {
  expect(podSpec([Spread.oneReplicaPerNode()]).affinity).toEqual({
    podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [TERM] },
  });
});

test('preferDifferentNodes: preferred anti-affinity, weight 100 by default', () => {
  expect(podSpec([Spread.preferDifferentNodes()]).affinity).toEqual({
    podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: TERM }] },
  });
});

test('evenly: a constraint over hostnames, skew 1, ScheduleAnyway by default', () => {
  expect(podSpec([Spread.evenly()]).topologySpreadConstraints).toEqual([{
    topologyKey: 'kubernetes.io/hostname',
    maxSkew: 1,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
  }]);
});

test('spreads combine, in order', () => {
  const spec = podSpec([
    Spread.oneReplicaPerNode(),
    Spread.preferDifferentNodes(50),
    Spread.evenly({ topologyKey: 'topology.kubernetes.io/zone' }),
    Spread.evenly(),
  ]);
  expect(spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
  expect(spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([{ weight: 50, podAffinityTerm: TERM }]);
  expect(spec.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
});

test('every label of the selector is matched', () => {
  const spec = podSpec([Spread.oneReplicaPerNode()], { app: 'web', tier: 'frontend' });
  expect(spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions).toEqual([
    { key: 'app', operator: 'In', values: ['web'] },
    { key: 'tier', operator: 'In', values: ['frontend'] },
  ]);
});
