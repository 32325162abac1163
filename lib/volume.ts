import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { IPersistentVolumeClaim, VolumeMode } from './persistent-volume-claim';
import { sizeToQuantity } from './private/quantity';
import { PropError } from './validation/prop-error';

/** Options shared by Secret and ConfigMap volumes. */
export interface KeyedVolumeOptions {
  /**
   * Volume name inside the pod.
   *
   * @default - `secret-<name>` or `config-<name>`
   */
  readonly name?: string;

  /**
   * Project only these keys, each to the relative file path given.
   *
   * @default - every key, as a file of the same name
   */
  readonly items?: Record<string, string>;

  /**
   * File mode of the projected files, as an octal number (`0o440`).
   *
   * @default - 0o644 (Kubernetes default; not written)
   */
  readonly defaultMode?: number;

  /**
   * Start the pod even when the source does not exist.
   *
   * @default false (not written)
   */
  readonly optional?: boolean;
}

/** Options of a scratch volume. */
export interface EmptyDirOptions {
  /**
   * Largest size the volume may grow to before the pod is evicted.
   *
   * @default - no limit
   */
  readonly sizeLimit?: Size;

  /**
   * Back the volume by memory (tmpfs) instead of the node's disk.
   *
   * @default false
   */
  readonly inMemory?: boolean;
}

/** Options of a PersistentVolumeClaim volume. */
export interface ClaimVolumeOptions {
  /**
   * Volume name inside the pod.
   *
   * @default - `pvc-<claim name>`
   */
  readonly name?: string;

  /**
   * Mount the volume read-only everywhere.
   *
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * A volume a container can mount. Secrets and ConfigMaps are always mounted
 * read-only; an `emptyDir` is the writable scratch space that a container
 * with a read-only root filesystem needs for `/tmp`.
 *
 * @see https://kubernetes.io/docs/concepts/storage/volumes/
 */
export class Volume {
  /** The keys of `secret` as files. */
  public static fromSecret(secret: kplus.ISecret, options: KeyedVolumeOptions = {}): Volume {
    return new Volume(options.name ?? volumeName('secret', secret.name), true, {
      secret: {
        secretName: secret.name,
        items: keyItems(options.items),
        defaultMode: options.defaultMode,
        optional: options.optional,
      },
    });
  }

  /** The keys of `configMap` as files. */
  public static fromConfigMap(configMap: kplus.IConfigMap, options: KeyedVolumeOptions = {}): Volume {
    return new Volume(options.name ?? volumeName('config', configMap.name), true, {
      configMap: {
        name: configMap.name,
        items: keyItems(options.items),
        defaultMode: options.defaultMode,
        optional: options.optional,
      },
    });
  }

  /** Writable scratch space that lives as long as the pod. */
  public static emptyDir(name: string, options: EmptyDirOptions = {}): Volume {
    return new Volume(name, false, {
      emptyDir: {
        medium: options.inMemory ? 'Memory' : undefined,
        sizeLimit: options.sizeLimit ? k8s.Quantity.fromString(sizeToQuantity(options.sizeLimit)) : undefined,
      },
    });
  }

  /**
   * The storage of a PersistentVolumeClaim, writable unless `readOnly`. A
   * claim in `VolumeMode.BLOCK` is a device, not something to mount: it is refused.
   */
  public static fromPersistentVolumeClaim(claim: IPersistentVolumeClaim, options: ClaimVolumeOptions = {}): Volume {
    if (claim.volumeMode === VolumeMode.BLOCK) {
      const message = `is Block: PersistentVolumeClaim ${claim.name} is a raw block device, which cannot be mounted at a path`;
      const fix = 'mount a claim in VolumeMode.FILESYSTEM';
      throw Construct.isConstruct(claim) ? new PropError(claim, { field: 'volumeMode', value: claim.volumeMode, message, fix }) : new Error(`volumeMode ${message}; ${fix}`);
    }
    const readOnly = options.readOnly ?? false;
    return new Volume(options.name ?? volumeName('pvc', claim.name), readOnly, {
      persistentVolumeClaim: { claimName: claim.name, readOnly: readOnly || undefined },
    });
  }

  private constructor(
    /** The volume's name inside the pod. */
    public readonly name: string,
    /** Whether every mount of this volume is read-only. */
    public readonly readOnly: boolean,
    private readonly source: Omit<k8s.Volume, 'name'>,
  ) {}

  /** @internal */
  public _render(): k8s.Volume {
    return { name: this.name, ...this.source };
  }
}

/** A volume mounted into a container. */
export interface Mount {
  /** Absolute path inside the container. */
  readonly path: string;

  /** The volume to mount. */
  readonly volume: Volume;

  /**
   * Mount only this file or folder of the volume.
   *
   * @default - the whole volume
   */
  readonly subPath?: string;
}

function keyItems(items: Record<string, string> | undefined): k8s.KeyToPath[] | undefined {
  return items ? Object.entries(items).map(([key, path]) => ({ key, path })) : undefined;
}

// Volume names are DNS labels (63 characters at most, no dots, unlike Secret
// and ConfigMap names such as `kube-root-ca.crt`): dots become `-`, and long
// object names are cut and keep a short hash, so that two long names never collide.
function volumeName(prefix: string, objectName: string): string {
  const name = `${prefix}-${objectName.replace(/\./g, '-')}`;
  if (name.length <= 63) {
    return name;
  }
  let hash = 0;
  for (const ch of `${prefix}-${objectName}`) {
    hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  }
  const suffix = hash.toString(16).padStart(8, '0');
  return `${name.slice(0, 54).replace(/[-.]+$/, '')}-${suffix}`;
}
