import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ContainerProps } from './container';
import { PodTemplateProps } from './pod-template';
import { specObject } from './private/manifest-object';
import { renderPodSpec } from './private/render-pod';
import { prepareWorkload } from './private/workload';

/** Props of a `ReplicaSet`. */
export interface ReplicaSetProps extends PodTemplateProps {
  /**
   * Name of the ReplicaSet.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /** The containers; the first one's name defaults to the ReplicaSet's name. */
  readonly containers: ContainerProps[];

  /**
   * Number of pods.
   *
   * @default 2
   */
  readonly replicas?: number;

  /**
   * Labels that select the pods.
   *
   * @default { 'app.kubernetes.io/name': name }
   */
  readonly selectorLabels?: Record<string, string>;
}

/**
 * A ReplicaSet. Rarely used directly: a `WebService`'s Deployment manages
 * ReplicaSets and adds rolling updates. Here for documentation that shows one.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/
 */
export class ReplicaSet extends Construct {
  /** Name of the ReplicaSet. */
  public readonly name: string;
  /** Labels that select the pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** The ReplicaSet. */
  public readonly replicaSet: ApiObject;

  constructor(scope: Construct, id: string, props: ReplicaSetProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const labels = prepareWorkload(this, {
      name: this.name,
      props,
      containers: props.containers,
      selectorLabels: props.selectorLabels,
    });
    this.selector = labels.selector;
    this.replicaSet = specObject(this, 'Resource', k8s.KubeReplicaSet.GVK, { name: this.name, labels: labels.labels }, k8s.toJson_ReplicaSetSpec, {
      replicas: props.replicas ?? 2,
      selector: { matchLabels: labels.selector },
      template: {
        metadata: { labels: labels.podLabels, annotations: props.podAnnotations },
        spec: renderPodSpec(props, props.containers, { defaultName: this.name }),
      },
    });
  }
}
