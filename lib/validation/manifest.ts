/** A Kubernetes object as written to YAML. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  readonly [field: string]: unknown;
}

/** One object of a chart, with what the synth engine knows about where it came from. */
export interface ManifestRecord {
  /** The object. */
  readonly object: KubeObject;
  /** Construct path of the ApiObject that wrote it. */
  readonly path: string;
  /** Rules allowed for it, with the reason, by its construct or any scope above. */
  readonly allowances: ReadonlyMap<string, string>;
  /** Whether it holds credentials (written only to the secrets output; values never printed). */
  readonly sensitive: boolean;
}

/** `Kind namespace/name`, the way people say which object they mean. */
export function describeObject(object: KubeObject): string {
  const ns = object.metadata?.namespace;
  const name = object.metadata?.name ?? '(unnamed)';
  return `${object.kind ?? '(no kind)'} ${ns ? `${ns}/` : ''}${name}`;
}

/** A pod spec inside an object, with its path and the labels its pods get. */
export interface PodSpecAt {
  readonly path: string;
  readonly spec: any;
  readonly labels: Record<string, string>;
}

// Most rules read an object's pod specs and containers, one object after
// the other: keep the last object's (rendered objects are not changed while
// they are validated). One entry, not a WeakMap: the garbage collector pays
// for every WeakMap entry.
const POD_SPECS = lastObjectCache<ReadonlyArray<PodSpecAt>>();
const CONTAINERS = lastObjectCache<ReadonlyArray<ContainerAt>>();

/** A cache of `find(object)` for the last object it was asked about. */
export function lastObjectCache<T>(): (object: KubeObject, find: (object: KubeObject) => T) => T {
  let last: KubeObject | undefined;
  let value: T;
  return (object, find) => {
    if (object !== last) {
      value = find(object);
      last = object;
    }
    return value;
  };
}

/** Every pod spec an object defines: a Pod's own, a controller's template, a CronJob's job template. */
export function podSpecsOf(object: KubeObject): ReadonlyArray<PodSpecAt> {
  return POD_SPECS(object, (o) => Object.freeze(findPodSpecs(o)));
}

function findPodSpecs(object: KubeObject): PodSpecAt[] {
  const spec = object.spec as any;
  if (!spec) {
    return [];
  }
  switch (object.kind) {
    case 'Pod':
      return [{ path: 'spec', spec, labels: object.metadata?.labels ?? {} }];
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
    case 'ReplicationController':
      return spec.template?.spec
        ? [{ path: 'spec.template.spec', spec: spec.template.spec, labels: spec.template.metadata?.labels ?? {} }]
        : [];
    case 'CronJob': {
      const template = spec.jobTemplate?.spec?.template;
      return template?.spec
        ? [{ path: 'spec.jobTemplate.spec.template.spec', spec: template.spec, labels: template.metadata?.labels ?? {} }]
        : [];
    }
    default:
      return [];
  }
}

/** A container inside a pod spec, with its path. */
export interface ContainerAt {
  readonly path: string;
  readonly container: any;
  readonly pod: PodSpecAt;
}

/** Every container and init container of an object. */
export function containersOf(object: KubeObject): ReadonlyArray<ContainerAt> {
  return CONTAINERS(object, (o) => Object.freeze(findContainers(o)));
}

function findContainers(object: KubeObject): ContainerAt[] {
  const result: ContainerAt[] = [];
  for (const pod of podSpecsOf(object)) {
    for (const list of ['initContainers', 'containers'] as const) {
      const containers = pod.spec[list];
      if (Array.isArray(containers)) {
        containers.forEach((container, i) => result.push({ path: `${pod.path}.${list}[${i}]`, container, pod }));
      }
    }
  }
  return result;
}

/** Whether every label of `selector` is in `labels`. */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  for (const key in selector) {
    if (labels[key] !== selector[key]) {
      return false;
    }
  }
  return true;
}
