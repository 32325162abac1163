import { Chart, Testing } from 'cdk8s';
import { ReplicaSet, ReplicaSetProps } from '../lib';
import { KubeObject } from '../lib/validation/manifest';
import { expectSecureDefaults, only, synthObjects } from './helpers';

const IMAGE = 'registry.example.com/shop/frontend:3.2.0';

/** The objects of one ReplicaSet `frontend`. */
function render(props: Partial<ReplicaSetProps> = {}): KubeObject[] {
  return synthObjects((chart) => {
    new ReplicaSet(chart, 'frontend', { containers: [{ image: IMAGE }], ...props });
  });
}

const replicaSet = (objects: KubeObject[]) => only(objects, 'ReplicaSet');

describe('defaults', () => {
  const objects = render();

  test('renders one ReplicaSet', () => {
    expect(objects).toMatchSnapshot();
    expect(objects.map((o) => o.kind)).toEqual(['ReplicaSet']);
    expect(replicaSet(objects).apiVersion).toBe('apps/v1');
    expect(replicaSet(objects).metadata.name).toBe('frontend');
  });

  test('runs 2 replicas selected by the name label', () => {
    const spec = replicaSet(objects).spec;
    expect(spec.replicas).toBe(2);
    expect(spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'frontend' } });
    expect(spec.template.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'frontend' });
  });

  test('pods run with the secure defaults and invented nothing', () => {
    const spec = replicaSet(objects).spec.template.spec;
    expectSecureDefaults(spec);
    expect(spec.containers).toHaveLength(1);
    expect(spec.containers[0].name).toBe('frontend');
    expect(spec.containers[0].resources).toBeUndefined();
    expect(spec.restartPolicy).toBeUndefined();
  });
});

test('replicas', () => {
  expect(replicaSet(render({ replicas: 3 })).spec.replicas).toBe(3);
});

test('selectorLabels replace the selector; the pods carry them', () => {
  const chart = new Chart(Testing.app(), 'test');
  const rs = new ReplicaSet(chart, 'frontend', { containers: [{ image: IMAGE }], selectorLabels: { tier: 'frontend' } });
  const spec = replicaSet(chart.toJson() as KubeObject[]).spec;
  expect(rs.selector).toEqual({ tier: 'frontend' });
  expect(spec.selector).toEqual({ matchLabels: { tier: 'frontend' } });
  expect(spec.template.metadata.labels).toMatchObject({ 'tier': 'frontend', 'app.kubernetes.io/name': 'frontend' });
  expect(rs.replicaSet.name).toBe('frontend');
});

test('pod labels and annotations reach the template only', () => {
  const objects = render({ podLabels: { team: 'shop' }, podAnnotations: { note: 'legacy' } });
  const rs = replicaSet(objects);
  expect(rs.spec.template.metadata).toEqual({
    labels: { 'team': 'shop', 'app.kubernetes.io/name': 'frontend', 'app.kubernetes.io/version': '3.2.0' },
    annotations: { note: 'legacy' },
  });
  expect(rs.metadata.labels.team).toBeUndefined();
  expect(rs.spec.selector.matchLabels.team).toBeUndefined();
});
