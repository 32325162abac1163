import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { EnvironmentNamespace, EnvironmentNamespaceProps, PodSecurityLevel } from '../lib';
import { KubeObject } from '../lib/validation/manifest';
import { findingsOf, only, synthObjects } from './helpers';

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

  test('no default-deny policy, no quota, no LimitRange', () => {
    expect(objects.filter((o) => o.kind !== 'Namespace')).toEqual([]);
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

describe('defaultDenyEgress', () => {
  const objects = render({ defaultDenyEgress: true });

  test('adds a policy denying all egress and one allowing DNS', () => {
    expect(objects).toMatchSnapshot();
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(['Namespace/prd', 'NetworkPolicy/default-deny-egress', 'NetworkPolicy/allow-dns']);
  });

  test('an Egress policy type with no rule denies all egress; ingress stays open', () => {
    const policy = only(objects, 'NetworkPolicy', 'default-deny-egress');
    expect(policy.metadata.namespace).toBe('prd');
    expect(policy.spec).toEqual({ podSelector: {}, policyTypes: ['Egress'] });
  });

  test('every pod may still query kube-dns on UDP and TCP 53', () => {
    const policy = only(objects, 'NetworkPolicy', 'allow-dns');
    expect(policy.spec).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [{
        to: [{
          podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
        }],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      }],
    });
  });
});

const QUOTA = { requestsCpu: kplus.Cpu.units(4), requestsMemory: Size.gibibytes(8), limitsMemory: Size.gibibytes(16), pods: 30 };
const LIMITS = {
  defaultRequest: { cpu: kplus.Cpu.millis(100), memory: Size.mebibytes(128) },
  default: { memory: Size.mebibytes(256) },
  max: { memory: Size.gibibytes(4) },
};

test('quota adds a ResourceQuota in the namespace', () => {
  const quota = only(render({ quota: QUOTA, limits: LIMITS }), 'ResourceQuota');
  expect(quota.metadata).toEqual({ name: 'resource-quota', namespace: 'prd' });
  expect(quota.spec.hard).toEqual({ 'requests.cpu': 4, 'requests.memory': '8Gi', 'limits.memory': '16Gi', 'pods': 30 });
});

test('limits adds a LimitRange in the namespace', () => {
  const range = only(render({ limits: LIMITS }), 'LimitRange');
  expect(range.metadata).toEqual({ name: 'limit-range', namespace: 'prd' });
  expect(range.spec.limits).toEqual([{
    type: 'Container',
    defaultRequest: { cpu: '100m', memory: '128Mi' },
    default: { memory: '256Mi' },
    max: { memory: '4Gi' },
  }]);
});

test('the public fields point at the objects', () => {
  const ns = new EnvironmentNamespace(new Chart(Testing.app(), 'cluster'), 'ns', { name: 'prd', defaultDenyIngress: true, defaultDenyEgress: true, quota: QUOTA, limits: LIMITS });
  expect([ns.defaultDenyIngress?.name, ns.defaultDenyEgress?.name, ns.allowDns?.name, ns.quota?.name, ns.limitRange?.name])
    .toEqual(['default-deny-ingress', 'default-deny-egress', 'allow-dns', 'resource-quota', 'limit-range']);
});

test('a namespace with every option passes validation (but for the Namespace, which belongs in a chart without namespace)', () => {
  const project = findingsOf((chart) => {
    new EnvironmentNamespace(chart, 'ns', { name: 'test', defaultDenyIngress: true, defaultDenyEgress: true, quota: QUOTA, limits: LIMITS });
  });
  expect(project.filter((f) => f.rule !== 'cluster-scoped-namespace')).toEqual([]);
});

describe.each<[string, Partial<EnvironmentNamespaceProps>, RegExp[]]>([
  ['a quota on CPU requests without a default CPU request', { quota: { requestsCpu: kplus.Cpu.units(4) } },
    [/quota.requestsCpu makes the API server refuse every pod with a container that sets no cpu request; set limits.defaultRequest.cpu/]],
  ['a quota on memory limits without a default memory limit', { quota: { limitsMemory: Size.gibibytes(8) }, limits: { defaultRequest: { memory: Size.mebibytes(128) } } },
    [/quota.limitsMemory makes the API server refuse every pod with a container that sets no memory limit; set limits.default.memory/]],
  ['a quota on CPU and memory with no LimitRange', { quota: { requestsCpu: kplus.Cpu.units(4), limitsCpu: kplus.Cpu.units(8) } },
    [/quota.requestsCpu/, /quota.limitsCpu makes the API server refuse every pod with a container that sets no cpu limit/]],
])('fails on %s', (_, props, messages) => {
  test('when the chart is validated, with the fix', () => {
    const findings = findingsOf((chart) => {
      new EnvironmentNamespace(chart, 'ns', { name: 'test', ...props });
    }).filter((f) => f.rule === 'construct');
    expect(findings).toEqual(messages.map((message) => expect.objectContaining({ path: 'app-test/ns', message: expect.stringMatching(message) })));
  });
});

test('a quota on counts only needs no LimitRange', () => {
  const findings = findingsOf((chart) => {
    new EnvironmentNamespace(chart, 'ns', { name: 'test', quota: { pods: 10, services: 5 } });
  });
  expect(findings.filter((f) => f.rule === 'construct')).toEqual([]);
});
