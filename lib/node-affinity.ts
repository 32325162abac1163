import * as k8s from '../imports/k8s';

/**
 * One condition on a node's labels.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#node-affinity
 */
export class NodeRequirement {
  /** The label `key` has one of `values`. */
  public static in(key: string, values: string[]): NodeRequirement {
    return new NodeRequirement({ key, operator: 'In', values });
  }

  /** The label `key` is missing or has none of `values`. */
  public static notIn(key: string, values: string[]): NodeRequirement {
    return new NodeRequirement({ key, operator: 'NotIn', values });
  }

  /** The node has the label `key`, whatever its value. */
  public static exists(key: string): NodeRequirement {
    return new NodeRequirement({ key, operator: 'Exists' });
  }

  /** The node does not have the label `key`. */
  public static doesNotExist(key: string): NodeRequirement {
    return new NodeRequirement({ key, operator: 'DoesNotExist' });
  }

  /** The label `key` is an integer greater than `value`. */
  public static gt(key: string, value: number): NodeRequirement {
    return new NodeRequirement({ key, operator: 'Gt', values: [String(value)] });
  }

  /** The label `key` is an integer less than `value`. */
  public static lt(key: string, value: number): NodeRequirement {
    return new NodeRequirement({ key, operator: 'Lt', values: [String(value)] });
  }

  private constructor(private readonly requirement: k8s.NodeSelectorRequirement) {}

  /** @internal */
  public _render(): k8s.NodeSelectorRequirement {
    return this.requirement;
  }
}

/**
 * Which nodes a pod may (required) or should (preferred) run on.
 *
 * Requirements given together must all hold (one node selector term); terms
 * given with `requireAnyOf` are alternatives.
 *
 * @example
 * NodeAffinity.require(NodeRequirement.in('disktype', ['ssd']))
 *   .prefer(50, NodeRequirement.in('topology.kubernetes.io/zone', ['eu-west-1a']));
 */
export class NodeAffinity {
  /** Run only on nodes that meet every requirement. */
  public static require(...requirements: NodeRequirement[]): NodeAffinity {
    return new NodeAffinity([requirements], [], true);
  }

  /** Run only on nodes that meet every requirement of at least one term. */
  public static requireAnyOf(...terms: NodeRequirement[][]): NodeAffinity {
    return new NodeAffinity(terms, [], true);
  }

  /** No requirement, only preferences (add them with `prefer`). */
  public static preferOnly(): NodeAffinity {
    return new NodeAffinity([], []);
  }

  private constructor(
    private readonly required: ReadonlyArray<ReadonlyArray<NodeRequirement>>,
    private readonly preferred: ReadonlyArray<{ weight: number; requirements: ReadonlyArray<NodeRequirement> }>,
    // Made by require or requireAnyOf: the caller meant to require something.
    private readonly requiresSomething = false,
  ) {}

  /**
   * Also prefer nodes that meet every requirement, with `weight` 1-100.
   * Returns a new affinity; this one is unchanged.
   */
  public prefer(weight: number, ...requirements: NodeRequirement[]): NodeAffinity {
    return new NodeAffinity(this.required, [...this.preferred, { weight, requirements }], this.requiresSomething);
  }

  /**
   * What is wrong with the required terms, or `undefined`: `requireAnyOf()`
   * with no term renders no requirement at all, so pods would run on any
   * node while the code reads as pinned. (An empty term is written and
   * reported by the node-affinity-terms rule at its field.)
   *
   * @internal
   */
  public _problem(): string | undefined {
    return this.required.length === 0 && this.requiresSomething
      ? 'is requireAnyOf() with no term: it would require nothing, so pods could run on any node'
      : undefined;
  }

  /** Whether pods are held to the required terms (a pinned workload needs this). */
  public get isRequired(): boolean {
    return this.required.length > 0;
  }

  /** @internal */
  public _render(): k8s.NodeAffinity {
    return {
      requiredDuringSchedulingIgnoredDuringExecution: this.required.length
        ? { nodeSelectorTerms: this.required.map((term) => ({ matchExpressions: term.map((r) => r._render()) })) }
        : undefined,
      preferredDuringSchedulingIgnoredDuringExecution: this.preferred.length
        ? this.preferred.map((p) => ({
          weight: p.weight,
          preference: { matchExpressions: p.requirements.map((r) => r._render()) },
        }))
        : undefined,
    };
  }
}
