import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ContainerProps } from './container';
import { PodTemplateProps } from './pod-template';
import { ManifestObject } from './private/manifest-object';
import { controllerSpec, podTemplate, prepareWorkload, renderPod } from './private/workload';
import { IWorkload } from './workload';

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
export class ReplicaSet extends Construct implements IWorkload {
  /** Name of the ReplicaSet. */
  public readonly name: string;
  /** Labels that select the pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** The ReplicaSet. */
  public readonly replicaSet: ApiObject;

  constructor(scope: Construct, id: string, props: ReplicaSetProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const labels = prepareWorkload(this, { name: this.name, props, containers: props.containers });
    this.selector = labels.selector;
    const pod = renderPod(this, props, props.containers, { defaultName: this.name });
    this.replicaSet = new ManifestObject(this, 'Resource', {
      ...k8s.KubeReplicaSet.GVK,
      metadata: { name: this.name, labels: labels.labels },
      body: {
        spec: controllerSpec(k8s.toJson_ReplicaSetSpec, {
          replicas: props.replicas ?? 2,
          selector: { matchLabels: labels.selector },
        }, podTemplate(this, labels, props.podAnnotations, pod)),
      },
    });
    this.node.defaultChild = this.replicaSet;
  }
}
