import * as k8s from '../imports/k8s';

const HOSTNAME = 'kubernetes.io/hostname';

/** Options of a topology spread constraint. */
export interface EvenSpreadOptions {
  /**
   * Node label whose values are the domains to spread over.
   *
   * @default 'kubernetes.io/hostname'
   */
  readonly topologyKey?: string;

  /**
   * Largest allowed difference in replicas between two domains.
   *
   * @default 1
   */
  readonly maxSkew?: number;

  /**
   * Refuse to schedule (`DoNotSchedule`) or only prefer (`ScheduleAnyway`)
   * when the spread cannot be met.
   *
   * @default 'ScheduleAnyway'
   */
  readonly whenUnsatisfiable?: 'DoNotSchedule' | 'ScheduleAnyway';
}

/**
 * How the replicas of a workload are spread over nodes or zones. The label
 * selector is the workload's own, so it is never typed twice.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/topology-spread-constraints/
 */
export class Spread {
  /** Never two replicas on one node (required pod anti-affinity on `kubernetes.io/hostname`). */
  public static oneReplicaPerNode(): Spread {
    return new Spread((selector, affinity) => {
      affinity.required.push({ labelSelector: matchExpressions(selector), topologyKey: HOSTNAME });
    });
  }

  /** Prefer different nodes for the replicas (preferred pod anti-affinity), with weight 1-100. */
  public static preferDifferentNodes(weight = 100): Spread {
    return new Spread((selector, affinity) => {
      affinity.preferred.push({
        weight,
        podAffinityTerm: { labelSelector: matchExpressions(selector), topologyKey: HOSTNAME },
      });
    });
  }

  /** Keep the replica counts of all domains within `maxSkew` of each other. */
  public static evenly(options: EvenSpreadOptions = {}): Spread {
    return new Spread((selector, _affinity, constraints) => {
      constraints.push({
        topologyKey: options.topologyKey ?? HOSTNAME,
        maxSkew: options.maxSkew ?? 1,
        whenUnsatisfiable: options.whenUnsatisfiable ?? 'ScheduleAnyway',
        labelSelector: { matchLabels: { ...selector } },
      });
    });
  }

  private constructor(
    private readonly apply: (
      selector: Record<string, string>,
      antiAffinity: { required: k8s.PodAffinityTerm[]; preferred: k8s.WeightedPodAffinityTerm[] },
      constraints: k8s.TopologySpreadConstraint[],
    ) => void,
  ) {}

  /**
   * The pod anti-affinity and topology spread constraints of `spreads`.
   *
   * @internal
   */
  public static _render(spreads: ReadonlyArray<Spread>, selector: Record<string, string>): {
    podAntiAffinity?: k8s.PodAntiAffinity;
    topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  } {
    const antiAffinity = { required: [] as k8s.PodAffinityTerm[], preferred: [] as k8s.WeightedPodAffinityTerm[] };
    const constraints: k8s.TopologySpreadConstraint[] = [];
    for (const spread of spreads) {
      spread.apply(selector, antiAffinity, constraints);
    }
    const hasAntiAffinity = antiAffinity.required.length + antiAffinity.preferred.length > 0;
    return {
      podAntiAffinity: hasAntiAffinity
        ? {
          requiredDuringSchedulingIgnoredDuringExecution: antiAffinity.required.length ? antiAffinity.required : undefined,
          preferredDuringSchedulingIgnoredDuringExecution: antiAffinity.preferred.length ? antiAffinity.preferred : undefined,
        }
        : undefined,
      topologySpreadConstraints: constraints.length ? constraints : undefined,
    };
  }
}

function matchExpressions(selector: Record<string, string>): k8s.LabelSelector {
  return {
    matchExpressions: Object.entries(selector).map(([key, value]) => ({ key, operator: 'In', values: [value] })),
  };
}
