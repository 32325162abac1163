import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { NodePinnedJobProps } from '../node-pinned-job';
import { WorkloadLabels } from './labels';
import { renderPodSpec } from './render-pod';
import { prepareWorkload } from './workload';

/** The labels and Job spec shared by `NodePinnedJob` and `NodePinnedCronJob`. */
export function renderJob(scope: Construct, name: string, props: NodePinnedJobProps): { labels: WorkloadLabels; spec: k8s.JobSpec } {
  const containers = [props.container, ...(props.sidecars ?? [])];
  const labels = prepareWorkload(scope, { name, props, containers, component: props.component, version: props.version });
  return {
    labels,
    spec: {
      backoffLimit: props.backoffLimit,
      activeDeadlineSeconds: props.activeDeadline?.toSeconds(),
      ttlSecondsAfterFinished: props.ttlAfterFinished?.toSeconds(),
      parallelism: props.parallelism,
      completions: props.completions,
      template: {
        metadata: { labels: labels.podLabels, annotations: props.podAnnotations },
        spec: renderPodSpec(props, containers, {
          defaultName: name,
          extra: { restartPolicy: props.restartPolicy ?? 'Never' },
        }),
      },
    },
  };
}
