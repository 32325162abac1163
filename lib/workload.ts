import { IConstruct } from 'constructs';
import { ContainerPort } from './container';

/**
 * A construct whose pods carry a label selector: every workload of the
 * library (`WebService`, `Worker`, `StatefulService`, `NodeAgent`,
 * `ReplicaSet`). Other constructs point at its pods through this, never by
 * retyping labels: `WebService.expose`, `Affinity.colocateWith`, `AllowIngress`.
 */
export interface IWorkload extends IConstruct {
  /** Name of the workload's objects. */
  readonly name: string;
  /** Labels that select the workload's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /**
   * Ports the pods' main container declares: what `WebService.expose` sends
   * to and `Connectivity.allow` opens when they are not told.
   *
   * @default - none known
   */
  readonly containerPorts?: ReadonlyArray<ContainerPort>;
}

/**
 * The labels every workload construct derives its objects' labels and
 * selector from: shared by `Worker` (and so `WebService`), `StatefulService`
 * and `NodeAgent`.
 */
export interface WorkloadLabelsProps {
  /**
   * Labels that select the pods, instead of `app.kubernetes.io/name: <name>`.
   * For adopting existing objects whose selector cannot change.
   *
   * @default { 'app.kubernetes.io/name': name }
   */
  readonly selectorLabels?: Record<string, string>;

  /**
   * `app.kubernetes.io/component` label.
   *
   * @default - not set
   */
  readonly component?: string;

  /**
   * `app.kubernetes.io/version` label.
   *
   * @default - the main image's tag, unless it is `latest` or not a valid label value
   */
  readonly version?: string;
}
