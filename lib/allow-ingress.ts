import { Construct } from 'constructs';
import { NetworkPeer, NetworkPolicy, NetworkPort } from './network-policy';
import { ISelectablePods } from './selectable-pods';

/** Pods that may connect. */
export interface IngressPeer {
  /**
   * Labels of the pods that may connect.
   *
   * @default - every pod of the selected namespaces
   */
  readonly podLabels?: Record<string, string>;

  /**
   * Labels of the namespaces those pods are in.
   *
   * @default - the policy's own namespace
   */
  readonly namespaceLabels?: Record<string, string>;
}

/** Props of an `AllowIngress`. */
export interface AllowIngressProps {
  /**
   * Name of the NetworkPolicy.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /** Pods the traffic goes to. */
  readonly to: ISelectablePods;

  /** Pods the traffic may come from; at least one peer. */
  readonly from: IngressPeer[];

  /** TCP ports the traffic may reach; at least one. */
  readonly ports: number[];
}

/**
 * A NetworkPolicy that lets pods with given labels (optionally in namespaces
 * with given labels) reach some TCP ports of a workload. With a namespace's
 * default-deny policy, this is the only ingress the workload gets. For
 * egress, IP blocks and other protocols, use `NetworkPolicy`; for a
 * workload-to-workload connection, `Connectivity.allow`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export class AllowIngress extends Construct {
  /** The NetworkPolicy. */
  public readonly policy: NetworkPolicy;

  constructor(scope: Construct, id: string, props: AllowIngressProps) {
    super(scope, id);
    // In a NetworkPolicy an empty list means "everything": refuse it rather
    // than open every port, or deny everything under a name that says allow.
    this.node.addValidation({
      validate: () => [
        ...(props.ports.length === 0 ? ['ports is empty, which a NetworkPolicy reads as every port; list the ports to allow'] : []),
        ...(props.from.length === 0 ? ['from is empty, so the policy would allow nothing; list the peers to allow'] : []),
      ],
    });
    // Each peer is its own rule, on every port (what this construct has always written).
    const ports = props.ports.length ? props.ports.map((port) => NetworkPort._uncheckedTcp(port)) : undefined;
    this.policy = new NetworkPolicy(this, 'Resource', {
      name: props.name ?? id,
      selector: props.to,
      ingress: props.from.map((peer) => ({ peers: [NetworkPeer.select(peer)], ports })),
    });
  }
}
