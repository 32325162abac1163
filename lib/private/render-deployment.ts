import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { ContainerPort, ContainerProps } from '../container';
import { PodTemplateProps } from '../pod-template';
import { Spread } from '../spread';
import { UpdateStrategy } from '../update-strategy';
import { PropError } from '../validation/prop-error';
import { WorkloadLabels } from './labels';
import { controllerSpec, podTemplate, renderPod } from './workload';

/**
 * What a Deployment spec is made of. `WorkerProps` (lib/worker.ts) has these
 * fields; they are restated here so that this helper never imports a construct.
 */
export interface DeploymentRenderProps extends PodTemplateProps {
  readonly sidecars?: ContainerProps[];
  readonly replicas?: number;
  readonly strategy?: UpdateStrategy;
  readonly revisionHistoryLimit?: number;
  readonly minReady?: Duration;
  readonly progressDeadline?: Duration;
  readonly paused?: boolean;
  readonly spread?: Spread[];
}

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
