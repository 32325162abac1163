import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Connectivity, NetworkPort, ReplicaSet, StatefulService, WebService, Worker } from '../lib';
import { KubeObject } from '../lib/validation/manifest';
import { findingsOf, only, propError, synthObjects } from './helpers';

const web = (chart: Chart, name: string, props: Partial<ConstructorParameters<typeof WebService>[2]> = {}) =>
  new WebService(chart, name, { container: { image: `registry.example.com/shop/${name}:1.0.0` }, ...props });


describe('a connection from a WebService to another', () => {
  let connection!: ReturnType<typeof Connectivity.allow>;
  const objects = synthObjects((chart) => {
    connection = Connectivity.allow(web(chart, 'storefront'), web(chart, 'catalog'));
  });
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');

  test('writes three policies: ingress on the server, egress and DNS on the client', () => {
    expect(policies).toMatchSnapshot();
    expect(policies.map((p) => p.metadata!.name).sort()).toEqual(['catalog-from-storefront', 'storefront-dns', 'storefront-to-catalog']);
    expect(connection.ingress.node.path).toBe('test/catalog/allow-from-storefront');
    expect(connection.egress.node.path).toBe('test/storefront/allow-to-catalog');
    expect(connection.dns?.node.path).toBe('test/storefront/allow-dns');
  });

  test('the server lets the client in on its container port, not the Service port', () => {
    const policy = only(objects, 'NetworkPolicy', 'catalog-from-storefront');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'catalog' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'storefront' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
    });
  });

  test('the client may send to the server on the same port', () => {
    const policy = only(objects, 'NetworkPolicy', 'storefront-to-catalog');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'storefront' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'catalog' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
    });
  });

  test('the client may query kube-dns on UDP and TCP 53', () => {
    const policy = only(objects, 'NetworkPolicy', 'storefront-dns');
    expect(policy.spec.policyTypes).toEqual(['Egress']);
    expect(policy.spec.egress).toEqual([{
      to: [{
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      }],
      ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
    }]);
  });
});

test('ports overrides the server\'s ports', () => {
  const objects = synthObjects((chart) => {
    Connectivity.allow(web(chart, 'a'), web(chart, 'b'), { ports: [NetworkPort.tcp(9090), NetworkPort.udp(8125)] });
  });
  expect(only(objects, 'NetworkPolicy', 'b-from-a').spec.ingress[0].ports).toEqual([{ port: 9090, protocol: 'TCP' }, { port: 8125, protocol: 'UDP' }]);
  expect(only(objects, 'NetworkPolicy', 'a-to-b').spec.egress[0].ports).toEqual([{ port: 9090, protocol: 'TCP' }, { port: 8125, protocol: 'UDP' }]);
});

test('the server\'s UDP ports stay UDP', () => {
  const objects = synthObjects((chart) => {
    Connectivity.allow(web(chart, 'a'), web(chart, 'statsd', { ports: [{ port: 8125, protocol: kplus.Protocol.UDP }] }));
  });
  expect(only(objects, 'NetworkPolicy', 'statsd-from-a').spec.ingress[0].ports).toEqual([{ port: 8125, protocol: 'UDP' }]);
});

test('dns: false writes no DNS policy', () => {
  const objects = synthObjects((chart) => {
    expect(Connectivity.allow(web(chart, 'a'), web(chart, 'b'), { dns: false }).dns).toBeUndefined();
  });
  expect(objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata!.name).sort()).toEqual(['a-to-b', 'b-from-a']);
});

test('a client of two servers gets one DNS policy', () => {
  const objects = synthObjects((chart) => {
    const client = web(chart, 'a');
    const first = Connectivity.allow(client, web(chart, 'b'));
    const second = Connectivity.allow(client, web(chart, 'c'));
    expect(second.dns).toBe(first.dns);
  });
  expect(objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata!.name === 'a-dns')).toHaveLength(1);
});

test('across namespaces, each side names the other namespace', () => {
  const app = Testing.app();
  const shop = new Chart(app, 'shop', { namespace: 'shop' });
  const data = new Chart(app, 'data', { namespace: 'data' });
  Connectivity.allow(web(shop, 'storefront'), web(data, 'catalog'));
  const all = [...shop.toJson(), ...data.toJson()] as KubeObject[];
  const ingress = only(all, 'NetworkPolicy', 'catalog-from-storefront');
  expect(ingress.metadata.namespace).toBe('data');
  expect(ingress.spec.ingress[0].from[0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'shop' } });
  const egress = only(all, 'NetworkPolicy', 'storefront-to-catalog');
  expect(egress.metadata.namespace).toBe('shop');
  expect(egress.spec.egress[0].to[0].namespaceSelector).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'data' } });
});

test('a Worker may reach a StatefulService on the ports the server declares', () => {
  const objects = synthObjects((chart) => {
    const worker = new Worker(chart, 'orders', { container: { image: 'registry.example.com/shop/orders:1.0.0' } });
    const cache = new StatefulService(chart, 'cache', { container: { image: 'registry.example.com/shop/redis:7.2.4' }, ports: [{ port: 6379, name: 'redis' }] });
    Connectivity.allow(worker, cache);
  });
  const ingress = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata!.name === 'cache-from-orders') as KubeObject & { spec: any };
  const egress = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata!.name === 'orders-to-cache') as KubeObject & { spec: any };
  expect(ingress.spec.ingress[0].ports).toEqual([{ port: 6379, protocol: 'TCP' }]);
  expect(egress.spec.egress[0].ports).toEqual([{ port: 6379, protocol: 'TCP' }]);
});

test('the output passes validation', () => {
  expect(findingsOf((chart) => { Connectivity.allow(web(chart, 'a'), web(chart, 'b')); })).toEqual([]);
});

describe.each<[string, (chart: Chart) => void, string, string, RegExp]>([
  ['fails when the server lists no ports and none are given', (chart: Chart) => {
    const rs = new ReplicaSet(chart, 'rs', { containers: [{ image: 'registry.example.com/rs:1.0.0' }] });
    Connectivity.allow(web(chart, 'a'), rs);
  }, 'test/rs', 'ports', /are not listed by the server/],
  ['fails when ports is empty', (chart: Chart) => {
    Connectivity.allow(web(chart, 'a'), web(chart, 'b'), { ports: [] });
  }, 'test/b', 'ports', /is empty, which a NetworkPolicy reads as every port/],
  ['fails when the same connection is allowed twice', (chart: Chart) => {
    const a = web(chart, 'a');
    const b = web(chart, 'b');
    Connectivity.allow(a, b);
    Connectivity.allow(a, b);
  }, 'test/b', 'client', /may already reach this server/],
])('%s', (_, build, path, field, message) => {
  test('at construction, naming the server', () => {
    const error = propError(() => build(new Chart(Testing.app(), 'test')));
    expect(error).toMatchObject({ path, field, fix: expect.any(String) });
    expect(error.problem).toMatch(message);
  });
});
