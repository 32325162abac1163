import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Cidr, Service, ServiceProps, SessionAffinity, StandalonePod, TrafficPolicy, WebService } from '../lib';
import { findingsOf, only, propError, synthObjects } from './helpers';

const IMAGE = 'registry.example.com/shop/web:1.4.2';

/** The Service `api` in front of a WebService `web`, with `props`. */
function render(props: Partial<ServiceProps> = {}): any {
  const objects = synthObjects((chart) => {
    const web = new WebService(chart, 'web', { container: { image: IMAGE } });
    new Service(chart, 'api', { selector: web, ports: [{ port: 80, targetPort: 8080, name: 'http' }], ...props });
  });
  return only(objects, 'Service', 'api');
}


describe('defaults', () => {
  const service = render();

  test('renders a ClusterIP Service that selects the workload\'s pods', () => {
    expect(service).toMatchSnapshot();
    expect(service.metadata).toEqual({ name: 'api', namespace: 'test', labels: { 'app.kubernetes.io/name': 'api' } });
    expect(service.spec).toEqual({
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'web' },
      ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    });
  });

  test('the main object is the Resource child', () => {
    const chart = new Chart(Testing.app(), 'test');
    const svc = new Service(chart, 'api', { selector: { selector: { app: 'api' } }, ports: [{ port: 80 }] });
    expect(svc.node.defaultChild).toBe(svc.resource);
    expect(svc.name).toBe('api');
    expect(svc.ports).toEqual([{ port: 80, name: undefined }]);
    expect(svc.selector).toEqual({ app: 'api' });
  });
});

test('a Service in front of a bare Pod selects it by its name label', () => {
  const objects = synthObjects((chart) => {
    const pod = new StandalonePod(chart, 'sample-node-app', { containers: [{ image: IMAGE }], labels: { app: 'sample-node-app' } });
    new Service(chart, 'svc', { name: 'sample-node-app', selector: pod, ports: [{ port: 80, name: 'http' }] });
  });
  expect(only(objects, 'Service').spec.selector).toEqual({ 'app.kubernetes.io/name': 'sample-node-app' });
  expect(only(objects, 'Pod').metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'sample-node-app', 'app': 'sample-node-app' });
  // The validator finds the pod behind the selector: the Service has endpoints.
  expect(findingsOf((chart) => {
    const pod = new StandalonePod(chart, 'sample-node-app', { containers: [{ image: IMAGE }] });
    new Service(chart, 'svc', { name: 'sample-node-app', selector: pod, ports: [{ port: 80 }] });
  })).toEqual([]);
});

test('targetPort by name, and protocols', () => {
  const service = render({ ports: [{ port: 80, targetPort: 'http', name: 'http' }, { port: 53, name: 'dns', protocol: kplus.Protocol.UDP }] });
  expect(service.spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 'http' }, { name: 'dns', port: 53, protocol: 'UDP' }]);
});

test('headless writes clusterIP None', () => {
  expect(render({ headless: true }).spec.clusterIP).toBe('None');
});

test('a headless Service may have no port', () => {
  expect(render({ headless: true, ports: [] }).spec).not.toHaveProperty('ports');
});

test('publishNotReadyAddresses', () => {
  expect(render({ headless: true, publishNotReadyAddresses: true }).spec.publishNotReadyAddresses).toBe(true);
});

test('clusterIP', () => {
  expect(render({ clusterIP: '10.0.171.239' }).spec.clusterIP).toBe('10.0.171.239');
});

test('externalTrafficPolicy on a LoadBalancer Service', () => {
  expect(render({ type: kplus.ServiceType.LOAD_BALANCER, externalTrafficPolicy: TrafficPolicy.LOCAL }).spec).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Local' });
});

test('externalTrafficPolicy and nodePort on a NodePort Service', () => {
  const spec = render({ type: kplus.ServiceType.NODE_PORT, externalTrafficPolicy: TrafficPolicy.CLUSTER, ports: [{ port: 80, nodePort: 30080 }] }).spec;
  expect(spec).toMatchObject({ type: 'NodePort', externalTrafficPolicy: 'Cluster', ports: [{ port: 80, nodePort: 30080 }] });
});

test('internalTrafficPolicy', () => {
  expect(render({ internalTrafficPolicy: TrafficPolicy.LOCAL }).spec.internalTrafficPolicy).toBe('Local');
});

test('loadBalancerSourceRanges and loadBalancerClass', () => {
  const spec = render({
    type: kplus.ServiceType.LOAD_BALANCER,
    loadBalancerSourceRanges: [Cidr.of('203.0.113.0/24'), Cidr.of('2001:db8::/32')],
    loadBalancerClass: 'service.k8s.aws/nlb',
  }).spec;
  expect(spec.loadBalancerSourceRanges).toEqual(['203.0.113.0/24', '2001:db8::/32']);
  expect(spec.loadBalancerClass).toBe('service.k8s.aws/nlb');
});

test('sessionAffinity with a timeout', () => {
  const spec = render({ sessionAffinity: SessionAffinity.CLIENT_IP, sessionAffinityTimeout: Duration.minutes(30) }).spec;
  expect(spec.sessionAffinity).toBe('ClientIP');
  expect(spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 1800 } });
});

test('labels and annotations', () => {
  const service = render({ labels: { tier: 'backend' }, annotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' } });
  expect(service.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'api', 'tier': 'backend' });
  expect(service.metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' });
});

describe('ExternalName', () => {
  const objects = synthObjects((chart) => {
    Service.externalName(chart, 'db', { externalName: 'db.prod.example.com' });
  });
  const service = only(objects, 'Service');

  test('an alias: no selector, no ports, no cluster IP', () => {
    expect(service).toMatchSnapshot();
    expect(service.spec).toEqual({ type: 'ExternalName', externalName: 'db.prod.example.com' });
  });

  test('may list ports', () => {
    const chart = new Chart(Testing.app(), 'test');
    const db = Service.externalName(chart, 'db', { externalName: 'db.example.com.', ports: [{ port: 5432 }] });
    expect(db.ports).toEqual([{ port: 5432, name: undefined }]);
    expect(db.selector).toBeUndefined();
  });

  test('passes validation', () => {
    expect(findingsOf((chart) => { Service.externalName(chart, 'db', { externalName: 'db.example.com' }); })).toEqual([]);
  });
});

test('every shape passes validation', () => {
  expect(findingsOf((chart) => {
    const web = new WebService(chart, 'web', { container: { image: IMAGE } });
    new Service(chart, 'lb', {
      selector: web,
      type: kplus.ServiceType.LOAD_BALANCER,
      ports: [{ port: 443, targetPort: 'http', name: 'https' }, { port: 8443, targetPort: 8080, name: 'alt', nodePort: 31443 }],
      externalTrafficPolicy: TrafficPolicy.LOCAL,
      internalTrafficPolicy: TrafficPolicy.CLUSTER,
      loadBalancerSourceRanges: [Cidr.of('203.0.113.0/24')],
      loadBalancerClass: 'service.k8s.aws/nlb',
      sessionAffinity: SessionAffinity.CLIENT_IP,
      sessionAffinityTimeout: Duration.hours(1),
    });
    new Service(chart, 'headless', { selector: web, headless: true, ports: [{ port: 8080, name: 'http' }] });
  })).toEqual([]);
});

describe.each<[string, Partial<ServiceProps>, string, RegExp]>([
  ['no port on a ClusterIP Service', { ports: [] }, 'ports', /is empty; only headless and ExternalName Services may have no port/],
  ['a headless NodePort Service', { headless: true, type: kplus.ServiceType.NODE_PORT }, 'headless', /cannot be set on a NodePort Service/],
  ['headless with a clusterIP', { headless: true, clusterIP: '10.0.0.1' }, 'clusterIP', /contradicts headless/],
  ['externalTrafficPolicy on a ClusterIP Service', { externalTrafficPolicy: TrafficPolicy.LOCAL }, 'externalTrafficPolicy', /only applies to NodePort and LoadBalancer Services, not ClusterIP/],
  ['loadBalancerSourceRanges on a NodePort Service', { type: kplus.ServiceType.NODE_PORT, loadBalancerSourceRanges: [Cidr.of('10.0.0.0/8')] }, 'loadBalancerSourceRanges', /only applies to LoadBalancer Services/],
  ['loadBalancerClass on a ClusterIP Service', { loadBalancerClass: 'example.com/lb' }, 'loadBalancerClass', /only applies to LoadBalancer Services/],
  ['a loadBalancerClass that is not a qualified name', { type: kplus.ServiceType.LOAD_BALANCER, loadBalancerClass: 'Not Valid' }, 'loadBalancerClass', /is not a qualified name/],
  ['a session timeout without ClientIP affinity', { sessionAffinityTimeout: Duration.minutes(5) }, 'sessionAffinityTimeout', /needs sessionAffinity: SessionAffinity.CLIENT_IP/],
  ['a session timeout over a day', { sessionAffinity: SessionAffinity.CLIENT_IP, sessionAffinityTimeout: Duration.days(2) }, 'sessionAffinityTimeout', /is not a whole number of seconds from 1 to 86400/],
  ['two unnamed ports', { ports: [{ port: 80 }, { port: 443 }] }, 'ports[0].name', /the Service has 2 ports and port 80 has no name/],
  ['a port name used twice', { ports: [{ port: 80, name: 'http' }, { port: 81, name: 'http' }] }, 'ports[1].name', /is used twice/],
  ['the same port twice', { ports: [{ port: 80, name: 'a' }, { port: 80, name: 'b' }] }, 'ports[1].port', /is listed twice \(TCP\/80\)/],
  ['port 0', { ports: [{ port: 0 }] }, 'ports[0].port', /is not an integer from 1 to 65535/],
  ['a targetPort of 70000', { ports: [{ port: 80, targetPort: 70000 }] }, 'ports[0].targetPort', /is not an integer/],
  ['a targetPort name with capitals', { ports: [{ port: 80, targetPort: 'HTTP' }] }, 'ports[0].targetPort', /is not a container port name/],
  ['a nodePort on a ClusterIP Service', { ports: [{ port: 80, nodePort: 30080 }] }, 'ports[0].nodePort', /needs a NodePort or LoadBalancer Service, not ClusterIP/],
  ['a nodePort out of range', { type: kplus.ServiceType.NODE_PORT, ports: [{ port: 80, nodePort: 8080 }] }, 'ports[0].nodePort', /is outside the node port range 30000-32767/],
  ['type ExternalName without Service.externalName', { type: kplus.ServiceType.EXTERNAL_NAME }, 'type', /needs an externalName/],
])('fails on %s', (_, props, field, message) => {
  test('at construction, with the construct path, the prop and a fix', () => {
    const error = propError(() => render(props));
    expect(error).toMatchObject({ path: 'test/api', field, fix: expect.any(String) });
    expect(error.problem).toMatch(message);
  });
});

describe.each([
  ['an IP address', '10.0.0.1', /is an IP address; an ExternalName Service is a DNS alias/],
  ['capitals', 'DB.example.com', /lower/],
  ['an empty name', '', /./],
])('fails on an externalName that is %s', (_, externalName, message) => {
  test('at construction', () => {
    const error = propError(() => Service.externalName(new Chart(Testing.app(), 'test'), 'db', { externalName }));
    expect(error).toMatchObject({ path: 'test/db', field: 'externalName', value: externalName });
    expect(error.problem).toMatch(message);
  });
});
