import { ApiObject, Size } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { specObject } from './private/manifest-object';
import { sizeToQuantity } from './private/quantity';
import { PropError } from './validation/prop-error';
import { dns1123SubdomainError } from './validation/formats';

/** How many nodes may mount a volume, and how. */
export enum AccessMode {
  /** Read-write, by the pods of one node. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Read-only, by many nodes. */
  READ_ONLY_MANY = 'ReadOnlyMany',
  /** Read-write, by many nodes (network file systems). */
  READ_WRITE_MANY = 'ReadWriteMany',
  /** Read-write, by a single pod (CSI volumes only). */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
}

/** Whether a volume holds a file system or is a raw block device. */
export enum VolumeMode {
  /** A file system, mounted at a path. */
  FILESYSTEM = 'Filesystem',
  /** A raw block device, attached as a device (not mounted). */
  BLOCK = 'Block',
}

/** A PersistentVolumeClaim a pod can mount: one of the chart, or one that exists. */
export interface IPersistentVolumeClaim {
  /** Name of the claim. */
  readonly name: string;
  /** Whether the claim is a file system or a block device. */
  readonly volumeMode: VolumeMode;
}

/** Props of a `PersistentVolumeClaim`. */
export interface PersistentVolumeClaimProps {
  /**
   * Name of the claim.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /** Storage to request, at least 1 MiB (`Size.gibibytes(10)`). */
  readonly storage: Size;

  /**
   * Access modes the volume must support.
   *
   * @default [AccessMode.READ_WRITE_ONCE]
   */
  readonly accessModes?: AccessMode[];

  /**
   * StorageClass that provisions the volume. An empty string asks for a
   * pre-made volume with no class.
   *
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;

  /**
   * File system or raw block device.
   *
   * @default VolumeMode.FILESYSTEM (Kubernetes default; not written)
   */
  readonly volumeMode?: VolumeMode;

  /**
   * Labels of the claim.
   *
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * A PersistentVolumeClaim: storage that outlives the pods that mount it
 * (`Volume.fromPersistentVolumeClaim`). Deleting the claim usually deletes
 * the data (reclaim policy Delete of most StorageClasses).
 *
 * @see https://kubernetes.io/docs/concepts/storage/persistent-volumes/#persistentvolumeclaims
 */
export class PersistentVolumeClaim extends Construct implements IPersistentVolumeClaim {
  /** A claim that exists in the namespace already (made by another chart or by hand). */
  public static fromClaimName(name: string, volumeMode: VolumeMode = VolumeMode.FILESYSTEM): IPersistentVolumeClaim {
    const error = dns1123SubdomainError(name);
    if (error) {
      throw new Error(`PersistentVolumeClaim name "${name}" ${error}`);
    }
    return { name, volumeMode };
  }

  /** Name of the claim. */
  public readonly name: string;
  /** The PersistentVolumeClaim. */
  public readonly resource: ApiObject;
  /** Storage requested. */
  public readonly storage: Size;
  /** Access modes. */
  public readonly accessModes: ReadonlyArray<AccessMode>;
  /** File system or block device. */
  public readonly volumeMode: VolumeMode;

  constructor(scope: Construct, id: string, props: PersistentVolumeClaimProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const fail = (field: string, value: unknown, message: string, fix: string): never => {
      throw new PropError(this, { field, value, message, fix });
    };
    const quantity = sizeToQuantity(props.storage);
    // Below a mebibyte is a unit mistake (bytes for gibibytes), and most provisioners round it up anyway.
    if (props.storage.toKibibytes() < 1024) {
      fail('storage', quantity, 'is less than 1Mi', 'give the size in Size.gibibytes(...) or Size.mebibytes(...)');
    }
    this.accessModes = props.accessModes ?? [AccessMode.READ_WRITE_ONCE];
    if (this.accessModes.length === 0) {
      fail('accessModes', [], 'is empty', 'give at least one (AccessMode.READ_WRITE_ONCE for one node)');
    }
    if (new Set(this.accessModes).size !== this.accessModes.length) {
      fail('accessModes', this.accessModes, 'lists a mode twice', 'list each access mode once');
    }
    if (this.accessModes.includes(AccessMode.READ_WRITE_ONCE_POD) && this.accessModes.length > 1) {
      fail('accessModes', this.accessModes, 'combines ReadWriteOncePod with another mode, which Kubernetes refuses', 'give ReadWriteOncePod alone');
    }
    if (props.storageClassName) {
      const error = dns1123SubdomainError(props.storageClassName);
      if (error) {
        fail('storageClassName', props.storageClassName, error, 'use the name of a StorageClass of the cluster, such as "fast-ssd"');
      }
    }
    this.storage = props.storage;
    this.volumeMode = props.volumeMode ?? VolumeMode.FILESYSTEM;
    const metadata = { name: this.name, labels: props.labels };
    this.resource = specObject(this, 'Resource', k8s.KubePersistentVolumeClaim.GVK, metadata, k8s.toJson_PersistentVolumeClaimSpec, {
      accessModes: [...this.accessModes],
      storageClassName: props.storageClassName,
      volumeMode: props.volumeMode,
      resources: { requests: { storage: k8s.Quantity.fromString(quantity) } },
    });
  }
}
