import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ContainerPort, ContainerProps } from './container';
import { PodTemplateProps } from './pod-template';
import { ManifestObject } from './private/manifest-object';
import { renderDeploymentSpec } from './private/render-deployment';
import { prepareWorkload } from './private/workload';
import { Spread } from './spread';
import { UpdateStrategy } from './update-strategy';
import { IWorkload, WorkloadLabelsProps } from './workload';

/** Props of a `Worker`; `WebService` has all of them too. */
export interface WorkerProps extends PodTemplateProps, WorkloadLabelsProps {
  /**
   * Name of the Deployment.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /** The main container. Its name defaults to the workload's name. */
  readonly container: ContainerProps;

  /**
   * More containers in the same pod (log shippers, proxies); each needs a name.
   *
   * @default - none
   */
  readonly sidecars?: ContainerProps[];

  /**
   * Number of pods.
   *
   * @default 2
   */
  readonly replicas?: number;

  /**
   * How pods are replaced on update.
   *
   * @default - rolling update, 25% surge and 25% unavailable (Kubernetes default; not written)
   */
  readonly strategy?: UpdateStrategy;

  /**
   * Old ReplicaSets kept for rollback.
   *
   * @default - 10 (Kubernetes default; not written)
   */
  readonly revisionHistoryLimit?: number;

  /**
   * Time a new pod must be ready before it counts as available.
   *
   * @default - 0s (Kubernetes default; not written)
   */
  readonly minReady?: Duration;

  /**
   * Time a rollout may go without progress before the Deployment reports it
   * as failed (`ProgressDeadlineExceeded`); longer than `minReady`.
   *
   * @default - 600s (Kubernetes default; not written)
   */
  readonly progressDeadline?: Duration;

  /**
   * Hold rollouts: template changes are recorded but no pod is replaced
   * until this is false again.
   *
   * @default false (not written)
   */
  readonly paused?: boolean;

  /**
   * How replicas are spread over nodes or zones.
   *
   * @default - no constraint
   */
  readonly spread?: Spread[];
}

/**
 * A long-running process that serves no port: a Deployment and nothing else
 * (queue consumers, schedulers, controllers). Give it a Service later with
 * `WebService.expose(scope, id, worker, { ports })`.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
export class Worker extends Construct implements IWorkload {
  /** Name of the Deployment. */
  public readonly name: string;
  /** Labels that select the worker's pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** Ports the main container declares. */
  public readonly containerPorts: ReadonlyArray<ContainerPort>;
  /** The Deployment. */
  public readonly deployment: ApiObject;

  constructor(scope: Construct, id: string, props: WorkerProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const containers = [props.container, ...(props.sidecars ?? [])];
    this.containerPorts = [...(props.container.ports ?? [])];
    const labels = prepareWorkload(this, { name: this.name, props, containers });
    this.selector = labels.selector;
    this.deployment = new ManifestObject(this, 'Resource', {
      ...k8s.KubeDeployment.GVK,
      metadata: { name: this.name, labels: labels.labels },
      body: { spec: renderDeploymentSpec(this, this.name, props, containers, labels, props.replicas ?? 2) },
    });
    this.node.defaultChild = this.deployment;
  }
}
