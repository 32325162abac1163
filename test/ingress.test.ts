import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Ingress, IngressBackend, IngressProps, Service, TlsSecret, WebService } from '../lib';
import { findingsOf, only, propError, synthObjects } from './helpers';

const image = (name: string) => `registry.example.com/shop/${name}:1.0.0`;

/** A chart with the WebServices `web` and `api` and a two-port Service `metrics`, and an Ingress built from them. */
function render(build: (services: { web: WebService; api: WebService; metrics: Service }) => IngressProps): any {
  const objects = synthObjects((chart) => new Ingress(chart, 'shop', build(services(chart))));
  return only(objects, 'Ingress');
}

function services(chart: Chart) {
  const web = new WebService(chart, 'web', { container: { image: image('web') } });
  const api = new WebService(chart, 'api', { container: { image: image('api') } });
  const metrics = new Service(chart, 'metrics', { selector: api, ports: [{ port: 9090, name: 'metrics' }, { port: 9091, name: 'admin' }] });
  return { web, api, metrics };
}


describe('a fan-out over two hosts and two Services', () => {
  const ingress = render(({ web, api }) => ({
    rules: [
      { host: 'shop.example.com', backend: IngressBackend.service(web) },
      { host: 'shop.example.com', path: '/api', backend: IngressBackend.service(api) },
      { host: 'api.example.com', backend: IngressBackend.service(api, 80) },
    ],
  }));

  test('renders one Ingress', () => {
    expect(ingress).toMatchSnapshot();
    expect(ingress.metadata).toEqual({ name: 'shop', namespace: 'test', labels: { 'app.kubernetes.io/name': 'shop' } });
  });

  test('one rule per host, its paths in order, each to its Service by reference', () => {
    const backend = (name: string) => ({ service: { name, port: { number: 80 } } });
    expect(ingress.spec.rules).toEqual([
      { host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('web') }, { path: '/api', pathType: 'Prefix', backend: backend('api') }] } },
      { host: 'api.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('api') }] } },
    ]);
  });

  test('no TLS, class or default backend unless asked for', () => {
    expect(Object.keys(ingress.spec)).toEqual(['rules']);
    expect(ingress.metadata).not.toHaveProperty('annotations');
  });
});

test('a port by name', () => {
  const ingress = render(({ metrics }) => ({ rules: [{ host: 'metrics.example.com', backend: IngressBackend.service(metrics, 'admin') }] }));
  expect(ingress.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'metrics', port: { name: 'admin' } } });
});

test('a rule without host answers every host', () => {
  const ingress = render(({ web }) => ({ rules: [{ path: '/', backend: IngressBackend.service(web) }] }));
  expect(ingress.spec.rules).toEqual([{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }]);
});

test('pathType', () => {
  const ingress = render(({ web }) => ({ rules: [{ host: 'shop.example.com', path: '/health', pathType: kplus.HttpIngressPathType.EXACT, backend: IngressBackend.service(web) }] }));
  expect(ingress.spec.rules[0].http.paths[0]).toMatchObject({ path: '/health', pathType: 'Exact' });
});

test('defaultBackend alone', () => {
  const ingress = render(({ web }) => ({ defaultBackend: IngressBackend.service(web) }));
  expect(ingress.spec).toEqual({ defaultBackend: { service: { name: 'web', port: { number: 80 } } } });
});

test('className and annotations', () => {
  const ingress = render(({ web }) => ({
    className: 'nginx',
    annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' },
    rules: [{ host: 'shop.example.com', backend: IngressBackend.service(web) }],
  }));
  expect(ingress.spec.ingressClassName).toBe('nginx');
  expect(ingress.metadata.annotations).toEqual({ 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' });
});

test('labels', () => {
  const ingress = render(({ web }) => ({ labels: { team: 'shop' }, rules: [{ host: 'shop.example.com', backend: IngressBackend.service(web) }] }));
  expect(ingress.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'shop', 'team': 'shop' });
});

describe('TLS per host', () => {
  const ingress = render(({ web, api }) => ({
    rules: [
      { host: 'shop.example.com', backend: IngressBackend.service(web) },
      { host: 'api.example.com', backend: IngressBackend.service(api) },
    ],
    tls: [
      { hosts: ['shop.example.com'], secret: TlsSecret.fromCertManager('shop-tls', { clusterIssuer: 'letsencrypt' }) },
      { hosts: ['api.example.com'], secret: TlsSecret.fromSecretName('api-tls') },
    ],
  }));

  test('one entry per certificate, the Secret by reference', () => {
    expect(ingress.spec.tls).toEqual([
      { hosts: ['shop.example.com'], secretName: 'shop-tls' },
      { hosts: ['api.example.com'], secretName: 'api-tls' },
    ]);
  });

  test('a cert-manager secret adds its issuer annotation', () => {
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
  });
});

test('a namespaced cert-manager Issuer', () => {
  const ingress = render(({ web }) => ({
    rules: [{ host: 'shop.example.com', backend: IngressBackend.service(web) }],
    tls: [{ hosts: ['shop.example.com'], secret: TlsSecret.fromCertManager('shop-tls', { issuer: 'shop-ca' }) }],
  }));
  expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/issuer': 'shop-ca' });
});

test('the main object is the Resource child, and hosts are listed', () => {
  const chart = new Chart(Testing.app(), 'test');
  const { web } = services(chart);
  const ingress = new Ingress(chart, 'shop', { rules: [{ host: 'a.example.com', backend: IngressBackend.service(web) }, { host: 'b.example.com', backend: IngressBackend.service(web) }] });
  expect(ingress.node.defaultChild).toBe(ingress.resource);
  expect(ingress.hosts).toEqual(['a.example.com', 'b.example.com']);
});

test('the output passes validation', () => {
  expect(findingsOf((chart) => {
    const { web, api, metrics } = services(chart);
    new Ingress(chart, 'shop', {
      className: 'nginx',
      defaultBackend: IngressBackend.service(web),
      rules: [
        { host: 'shop.example.com', backend: IngressBackend.service(web) },
        { host: 'shop.example.com', path: '/api', backend: IngressBackend.service(api) },
        { host: '*.example.com', path: '/metrics', pathType: kplus.HttpIngressPathType.EXACT, backend: IngressBackend.service(metrics, 'metrics') },
      ],
      tls: [{ hosts: ['shop.example.com', '*.example.com'], secret: TlsSecret.fromCertManager('shop-tls', { clusterIssuer: 'letsencrypt' }) }],
    });
  })).toEqual([]);
});

describe.each<[string, (s: ReturnType<typeof services>) => IngressProps, string, RegExp]>([
  ['no rule and no default backend', () => ({}), 'rules', /is empty and there is no defaultBackend/],
  ['the same host and path twice', ({ web, api }) => ({
    rules: [{ host: 'shop.example.com', path: '/', backend: IngressBackend.service(web) }, { host: 'shop.example.com', backend: IngressBackend.service(api) }],
  }), 'rules[1].path', /on host shop.example.com already goes to web:80/],
  ['an IP as host', ({ web }) => ({ rules: [{ host: '10.0.0.1', backend: IngressBackend.service(web) }] }), 'rules[0].host', /is an IP address/],
  ['a host with capitals', ({ web }) => ({ rules: [{ host: 'Shop.example.com', backend: IngressBackend.service(web) }] }), 'rules[0].host', /has upper-case letters/],
  ['a host with an underscore', ({ web }) => ({ rules: [{ host: 'shop_1.example.com', backend: IngressBackend.service(web) }] }), 'rules[0].host', /./],
  ['a relative path', ({ web }) => ({ rules: [{ host: 'shop.example.com', path: 'api', backend: IngressBackend.service(web) }] }), 'rules[0].path', /is not absolute/],
  ['a path with /../', ({ web }) => ({ rules: [{ host: 'shop.example.com', path: '/a/../b', backend: IngressBackend.service(web) }] }), 'rules[0].path', /contains "\/\/", "\/.\/", "\/..\/"/],
  ['a TLS host no rule serves', ({ web }) => ({
    rules: [{ host: 'shop.example.com', backend: IngressBackend.service(web) }],
    tls: [{ hosts: ['www.example.com'], secret: TlsSecret.fromSecretName('www-tls') }],
  }), 'tls[0].hosts', /names host www.example.com, which no rule serves \(shop.example.com\)/],
  ['a TLS entry without host', ({ web }) => ({
    rules: [{ host: 'shop.example.com', backend: IngressBackend.service(web) }],
    tls: [{ hosts: [], secret: TlsSecret.fromSecretName('shop-tls') }],
  }), 'tls[0].hosts', /is empty \(certificate shop-tls\)/],
  ['a host with two certificates', ({ web }) => ({
    rules: [{ host: 'shop.example.com', backend: IngressBackend.service(web) }],
    tls: [{ hosts: ['shop.example.com'], secret: TlsSecret.fromSecretName('a') }, { hosts: ['shop.example.com'], secret: TlsSecret.fromSecretName('b') }],
  }), 'tls[1].hosts', /gives host shop.example.com a second certificate/],
  ['two issuers', ({ web, api }) => ({
    rules: [{ host: 'a.example.com', backend: IngressBackend.service(web) }, { host: 'b.example.com', backend: IngressBackend.service(api) }],
    tls: [
      { hosts: ['a.example.com'], secret: TlsSecret.fromCertManager('a', { clusterIssuer: 'letsencrypt' }) },
      { hosts: ['b.example.com'], secret: TlsSecret.fromCertManager('b', { clusterIssuer: 'letsencrypt-staging' }) },
    ],
  }), 'tls[1].secret', /needs annotation cert-manager.io\/cluster-issuer: "letsencrypt-staging" but the Ingress already has "letsencrypt"/],
])('fails on %s', (_, build, field, message) => {
  test('at construction, with the construct path, the prop and a fix', () => {
    const error = propError(() => render(build));
    expect(error).toMatchObject({ path: 'test/shop', field, fix: expect.any(String) });
    expect(error.problem).toMatch(message);
  });
});

describe.each<[string, (s: ReturnType<typeof services>) => IngressBackend, RegExp]>([
  ['a port number the Service does not expose', ({ web }) => IngressBackend.service(web, 8080), /ports of Service web do not include 8080; it has http \(80\)/],
  ['a port name the Service does not expose', ({ metrics }) => IngressBackend.service(metrics, 'http'), /ports of Service metrics do not include "http"; it has metrics \(9090\), admin \(9091\)/],
  ['no port for a Service with two', ({ metrics }) => IngressBackend.service(metrics), /ports of Service metrics are 2 \(.*\) and the Ingress backend does not say which one/],
  ['a Service without port', (_s) => IngressBackend.service(Service.externalName(new Chart(Testing.app(), 'x'), 'db', { externalName: 'db.example.com' })), /ports of Service db are empty/],
])('fails on %s', (_, make, message) => {
  test('when the backend is made', () => {
    expect(() => make(services(new Chart(Testing.app(), 'test')))).toThrow(message);
  });
});

describe.each([
  ['a secret name with capitals', () => TlsSecret.fromSecretName('Shop-TLS'), /TLS secret name "Shop-TLS"/],
  ['both issuers', () => TlsSecret.fromCertManager('shop-tls', { issuer: 'a', clusterIssuer: 'b' }), /give exactly one of clusterIssuer and issuer \(got 2\)/],
  ['no issuer', () => TlsSecret.fromCertManager('shop-tls', {}), /give exactly one of clusterIssuer and issuer \(got 0\)/],
  ['an issuer name with a space', () => TlsSecret.fromCertManager('shop-tls', { clusterIssuer: 'lets encrypt' }), /issuer name "lets encrypt"/],
])('TlsSecret fails on %s', (_, make, message) => {
  test('when it is made', () => {
    expect(make).toThrow(message);
  });
});

test('TlsSecret.fromSecretName needs no annotation', () => {
  expect(TlsSecret.fromSecretName('shop-tls')).toMatchObject({ secretName: 'shop-tls', annotations: {} });
});
