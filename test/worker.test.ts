import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import { Worker, WebService } from '../lib';
import { expectSecureDefaults, findingsOf, only, synthObjects } from './helpers';

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
      const worker = new Worker(c, 'queue', { container: { image: IMAGE } });
      WebService.expose(c, 'queue-admin', worker, { disruptionBudget: {} });
    });
    expect(objects.map((o) => o.kind).sort()).toEqual(['Deployment', 'PodDisruptionBudget', 'Service']);
    expect(only(objects, 'PodDisruptionBudget').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'queue' } } });
  });

  test('fails with ports []', () => {
    const c = synthChart();
    const worker = new Worker(c, 'queue', { container: { image: IMAGE } });
    expect(() => WebService.expose(c, 'admin', worker, { ports: [] })).toThrow(/ports is \[\][\s\S]*at: +test\/admin/);
  });
});
