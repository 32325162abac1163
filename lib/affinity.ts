import { Chart } from 'cdk8s';
import * as k8s from '../imports/k8s';
import { IWorkload } from './workload';

/** A node label whose values are the domains pods are placed in (node, zone, region). */
export class Topology {
  /** Each node is its own domain. */
  public static readonly HOSTNAME = new Topology('kubernetes.io/hostname');
  /** Nodes of one availability zone form a domain. */
  public static readonly ZONE = new Topology('topology.kubernetes.io/zone');
  /** Nodes of one region form a domain. */
  public static readonly REGION = new Topology('topology.kubernetes.io/region');

  /** Any node label. */
  public static custom(labelKey: string): Topology {
    return new Topology(labelKey);
  }

  private constructor(/** The node label. */ public readonly key: string) {}
}

/** Options of a pod affinity or anti-affinity. */
export interface AffinityOptions {
  /**
   * The domain in which pods are together or apart.
   *
   * @default Topology.HOSTNAME
   */
  readonly topology?: Topology;

  /**
   * Make it a preference of this weight (1-100) instead of a requirement.
   *
   * @default - required: pods that cannot meet it stay pending
   */
  readonly weight?: number;
}

/**
 * Where pods run relative to another workload's pods, by reference to that
 * workload (its selector, and its namespace when it is another one).
 *
 * @example
 * affinity: [Affinity.colocateWith(cache), Affinity.awayFrom(batch, { topology: Topology.ZONE, weight: 50 })]
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
 */
export class Affinity {
  /** Run in the same domain as a pod of `workload`. */
  public static colocateWith(workload: IWorkload, options: AffinityOptions = {}): Affinity {
    return new Affinity('podAffinity', workload, options);
  }

  /** Run in a domain where no pod of `workload` runs. */
  public static awayFrom(workload: IWorkload, options: AffinityOptions = {}): Affinity {
    return new Affinity('podAntiAffinity', workload, options);
  }

  private constructor(
    private readonly kind: 'podAffinity' | 'podAntiAffinity',
    private readonly workload: IWorkload,
    private readonly options: AffinityOptions,
  ) {
    const weight = options.weight;
    if (weight !== undefined && (!Number.isInteger(weight) || weight < 1 || weight > 100)) {
      throw new Error(`Affinity weight ${weight} (to ${workload.node.path}) must be an integer from 1 to 100`);
    }
  }

  /**
   * The `podAffinity` and `podAntiAffinity` of `affinities`, for a pod of `scope`.
   *
   * @internal
   */
  public static _render(affinities: ReadonlyArray<Affinity>, scope: IWorkloadScope): Pick<k8s.Affinity, 'podAffinity' | 'podAntiAffinity'> {
    const result: Record<string, { requiredDuringSchedulingIgnoredDuringExecution?: k8s.PodAffinityTerm[]; preferredDuringSchedulingIgnoredDuringExecution?: k8s.WeightedPodAffinityTerm[] }> = {};
    const ownNamespace = Chart.of(scope).namespace;
    for (const a of affinities) {
      const namespace = Chart.of(a.workload).namespace;
      const term: k8s.PodAffinityTerm = {
        labelSelector: { matchLabels: { ...a.workload.selector } },
        topologyKey: (a.options.topology ?? Topology.HOSTNAME).key,
        // A term matches pods of the pod's own namespace unless told otherwise.
        namespaces: namespace && namespace !== ownNamespace ? [namespace] : undefined,
      };
      const entry = (result[a.kind] ??= {});
      if (a.options.weight === undefined) {
        (entry.requiredDuringSchedulingIgnoredDuringExecution ??= []).push(term);
      } else {
        (entry.preferredDuringSchedulingIgnoredDuringExecution ??= []).push({ weight: a.options.weight, podAffinityTerm: term });
      }
    }
    return result;
  }
}

type IWorkloadScope = Parameters<typeof Chart.of>[0];
