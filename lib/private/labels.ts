import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

export const NAME_LABEL = 'app.kubernetes.io/name';
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
export const VERSION_LABEL = 'app.kubernetes.io/version';

/** What a workload says about itself in its labels. */
export interface WorkloadLabelOptions {
  readonly name: string;
  readonly image?: string;
  readonly component?: string;
  readonly version?: string;
  readonly selectorLabels?: Record<string, string>;
  readonly podLabels?: Record<string, string>;
}

/** The labels of a workload's objects, of its pods, and the selector, derived once. */
export interface WorkloadLabels {
  /** Labels of the workload's own objects (Deployment, Service, Ingress, ...). */
  readonly labels: Record<string, string>;
  /** Labels of the pods: the object labels, the chart's labels and the extra pod labels. */
  readonly podLabels: Record<string, string>;
  /** The label selector: a subset of `podLabels` that never changes between versions. */
  readonly selector: Record<string, string>;
}

/**
 * The recommended `app.kubernetes.io/*` labels of a workload and the selector
 * derived from them, so that no label is typed twice.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
export function workloadLabels(scope: IConstruct, options: WorkloadLabelOptions): WorkloadLabels {
  const selector = options.selectorLabels ?? { [NAME_LABEL]: options.name };
  const version = options.version ?? imageTagAsLabel(options.image);
  const labels: Record<string, string> = {
    ...selector,
    [NAME_LABEL]: options.name,
    ...(options.component ? { [COMPONENT_LABEL]: options.component } : {}),
    ...(version ? { [VERSION_LABEL]: version } : {}),
  };
  // Chart labels (part-of, managed-by) reach the objects through cdk8s, but
  // not pod templates: copy them so pods carry them too.
  const chartLabels = Chart.of(scope).labels;
  return { labels, selector, podLabels: { ...chartLabels, ...options.podLabels, ...labels } };
}

// The image tag as `app.kubernetes.io/version`, when it is a valid label
// value and says something (`latest` does not).
function imageTagAsLabel(image: string | undefined): string | undefined {
  const match = image?.match(/^[^@]*:([\w][\w.-]{0,127})(@.*)?$/);
  const tag = match && !match[1].includes('/') ? match[1] : undefined;
  if (!tag || tag === 'latest' || tag.length > 63 || !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(tag)) {
    return undefined;
  }
  return tag;
}
