import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ContainerProps } from './container';
import { NodeAffinity } from './node-affinity';
import { PodTemplateProps } from './pod-template';
import { specObject } from './private/manifest-object';
import { renderJob } from './private/render-job';

/** What the kubelet does when a Job's container fails. */
export enum JobRestartPolicy {
  /** Start a new pod (counted against `backoffLimit`); the failed pod stays for inspection. */
  NEVER = 'Never',
  /** Restart the container in the same pod. */
  ON_FAILURE = 'OnFailure',
}

/** Props of a `NodePinnedJob`. */
export interface NodePinnedJobProps extends PodTemplateProps {
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
   * The nodes the job must run on: give at least one required term. Add
   * `tolerations` when those nodes are tainted.
   */
  readonly nodeAffinity: NodeAffinity;

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
 * A batch Job whose pods run only on chosen nodes (required node affinity),
 * with the tolerations that dedicated, tainted nodes need.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 */
export class NodePinnedJob extends Construct {
  /** Name of the Job. */
  public readonly name: string;
  /** The Job. */
  public readonly job: ApiObject;

  constructor(scope: Construct, id: string, props: NodePinnedJobProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const { labels, spec } = renderJob(this, this.name, props);
    this.job = specObject(this, 'Resource', k8s.KubeJob.GVK, { name: this.name, labels: labels.labels }, k8s.toJson_JobSpec, spec);
  }
}
