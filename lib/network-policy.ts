import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { Cidr } from './cidr';
import { specObject } from './private/manifest-object';
import { PodsTarget, selectorOf } from './selectable-pods';
import { PropError } from './validation/prop-error';
import { portNameError } from './validation/formats';

/** The directions a NetworkPolicy isolates. */
export enum PolicyType {
  /** Traffic to the selected pods. */
  INGRESS = 'Ingress',
  /** Traffic from the selected pods. */
  EGRESS = 'Egress',
}

/**
 * A port (or a range of ports) of a NetworkPolicy rule: the port the pod
 * listens on, not the Service port in front of it.
 */
export class NetworkPort {
  /** A TCP port, or the range `port`-`endPort`. */
  public static tcp(port: number, endPort?: number): NetworkPort {
    return new NetworkPort(kplus.Protocol.TCP, port, endPort);
  }

  /** A UDP port, or the range `port`-`endPort`. */
  public static udp(port: number, endPort?: number): NetworkPort {
    return new NetworkPort(kplus.Protocol.UDP, port, endPort);
  }

  /** An SCTP port, or the range `port`-`endPort`. */
  public static sctp(port: number, endPort?: number): NetworkPort {
    return new NetworkPort(kplus.Protocol.SCTP, port, endPort);
  }

  /** A port by the name the container gives it (`http`). Ranges of names do not exist. */
  public static named(name: string, protocol: kplus.Protocol = kplus.Protocol.TCP): NetworkPort {
    const error = portNameError(name);
    if (error) {
      throw new Error(`port name "${name}" ${error}`);
    }
    return new NetworkPort(protocol, name);
  }

  /** Every port of one protocol. */
  public static allOf(protocol: kplus.Protocol): NetworkPort {
    return new NetworkPort(protocol);
  }

  /**
   * A TCP port left for the validator to check, so that `AllowIngress`
   * keeps reporting a bad port as a `port-range` finding with its object.
   *
   * @internal
   */
  public static _uncheckedTcp(port: number): NetworkPort {
    return new NetworkPort(kplus.Protocol.TCP, port, undefined, false);
  }

  private constructor(
    /** The protocol. */
    public readonly protocol: kplus.Protocol,
    /** The port number or name; every port when undefined. */
    public readonly port?: number | string,
    /** Last port of the range. */
    public readonly endPort?: number,
    check = true,
  ) {
    if (check && typeof port === 'number' && !validPort(port)) {
      throw new Error(`port ${port} is not an integer from 1 to 65535`);
    }
    if (endPort !== undefined) {
      if (!validPort(endPort)) {
        throw new Error(`endPort ${endPort} is not an integer from 1 to 65535`);
      }
      if (endPort < (port as number)) {
        throw new Error(`endPort ${endPort} is smaller than port ${port}; a range goes from the lower port to the higher one`);
      }
    }
  }

  /** @internal */
  public _render(): k8s.NetworkPolicyPort {
    return {
      protocol: this.protocol,
      port: this.port === undefined ? undefined : typeof this.port === 'number' ? k8s.IntOrString.fromNumber(this.port) : k8s.IntOrString.fromString(this.port),
      endPort: this.endPort,
    };
  }
}

/** Pods, namespaces or IP blocks that a NetworkPolicy rule lets traffic come from or go to. */
export class NetworkPeer {
  /**
   * The pods of a workload, in the policy's namespace or in the namespace named `namespace`.
   */
  public static pods(target: PodsTarget, options: { readonly namespace?: string } = {}): NetworkPeer {
    return NetworkPeer.select({
      podLabels: selectorOf(target),
      namespaceLabels: options.namespace ? { [NAMESPACE_NAME_LABEL]: options.namespace } : undefined,
    });
  }

  /**
   * Pods with `podLabels` (every pod when not given) in the namespaces with
   * `namespaceLabels` (the policy's own namespace when not given).
   */
  public static select(options: { readonly podLabels?: Record<string, string>; readonly namespaceLabels?: Record<string, string> }): NetworkPeer {
    return new NetworkPeer({
      podSelector: { matchLabels: options.podLabels ? { ...options.podLabels } : undefined },
      namespaceSelector: options.namespaceLabels ? { matchLabels: { ...options.namespaceLabels } } : undefined,
    });
  }

  /** Every pod of the namespace named `name` (selected by its `kubernetes.io/metadata.name` label). */
  public static namespace(name: string): NetworkPeer {
    return new NetworkPeer({ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: name } } });
  }

  /** Every pod of every namespace (not addresses outside the cluster). */
  public static allNamespaces(): NetworkPeer {
    return new NetworkPeer({ namespaceSelector: {} });
  }

  /**
   * Addresses in `cidr`, but not in any of `except`, each of which must lie
   * strictly inside `cidr`. Meant for addresses outside the cluster: pod IPs
   * change.
   */
  public static ipBlock(cidr: Cidr, except: Cidr[] = []): NetworkPeer {
    // Reported by the policy that uses the peer, as a PropError naming its field.
    const outside = except.findIndex((inner) => !cidr.strictlyContains(inner));
    const problem = outside < 0 ? undefined : {
      at: `.except[${outside}]`,
      value: except[outside].toString(),
      message: `is not strictly inside the cidr ${cidr}; each except must be a smaller block within it`,
    };
    return new NetworkPeer({ ipBlock: { cidr: cidr.toString(), except: except.length ? except.map((c) => c.toString()) : undefined } }, problem);
  }

  /** The cluster DNS: the `k8s-app: kube-dns` pods of `kube-system` (CoreDNS keeps that label). */
  public static kubeDns(): NetworkPeer {
    return NetworkPeer.select({ podLabels: { 'k8s-app': 'kube-dns' }, namespaceLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } });
  }

  private constructor(
    private readonly peer: k8s.NetworkPolicyPeer,
    /** What is wrong with the peer (`at` is the path below the peer), for the policy to report. */
    private readonly problem?: { readonly at: string; readonly value: string; readonly message: string },
  ) {}

  /** @internal */
  public _problem(): { readonly at: string; readonly value: string; readonly message: string } | undefined {
    return this.problem;
  }

  /** @internal */
  public _render(): k8s.NetworkPolicyPeer {
    return this.peer;
  }
}

/** One rule of a NetworkPolicy: traffic with any of the peers, on any of the ports. */
export interface NetworkPolicyRule {
  /** Where the traffic may come from (ingress) or go to (egress); at least one. */
  readonly peers: NetworkPeer[];

  /**
   * Ports the traffic may use; an empty list is refused, because Kubernetes
   * reads it as every port.
   *
   * @default - every port of every protocol
   */
  readonly ports?: NetworkPort[];
}

/** Props of a `NetworkPolicy`. */
export interface NetworkPolicyProps {
  /**
   * Name of the NetworkPolicy.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Pods the policy applies to.
   *
   * @default - every pod of the namespace
   */
  readonly selector?: PodsTarget;

  /**
   * Traffic allowed to the selected pods. An empty list allows none: the
   * pods are isolated for ingress and nothing gets in unless another
   * policy lets it.
   *
   * @default - this policy says nothing about ingress
   */
  readonly ingress?: NetworkPolicyRule[];

  /**
   * Traffic allowed from the selected pods. An empty list allows none: not
   * even DNS (see `NetworkPeer.kubeDns()`).
   *
   * @default - this policy says nothing about egress
   */
  readonly egress?: NetworkPolicyRule[];

  /**
   * Labels of the NetworkPolicy.
   *
   * @default - none
   */
  readonly labels?: Record<string, string>;

  /**
   * Namespace of the NetworkPolicy (and of the pods it selects).
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

/**
 * A NetworkPolicy: which traffic may reach (ingress) and leave (egress) the
 * selected pods. `policyTypes` is always written, from the directions given,
 * so that an egress policy never isolates ingress by accident (or the other
 * way round). Once any policy isolates a pod in a direction, only traffic
 * that some policy allows passes; policies add up.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export class NetworkPolicy extends Construct {
  /** Name of the NetworkPolicy. */
  public readonly name: string;
  /** The NetworkPolicy. */
  public readonly resource: ApiObject;
  /** The directions this policy isolates. */
  public readonly policyTypes: ReadonlyArray<PolicyType>;

  constructor(scope: Construct, id: string, props: NetworkPolicyProps) {
    super(scope, id);
    this.name = props.name ?? id;
    if (!props.ingress && !props.egress) {
      throw new PropError(this, { field: 'ingress', message: 'and egress are both missing: the policy would do nothing', fix: 'give ingress or egress rules (an empty list isolates that direction)' });
    }
    const rules = (direction: string, list: NetworkPolicyRule[] | undefined) => list?.map((rule, i) => {
      if (rule.peers.length === 0) {
        throw new PropError(this, { field: `${direction}[${i}].peers`, value: [], message: 'is empty, which Kubernetes reads as every address', fix: 'name the peers (NetworkPeer.pods, select, namespace, ipBlock, ...)' });
      }
      if (rule.ports && rule.ports.length === 0) {
        throw new PropError(this, { field: `${direction}[${i}].ports`, value: [], message: 'is empty, which Kubernetes reads as every port', fix: 'list the ports, or leave ports out to mean every port' });
      }
      rule.peers.forEach((peer, j) => {
        const problem = peer._problem();
        if (problem) {
          throw new PropError(this, { field: `${direction}[${i}].peers[${j}]${problem.at}`, value: problem.value, rule: 'network-policy-peer', message: problem.message, fix: 'give except blocks that lie inside the cidr and are smaller than it' });
        }
      });
      return { peers: rule.peers.map((p) => p._render()), ports: rule.ports?.map((p) => p._render()) };
    });
    const ingress = rules('ingress', props.ingress);
    const egress = rules('egress', props.egress);
    this.policyTypes = [...(ingress ? [PolicyType.INGRESS] : []), ...(egress ? [PolicyType.EGRESS] : [])];
    const metadata = { name: this.name, namespace: props.namespace, labels: props.labels };
    this.resource = specObject(this, 'Resource', k8s.KubeNetworkPolicy.GVK, metadata, k8s.toJson_NetworkPolicySpec, {
      podSelector: { matchLabels: props.selector ? selectorOf(props.selector) : undefined },
      policyTypes: [...this.policyTypes],
      // No rule at all is written as no list, the way `kubectl get` shows it.
      ingress: ingress?.length ? ingress.map((r) => ({ from: r.peers, ports: r.ports })) : undefined,
      egress: egress?.length ? egress.map((r) => ({ to: r.peers, ports: r.ports })) : undefined,
    });
  }
}

/** Label the API server puts on every namespace, with the namespace's name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}
