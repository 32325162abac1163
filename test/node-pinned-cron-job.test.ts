import { Chart, Cron, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  JobRestartPolicy,
  NodeAffinity,
  NodePinnedCronJob,
  NodePinnedCronJobProps,
  NodeRequirement,
  Toleration,
} from '../lib';
import { KubeObject } from '../lib/validation/manifest';
import { expectSecureDefaults, only, synthObjects } from './helpers';

const IMAGE = 'registry.example.com/batch/report:2.0.1';
const BATCH_NODES = NodeAffinity.require(NodeRequirement.in('node-role.example.com/batch', ['true']));

/** The objects of one NodePinnedCronJob `nightly-report`, at 02:30 on the batch nodes. */
function render(props: Partial<NodePinnedCronJobProps> = {}): KubeObject[] {
  return synthObjects((chart) => {
    new NodePinnedCronJob(chart, 'nightly-report', {
      schedule: Cron.schedule({ minute: '30', hour: '2' }),
      container: { image: IMAGE },
      nodeAffinity: BATCH_NODES,
      ...props,
    });
  });
}

const cronJob = (objects: KubeObject[]) => only(objects, 'CronJob');
const jobSpec = (objects: KubeObject[]) => cronJob(objects).spec.jobTemplate.spec;
const podSpec = (objects: KubeObject[]) => jobSpec(objects).template.spec;
const container = (objects: KubeObject[]) => podSpec(objects).containers.find((c: any) => c.name === 'nightly-report');

describe('defaults', () => {
  const objects = render();

  test('renders one CronJob', () => {
    expect(objects).toMatchSnapshot();
    expect(objects.map((o) => o.kind)).toEqual(['CronJob']);
    expect(cronJob(objects).apiVersion).toBe('batch/v1');
    expect(cronJob(objects).metadata.name).toBe('nightly-report');
  });

  test('runs on the schedule, never two runs at once', () => {
    expect(cronJob(objects).spec.schedule).toBe('30 2 * * *');
    expect(cronJob(objects).spec.concurrencyPolicy).toBe('Forbid');
  });

  test('writes no Kubernetes defaults', () => {
    const spec = cronJob(objects).spec;
    for (const field of ['timeZone', 'startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'suspend']) {
      expect(spec[field]).toBeUndefined();
    }
    for (const field of ['backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'parallelism', 'completions']) {
      expect(jobSpec(objects)[field]).toBeUndefined();
    }
    expect(container(objects).resources).toBeUndefined();
    expect(container(objects).startupProbe).toBeUndefined();
  });

  test('job pods are pinned with a required node affinity and not restarted in place', () => {
    expect(podSpec(objects).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'node-role.example.com/batch', operator: 'In', values: ['true'] }] },
    ]);
    expect(podSpec(objects).restartPolicy).toBe('Never');
  });

  test('the CronJob, its jobs and their pods carry the labels', () => {
    const labels = { 'app.kubernetes.io/name': 'nightly-report', 'app.kubernetes.io/version': '2.0.1' };
    expect(cronJob(objects).metadata.labels).toEqual(labels);
    expect(cronJob(objects).spec.jobTemplate.metadata.labels).toEqual(labels);
    expect(jobSpec(objects).template.metadata.labels).toEqual(labels);
  });

  test('pods run with the secure defaults', () => {
    expectSecureDefaults(podSpec(objects));
  });

  test('exposes the CronJob', () => {
    const chart = new Chart(Testing.app(), 'test');
    const pinned = new NodePinnedCronJob(chart, 'nightly-report', { schedule: Cron.daily(), container: { image: IMAGE }, nodeAffinity: BATCH_NODES });
    expect(pinned.name).toBe('nightly-report');
    expect(pinned.cronJob.name).toBe('nightly-report');
  });
});

describe('schedule', () => {
  describe.each([
    ['Cron.daily()', Cron.daily(), '0 0 * * *'],
    ['Cron.hourly()', Cron.hourly(), '0 * * * *'],
    ['Cron.schedule weekly', Cron.schedule({ minute: '0', hour: '3', weekDay: '1' }), '0 3 * * 1'],
  ])('%s', (_name, schedule, expected) => {
    test(`is written as ${expected}`, () => {
      expect(cronJob(render({ schedule })).spec.schedule).toBe(expected);
    });
  });

  test('timeZone', () => {
    expect(cronJob(render({ timeZone: 'Europe/Paris' })).spec.timeZone).toBe('Europe/Paris');
  });

  test('concurrencyPolicy', () => {
    expect(cronJob(render({ concurrencyPolicy: kplus.ConcurrencyPolicy.REPLACE })).spec.concurrencyPolicy).toBe('Replace');
  });

  test('startingDeadline, history limits and suspend', () => {
    const objects = render({
      startingDeadline: Duration.minutes(10),
      successfulJobsHistoryLimit: 5,
      failedJobsHistoryLimit: 2,
      suspend: true,
    });
    expect(cronJob(objects).spec).toMatchObject({
      startingDeadlineSeconds: 600,
      successfulJobsHistoryLimit: 5,
      failedJobsHistoryLimit: 2,
      suspend: true,
    });
  });
});

describe('job settings', () => {
  test('are written to the job template', () => {
    const objects = render({
      restartPolicy: JobRestartPolicy.ON_FAILURE,
      backoffLimit: 1,
      activeDeadline: Duration.hours(1),
      ttlAfterFinished: Duration.hours(6),
      parallelism: 2,
      completions: 4,
    });
    expect(jobSpec(objects)).toMatchObject({
      backoffLimit: 1,
      activeDeadlineSeconds: 3600,
      ttlSecondsAfterFinished: 21600,
      parallelism: 2,
      completions: 4,
    });
    expect(podSpec(objects).restartPolicy).toBe('OnFailure');
  });

  test('node affinity with alternatives and preferences, and tolerations', () => {
    const objects = render({
      nodeAffinity: NodeAffinity.requireAnyOf([NodeRequirement.exists('batch')], [NodeRequirement.gt('cores', 16)])
        .prefer(10, NodeRequirement.doesNotExist('spot')),
      tolerations: [Toleration.equal('dedicated', 'batch', { effect: kplus.TaintEffect.NO_SCHEDULE })],
    });
    expect(podSpec(objects).affinity.nodeAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          { matchExpressions: [{ key: 'batch', operator: 'Exists' }] },
          { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['16'] }] },
        ],
      },
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 10, preference: { matchExpressions: [{ key: 'spot', operator: 'DoesNotExist' }] } },
      ],
    });
    expect(podSpec(objects).tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }]);
  });

  test('resources are written as given', () => {
    const objects = render({
      container: { image: IMAGE, resources: { cpu: { request: kplus.Cpu.millis(250) }, memory: { limit: Size.mebibytes(768) } } },
    });
    expect(container(objects).resources).toEqual({ requests: { cpu: '250m' }, limits: { memory: '768Mi' } });
  });
});

test('chart labels reach the pod template', () => {
  const chart = new Chart(Testing.app(), 'test', { labels: { 'app.kubernetes.io/part-of': 'reports' } });
  new NodePinnedCronJob(chart, 'nightly-report', { schedule: Cron.daily(), container: { image: IMAGE }, nodeAffinity: BATCH_NODES });
  const objects = chart.toJson() as KubeObject[];
  expect(jobSpec(objects).template.metadata.labels['app.kubernetes.io/part-of']).toBe('reports');
});
