import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Cidr, NetworkPeer, NetworkPolicy, NetworkPolicyProps, NetworkPort, PolicyType, PropError, StandalonePod, WebService } from '../lib';
import { findingsOf, only, synthObjects } from './helpers';

const IMAGE = 'registry.example.com/shop/web:1.4.2';

function render(props: NetworkPolicyProps): any {
  return only(synthObjects((chart) => { new NetworkPolicy(chart, 'policy', props); }), 'NetworkPolicy');
}

describe('defaults', () => {
  const policy = render({ ingress: [{ peers: [NetworkPeer.select({ podLabels: { app: 'gateway' } })] }] });

  test('renders one NetworkPolicy for every pod of the namespace', () => {
    expect(policy).toMatchSnapshot();
    expect(policy.metadata).toMatchObject({ name: 'policy', namespace: 'test' });
    expect(policy.spec.podSelector).toEqual({});
  });

  test('writes policyTypes from the directions given, and every port when none is listed', () => {
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: { app: 'gateway' } } }] }]);
    expect(policy.spec).not.toHaveProperty('egress');
  });
});

test('selector selects the pods of a workload', () => {
  const objects = synthObjects((chart) => {
    const web = new WebService(chart, 'web', { container: { image: IMAGE } });
    new NetworkPolicy(chart, 'policy', { selector: web, egress: [] });
  });
  expect(only(objects, 'NetworkPolicy').spec.podSelector).toEqual({ matchLabels: only(objects, 'Deployment').spec.selector.matchLabels });
});

test('selector selects a bare pod by its name label', () => {
  const objects = synthObjects((chart) => {
    const pod = new StandalonePod(chart, 'debug', { containers: [{ image: IMAGE }] });
    new NetworkPolicy(chart, 'policy', { selector: pod, egress: [] });
  });
  expect(only(objects, 'NetworkPolicy').spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'debug' } });
  expect(only(objects, 'Pod').metadata.labels['app.kubernetes.io/name']).toBe('debug');
});

test('an empty ingress list isolates ingress: nothing is allowed in', () => {
  expect(render({ ingress: [] }).spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
});

test('an empty egress list isolates egress, and ingress stays open', () => {
  const policy = new NetworkPolicy(new Chart(Testing.app(), 'c'), 'p', { egress: [] });
  expect(policy.policyTypes).toEqual([PolicyType.EGRESS]);
  expect(render({ egress: [] }).spec).toEqual({ podSelector: {}, policyTypes: ['Egress'] });
});

test('ingress and egress together write both policy types', () => {
  const policy = render({
    ingress: [{ peers: [NetworkPeer.allNamespaces()], ports: [NetworkPort.tcp(8080)] }],
    egress: [{ peers: [NetworkPeer.namespace('monitoring')], ports: [NetworkPort.udp(8125)] }],
  });
  expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  expect(policy.spec.ingress).toEqual([{ from: [{ namespaceSelector: {} }], ports: [{ port: 8080, protocol: 'TCP' }] }]);
  expect(policy.spec.egress).toEqual([{
    to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
    ports: [{ port: 8125, protocol: 'UDP' }],
  }]);
});

describe('ports', () => {
  test.each([
    ['tcp', NetworkPort.tcp(80), { port: 80, protocol: 'TCP' }],
    ['udp', NetworkPort.udp(53), { port: 53, protocol: 'UDP' }],
    ['sctp', NetworkPort.sctp(9899), { port: 9899, protocol: 'SCTP' }],
    ['a TCP range', NetworkPort.tcp(32000, 32768), { port: 32000, endPort: 32768, protocol: 'TCP' }],
    ['a UDP range', NetworkPort.udp(6000, 6010), { port: 6000, endPort: 6010, protocol: 'UDP' }],
    ['a named port', NetworkPort.named('metrics'), { port: 'metrics', protocol: 'TCP' }],
    ['every UDP port', NetworkPort.allOf(kplus.Protocol.UDP), { protocol: 'UDP' }],
  ])('%s', (_, port, expected) => {
    const policy = render({ egress: [{ peers: [NetworkPeer.allNamespaces()], ports: [port] }] });
    expect(policy.spec.egress[0].ports).toEqual([expected]);
  });

  describe.each([
    ['port 0', () => NetworkPort.tcp(0), /port 0 is not an integer from 1 to 65535/],
    ['port 70000', () => NetworkPort.udp(70000), /port 70000 is not an integer/],
    ['a fractional port', () => NetworkPort.tcp(80.5), /port 80.5 is not an integer/],
    ['endPort 70000', () => NetworkPort.tcp(80, 70000), /endPort 70000 is not an integer/],
    ['endPort below port', () => NetworkPort.tcp(8080, 80), /endPort 80 is smaller than port 8080/],
    ['a port name with capitals', () => NetworkPort.named('HTTP'), /port name "HTTP" must be lower-case/],
    ['a port name of 16 characters', () => NetworkPort.named('a-very-long-name'), /is 16 characters long/],
  ])('%s', (_, make, message) => {
    test('fails when the port is made', () => {
      expect(make).toThrow(message);
    });
  });
});

describe('peers', () => {
  test('ipBlock with except', () => {
    const peer = NetworkPeer.ipBlock(Cidr.of('10.0.0.0/8'), [Cidr.of('10.1.0.0/16'), Cidr.of('10.2.3.0/24')]);
    const policy = render({ egress: [{ peers: [peer], ports: [NetworkPort.tcp(5432)] }] });
    expect(policy.spec.egress[0].to).toEqual([{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.3.0/24'] } }]);
  });

  test('ipBlock without except writes no except', () => {
    const policy = render({ egress: [{ peers: [NetworkPeer.ipBlock(Cidr.of('203.0.113.0/24'))] }] });
    expect(policy.spec.egress[0].to).toEqual([{ ipBlock: { cidr: '203.0.113.0/24' } }]);
  });

  test('pods of a workload in another namespace', () => {
    const objects = synthObjects((chart) => {
      const web = new WebService(chart, 'web', { container: { image: IMAGE } });
      new NetworkPolicy(chart, 'policy', { ingress: [{ peers: [NetworkPeer.pods(web, { namespace: 'shop' })] }] });
    });
    expect(only(objects, 'NetworkPolicy').spec.ingress[0].from).toEqual([{
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
    }]);
  });

  test('kubeDns is the k8s-app=kube-dns pods of kube-system', () => {
    const policy = render({ egress: [{ peers: [NetworkPeer.kubeDns()], ports: [NetworkPort.udp(53)] }] });
    expect(policy.spec.egress[0].to).toEqual([{
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
    }]);
  });

  describe.each([
    ['an except outside the cidr', '10.0.0.0/24', '192.168.0.0/24'],
    ['an except equal to the cidr', '10.0.0.0/24', '10.0.0.0/24'],
    ['an except larger than the cidr', '10.0.0.0/16', '10.0.0.0/8'],
  ])('%s', (_, cidr, except) => {
    test('fails with a PropError naming the except and the blocks', () => {
      const peer = NetworkPeer.ipBlock(Cidr.of(cidr), [Cidr.of(except)]);
      let thrown: unknown;
      try {
        render({ ingress: [{ peers: [NetworkPeer.kubeDns(), peer] }] });
      } catch (error) {
        thrown = error;
      }
      expect(PropError.isPropError(thrown)).toBe(true);
      expect(thrown).toMatchObject({ field: 'ingress[0].peers[1].except[0]', value: except, problem: `is not strictly inside the cidr ${cidr}; each except must be a smaller block within it` });
    });
  });
});

test('name, namespace and labels', () => {
  const policy = render({ name: 'allow-metrics', namespace: 'monitoring', labels: { team: 'sre' }, ingress: [] });
  expect(policy.metadata).toMatchObject({ name: 'allow-metrics', namespace: 'monitoring', labels: { team: 'sre' } });
});

test('the output passes validation', () => {
  expect(findingsOf((chart) => {
    const web = new WebService(chart, 'web', { container: { image: IMAGE } });
    new NetworkPolicy(chart, 'policy', {
      selector: web,
      ingress: [{ peers: [NetworkPeer.select({ podLabels: { app: 'gateway' } })], ports: [NetworkPort.named('http')] }],
      egress: [
        { peers: [NetworkPeer.ipBlock(Cidr.of('10.0.0.0/8'), [Cidr.of('10.1.0.0/16')])], ports: [NetworkPort.tcp(5432), NetworkPort.sctp(9000, 9010)] },
        { peers: [NetworkPeer.kubeDns()], ports: [NetworkPort.udp(53), NetworkPort.tcp(53)] },
      ],
    });
  })).toEqual([]);
});

describe.each([
  ['fails when neither ingress nor egress is given', {}, 'ingress', /and egress are both missing: the policy would do nothing/],
  ['fails when a rule has no peer', { ingress: [{ peers: [] }] }, 'ingress[0].peers', /is empty, which Kubernetes reads as every address/],
  ['fails when a rule lists no port', { egress: [{ peers: [NetworkPeer.allNamespaces()], ports: [] }] }, 'egress[0].ports', /is empty, which Kubernetes reads as every port/],
])('%s', (_, props, field, message) => {
  test('at construction, with the construct path, the prop and a fix', () => {
    let error: unknown;
    try {
      new NetworkPolicy(new Chart(Testing.app(), 'c'), 'p', props as NetworkPolicyProps);
    } catch (e) {
      error = e;
    }
    expect(PropError.isPropError(error)).toBe(true);
    expect(error).toMatchObject({ path: 'c/p', field, fix: expect.any(String) });
    expect((error as PropError).problem).toMatch(message);
  });
});
