import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import { StatefulService, Worker, WebService } from '../lib';
import { expectSecureDefaults, findingsOf, only, synthObjects } from './helpers';
import { KubeObject } from '../lib/validation/manifest';

const IMAGE = 'registry.example.com/shop/worker:2.0.0';

describe('Worker', () => {
  test('defaults: a Deployment and nothing else, secure, 2 replicas', () => {
    const objects = synthObjects((c) => { new Worker(c, 'queue', { container: { image: IMAGE } }); });
    expect(objects.map((o) => o.kind)).toEqual(['Deployment']);
    const deployment = only(objects, 'Deployment');
    expect(deployment).toMatchSnapshot();
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'queue' });
    expect(deployment.spec.template.spec.containers[0].ports).toBeUndefined();
    expectSecureDefaults(deployment.spec.template.spec);
  });

  test('validates with no finding', () => {
    expect(findingsOf((c) => { new Worker(c, 'queue', { container: { image: IMAGE } }); })).toEqual([]);
  });

  test('progressDeadline and paused', () => {
    const spec = only(synthObjects((c) => {
      new Worker(c, 'queue', { container: { image: IMAGE }, progressDeadline: Duration.minutes(5), minReady: Duration.seconds(10), paused: true });
    }), 'Deployment').spec;
    expect(spec).toMatchObject({ progressDeadlineSeconds: 300, minReadySeconds: 10, paused: true });
  });

  describe.each([
    [Duration.seconds(10), undefined],
    [Duration.seconds(30), Duration.seconds(30)],
    [Duration.seconds(20), Duration.minutes(1)],
  ])('progressDeadline %s with minReady %s', (progressDeadline, minReady) => {
    test('fails: the deadline must be longer than minReady', () => {
      expect(() => new Worker(synthChart(), 'queue', { container: { image: IMAGE }, progressDeadline, minReady: minReady ?? Duration.seconds(10) }))
        .toThrow(/progressDeadline \(\d+s\) must be greater than minReady \(\d+s\)[\s\S]*at: +test\/queue/);
    });
  });

  test('ApiObject.of gives the Deployment, whose id is Resource', () => {
    const worker = new Worker(synthChart(), 'queue', { container: { image: IMAGE } });
    expect(ApiObject.of(worker)).toBe(worker.deployment);
    expect(worker.deployment.node.id).toBe('Resource');
  });

  test('WebService.expose puts a Service in front of it, selecting its pods', () => {
    const objects = synthObjects((c) => {
      const worker = new Worker(c, 'queue', { container: { image: IMAGE } });
      const web = WebService.expose(c, 'queue-admin', worker, { ports: [{ port: 80, containerPort: 9000, name: 'admin' }] });
      expect(ApiObject.of(web)).toBe(web.service);
      expect(web.deployment).toBe(worker.deployment);
    });
    expect(objects.map((o) => o.kind)).toEqual(['Deployment', 'Service']);
    const service = only(objects, 'Service');
    expect(service.metadata.name).toBe('queue-admin');
    expect(service.spec.selector).toEqual({ 'app.kubernetes.io/name': 'queue' });
    expect(service.spec.ports).toEqual([{ name: 'admin', port: 80, targetPort: 9000 }]);
  });
});

function synthChart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'test' });
}

describe('WebService.expose options', () => {
  test('a PodDisruptionBudget over the exposed pods, and no autoscaler', () => {
    const objects = synthObjects((c) => {
      const worker = new Worker(c, 'queue', { container: { image: IMAGE, ports: [{ number: 9000, name: 'admin' }] } });
      WebService.expose(c, 'queue-admin', worker, { disruptionBudget: {} });
    });
    expect(objects.map((o) => o.kind).sort()).toEqual(['Deployment', 'PodDisruptionBudget', 'Service']);
    expect(only(objects, 'PodDisruptionBudget').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'queue' } } });
  });

  test('fails with ports []', () => {
    const c = synthChart();
    const worker = new Worker(c, 'queue', { container: { image: IMAGE } });
    expect(() => WebService.expose(c, 'admin', worker, { ports: [] })).toThrow(/ports is empty[\s\S]*at: +test\/admin/);
  });

  test('the Service sends to the ports the workload declares when given none', () => {
    const objects = synthObjects((c) => {
      const worker = new Worker(c, 'queue', { container: { image: IMAGE, ports: [{ number: 9000, name: 'admin' }, { number: 9090 }] } });
      WebService.expose(c, 'queue-admin', worker);
    });
    expect(only(objects, 'Service').spec.ports).toEqual([
      { name: 'admin', port: 9000, targetPort: 9000 },
      { name: 'tcp-9090', port: 9090, targetPort: 9090 },
    ]);
  });

  test('fails when the workload declares no port and none is given', () => {
    const c = synthChart();
    const worker = new Worker(c, 'queue', { container: { image: IMAGE } });
    expect(() => WebService.expose(c, 'admin', worker)).toThrow(/ports is not given and test\/queue declares no container port[\s\S]*at: +test\/admin\n +field: +ports\n/);
  });

  test('fails when a Service port sends to a port the workload does not declare', () => {
    const c = synthChart();
    const worker = new Worker(c, 'queue', { container: { image: IMAGE, ports: [{ number: 9000 }] } });
    expect(() => WebService.expose(c, 'admin', worker, { ports: [{ port: 80, containerPort: 8080 }] }))
      .toThrow(/ports\[0\].containerPort sends to TCP port 8080, which test\/queue does not declare \(it declares TCP 9000\)[\s\S]*field: +ports\[0\].containerPort = 8080/);
  });
});

describe('WebService.expose of a StatefulService', () => {
  test('sends to the ports of the headless Service by default', () => {
    const objects = synthObjects((c) => {
      const cache = new StatefulService(c, 'cache', { container: { image: IMAGE }, ports: [{ port: 6379, name: 'redis' }] });
      WebService.expose(c, 'cache-lb', cache);
    });
    const service = objects.find((o) => o.kind === 'Service' && o.metadata?.name === 'cache-lb') as KubeObject & { spec: any };
    expect(service.spec.ports).toEqual([{ name: 'redis', port: 6379, targetPort: 6379 }]);
  });
});
