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
