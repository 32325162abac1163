import { Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { JobRestartPolicy, NodeAffinity, NodePinnedJob, NodePinnedJobProps, NodeRequirement, Toleration } from '../lib';
import { KubeObject } from '../lib/validation/manifest';
import { expectSecureDefaults, only, synthObjects } from './helpers';

const IMAGE = 'registry.example.com/batch/report:2.0.1';
const BATCH_NODES = NodeAffinity.require(NodeRequirement.in('node-role.example.com/batch', ['true']));

/** The objects of one NodePinnedJob `report` on the batch nodes. */
function render(props: Partial<NodePinnedJobProps> = {}): KubeObject[] {
  return synthObjects((chart) => {
    new NodePinnedJob(chart, 'report', { container: { image: IMAGE }, nodeAffinity: BATCH_NODES, ...props });
  });
}

const job = (objects: KubeObject[]) => only(objects, 'Job');
const podSpec = (objects: KubeObject[]) => job(objects).spec.template.spec;
const container = (objects: KubeObject[]) => podSpec(objects).containers.find((c: any) => c.name === 'report');

describe('defaults', () => {
  const objects = render();

  test('renders one Job', () => {
    expect(objects).toMatchSnapshot();
    expect(objects.map((o) => o.kind)).toEqual(['Job']);
    expect(job(objects).apiVersion).toBe('batch/v1');
    expect(job(objects).metadata.name).toBe('report');
  });

  test('pods are pinned with a required node affinity', () => {
    expect(podSpec(objects).affinity).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'node-role.example.com/batch', operator: 'In', values: ['true'] }] }],
        },
      },
    });
  });

  test('failed pods are not restarted in place', () => {
    expect(podSpec(objects).restartPolicy).toBe('Never');
  });

  test('writes no Kubernetes defaults and invents nothing', () => {
    const spec = job(objects).spec;
    for (const field of ['backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'parallelism', 'completions', 'selector']) {
      expect(spec[field]).toBeUndefined();
    }
    expect(podSpec(objects).tolerations).toBeUndefined();
    expect(container(objects).resources).toBeUndefined();
    expect(container(objects).startupProbe).toBeUndefined();
  });

  test('pods carry the name and version labels', () => {
    const labels = { 'app.kubernetes.io/name': 'report', 'app.kubernetes.io/version': '2.0.1' };
    expect(job(objects).metadata.labels).toEqual(labels);
    expect(job(objects).spec.template.metadata.labels).toEqual(labels);
  });

  test('pods run with the secure defaults', () => {
    expectSecureDefaults(podSpec(objects));
  });

  test('exposes the Job', () => {
    const chart = new Chart(Testing.app(), 'test');
    const pinned = new NodePinnedJob(chart, 'report', { container: { image: IMAGE }, nodeAffinity: BATCH_NODES });
    expect(pinned.name).toBe('report');
    expect(pinned.job.name).toBe('report');
  });
});

test('name overrides the construct id, for the Job and its container', () => {
  const objects = synthObjects((chart) => {
    new NodePinnedJob(chart, 'Report', { name: 'nightly-report', container: { image: IMAGE }, nodeAffinity: BATCH_NODES });
  });
  expect(job(objects).metadata.name).toBe('nightly-report');
  expect(podSpec(objects).containers.map((c: any) => c.name)).toEqual(['nightly-report']);
});

describe('node affinity', () => {
  describe.each([
    ['notIn', NodeRequirement.notIn('disktype', ['hdd', 'nfs']), { key: 'disktype', operator: 'NotIn', values: ['hdd', 'nfs'] }],
    ['exists', NodeRequirement.exists('gpu'), { key: 'gpu', operator: 'Exists' }],
    ['doesNotExist', NodeRequirement.doesNotExist('spot'), { key: 'spot', operator: 'DoesNotExist' }],
    ['gt', NodeRequirement.gt('cpu-count', 8), { key: 'cpu-count', operator: 'Gt', values: ['8'] }],
    ['lt', NodeRequirement.lt('cpu-count', 64), { key: 'cpu-count', operator: 'Lt', values: ['64'] }],
  ])('NodeRequirement.%s', (_operator, requirement, expected) => {
    test('is written as its match expression', () => {
      const objects = render({ nodeAffinity: NodeAffinity.require(requirement) });
      const terms = podSpec(objects).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
      expect(terms).toEqual([{ matchExpressions: [expected] }]);
    });
  });

  test('requirements given together are one term (AND)', () => {
    const objects = render({
      nodeAffinity: NodeAffinity.require(NodeRequirement.in('disktype', ['ssd']), NodeRequirement.exists('gpu')),
    });
    expect(podSpec(objects).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }, { key: 'gpu', operator: 'Exists' }] },
    ]);
  });

  test('requireAnyOf makes alternative terms (OR)', () => {
    const objects = render({
      nodeAffinity: NodeAffinity.requireAnyOf(
        [NodeRequirement.in('pool', ['batch'])],
        [NodeRequirement.in('pool', ['general']), NodeRequirement.exists('batch-ok')],
      ),
    });
    expect(podSpec(objects).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'pool', operator: 'In', values: ['batch'] }] },
      { matchExpressions: [{ key: 'pool', operator: 'In', values: ['general'] }, { key: 'batch-ok', operator: 'Exists' }] },
    ]);
  });

  test('prefer adds weighted preferences next to the requirement', () => {
    const objects = render({
      nodeAffinity: BATCH_NODES.prefer(40, NodeRequirement.in('topology.kubernetes.io/zone', ['eu-west-1a'])),
    });
    const nodeAffinity = podSpec(objects).affinity.nodeAffinity;
    expect(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toHaveLength(1);
    expect(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution).toEqual([{
      weight: 40,
      preference: { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a'] }] },
    }]);
  });
});

describe('tolerations', () => {
  test('equal and exists, with effects and eviction delay', () => {
    const objects = render({
      tolerations: [
        Toleration.equal('dedicated', 'batch', { effect: kplus.TaintEffect.NO_SCHEDULE }),
        Toleration.exists('node.kubernetes.io/unreachable', { effect: kplus.TaintEffect.NO_EXECUTE, evictAfter: Duration.minutes(5) }),
        Toleration.exists('gpu'),
      ],
    });
    expect(podSpec(objects).tolerations).toEqual([
      { key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'gpu', operator: 'Exists' },
    ]);
  });
});

describe('job settings', () => {
  test('restartPolicy OnFailure', () => {
    expect(podSpec(render({ restartPolicy: JobRestartPolicy.ON_FAILURE })).restartPolicy).toBe('OnFailure');
  });

  test('backoffLimit, activeDeadline and ttlAfterFinished', () => {
    const objects = render({ backoffLimit: 2, activeDeadline: Duration.hours(2), ttlAfterFinished: Duration.days(1) });
    expect(job(objects).spec).toMatchObject({ backoffLimit: 2, activeDeadlineSeconds: 7200, ttlSecondsAfterFinished: 86400 });
  });

  test('parallelism and completions', () => {
    const objects = render({ parallelism: 3, completions: 9 });
    expect(job(objects).spec).toMatchObject({ parallelism: 3, completions: 9 });
  });

  test('resources are written as given', () => {
    const objects = render({
      container: {
        image: IMAGE,
        resources: { cpu: { request: kplus.Cpu.units(4), limit: kplus.Cpu.units(8) }, memory: { request: Size.gibibytes(16), limit: Size.gibibytes(16) } },
      },
    });
    expect(container(objects).resources).toEqual({ requests: { cpu: 4, memory: '16Gi' }, limits: { cpu: 8, memory: '16Gi' } });
  });

  test('sidecars run beside the main container', () => {
    const objects = render({ sidecars: [{ name: 'proxy', image: 'registry.example.com/cloud-sql-proxy:2.8.0' }] });
    expect(podSpec(objects).containers.map((c: any) => c.name)).toEqual(['report', 'proxy']);
  });
});

describe('labels', () => {
  test('component, version, pod labels and annotations', () => {
    const objects = render({ component: 'reporting', version: '2024.05', podLabels: { team: 'data' }, podAnnotations: { note: 'x' } });
    expect(job(objects).metadata.labels).toEqual({
      'app.kubernetes.io/name': 'report',
      'app.kubernetes.io/component': 'reporting',
      'app.kubernetes.io/version': '2024.05',
    });
    expect(job(objects).spec.template.metadata).toEqual({
      labels: { ...job(objects).metadata.labels, team: 'data' },
      annotations: { note: 'x' },
    });
  });

  test('chart labels reach the pod template', () => {
    const chart = new Chart(Testing.app(), 'test', { labels: { 'app.kubernetes.io/part-of': 'reports' } });
    new NodePinnedJob(chart, 'report', { container: { image: IMAGE }, nodeAffinity: BATCH_NODES });
    const objects = chart.toJson() as KubeObject[];
    expect(job(objects).spec.template.metadata.labels['app.kubernetes.io/part-of']).toBe('reports');
  });
});
