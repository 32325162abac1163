import { Chart, Testing } from 'cdk8s';
import { Affinity, LifecycleHandler, PodDns, Topology, Worker } from '../lib';
import { findingsOf, only, synthObjects } from './helpers';

const IMAGE = 'registry.example.com/shop/worker:2.0.0';
const podOf = (build: (c: Chart) => void): any => only(synthObjects(build), 'Deployment', 'w').spec.template.spec;

describe('pod and container props', () => {
  test('initContainers: named, secure, before the main containers', () => {
    const pod = podOf((c) => { new Worker(c, 'w', { container: { image: IMAGE }, initContainers: [{ name: 'wait', image: IMAGE, command: ['wait-for', 'db'] }] }); });
    expect(pod.initContainers).toHaveLength(1);
    expect(pod.initContainers[0]).toMatchObject({ name: 'wait', command: ['wait-for', 'db'], securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false } });
  });

  test('lifecycle: preStop exec and postStart httpGet on the first port', () => {
    const pod = podOf((c) => {
      new Worker(c, 'w', {
        container: { image: IMAGE, ports: [{ number: 9000 }], lifecycle: { preStop: LifecycleHandler.exec(['sleep', '5']), postStart: LifecycleHandler.httpGet('/warm') } },
      });
    });
    expect(pod.containers[0].lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '5'] } }, postStart: { httpGet: { path: '/warm', port: 9000 } } });
  });

  test('dns: policy and config', () => {
    const pod = podOf((c) => { new Worker(c, 'w', { container: { image: IMAGE }, dns: PodDns.none({ nameservers: ['1.1.1.1'], searches: ['svc.example'], options: { ndots: '2', edns0: '' } }) }); });
    expect(pod.dnsPolicy).toBe('None');
    expect(pod.dnsConfig).toEqual({ nameservers: ['1.1.1.1'], searches: ['svc.example'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] });
  });

  test('nodeSelector', () => {
    expect(podOf((c) => { new Worker(c, 'w', { container: { image: IMAGE }, nodeSelector: { disktype: 'ssd' } }); }).nodeSelector).toEqual({ disktype: 'ssd' });
  });

  test('affinity to other workloads by reference, across namespaces', () => {
    const app = Testing.app();
    const other = new Chart(app, 'other', { namespace: 'data' });
    const cache = new Worker(other, 'cache', { container: { image: IMAGE } });
    const chart = new Chart(app, 'test', { namespace: 'test' });
    const batch = new Worker(chart, 'batch', { container: { image: IMAGE } });
    const w = new Worker(chart, 'w', { container: { image: IMAGE }, affinity: [Affinity.colocateWith(cache, { topology: Topology.ZONE, weight: 50 }), Affinity.awayFrom(batch)] });
    expect(w.deployment.toJson().spec.template.spec.affinity).toEqual({
      podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'cache' } }, topologyKey: 'topology.kubernetes.io/zone', namespaces: ['data'] } }] },
      podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'batch' } }, topologyKey: 'kubernetes.io/hostname' }] },
    });
  });

  test('workingDir on every container, sidecars included', () => {
    const pod = podOf((c) => { new Worker(c, 'w', { container: { image: IMAGE, workingDir: '/app' }, sidecars: [{ name: 'side', image: IMAGE, workingDir: '/side' }] }); });
    expect(pod.containers.map((x: any) => x.workingDir)).toEqual(['/app', '/side']);
  });

  test('all of them together validate', () => {
    expect(findingsOf((c) => {
      new Worker(c, 'w', {
        container: { image: IMAGE, lifecycle: { preStop: LifecycleHandler.exec(['sleep', '5']) } },
        initContainers: [{ name: 'wait', image: IMAGE }],
        dns: PodDns.clusterFirst({ options: { ndots: '2' } }),
        nodeSelector: { disktype: 'ssd' },
        priorityClassName: 'high',
      });
    })).toEqual([]);
  });

  describe.each([
    ['an empty exec command', () => LifecycleHandler.exec([]), /needs a command/],
    ['a relative httpGet path', () => LifecycleHandler.httpGet('warm'), /must start with '\/'/],
    ['an affinity weight of 0', () => Affinity.awayFrom(new Worker(new Chart(Testing.app(), 't'), 'x', { container: { image: IMAGE } }), { weight: 0 }), /weight 0 .* from 1 to 100/],
  ])('%s', (_name, make, error) => {
    test('fails', () => {
      expect(make).toThrow(error);
    });
  });

  describe.each([
    ['PodDns.none without name servers', PodDns.none({}), /dns is PodDns\.none\(\) without a name server: the pod would have no resolver[\s\S]*at: +test\/w/],
    ['four name servers', PodDns.clusterFirst({ nameservers: ['1.1.1.1', '1.0.0.1', '8.8.8.8', '8.8.4.4'] }), /dns has 4 name servers; Kubernetes allows at most 3/],
    ['33 search domains', PodDns.clusterFirst({ searches: Array.from({ length: 33 }, (_, i) => `d${i}.example.com`) }), /dns has 33 search domains; Kubernetes allows at most 32/],
  ])('a workload with %s', (_name, dns, error) => {
    test('fails with a PropError on dns', () => {
      expect(() => synthObjects((c) => { new Worker(c, 'w', { container: { image: IMAGE }, dns }); })).toThrow(error);
    });
  });

  test('fails: httpGet hook with no port to call', () => {
    expect(() => synthObjects((c) => { new Worker(c, 'w', { container: { image: IMAGE, lifecycle: { postStart: LifecycleHandler.httpGet('/warm') } } }); }))
      .toThrow(/needs a port: the container declares none/);
  });
});
