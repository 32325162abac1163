import { ApiObject, Cron, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { JobProps } from './job';
import { ManifestObject } from './private/manifest-object';
import { renderJob } from './private/render-job';

/** Props of a `CronJob`. */
export interface CronJobProps extends JobProps {
  /**
   * Name of the CronJob; at most 52 characters (the controller appends 11
   * to name each Job).
   *
   * @default - the construct id
   */
  readonly name?: string;

  /** When to run, as a cron schedule (`Cron.daily()`, `Cron.schedule({ hour: '2', minute: '30' })`). */
  readonly schedule: Cron;

  /**
   * Time zone of the schedule (IANA name, for example `Europe/Paris`).
   *
   * @default - the controller's time zone
   */
  readonly timeZone?: string;

  /**
   * What to do when a run is due while the previous one still runs.
   *
   * @default kplus.ConcurrencyPolicy.FORBID
   */
  readonly concurrencyPolicy?: kplus.ConcurrencyPolicy;

  /**
   * Skip a run that could not start within this time of its schedule.
   *
   * @default - never skipped for lateness
   */
  readonly startingDeadline?: Duration;

  /**
   * Finished Jobs kept.
   *
   * @default - 3 (Kubernetes default; not written)
   */
  readonly successfulJobsHistoryLimit?: number;

  /**
   * Failed Jobs kept.
   *
   * @default - 1 (Kubernetes default; not written)
   */
  readonly failedJobsHistoryLimit?: number;

  /**
   * Stop scheduling new runs.
   *
   * @default false (not written)
   */
  readonly suspend?: boolean;
}

/**
 * A CronJob: a `Job` on a schedule. Pin it to dedicated nodes with
 * `nodeAffinity` and `tolerations` (or use `NodePinnedCronJob`, which requires them).
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */
export class CronJob extends Construct {
  /** Name of the CronJob. */
  public readonly name: string;
  /** The CronJob. */
  public readonly cronJob: ApiObject;

  constructor(scope: Construct, id: string, props: CronJobProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const { labels, spec } = renderJob(this, this.name, props);
    const cronSpec = k8s.toJson_CronJobSpec({
      schedule: props.schedule.expressionString,
      timeZone: props.timeZone,
      concurrencyPolicy: props.concurrencyPolicy ?? kplus.ConcurrencyPolicy.FORBID,
      startingDeadlineSeconds: props.startingDeadline?.toSeconds(),
      successfulJobsHistoryLimit: props.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: props.failedJobsHistoryLimit,
      suspend: props.suspend,
    } as k8s.CronJobSpec);
    this.cronJob = new ManifestObject(this, 'Resource', {
      ...k8s.KubeCronJob.GVK,
      metadata: { name: this.name, labels: labels.labels },
      body: { spec: { ...cronSpec, jobTemplate: { metadata: { labels: labels.labels }, spec } } },
    });
    this.node.defaultChild = this.cronJob;
  }
}
