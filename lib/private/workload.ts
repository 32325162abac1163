import { Lazy } from 'cdk8s';
import { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { ContainerProps } from '../container';
import { PodTemplateProps } from '../pod-template';
import type { WorkloadLabelsProps } from '../workload';
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum } from './config-checksum';
import { WorkloadLabels, workloadLabels } from './labels';
import { allowWhatPropsAsk } from './pod-security';
import { PodRenderOptions, renderPodSpec } from './render-pod';

// What every workload construct shares (the way cdk8s-plus shares
// workload.ts): labels, the pod template, the allowances its props ask for,
// and the config checksum. Each construct file only adds its own kind's spec.

/** What every workload construct knows about itself before it renders its pods. */
export interface WorkloadOptions {
  readonly name: string;
  /** The workload's props: its pod template, and the labels it chooses (those it has of `WorkloadLabelsProps`). */
  readonly props: PodTemplateProps & WorkloadLabelsProps;
  readonly containers: ReadonlyArray<ContainerProps>;
  /** Labels that only the pods carry, on top of `props.podLabels`. */
  readonly extraPodLabels?: Record<string, string>;
}

/** Derive a workload's labels, once for every kind of workload. */
export function prepareWorkload(scope: IConstruct, options: WorkloadOptions): WorkloadLabels {
  return workloadLabels(scope, {
    name: options.name,
    image: options.containers[0]?.image,
    component: options.props.component,
    version: options.props.version,
    selectorLabels: options.props.selectorLabels,
    podLabels: { ...options.props.podLabels, ...options.extraPodLabels },
  });
}

/**
 * The pod spec of a workload in Kubernetes JSON, with the allowances its
 * props ask for recorded on `scope`.
 *
 * @param hostPathReasons the reason given for each hostPath volume, by volume name
 */
export function renderPod(scope: IConstruct, props: PodTemplateProps, containers: ReadonlyArray<ContainerProps>, options: PodRenderOptions, hostPathReasons?: ReadonlyMap<string, string>): Record<string, any> {
  const spec = k8s.toJson_PodSpec(renderPodSpec(scope, props, containers, options))!;
  allowWhatPropsAsk(scope, spec, hostPathReasons);
  return spec;
}

/**
 * A pod template in Kubernetes JSON. Its annotations are resolved when the
 * object is rendered: the config checksum covers the data of the chart's
 * ConfigMaps and Secrets as they are then (later `addData` calls count).
 */
export function podTemplate(scope: IConstruct, labels: WorkloadLabels, annotations: Record<string, string> | undefined, spec: Record<string, any>): Record<string, unknown> {
  return {
    metadata: {
      labels: labels.podLabels,
      annotations: Lazy.any({
        produce: () => {
          const checksum = configChecksum(scope, spec);
          const all = { ...annotations, ...(checksum ? { [CONFIG_CHECKSUM_ANNOTATION]: checksum } : {}) };
          return Object.keys(all).length ? all : undefined;
        },
      }),
    },
    spec,
  };
}

/**
 * A controller's spec in Kubernetes JSON: `spec` converted by its generated
 * converter, with the pod `template` (already JSON, with Lazy annotations) put in.
 */
export function controllerSpec<S extends { template?: unknown }>(toJson: (spec: S | undefined) => Record<string, any> | undefined, spec: Omit<S, 'template'>, template: Record<string, unknown>): Record<string, unknown> {
  return { ...toJson(spec as S), template };
}
