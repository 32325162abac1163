import { Chart, Duration, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Probe, StandalonePod, StandalonePodProps, Volume } from '../lib';
import { KubeObject } from '../lib/validation/manifest';
import { SECURE_CONTAINER_CONTEXT, expectSecureDefaults, only, synthObjects } from './helpers';

const IMAGE = 'registry.example.com/tools/debug:1.0.0';

/** The objects of one StandalonePod `debug`. */
function render(props: Partial<StandalonePodProps> = {}): KubeObject[] {
  return synthObjects((chart) => {
    new StandalonePod(chart, 'debug', { containers: [{ image: IMAGE }], ...props });
  });
}

const pod = (objects: KubeObject[]) => only(objects, 'Pod');

describe('defaults', () => {
  const objects = render();

  test('renders one Pod', () => {
    expect(objects).toMatchSnapshot();
    expect(objects.map((o) => o.kind)).toEqual(['Pod']);
    expect(pod(objects).metadata.name).toBe('debug');
  });

  test('the container is named after the pod and locked down', () => {
    const [container] = pod(objects).spec.containers;
    expect(container.name).toBe('debug');
    expect(container.securityContext).toEqual(SECURE_CONTAINER_CONTEXT);
    expect(container.resources).toBeUndefined();
    expect(container.startupProbe).toBeUndefined();
  });

  test('the pod runs as non-root with RuntimeDefault seccomp and no API token', () => {
    expectSecureDefaults(pod(objects).spec);
  });

  test('restartPolicy is left to Kubernetes', () => {
    expect(pod(objects).spec.restartPolicy).toBeUndefined();
  });

  test('labels are the name and version labels', () => {
    expect(pod(objects).metadata.labels).toEqual({ 'app.kubernetes.io/name': 'debug', 'app.kubernetes.io/version': '1.0.0' });
  });
});

test('several containers: only the first takes the pod name', () => {
  const objects = render({
    containers: [{ image: IMAGE }, { name: 'helper', image: 'registry.example.com/tools/helper:3.1.0' }],
  });
  expect(pod(objects).spec.containers.map((c: any) => c.name)).toEqual(['debug', 'helper']);
});

test('labels are added to the pod and exposed', () => {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'test' });
  const standalone = new StandalonePod(chart, 'debug', { containers: [{ image: IMAGE }], labels: { app: 'debug-tools' } });
  const objects = chart.toJson() as KubeObject[];
  expect(pod(objects).metadata.labels).toEqual({
    'app': 'debug-tools',
    'app.kubernetes.io/name': 'debug',
    'app.kubernetes.io/version': '1.0.0',
  });
  expect(standalone.labels).toEqual(pod(objects).metadata.labels);
  expect(standalone.pod.name).toBe('debug');
});

test('restartPolicy, annotations and pod settings are written', () => {
  const objects = render({
    name: 'one-shot',
    restartPolicy: kplus.RestartPolicy.NEVER,
    podAnnotations: { purpose: 'debugging' },
    hostAliases: [{ ip: '127.0.0.1', hostnames: ['foo.local'] }],
    terminationGracePeriod: Duration.seconds(5),
  });
  const p = pod(objects);
  expect(p.metadata).toMatchObject({ name: 'one-shot', annotations: { purpose: 'debugging' } });
  expect(p.spec).toMatchObject({
    restartPolicy: 'Never',
    hostAliases: [{ ip: '127.0.0.1', hostnames: ['foo.local'] }],
    terminationGracePeriodSeconds: 5,
  });
});

test('containers get their own ports, probes and mounts', () => {
  const objects = render({
    containers: [{
      image: IMAGE,
      ports: [{ number: 3000, name: 'web' }],
      liveness: Probe.httpGet('/healthz'),
      mounts: [{ path: '/tmp', volume: Volume.emptyDir('tmp') }],
    }],
  });
  const [container] = pod(objects).spec.containers;
  expect(container.ports).toEqual([{ containerPort: 3000, name: 'web' }]);
  expect(container.livenessProbe).toEqual({ httpGet: { path: '/healthz', port: 3000 } });
  expect(pod(objects).spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
});

test('chart labels reach the pod', () => {
  const chart = new Chart(Testing.app(), 'test', { labels: { 'app.kubernetes.io/part-of': 'tools' } });
  new StandalonePod(chart, 'debug', { containers: [{ image: IMAGE }] });
  expect(pod(chart.toJson() as KubeObject[]).metadata.labels['app.kubernetes.io/part-of']).toBe('tools');
});
