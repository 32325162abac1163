import { Chart, Testing } from 'cdk8s';
import { AllowIngress, NetworkPolicy, PolicyType, WebService } from '../lib';
import { findingsOf, only, synthObjects } from './helpers';

const IMAGE = 'registry.example.com/shop/web:1.4.2';

describe('a policy for a WebService', () => {
  const objects = synthObjects((chart) => {
    const web = new WebService(chart, 'web', { container: { image: IMAGE } });
    new AllowIngress(chart, 'allow-web', {
      to: web,
      from: [
        { podLabels: { 'app.kubernetes.io/name': 'gateway' } },
        { namespaceLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
        { podLabels: { app: 'prometheus' }, namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
      ],
      ports: [8080, 9090],
    });
  });
  const policy = only(objects, 'NetworkPolicy');

  test('renders one NetworkPolicy next to the WebService', () => {
    expect(policy).toMatchSnapshot();
    expect(objects.map((o) => o.kind).sort()).toEqual(['Deployment', 'NetworkPolicy', 'Service']);
    expect(policy.metadata.name).toBe('allow-web');
  });

  test('selects the pods of the WebService by its selector', () => {
    expect(policy.spec.podSelector).toEqual({ matchLabels: only(objects, 'Deployment').spec.selector.matchLabels });
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
  });

  test('one rule per peer, each on the TCP ports', () => {
    const ports = [{ port: 8080, protocol: 'TCP' }, { port: 9090, protocol: 'TCP' }];
    expect(policy.spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }], ports },
      { from: [{ podSelector: {}, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports },
      {
        from: [{
          podSelector: { matchLabels: { app: 'prometheus' } },
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
        }],
        ports,
      },
    ]);
  });
});

test('name overrides the construct id', () => {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'test' });
  const allow = new AllowIngress(chart, 'Allow', { name: 'allow-gateway', to: { selector: { app: 'api' } }, from: [{ podLabels: { app: 'gw' } }], ports: [80] });
  expect(allow.policy.name).toBe('allow-gateway');
  const policy = only(chart.toJson() as any[], 'NetworkPolicy');
  expect(policy.metadata.name).toBe('allow-gateway');
  expect(policy.spec.podSelector).toEqual({ matchLabels: { app: 'api' } });
});

test('the policy is a NetworkPolicy construct that isolates ingress only', () => {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'test' });
  const allow = new AllowIngress(chart, 'Allow', { to: { selector: { app: 'api' } }, from: [{ podLabels: { app: 'gw' } }], ports: [80] });
  expect(allow.policy).toBeInstanceOf(NetworkPolicy);
  expect(allow.policy.policyTypes).toEqual([PolicyType.INGRESS]);
  expect(allow.node.defaultChild).toBe(allow.policy);
});

describe('empty lists', () => {
  test('fails when ports is empty, which a NetworkPolicy reads as every port', () => {
    const findings = findingsOf((chart) => {
      const web = new WebService(chart, 'web', { container: { image: 'web:1.0.0' } });
      new AllowIngress(chart, 'allow', { to: web, from: [{ podLabels: { role: 'client' } }], ports: [] });
    });
    expect(findings).toEqual([expect.objectContaining({ rule: 'construct', path: 'app-test/allow', message: expect.stringMatching(/ports is empty, which a NetworkPolicy reads as every port/) })]);
  });

  test('fails when from is empty, which would allow nothing', () => {
    const findings = findingsOf((chart) => {
      const web = new WebService(chart, 'web', { container: { image: 'web:1.0.0' } });
      new AllowIngress(chart, 'allow', { to: web, from: [], ports: [8080] });
    });
    expect(findings).toEqual([expect.objectContaining({ rule: 'construct', message: expect.stringMatching(/from is empty, so the policy would allow nothing/) })]);
  });
});
