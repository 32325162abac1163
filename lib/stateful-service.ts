import { ApiObject, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ContainerPort, ContainerProps } from './container';
import { PodTemplateProps } from './pod-template';
import { ManifestObject } from './private/manifest-object';
import { sizeToQuantity } from './private/quantity';
import { controllerSpec, podTemplate, prepareWorkload, renderPod } from './private/workload';
import { PropError } from './validation/prop-error';
import { IWorkload, WorkloadLabelsProps } from './workload';

/** One port of a `StatefulService`'s headless Service and main container. */
export interface StatefulServicePort {
  /** Port number, 1-65535. */
  readonly port: number;
  /**
   * Port name; required when there are two or more ports.
   *
   * @default - unnamed
   */
  readonly name?: string;
  /**
   * Protocol.
   *
   * @default - TCP (Kubernetes default; not written)
   */
  readonly protocol?: kplus.Protocol;
}

/** In which order a StatefulSet starts and stops its pods. */
export enum PodManagementPolicy {
  /** One at a time, each ready before the next (Kubernetes default; not written). */
  ORDERED_READY = 'OrderedReady',
  /** All at once: for members that find each other without an order. */
  PARALLEL = 'Parallel',
}

/** Options of a StatefulSet rolling update. */
export interface StatefulRollingUpdateOptions {
  /**
   * Update only pods with an ordinal of at least this (a canary of the
   * highest ordinals); the others keep the old template.
   *
   * @default - 0: every pod (Kubernetes default; not written)
   */
  readonly partition?: number;
}

/**
 * How a StatefulSet replaces its pods when the template changes.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#update-strategies
 */
export class StatefulUpdateStrategy {
  /** Replace pods one at a time, from the highest ordinal down to `partition`. */
  public static rollingUpdate(options: StatefulRollingUpdateOptions = {}): StatefulUpdateStrategy {
    const partition = options.partition;
    if (partition !== undefined && (!Number.isInteger(partition) || partition < 0)) {
      throw new Error(`StatefulUpdateStrategy.rollingUpdate() partition ${partition} must be a whole number, 0 or more`);
    }
    return new StatefulUpdateStrategy({ type: 'RollingUpdate', rollingUpdate: partition !== undefined ? { partition } : undefined });
  }

  /** Replace a pod only when someone deletes it. */
  public static onDelete(): StatefulUpdateStrategy {
    return new StatefulUpdateStrategy({ type: 'OnDelete' });
  }

  private constructor(private readonly strategy: k8s.StatefulSetUpdateStrategy) {}

  /** @internal */
  public _render(): k8s.StatefulSetUpdateStrategy {
    return this.strategy;
  }
}

/** A PersistentVolumeClaim made for each pod, mounted into the main container. */
export interface StatefulStorage {
  /** Name of the claim template (and of the volume in the pod); a DNS label. */
  readonly name: string;
  /** Where the main container mounts it. */
  readonly mountPath: string;
  /** Size of each pod's volume. */
  readonly size: Size;
  /**
   * StorageClass of the volumes.
   *
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Access modes.
   *
   * @default [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: kplus.PersistentVolumeAccessMode[];
}

/** Props of a `StatefulService`. */
export interface StatefulServiceProps extends PodTemplateProps, WorkloadLabelsProps {
  /**
   * Name of the StatefulSet and its headless Service; a DNS-1035 label.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /** The main container. Its name defaults to the service's name. */
  readonly container: ContainerProps;

  /**
   * More containers in the same pod; each needs a name.
   *
   * @default - none
   */
  readonly sidecars?: ContainerProps[];

  /**
   * Number of pods.
   *
   * @default 1
   */
  readonly replicas?: number;

  /**
   * Ports of the headless Service and the main container.
   *
   * @default - none (a headless Service may have none: pods are reached by DNS name)
   */
  readonly ports?: StatefulServicePort[];

  /**
   * A volume per pod, kept across restarts and rescheduling.
   *
   * @default - no persistent storage
   */
  readonly storage?: StatefulStorage[];

  /**
   * Start and stop pods in order, or all at once.
   *
   * @default PodManagementPolicy.ORDERED_READY (not written)
   */
  readonly podManagementPolicy?: PodManagementPolicy;

  /**
   * How pods are replaced on update.
   *
   * @default - rolling update of every pod (Kubernetes default; not written)
   */
  readonly updateStrategy?: StatefulUpdateStrategy;

  /**
   * Time a new pod must be ready before it counts as available.
   *
   * @default - 0s (Kubernetes default; not written)
   */
  readonly minReady?: Duration;

  /**
   * Old revisions kept for rollback.
   *
   * @default - 10 (Kubernetes default; not written)
   */
  readonly revisionHistoryLimit?: number;
}

/**
 * Pods with a stable identity and their own storage (databases, caches,
 * brokers): a StatefulSet, its headless Service (each pod reachable as
 * `<name>-<ordinal>.<name>`) and a PersistentVolumeClaim per pod and storage.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
export class StatefulService extends Construct implements IWorkload {
  /** Name of the StatefulSet and the Service. */
  public readonly name: string;
  /** Labels that select the pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** Ports the main container declares. */
  public readonly containerPorts: ReadonlyArray<ContainerPort>;
  /** The StatefulSet. */
  public readonly statefulSet: ApiObject;
  /** The headless Service that gives each pod its DNS name. */
  public readonly service: ApiObject;

  constructor(scope: Construct, id: string, props: StatefulServiceProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const containers = [props.container, ...(props.sidecars ?? [])];
    this.containerPorts = [
      ...(props.ports ?? []).map((p) => ({ number: p.port, name: p.name, protocol: p.protocol })),
      ...(props.container.ports ?? []),
    ];
    const labels = prepareWorkload(this, { name: this.name, props, containers });
    this.selector = labels.selector;
    const storage = props.storage ?? [];
    const pod = renderPod(this, props, containers, {
      defaultName: this.name,
      servicePorts: (props.ports ?? []).map((p) => ({ number: p.port, name: p.name, protocol: p.protocol })),
      extraMounts: storage.map((s) => ({ name: s.name, mountPath: s.mountPath })),
    });
    storage.forEach((s, i) => {
      if ((pod.volumes ?? []).some((v: { name: string }) => v.name === s.name)) {
        throw new PropError(this, { field: `storage[${i}].name`, value: s.name, message: `'${s.name}' has the name of a volume of the pod`, fix: 'give the storage another name' });
      }
    });

    this.service = new ManifestObject(this, 'Service', {
      ...k8s.KubeService.GVK,
      metadata: { name: this.name, labels: labels.labels },
      body: {
        spec: k8s.toJson_ServiceSpec({
          clusterIp: 'None',
          selector: labels.selector,
          ports: (props.ports ?? []).map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
        }),
      },
    });
    this.statefulSet = new ManifestObject(this, 'Resource', {
      ...k8s.KubeStatefulSet.GVK,
      metadata: { name: this.name, labels: labels.labels },
      body: {
        spec: controllerSpec(k8s.toJson_StatefulSetSpec, {
          serviceName: this.service.name,
          replicas: props.replicas ?? 1,
          selector: { matchLabels: labels.selector },
          podManagementPolicy: props.podManagementPolicy,
          updateStrategy: props.updateStrategy?._render(),
          minReadySeconds: props.minReady?.toSeconds(),
          revisionHistoryLimit: props.revisionHistoryLimit,
          volumeClaimTemplates: storage.length
            ? storage.map((s) => ({
              metadata: { name: s.name, labels: labels.selector },
              spec: {
                accessModes: s.accessModes ?? [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE],
                storageClassName: s.storageClassName,
                resources: { requests: { storage: k8s.Quantity.fromString(sizeToQuantity(s.size)) } },
              },
            }))
            : undefined,
        }, podTemplate(this, labels, props.podAnnotations, pod)),
      },
    });
    this.node.defaultChild = this.statefulSet;
  }
}
