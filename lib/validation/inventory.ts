import { KubeObject, ManifestRecord, podSpecsOf, selects } from './manifest';
import { PodPorts, PodPortIndex } from './pod-ports';
import { pullSecretServers } from './registry-servers';

/** Keys of a Secret or ConfigMap, or `undefined` when they cannot be known (made in the cluster). */
type Keys = ReadonlySet<string> | undefined;

/** A Service of the chart, as far as backends and selectors care. */
export interface ServiceEntry {
  readonly ports: ReadonlyArray<{ port?: number; name?: string }>;
}

/** Something the chart declares to exist in the cluster without writing it. */
export interface ExternalDeclaration {
  readonly kind: 'Secret' | 'ConfigMap';
  readonly namespace: string;
  readonly name: string;
  /** For a pull secret: the registry server its credentials are for. */
  readonly registryServer?: string;
}

/**
 * What a chart defines, indexed once so that rules that look across objects
 * (Service selectors, Ingress backends, Secret references) stay linear in the
 * number of objects.
 */
export class Inventory {
  private readonly services = new Map<string, ServiceEntry>();
  private readonly secrets = new Map<string, Keys>();
  private readonly configMaps = new Map<string, Keys>();
  private readonly external = new Set<string>();
  private readonly pullSecretServers = new Map<string, string[]>();
  private readonly firstPathOf = new Map<string, string>();
  // The path of the first writer of each record that writes an object another record wrote first:
  // found once here, looked up by identity per record (no key to build and hash again).
  private readonly earlierWriterOf = new Map<KubeObject, string>();
  // Pod label sets indexed by "key=value", for selector lookups.
  private readonly podsByLabel = new Map<string, Array<Record<string, string>>>();
  private readonly podPorts = new PodPortIndex();
  private readonly namespaceLabelsOf = new Map<string, Readonly<Record<string, string>>>();

  /**
   * @param namespaces labels of Namespaces that other outputs write (a Project's earlier apps of the
   *   same environment); a Namespace among `records` takes precedence
   */
  constructor(
    records: ReadonlyArray<ManifestRecord>,
    externals: ReadonlyArray<ExternalDeclaration>,
    hidden: ReadonlyArray<KubeObject> = [],
    namespaces: ReadonlyMap<string, Readonly<Record<string, string>>> = new Map(),
  ) {
    for (const [name, labels] of namespaces) {
      this.namespaceLabelsOf.set(name, labels);
    }
    for (const record of records) {
      this.add(record.object);
      const key = objectKey(record.object);
      const first = this.firstPathOf.get(key);
      if (first === undefined) {
        this.firstPathOf.set(key, record.path);
      } else if (first !== record.path) {
        this.earlierWriterOf.set(record.object, first);
      }
    }
    // Objects the run does not write (credentials not asked for) still exist.
    for (const object of hidden) {
      this.add(object);
    }
    for (const e of externals) {
      this.external.add(`${e.kind}/${e.namespace}/${e.name}`);
      if (e.registryServer !== undefined) {
        this.pullSecretServers.set(`${e.namespace}/${e.name}`, [e.registryServer]);
      }
    }
  }

  /** The labels of the Namespace `name`, if the chart (or app) writes it. */
  public namespaceLabels(name: string): Readonly<Record<string, string>> | undefined {
    return this.namespaceLabelsOf.get(name);
  }

  /** The Service `name` in `namespace`, if the chart defines it. */
  public service(namespace: string, name: string): ServiceEntry | undefined {
    return this.services.get(`${namespace}/${name}`);
  }

  /**
   * Whether a Secret or ConfigMap exists: `'defined'` by the chart,
   * `'external'` (declared to exist), or `'missing'`.
   */
  public lookup(kind: 'Secret' | 'ConfigMap', namespace: string, name: string): 'defined' | 'external' | 'missing' {
    const map = kind === 'Secret' ? this.secrets : this.configMaps;
    if (map.has(`${namespace}/${name}`)) {
      return 'defined';
    }
    return this.external.has(`${kind}/${namespace}/${name}`) ? 'external' : 'missing';
  }

  /** The keys of a defined Secret or ConfigMap, `undefined` when unknown. */
  public keys(kind: 'Secret' | 'ConfigMap', namespace: string, name: string): Keys {
    return (kind === 'Secret' ? this.secrets : this.configMaps).get(`${namespace}/${name}`);
  }

  /** The registry servers a pull secret's credentials are for, `undefined` when unknown (made in the cluster, sealed). */
  public registryServers(namespace: string, name: string): ReadonlyArray<string> | undefined {
    return this.pullSecretServers.get(`${namespace}/${name}`);
  }

  /** Whether some pod of the chart, in `namespace`, carries every label of `selector`. */
  public hasPodsMatching(namespace: string, selector: Record<string, string>): boolean {
    const entries = Object.entries(selector);
    if (entries.length === 0) {
      return false;
    }
    // Look only at pods that have the rarest label of the selector.
    let candidates: Array<Record<string, string>> | undefined;
    for (const [key, value] of entries) {
      const pods = this.podsByLabel.get(`${namespace}\u0000${key}=${value}`);
      if (!pods) {
        return false;
      }
      if (!candidates || pods.length < candidates.length) {
        candidates = pods;
      }
    }
    return candidates!.some((labels) => selects(selector, labels));
  }

  /** The container ports of the pods of the chart in `namespace` that `selector` selects. */
  public podPortsMatching(namespace: string, selector: Record<string, string>): PodPorts[] {
    return this.podPorts.matching(namespace, selector);
  }

  /** Construct path of the first object with the same kind, namespace and name as `object`. */
  public firstPath(object: KubeObject): string | undefined {
    return this.firstPathOf.get(objectKey(object));
  }

  /**
   * For a record of this inventory, the path of the record that wrote the
   * same object (kind, namespace, name) before it, if another one did.
   */
  public earlierWriter(object: KubeObject): string | undefined {
    return this.earlierWriterOf.size ? this.earlierWriterOf.get(object) : undefined;
  }

  private add(object: KubeObject): void {
    const namespace = object.metadata?.namespace ?? '';
    const name = object.metadata?.name ?? '';
    const spec = object.spec as any;
    switch (object.kind) {
      case 'Namespace':
        this.namespaceLabelsOf.set(name, object.metadata?.labels ?? {});
        break;
      case 'Service':
        this.services.set(`${namespace}/${name}`, { ports: Array.isArray(spec?.ports) ? spec.ports : [] });
        break;
      case 'Secret':
        this.secrets.set(`${namespace}/${name}`, keysOf(object.data, object.stringData));
        break;
      case 'ConfigMap':
        this.configMaps.set(`${namespace}/${name}`, keysOf(object.data, object.binaryData));
        break;
      case 'ExternalSecret': {
        // The operator makes the Secret: its keys are the template's, or the data's.
        const target = spec?.target?.name ?? name;
        const templateKeys = spec?.target?.template?.data;
        this.secrets.set(`${namespace}/${target}`, templateKeys
          ? keysOf(templateKeys)
          : spec?.dataFrom ? undefined : new Set((spec?.data ?? []).map((d: any) => d?.secretKey)));
        break;
      }
      case 'SealedSecret':
        this.secrets.set(`${namespace}/${spec?.template?.metadata?.name ?? name}`, keysOf(spec?.encryptedData));
        break;
    }
    this.podPorts.add(object);
    const pullSecret = pullSecretServers(object);
    if (pullSecret) {
      this.pullSecretServers.set(`${namespace}/${pullSecret.name}`, pullSecret.servers);
    }
    for (const pod of podSpecsOf(object)) {
      for (const [key, value] of Object.entries(pod.labels)) {
        const index = `${namespace}\u0000${key}=${value}`;
        let list = this.podsByLabel.get(index);
        if (!list) {
          list = [];
          this.podsByLabel.set(index, list);
        }
        list.push(pod.labels);
      }
    }
  }
}

/** `Kind/namespace/name`: what makes two objects the same object to the API server. */
export function objectKey(object: KubeObject): string {
  return `${object.apiVersion?.split('/')[0]}/${object.kind}/${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

function keysOf(...maps: unknown[]): Set<string> {
  const keys = new Set<string>();
  for (const map of maps) {
    if (map && typeof map === 'object') {
      for (const key of Object.keys(map)) {
        keys.add(key);
      }
    }
  }
  return keys;
}
