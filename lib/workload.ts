import { IConstruct } from 'constructs';

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
}
