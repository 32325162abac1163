import { ApiObject, Chart, Cron, Testing } from 'cdk8s';
import { CronJob, Job, NodeAffinity, NodePinnedJob, NodeRequirement } from '../lib';
import { expectSecureDefaults, findingsOf, only, synthObjects } from './helpers';

const IMAGE = 'registry.example.com/shop/reports:3.2.0';
const chart = () => new Chart(Testing.app(), 'test', { namespace: 'test' });

describe('Job', () => {
  test('defaults: a Job on any node, restartPolicy Never, secure', () => {
    const job = only(synthObjects((c) => { new Job(c, 'migrate', { container: { image: IMAGE } }); }), 'Job');
    expect(job).toMatchSnapshot();
    expect(job.spec.template.spec.affinity).toBeUndefined();
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expectSecureDefaults(job.spec.template.spec);
    expect(findingsOf((c) => { new Job(c, 'migrate', { container: { image: IMAGE } }); })).toEqual([]);
  });

  test('an affinity with no term writes no affinity (not nodeAffinity: {})', () => {
    const job = only(synthObjects((c) => { new Job(c, 'migrate', { container: { image: IMAGE }, nodeAffinity: NodeAffinity.preferOnly() }); }), 'Job');
    expect(job.spec.template.spec.affinity).toBeUndefined();
  });

  test('pinning is an option, written as NodePinnedJob writes it', () => {
    const nodeAffinity = NodeAffinity.require(NodeRequirement.in('workload-class', ['batch']));
    const plain = only(synthObjects((c) => { new Job(c, 'migrate', { container: { image: IMAGE }, nodeAffinity }); }), 'Job');
    const pinned = only(synthObjects((c) => { new NodePinnedJob(c, 'migrate', { container: { image: IMAGE }, nodeAffinity }); }), 'Job');
    expect(plain).toEqual(pinned);
  });

  test('ApiObject.of gives the Job', () => {
    const job = new Job(chart(), 'migrate', { container: { image: IMAGE } });
    expect(ApiObject.of(job)).toBe(job.job);
  });
});

describe('CronJob', () => {
  test('defaults: a CronJob on any node, Forbid concurrency', () => {
    const cron = only(synthObjects((c) => { new CronJob(c, 'report', { container: { image: IMAGE }, schedule: Cron.daily() }); }), 'CronJob');
    expect(cron).toMatchSnapshot();
    expect(cron.spec.concurrencyPolicy).toBe('Forbid');
    expect(cron.spec.jobTemplate.spec.template.spec.affinity).toBeUndefined();
    expect(findingsOf((c) => { new CronJob(c, 'report', { container: { image: IMAGE }, schedule: Cron.daily() }); })).toEqual([]);
  });

  test('ApiObject.of gives the CronJob', () => {
    const cron = new CronJob(chart(), 'report', { container: { image: IMAGE }, schedule: Cron.daily() });
    expect(ApiObject.of(cron)).toBe(cron.cronJob);
  });
});
