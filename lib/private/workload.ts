import { IConstruct } from 'constructs';
import { Allowances } from '../allowances';
import { ContainerProps } from '../container';
import { PodTemplateProps } from '../pod-template';
import { WorkloadLabels, workloadLabels } from './labels';
import { securityAllowances } from './render-pod';

/** What every workload construct knows about itself before it renders its pods. */
export interface WorkloadOptions {
  readonly name: string;
  readonly props: PodTemplateProps;
  readonly containers: ReadonlyArray<ContainerProps>;
  readonly component?: string;
  readonly version?: string;
  readonly selectorLabels?: Record<string, string>;
  /** Labels that only the pods carry, on top of `props.podLabels`. */
  readonly extraPodLabels?: Record<string, string>;
}

/**
 * Derive a workload's labels and record the allowances its security props
 * ask for, once for every kind of workload.
 */
export function prepareWorkload(scope: IConstruct, options: WorkloadOptions): WorkloadLabels {
  for (const allowance of securityAllowances(options.props, options.containers, options.name)) {
    Allowances.of(scope).allow(allowance.rule, allowance.reason);
  }
  return workloadLabels(scope, {
    name: options.name,
    image: options.containers[0]?.image,
    component: options.component,
    version: options.version,
    selectorLabels: options.selectorLabels,
    podLabels: { ...options.props.podLabels, ...options.extraPodLabels },
  });
}
