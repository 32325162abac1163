import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ContainerProps } from './container';
import { PodTemplateProps } from './pod-template';
import { ManifestObject } from './private/manifest-object';
import { prepareWorkload, renderPod } from './private/workload';

/** Props of a `StandalonePod`. */
export interface StandalonePodProps extends PodTemplateProps {
  /**
   * Name of the Pod.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /** The containers; the first one's name defaults to the pod's name. */
  readonly containers: ContainerProps[];

  /**
   * Labels that Services and NetworkPolicies select the pod by.
   *
   * @default - only `app.kubernetes.io/name: <name>`
   */
  readonly labels?: Record<string, string>;

  /**
   * What the kubelet does when a container exits.
   *
   * @default - Always (Kubernetes default; not written)
   */
  readonly restartPolicy?: kplus.RestartPolicy;
}

/**
 * A single Pod with no controller: nothing re-creates it when its node goes
 * away. Prefer `WebService` or `NodePinnedJob`; this is for debugging pods and
 * for documentation that shows bare Pods.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/pods/
 */
export class StandalonePod extends Construct {
  /** Name of the Pod. */
  public readonly name: string;
  /** Labels of the Pod. */
  public readonly labels: Readonly<Record<string, string>>;
  /** The Pod. */
  public readonly pod: ApiObject;

  constructor(scope: Construct, id: string, props: StandalonePodProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const labels = prepareWorkload(this, { name: this.name, props, containers: props.containers, extraPodLabels: props.labels });
    this.labels = labels.podLabels;
    const metadata = { name: this.name, labels: labels.podLabels, annotations: props.podAnnotations };
    // A bare Pod cannot roll: no config checksum; its spec is the object's own.
    const spec = renderPod(this, props, props.containers, { defaultName: this.name, extra: { restartPolicy: props.restartPolicy } });
    this.pod = new ManifestObject(this, 'Resource', { ...k8s.KubePod.GVK, metadata, body: { spec } });
    this.node.defaultChild = this.pod;
  }
}
