import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { NetworkPeer, NetworkPolicy, NetworkPolicyRule, NetworkPort } from './network-policy';
import { PodsTarget } from './selectable-pods';
import { PropError } from './validation/prop-error';

/** A workload construct that NetworkPolicies can select: a `WebService`, `ReplicaSet`, `StandalonePod`, ... */
export type ConnectableWorkload = IConstruct & PodsTarget;

/** Options of `Connectivity.allow`. */
export interface AllowConnectionOptions {
  /**
   * Ports of the server's pods the client may reach (container ports, not
   * Service ports).
   *
   * @default - the container ports of the server, when it lists its ports (a `WebService`)
   */
  readonly ports?: NetworkPort[];

  /**
   * Also let the client resolve names through the cluster DNS (UDP and TCP
   * 53 to kube-dns): once a pod has an egress policy, everything else it
   * sends is dropped, DNS lookups included.
   *
   * @default true
   */
  readonly dns?: boolean;
}

/** The policies that `Connectivity.allow` writes. */
export interface Connection {
  /** Ingress policy on the server's pods, in the server's scope. */
  readonly ingress: NetworkPolicy;
  /** Egress policy on the client's pods, in the client's scope. */
  readonly egress: NetworkPolicy;
  /** The client's DNS egress policy (one per client), unless `dns: false`. */
  readonly dns?: NetworkPolicy;
}

/**
 * Client-to-server connections, written on both sides: an ingress policy on
 * the server (`<server>-from-<client>`) and an egress policy on the client
 * (`<client>-to-<server>`), so that the connection works whether the
 * namespace denies ingress, egress or both by default.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export class Connectivity {
  /**
   * Let the pods of `client` open connections to the pods of `server`.
   * Writing the egress side isolates the client for egress: it reaches only
   * what its policies allow, and the cluster DNS (see `dns`).
   */
  public static allow(client: ConnectableWorkload, server: ConnectableWorkload, options: AllowConnectionOptions = {}): Connection {
    const clientName = nameOf(client);
    const serverName = nameOf(server);
    const ports = options.ports ?? containerPortsOf(server);
    // Errors name the server: the policies that would be wrong are its own.
    if (!ports) {
      throw new PropError(server, { field: 'ports', message: `are not listed by the server, so Connectivity.allow from ${client.node.path} cannot tell which to open`, fix: 'pass ports: [NetworkPort.tcp(...)]' });
    }
    if (ports.length === 0) {
      throw new PropError(server, { field: 'ports', value: [], message: `of Connectivity.allow from ${client.node.path} is empty, which a NetworkPolicy reads as every port`, fix: 'list the ports' });
    }
    const ingressId = `allow-from-${clientName}`;
    if (server.node.tryFindChild(ingressId)) {
      throw new PropError(server, { field: 'client', value: client.node.path, message: 'may already reach this server (Connectivity.allow was called twice)', fix: 'allow each client and server once, with every port' });
    }
    const clientNamespace = Chart.of(client).namespace;
    const serverNamespace = Chart.of(server).namespace;
    // Across namespaces, the peer names the other namespace; in the same one it stays implicit.
    const crossNamespace = clientNamespace !== serverNamespace;
    const ingress = new NetworkPolicy(server as unknown as Construct, ingressId, {
      name: `${serverName}-from-${clientName}`,
      selector: server,
      ingress: [{ peers: [NetworkPeer.pods(client, { namespace: crossNamespace ? clientNamespace : undefined })], ports }],
    });
    const egress = new NetworkPolicy(client as unknown as Construct, `allow-to-${serverName}`, {
      name: `${clientName}-to-${serverName}`,
      selector: client,
      egress: [{ peers: [NetworkPeer.pods(server, { namespace: crossNamespace ? serverNamespace : undefined })], ports }],
    });
    const dns = options.dns === false ? undefined : Connectivity.allowDns(client);
    return { ingress, egress, dns };
  }

  /**
   * Let the pods of `client` query the cluster DNS (UDP and TCP 53 to
   * kube-dns in kube-system). Written once per client, as `<client>-dns`.
   */
  public static allowDns(client: ConnectableWorkload): NetworkPolicy {
    const existing = client.node.tryFindChild('allow-dns');
    if (existing instanceof NetworkPolicy) {
      return existing;
    }
    return new NetworkPolicy(client as unknown as Construct, 'allow-dns', {
      name: `${nameOf(client)}-dns`,
      selector: client,
      egress: [Connectivity.dnsRule()],
    });
  }

  /** The egress rule to the cluster DNS: UDP 53, and TCP 53 for answers too large for UDP. */
  public static dnsRule(): NetworkPolicyRule {
    return { peers: [NetworkPeer.kubeDns()], ports: [NetworkPort.udp(53), NetworkPort.tcp(53)] };
  }

  private constructor() {}
}

function nameOf(workload: ConnectableWorkload): string {
  const name = (workload as { name?: unknown }).name;
  return typeof name === 'string' ? name : workload.node.id;
}

// A NetworkPolicy sees the container port, not the Service port: the ports
// the server's main container declares (every workload of the library lists
// them as `containerPorts`; a WebService declares its Service's target ports).
function containerPortsOf(server: ConnectableWorkload): NetworkPort[] | undefined {
  const ports = (server as { containerPorts?: ReadonlyArray<{ number: number; protocol?: kplus.Protocol }> }).containerPorts;
  if (!Array.isArray(ports) || ports.length === 0) {
    return undefined;
  }
  return ports.map((p) => {
    const port = p.number;
    switch (p.protocol) {
      case kplus.Protocol.UDP: return NetworkPort.udp(port);
      case kplus.Protocol.SCTP: return NetworkPort.sctp(port);
      default: return NetworkPort.tcp(port);
    }
  });
}
