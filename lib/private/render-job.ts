import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { ContainerProps } from '../container';
import { PodTemplateProps } from '../pod-template';
import { WorkloadLabels } from './labels';
import { controllerSpec, podTemplate, prepareWorkload, renderPod } from './workload';

/**
 * What the Job spec is made of. `JobProps` (lib/job.ts) has these fields;
 * they are restated here so that this helper never imports a construct.
 */
export interface JobRenderProps extends PodTemplateProps {
  readonly container: ContainerProps;
  readonly sidecars?: ContainerProps[];
  readonly component?: string;
  readonly version?: string;
  readonly restartPolicy?: string;
  readonly backoffLimit?: number;
  readonly activeDeadline?: Duration;
  readonly ttlAfterFinished?: Duration;
  readonly parallelism?: number;
  readonly completions?: number;
}

/** The labels and Job spec (Kubernetes JSON) shared by `Job` and `CronJob`. */
export function renderJob(scope: IConstruct, name: string, props: JobRenderProps): { labels: WorkloadLabels; spec: Record<string, unknown> } {
  const containers = [props.container, ...(props.sidecars ?? [])];
  const labels = prepareWorkload(scope, { name, props, containers });
  const pod = renderPod(scope, props, containers, { defaultName: name, extra: { restartPolicy: props.restartPolicy ?? 'Never' } });
  return {
    labels,
    spec: controllerSpec(k8s.toJson_JobSpec, {
      backoffLimit: props.backoffLimit,
      activeDeadlineSeconds: props.activeDeadline?.toSeconds(),
      ttlSecondsAfterFinished: props.ttlAfterFinished?.toSeconds(),
      parallelism: props.parallelism,
      completions: props.completions,
    }, podTemplate(scope, labels, props.podAnnotations, pod)),
  };
}
