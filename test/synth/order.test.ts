import { sortForApply } from '../../lib/synth/order';
import { KubeObject } from '../../lib/validation/manifest';

const o = (kind: string, name: string, namespace = 'prd'): { object: KubeObject } => ({
  object: { apiVersion: 'v1', kind, metadata: { name, namespace } },
});

test('namespaces first, then policies, config and secrets, workloads, services, ingresses, then the rest', () => {
  const sorted = sortForApply([
    o('Ingress', 'web'), o('HorizontalPodAutoscaler', 'web'), o('Service', 'web'), o('Deployment', 'web'),
    o('Secret', 'pull'), o('ConfigMap', 'cfg'), o('NetworkPolicy', 'allow'), o('Namespace', 'prd'), o('Widget', 'w'),
  ]).map((r) => r.object.kind);
  expect(sorted).toEqual([
    'Namespace', 'NetworkPolicy', 'ConfigMap', 'Secret', 'Deployment', 'Service', 'Ingress', 'HorizontalPodAutoscaler', 'Widget',
  ]);
});

test('within a kind, by namespace then name, whatever the construct order', () => {
  const sorted = sortForApply([o('Service', 'b'), o('Service', 'a', 'stg'), o('Service', 'a')])
    .map((r) => `${r.object.metadata!.namespace}/${r.object.metadata!.name}`);
  expect(sorted).toEqual(['prd/a', 'prd/b', 'stg/a']);
});
