import { NAME_LABEL } from './private/labels';
import { StandalonePod } from './standalone-pod';

/** Something whose pods can be selected by labels, such as a `WebService`. */
export interface ISelectablePods {
  /** Labels that select the pods. */
  readonly selector: Readonly<Record<string, string>>;
}

/**
 * Pods a Service or a NetworkPolicy points at: a workload with a `selector`
 * (`WebService`, `ReplicaSet`, ...), or a bare `StandalonePod`.
 */
export type PodsTarget = ISelectablePods | StandalonePod;

/**
 * The labels that select the pods of `target`. A `StandalonePod` is selected
 * by its `app.kubernetes.io/name` label, the one label it always carries and
 * that no version bump changes.
 */
export function selectorOf(target: PodsTarget): Record<string, string> {
  if (target instanceof StandalonePod) {
    return { [NAME_LABEL]: target.labels[NAME_LABEL] ?? target.name };
  }
  return { ...target.selector };
}
