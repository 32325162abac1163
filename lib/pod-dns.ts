import * as k8s from '../imports/k8s';

/** Resolver settings added to a pod's `/etc/resolv.conf`. */
export interface DnsResolverOptions {
  /**
   * Extra name servers (at most 3 in all).
   *
   * @default - none
   */
  readonly nameservers?: string[];

  /**
   * Extra search domains (at most 32).
   *
   * @default - none
   */
  readonly searches?: string[];

  /**
   * Resolver options, such as `{ ndots: '2' }`; an empty value writes the option without one.
   *
   * @default - none
   */
  readonly options?: Record<string, string>;
}

/**
 * How a pod resolves names: its `dnsPolicy` and `dnsConfig`.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/#pod-s-dns-policy
 */
export class PodDns {
  /** The cluster's DNS first, then the node's upstream (Kubernetes default). */
  public static clusterFirst(options: DnsResolverOptions = {}): PodDns {
    return new PodDns('ClusterFirst', options);
  }

  /** Like `clusterFirst`, for pods with `hostNetwork` (which would otherwise get the node's resolver). */
  public static clusterFirstWithHostNet(options: DnsResolverOptions = {}): PodDns {
    return new PodDns('ClusterFirstWithHostNet', options);
  }

  /** The node's resolver (`Default` in Kubernetes). */
  public static node(options: DnsResolverOptions = {}): PodDns {
    return new PodDns('Default', options);
  }

  /** Only what `options` says; needs at least one name server. */
  public static none(options: DnsResolverOptions): PodDns {
    return new PodDns('None', options);
  }

  private constructor(private readonly policy: string, private readonly config: DnsResolverOptions) {}

  /**
   * What is wrong with these settings, or `undefined`; the workload that
   * uses them reports it as a `PropError` on its `dns` prop.
   *
   * @internal
   */
  public _problem(): string | undefined {
    const { nameservers = [], searches = [] } = this.config;
    if (this.policy === 'None' && nameservers.length === 0) {
      return 'is PodDns.none() without a name server: the pod would have no resolver';
    }
    if (nameservers.length > 3) {
      return `has ${nameservers.length} name servers; Kubernetes allows at most 3`;
    }
    if (searches.length > 32) {
      return `has ${searches.length} search domains; Kubernetes allows at most 32`;
    }
    return undefined;
  }

  /** @internal */
  public _render(): { dnsPolicy: string; dnsConfig?: k8s.PodDnsConfig } {
    const { nameservers, searches, options } = this.config;
    const hasConfig = nameservers?.length || searches?.length || (options && Object.keys(options).length);
    return {
      dnsPolicy: this.policy,
      dnsConfig: hasConfig
        ? {
          nameservers: nameservers?.length ? [...nameservers] : undefined,
          searches: searches?.length ? [...searches] : undefined,
          options: options ? Object.entries(options).map(([name, value]) => ({ name, value: value === '' ? undefined : value })) : undefined,
        }
        : undefined,
    };
  }
}
