import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ContainerProps } from './container';
import { PodTemplateProps } from './pod-template';
import { ManifestObject } from './private/manifest-object';
import { renderJob } from './private/render-job';

/** What the kubelet does when a Job's container fails. */
export enum JobRestartPolicy {
  /** Start a new pod (counted against `backoffLimit`); the failed pod stays for inspection. */
  NEVER = 'Never',
  /** Restart the container in the same pod. */
  ON_FAILURE = 'OnFailure',
}

/** Props of a `Job`. */
export interface JobProps extends PodTemplateProps {
  /**
   * Name of the Job; at most 63 characters (it becomes the `job-name` label).
   *
   * @default - the construct id
   */
  readonly name?: string;

  /** The main container. Its name defaults to the job's name. */
  readonly container: ContainerProps;

  /**
   * More containers in the same pod; each needs a name.
   *
   * @default - none
   */
  readonly sidecars?: ContainerProps[];

  /**
   * What happens when the container fails.
   *
   * @default JobRestartPolicy.NEVER
   */
  readonly restartPolicy?: JobRestartPolicy;

  /**
   * Retries before the Job fails.
   *
   * @default - 6 (Kubernetes default; not written)
   */
  readonly backoffLimit?: number;

  /**
   * Longest time the Job may run, retries included.
   *
   * @default - no limit
   */
  readonly activeDeadline?: Duration;

  /**
   * Delete the finished Job after this long. With GitOps, prefer leaving it
   * unset for Jobs in git (the controller would re-create a deleted Job).
   *
   * @default - kept until deleted
   */
  readonly ttlAfterFinished?: Duration;

  /**
   * Pods that run at once.
   *
   * @default - 1 (Kubernetes default; not written)
   */
  readonly parallelism?: number;

  /**
   * Successful pods needed to complete the Job.
   *
   * @default - 1 (Kubernetes default; not written)
   */
  readonly completions?: number;

  /**
   * `app.kubernetes.io/component` label.
   *
   * @default - not set
   */
  readonly component?: string;

  /**
   * `app.kubernetes.io/version` label.
   *
   * @default - the main image's tag, unless it is `latest` or not a valid label value
   */
  readonly version?: string;
}

/**
 * A batch Job: pods that run to completion. Pin it to dedicated nodes with
 * `nodeAffinity` and `tolerations` (or use `NodePinnedJob`, which requires them).
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 */
export class Job extends Construct {
  /** Name of the Job. */
  public readonly name: string;
  /** The Job. */
  public readonly job: ApiObject;

  constructor(scope: Construct, id: string, props: JobProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const { labels, spec } = renderJob(this, this.name, props);
    this.job = new ManifestObject(this, 'Resource', { ...k8s.KubeJob.GVK, metadata: { name: this.name, labels: labels.labels }, body: { spec } });
    this.node.defaultChild = this.job;
  }
}
