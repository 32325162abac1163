import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as k8s from '../imports/k8s';

/** Options of a toleration. */
export interface TolerationOptions {
  /**
   * Only tolerate taints with this effect.
   *
   * @default - every effect
   */
  readonly effect?: kplus.TaintEffect;

  /**
   * With `NO_EXECUTE`: stay on a node this long after the taint appears.
   *
   * @default - stay for ever
   */
  readonly evictAfter?: Duration;
}

/**
 * Lets pods run on nodes with a matching taint, as dedicated batch or GPU
 * nodes have. A toleration permits; pin the pods with a `NodeAffinity` too.
 *
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/taint-and-toleration/
 */
export class Toleration {
  /** Tolerate the taint `key=value`. */
  public static equal(key: string, value: string, options: TolerationOptions = {}): Toleration {
    return new Toleration({ key, operator: 'Equal', value, ...effect(options) });
  }

  /** Tolerate any taint with `key`, whatever its value. */
  public static exists(key: string, options: TolerationOptions = {}): Toleration {
    return new Toleration({ key, operator: 'Exists', ...effect(options) });
  }

  /** Tolerate every taint: for node agents that must run on every node. */
  public static all(): Toleration {
    return new Toleration({ operator: 'Exists' });
  }

  private constructor(private readonly toleration: k8s.Toleration) {}

  /** @internal */
  public _render(): k8s.Toleration {
    return this.toleration;
  }
}

function effect(options: TolerationOptions): Pick<k8s.Toleration, 'effect' | 'tolerationSeconds'> {
  return { effect: options.effect, tolerationSeconds: options.evictAfter?.toSeconds() };
}
