import { Chart, Testing } from 'cdk8s';
import { EnvironmentNamespace, EnvironmentNamespaceProps, PodSecurityLevel } from '../lib';
import { KubeObject } from '../lib/validation/manifest';
import { only, synthObjects } from './helpers';

/** The objects of one EnvironmentNamespace `prd`, in a chart whose namespace is `test`. */
function render(props: Partial<EnvironmentNamespaceProps> = {}): KubeObject[] {
  return synthObjects((chart) => {
    new EnvironmentNamespace(chart, 'Namespace', { name: 'prd', ...props });
  });
}

describe('defaults', () => {
  const objects = render();

  test('renders one Namespace', () => {
    expect(objects).toMatchSnapshot();
    expect(objects.map((o) => o.kind)).toEqual(['Namespace']);
    expect(only(objects, 'Namespace').metadata.name).toBe('prd');
  });

  test('the Namespace has no namespace, even in a chart with one', () => {
    expect(only(objects, 'Namespace').metadata).not.toHaveProperty('namespace');
  });

  test('enforces, audits and warns on the restricted Pod Security Standard', () => {
    expect(only(objects, 'Namespace').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  test('the environment label is the namespace name', () => {
    expect(only(objects, 'Namespace').metadata.labels.environment).toBe('prd');
  });

  test('no default-deny policy', () => {
    expect(objects.filter((o) => o.kind === 'NetworkPolicy')).toEqual([]);
  });
});

test('a chart without namespace renders the Namespace the same way', () => {
  const chart = new Chart(Testing.app(), 'cluster');
  const ns = new EnvironmentNamespace(chart, 'Namespace', { name: 'prd' });
  const namespace = only(chart.toJson() as KubeObject[], 'Namespace');
  expect(namespace.metadata).not.toHaveProperty('namespace');
  expect(ns.name).toBe('prd');
  expect(ns.namespace.name).toBe('prd');
  expect(ns.defaultDenyIngress).toBeUndefined();
});

describe.each([PodSecurityLevel.BASELINE, PodSecurityLevel.PRIVILEGED])('podSecurity %s', (level) => {
  test('is enforced, audited and warned', () => {
    const labels = only(render({ podSecurity: level }), 'Namespace').metadata.labels;
    expect(labels['pod-security.kubernetes.io/enforce']).toBe(level);
    expect(labels['pod-security.kubernetes.io/audit']).toBe(level);
    expect(labels['pod-security.kubernetes.io/warn']).toBe(level);
  });
});

test('environment and extra labels', () => {
  const labels = only(render({ environment: 'production', labels: { team: 'platform' } }), 'Namespace').metadata.labels;
  expect(labels).toEqual({
    'team': 'platform',
    'environment': 'production',
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/audit': 'restricted',
    'pod-security.kubernetes.io/warn': 'restricted',
  });
});

test('extra labels cannot weaken the Pod Security labels', () => {
  const labels = only(render({ labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } }), 'Namespace').metadata.labels;
  expect(labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
});

test('defaultDenyIngress adds a policy denying all ingress to every pod of the namespace', () => {
  const objects = render({ defaultDenyIngress: true });
  expect(objects).toMatchSnapshot();
  const policy = only(objects, 'NetworkPolicy', 'default-deny-ingress');
  expect(policy.metadata.namespace).toBe('prd');
  // An Ingress policy type with no rule denies all ingress; egress stays open.
  expect(policy.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
});
