import { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { ContainerPort, ContainerProps } from '../container';
import { PodTemplateProps } from '../pod-template';
import { Spread } from '../spread';
import { PropError } from '../validation/prop-error';
import { WorkloadLabels } from './labels';
import { controllerSpec, podTemplate, renderPod } from './workload';
import type { WorkerProps } from '../worker';

/**
 * What a Deployment spec is made of: the pod template and the Deployment
 * fields of `WorkerProps`, which `WebServiceProps` extends (documented there;
 * a type-only import, so this helper loads no construct).
 */
export type DeploymentRenderProps = PodTemplateProps
  & Pick<WorkerProps, 'sidecars' | 'replicas' | 'strategy' | 'revisionHistoryLimit' | 'minReady' | 'progressDeadline' | 'paused' | 'spread'>;

/**
 * The Deployment spec (Kubernetes JSON) of `Worker` and `WebService`.
 *
 * @param replicas the replica count to write; undefined leaves it to an autoscaler
 */
export function renderDeploymentSpec(
  scope: IConstruct,
  name: string,
  props: DeploymentRenderProps,
  containers: ReadonlyArray<ContainerProps>,
  labels: WorkloadLabels,
  replicas: number | undefined,
  servicePorts?: ContainerPort[],
): Record<string, unknown> {
  const minReady = props.minReady?.toSeconds() ?? 0;
  const progressDeadline = props.progressDeadline?.toSeconds();
  if (progressDeadline !== undefined && progressDeadline <= minReady) {
    // The API server refuses it: a rollout could never make progress in time.
    throw new PropError(scope, { field: 'progressDeadline', value: `${progressDeadline}s`, rule: 'workload-spec', message: `(${progressDeadline}s) must be greater than minReady (${minReady}s)`, fix: 'give a progressDeadline longer than minReady, or leave it out (600s)' });
  }
  const spread = Spread._render(props.spread ?? [], labels.selector);
  const pod = renderPod(scope, props, containers, {
    defaultName: name,
    servicePorts,
    podAntiAffinity: spread.podAntiAffinity,
    topologySpreadConstraints: spread.topologySpreadConstraints,
  });
  return controllerSpec(k8s.toJson_DeploymentSpec, {
    replicas,
    revisionHistoryLimit: props.revisionHistoryLimit,
    minReadySeconds: props.minReady?.toSeconds(),
    progressDeadlineSeconds: progressDeadline,
    paused: props.paused,
    strategy: props.strategy?._render(),
    selector: { matchLabels: labels.selector },
  }, podTemplate(scope, labels, props.podAnnotations, pod));
}
