import { ApiObject, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { specObject } from './private/manifest-object';
import { cpuToQuantity, sizeToQuantity } from './private/quantity';
import { PropError } from './validation/prop-error';

/** The totals a namespace may hold; each one left out is not limited. Give at least one. */
export interface QuotaLimits {
  /**
   * Sum of the CPU requests of the namespace's pods (`requests.cpu`). Pods
   * that request no CPU are then refused, unless a LimitRange gives them a
   * default request.
   *
   * @default - not limited
   */
  readonly requestsCpu?: kplus.Cpu;

  /**
   * Sum of the memory requests (`requests.memory`).
   *
   * @default - not limited
   */
  readonly requestsMemory?: Size;

  /**
   * Sum of the CPU limits (`limits.cpu`). Pods without a CPU limit are then
   * refused, unless a LimitRange gives them a default limit.
   *
   * @default - not limited
   */
  readonly limitsCpu?: kplus.Cpu;

  /**
   * Sum of the memory limits (`limits.memory`).
   *
   * @default - not limited
   */
  readonly limitsMemory?: Size;

  /**
   * Sum of the storage requested by PersistentVolumeClaims (`requests.storage`).
   *
   * @default - not limited
   */
  readonly requestsStorage?: Size;

  /**
   * Number of PersistentVolumeClaims.
   *
   * @default - not limited
   */
  readonly persistentVolumeClaims?: number;

  /**
   * Number of pods that are not finished.
   *
   * @default - not limited
   */
  readonly pods?: number;

  /**
   * Number of Services.
   *
   * @default - not limited
   */
  readonly services?: number;

  /**
   * Number of LoadBalancer Services (each one usually costs a cloud load balancer).
   *
   * @default - not limited
   */
  readonly loadBalancers?: number;

  /**
   * Number of NodePort Services.
   *
   * @default - not limited
   */
  readonly nodePorts?: number;
}

/** Props of a `ResourceQuota`. */
export interface ResourceQuotaProps extends QuotaLimits {
  /**
   * Name of the ResourceQuota.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Namespace the quota limits.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

/**
 * A ResourceQuota: the most CPU, memory, storage and objects that all the
 * pods and objects of a namespace may hold together.
 *
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/
 */
export class ResourceQuota extends Construct {
  /** Name of the ResourceQuota. */
  public readonly name: string;
  /** The ResourceQuota. */
  public readonly resource: ApiObject;
  /** The limited resources, as written in `spec.hard`. */
  public readonly hard: Readonly<Record<string, string | number>>;

  constructor(scope: Construct, id: string, props: ResourceQuotaProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const hard: Record<string, k8s.Quantity> = {};
    const put = (key: string, value: k8s.Quantity | undefined) => {
      if (value !== undefined) {
        hard[key] = value;
      }
    };
    const count = (field: string, value: number | undefined) => {
      if (value !== undefined && !(Number.isInteger(value) && value >= 0)) {
        throw new PropError(this, { field, value, message: 'is not a whole number of 0 or more', fix: 'give a count of 0 or more' });
      }
      return value === undefined ? undefined : k8s.Quantity.fromNumber(value);
    };
    const size = (s: Size | undefined) => (s ? k8s.Quantity.fromString(sizeToQuantity(s)) : undefined);
    put('requests.cpu', props.requestsCpu && cpuToQuantity(props.requestsCpu));
    put('requests.memory', size(props.requestsMemory));
    put('limits.cpu', props.limitsCpu && cpuToQuantity(props.limitsCpu));
    put('limits.memory', size(props.limitsMemory));
    put('requests.storage', size(props.requestsStorage));
    put('persistentvolumeclaims', count('persistentVolumeClaims', props.persistentVolumeClaims));
    put('pods', count('pods', props.pods));
    put('services', count('services', props.services));
    put('services.loadbalancers', count('loadBalancers', props.loadBalancers));
    put('services.nodeports', count('nodePorts', props.nodePorts));
    if (Object.keys(hard).length === 0) {
      throw new PropError(this, { field: 'hard', message: 'is empty: no limit given', fix: 'set at least one of requestsCpu, requestsMemory, limitsCpu, limitsMemory, requestsStorage, pods, ...' });
    }
    this.hard = Object.fromEntries(Object.entries(hard).map(([key, value]) => [key, value.value]));
    this.resource = specObject(this, 'Resource', k8s.KubeResourceQuota.GVK, { name: this.name, namespace: props.namespace }, k8s.toJson_ResourceQuotaSpec, { hard });
  }
}
