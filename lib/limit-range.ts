import { ApiObject, Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { specObject } from './private/manifest-object';
import { cpuToQuantity, sizeToQuantity } from './private/quantity';
import { PropError } from './validation/prop-error';

/** CPU and memory of one container. */
export interface ContainerCompute {
  /**
   * CPU.
   *
   * @default - not set
   */
  readonly cpu?: kplus.Cpu;

  /**
   * Memory.
   *
   * @default - not set
   */
  readonly memory?: Size;
}

/**
 * What each container of a namespace gets when it says nothing, and the
 * bounds it must stay in. Kubernetes fills what is left out: a missing
 * `default` is `max`, a missing `defaultRequest` is `default`, then `min`
 * (so `default: { cpu }` alone also requests that much CPU).
 */
export interface ContainerLimits {
  /**
   * Request of a container that sets none.
   *
   * @default - `default`, else `min` (Kubernetes defaulting)
   */
  readonly defaultRequest?: ContainerCompute;

  /**
   * Limit of a container that sets none.
   *
   * @default - `max` (Kubernetes defaulting)
   */
  readonly default?: ContainerCompute;

  /**
   * Smallest request a container may set.
   *
   * @default - no minimum
   */
  readonly min?: ContainerCompute;

  /**
   * Largest limit a container may set. Containers must then have a limit,
   * which `default` (or this maximum) gives them.
   *
   * @default - no maximum
   */
  readonly max?: ContainerCompute;
}

/** Props of a `LimitRange`. */
export interface LimitRangeProps extends ContainerLimits {
  /**
   * Name of the LimitRange.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Namespace the LimitRange applies to.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

type Level = 'min' | 'defaultRequest' | 'default' | 'max';
const ORDER: ReadonlyArray<Level> = ['min', 'defaultRequest', 'default', 'max'];

/**
 * A LimitRange for containers: default requests and limits for containers
 * that set none, and the smallest and largest values allowed.
 *
 * @see https://kubernetes.io/docs/concepts/policy/limit-range/
 */
export class LimitRange extends Construct {
  /** Name of the LimitRange. */
  public readonly name: string;
  /** The LimitRange. */
  public readonly resource: ApiObject;

  constructor(scope: Construct, id: string, props: LimitRangeProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const given = ORDER.filter((level) => props[level]?.cpu || props[level]?.memory);
    if (given.length === 0) {
      throw new PropError(this, { field: 'limits', message: 'are empty: no value given', fix: 'set defaultRequest, default, min or max' });
    }
    checkOrder(this, 'cpu', valuesOf(props, (c) => c.cpu && cpuMillis(c.cpu), (c) => c.cpu?.amount));
    checkOrder(this, 'memory', valuesOf(props, (c) => c.memory?.toKibibytes({ rounding: SizeRoundingBehavior.NONE }), (c) => c.memory && sizeToQuantity(c.memory)));
    const list = (compute: ContainerCompute | undefined) => {
      const out: Record<string, k8s.Quantity> = {};
      if (compute?.cpu) {
        out.cpu = cpuToQuantity(compute.cpu);
      }
      if (compute?.memory) {
        out.memory = k8s.Quantity.fromString(sizeToQuantity(compute.memory));
      }
      return Object.keys(out).length ? out : undefined;
    };
    this.resource = specObject(this, 'Resource', k8s.KubeLimitRange.GVK, { name: this.name, namespace: props.namespace }, k8s.toJson_LimitRangeSpec, {
      limits: [{
        type: 'Container',
        defaultRequest: list(props.defaultRequest),
        default: list(props.default),
        min: list(props.min),
        max: list(props.max),
      }],
    });
  }
}

/** CPU in millicores. */
export function cpuMillis(cpu: kplus.Cpu): number {
  const amount = cpu.amount;
  return amount.endsWith('m') ? Number(amount.slice(0, -1)) : Number(amount) * 1000;
}

// Kubernetes fills a missing default from max and a missing defaultRequest
// from default or min (SetDefaults_LimitRangeItem), then needs
// min <= defaultRequest <= default <= max. A filled-in value equals its
// source, so comparing the values given finds every case it refuses.
function checkOrder(scope: Construct, resource: string, values: Partial<Record<Level, { amount: number; text: string }>>): void {
  const present = ORDER.filter((level) => values[level]);
  for (let i = 0; i < present.length; i++) {
    for (let j = i + 1; j < present.length; j++) {
      const low = values[present[i]]!;
      const high = values[present[j]]!;
      if (low.amount > high.amount) {
        throw new PropError(scope, {
          field: `${present[i]}.${resource}`,
          value: low.text,
          message: `is more than ${present[j]}.${resource} (${high.text})`,
          fix: 'keep min <= defaultRequest <= default <= max, as Kubernetes needs',
        });
      }
    }
  }
}

function valuesOf(props: ContainerLimits, amount: (c: ContainerCompute) => number | undefined, text: (c: ContainerCompute) => string | undefined) {
  const values: Partial<Record<Level, { amount: number; text: string }>> = {};
  for (const level of ORDER) {
    const compute = props[level];
    const a = compute && amount(compute);
    if (compute && a !== undefined) {
      values[level] = { amount: a, text: text(compute)! };
    }
  }
  return values;
}
