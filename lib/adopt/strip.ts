import { deepEqual, isPlainObject, PathStep } from '../synth/object-diff';

/**
 * What the API server writes into an object that nobody asked for: fields it
 * sets (identity, bookkeeping, assigned addresses) and defaults it fills in.
 * Shared by `import` (which leaves them out of the generated code) and
 * `--drift` (which does not report them).
 */

/** A field pattern: field names, `*` for any list item or any map key. */
type Pattern = ReadonlyArray<string>;

/** A default: the value the API server fills in, or a test for values that depend on the object. */
interface ApiDefault {
  readonly at: Pattern;
  readonly value?: unknown;
  readonly test?: (value: unknown, parent: any) => boolean;
  /** Anything at or below `at` is filled in by the server (a whole defaulted structure, an assigned address). */
  readonly anyBelow?: boolean;
}

/** Fields the server sets on every object it stores, whatever the kind. */
const SERVER_SET: ReadonlyArray<Pattern> = [
  ['status'],
  ['metadata', 'uid'],
  ['metadata', 'resourceVersion'],
  ['metadata', 'generation'],
  ['metadata', 'creationTimestamp'],
  ['metadata', 'deletionTimestamp'],
  ['metadata', 'deletionGracePeriodSeconds'],
  ['metadata', 'managedFields'],
  ['metadata', 'selfLink'],
  ['metadata', 'ownerReferences'],
  ['metadata', 'annotations', 'kubectl.kubernetes.io/last-applied-configuration'],
  ['metadata', 'annotations', 'deployment.kubernetes.io/revision'],
  // Argo CD's own bookkeeping on what it applies.
  ['metadata', 'annotations', 'argocd.argoproj.io/tracking-id'],
];

/** Server-set fields of one kind (paths from the object's root). */
const SERVER_SET_BY_KIND: Readonly<Record<string, ReadonlyArray<Pattern>>> = {
  Namespace: [['metadata', 'labels', 'kubernetes.io/metadata.name'], ['spec', 'finalizers']],
  ServiceAccount: [['secrets']],
  Job: [
    ['spec', 'selector'],
    ['spec', 'template', 'metadata', 'labels', 'controller-uid'],
    ['spec', 'template', 'metadata', 'labels', 'batch.kubernetes.io/controller-uid'],
    ['spec', 'template', 'metadata', 'labels', 'job-name'],
    ['spec', 'template', 'metadata', 'labels', 'batch.kubernetes.io/job-name'],
  ],
};

/** Where each kind keeps its pod template's metadata and spec. */
const POD_TEMPLATE: Readonly<Record<string, Pattern>> = {
  Deployment: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  ReplicationController: ['spec', 'template'],
};

const latestOrUntagged = (image: unknown) => typeof image === 'string' && (!/:[\w][\w.-]*$/.test(image.replace(/@.*$/, '').replace(/^[^/]*\//, '')) || /:latest$/.test(image.replace(/@.*$/, '')));

/** Defaults of a pod spec (relative to it), from pkg/apis/core/v1/defaults.go. */
const POD_SPEC_DEFAULTS: ReadonlyArray<ApiDefault> = [
  { at: ['restartPolicy'], value: 'Always' },
  { at: ['dnsPolicy'], value: 'ClusterFirst' },
  { at: ['schedulerName'], value: 'default-scheduler' },
  { at: ['terminationGracePeriodSeconds'], value: 30 },
  { at: ['securityContext'], value: {} },
  { at: ['enableServiceLinks'], value: true },
  { at: ['serviceAccount'], test: (v, pod) => v === (pod.serviceAccountName ?? 'default') },
  { at: ['serviceAccountName'], value: 'default' },
  ...['containers', 'initContainers'].flatMap((list): ApiDefault[] => [
    { at: [list, '*', 'terminationMessagePath'], value: '/dev/termination-log' },
    { at: [list, '*', 'terminationMessagePolicy'], value: 'File' },
    { at: [list, '*', 'imagePullPolicy'], test: (v, c) => v === (latestOrUntagged(c.image) ? 'Always' : 'IfNotPresent') },
    { at: [list, '*', 'resources'], value: {} },
    { at: [list, '*', 'ports', '*', 'protocol'], value: 'TCP' },
    { at: [list, '*', 'env', '*', 'valueFrom', 'fieldRef', 'apiVersion'], value: 'v1' },
    ...['livenessProbe', 'readinessProbe', 'startupProbe'].flatMap((probe): ApiDefault[] => [
      { at: [list, '*', probe, 'timeoutSeconds'], value: 1 },
      { at: [list, '*', probe, 'periodSeconds'], value: 10 },
      { at: [list, '*', probe, 'successThreshold'], value: 1 },
      { at: [list, '*', probe, 'failureThreshold'], value: 3 },
      { at: [list, '*', probe, 'httpGet', 'scheme'], value: 'HTTP' },
    ]),
  ]),
  ...['secret', 'configMap', 'projected', 'downwardAPI'].map((source): ApiDefault => ({ at: ['volumes', '*', source, 'defaultMode'], value: 420 })),
];

/** Defaults of other fields, by kind (from the object's root). */
const DEFAULTS_BY_KIND: Readonly<Record<string, ReadonlyArray<ApiDefault>>> = {
  Deployment: [
    { at: ['spec', 'replicas'], value: 1 },
    { at: ['spec', 'revisionHistoryLimit'], value: 10 },
    { at: ['spec', 'progressDeadlineSeconds'], value: 600 },
    { at: ['spec', 'strategy', 'type'], value: 'RollingUpdate' },
    { at: ['spec', 'strategy', 'rollingUpdate', 'maxSurge'], value: '25%' },
    { at: ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'], value: '25%' },
  ],
  ReplicaSet: [{ at: ['spec', 'replicas'], value: 1 }],
  StatefulSet: [
    { at: ['spec', 'replicas'], value: 1 },
    { at: ['spec', 'revisionHistoryLimit'], value: 10 },
    { at: ['spec', 'podManagementPolicy'], value: 'OrderedReady' },
    { at: ['spec', 'updateStrategy', 'type'], value: 'RollingUpdate' },
    { at: ['spec', 'updateStrategy', 'rollingUpdate', 'partition'], value: 0 },
    { at: ['spec', 'persistentVolumeClaimRetentionPolicy', 'whenDeleted'], value: 'Retain' },
    { at: ['spec', 'persistentVolumeClaimRetentionPolicy', 'whenScaled'], value: 'Retain' },
  ],
  DaemonSet: [
    { at: ['spec', 'revisionHistoryLimit'], value: 10 },
    { at: ['spec', 'updateStrategy', 'type'], value: 'RollingUpdate' },
    { at: ['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'], value: 1 },
    { at: ['spec', 'updateStrategy', 'rollingUpdate', 'maxSurge'], value: 0 },
  ],
  Job: [
    { at: ['spec', 'backoffLimit'], value: 6 },
    { at: ['spec', 'completions'], value: 1 },
    { at: ['spec', 'parallelism'], value: 1 },
    { at: ['spec', 'completionMode'], value: 'NonIndexed' },
    { at: ['spec', 'suspend'], value: false },
  ],
  CronJob: [
    { at: ['spec', 'concurrencyPolicy'], value: 'Allow' },
    { at: ['spec', 'suspend'], value: false },
    { at: ['spec', 'successfulJobsHistoryLimit'], value: 3 },
    { at: ['spec', 'failedJobsHistoryLimit'], value: 1 },
  ],
  Service: [
    { at: ['spec', 'type'], value: 'ClusterIP' },
    { at: ['spec', 'sessionAffinity'], value: 'None' },
    { at: ['spec', 'internalTrafficPolicy'], value: 'Cluster' },
    { at: ['spec', 'externalTrafficPolicy'], value: 'Cluster' },
    { at: ['spec', 'allocateLoadBalancerNodePorts'], value: true },
    { at: ['spec', 'ipFamilyPolicy'], value: 'SingleStack' },
    // Assigned by the server from the cluster's ranges, unless headless.
    { at: ['spec', 'ipFamilies'], anyBelow: true },
    { at: ['spec', 'clusterIP'], test: (v) => v !== 'None' },
    // The server copies spec.clusterIP into an unset spec.clusterIPs, so a
    // headless Service comes back with clusterIPs: ["None"].
    { at: ['spec', 'clusterIPs'], test: (v, spec) => Array.isArray(v) && (!v.includes('None') || (v.length === 1 && v[0] === spec.clusterIP)) },
    { at: ['spec', 'ports', '*', 'protocol'], value: 'TCP' },
    { at: ['spec', 'ports', '*', 'targetPort'], test: (v, port) => v === port.port },
    { at: ['spec', 'ports', '*', 'nodePort'], anyBelow: true },
  ],
  NetworkPolicy: [
    { at: ['spec', 'policyTypes'], value: ['Ingress'] },
    { at: ['spec', 'ingress', '*', 'ports', '*', 'protocol'], value: 'TCP' },
    { at: ['spec', 'egress', '*', 'ports', '*', 'protocol'], value: 'TCP' },
  ],
  HorizontalPodAutoscaler: [{ at: ['spec', 'behavior'], anyBelow: true }],
  Secret: [{ at: ['type'], value: 'Opaque' }],
  PodDisruptionBudget: [{ at: ['spec', 'unhealthyPodEvictionPolicy'], value: 'IfHealthyBudget' }],
};

function matches(pattern: Pattern, path: ReadonlyArray<PathStep>, prefixOnly = false): boolean {
  if (prefixOnly ? path.length < pattern.length : path.length !== pattern.length) {
    return false;
  }
  return pattern.every((segment, i) => {
    const step = path[i];
    return segment === '*' || ('field' in step && step.field === segment);
  });
}

function defaultsOf(kind: string): ApiDefault[] {
  const template = POD_TEMPLATE[kind] ?? (kind === 'Pod' ? [] : undefined);
  const pod: ApiDefault[] = [];
  if (template) {
    const spec = kind === 'Pod' ? ['spec'] : [...template, 'spec'];
    pod.push(...POD_SPEC_DEFAULTS.map((d) => ({ ...d, at: [...spec, ...d.at] })));
    // `kubectl get` shows the template's unset creation time as null.
    pod.push({ at: [...(kind === 'Pod' ? [] : template), 'metadata', 'creationTimestamp'], value: null });
  }
  return [...pod, ...(DEFAULTS_BY_KIND[kind] ?? [])];
}

/** Whether the field at `path` of `object` is set by the server (identity, bookkeeping, owner links). */
export function isServerSet(object: any, path: ReadonlyArray<PathStep>): boolean {
  const patterns = [...SERVER_SET, ...(SERVER_SET_BY_KIND[object?.kind] ?? [])];
  return patterns.some((p) => matches(p, path, true));
}

/** Whether `value` at `path` of `object` is what the API server fills in when the field is not set. */
export function isApiDefault(object: any, path: ReadonlyArray<PathStep>, value: unknown): boolean {
  return defaultsOf(object?.kind).some((d) => {
    if (d.anyBelow) {
      return matches(d.at, path, true);
    }
    if (!matches(d.at, path)) {
      return false;
    }
    return d.test ? d.test(value, valueAt(object, path.slice(0, -1)) ?? {}) : deepEqual(d.value, value);
  });
}

/** The value at `path` of `object`, list items by their right-hand index. */
export function valueAt(object: unknown, path: ReadonlyArray<PathStep>): any {
  let value: any = object;
  for (const step of path) {
    if (value === undefined || value === null) {
      return undefined;
    }
    value = 'field' in step ? value[step.field] : value[step.right ?? step.left ?? -1];
  }
  return value;
}

/** Every leaf of `value` (scalars, lists of scalars, empty maps and lists), with its path. */
export function leaves(value: unknown, path: PathStep[] = []): Array<{ path: PathStep[]; value: unknown }> {
  if (isPlainObject(value) && Object.keys(value).length) {
    return Object.keys(value).flatMap((key) => leaves(value[key], [...path, { field: key }]));
  }
  if (Array.isArray(value) && value.length && value.every(isPlainObject)) {
    return value.flatMap((item, i) => leaves(item, [...path, { right: i }]));
  }
  return [{ path, value }];
}

/** What `stripServerFields` took out. */
export interface Stripped {
  readonly object: any;
  /** Server-set fields taken out, as paths. */
  readonly serverSet: string[];
  /** Fields taken out because they held the API default. */
  readonly defaults: string[];
}

/**
 * A copy of `object` without what the server set and, when `defaults`,
 * without fields that hold the API default. Maps emptied by this are left
 * out too.
 */
export function stripServerFields(object: any, options: { defaults: boolean }, format: (path: PathStep[]) => string): Stripped {
  const copy = structuredClone(object);
  const serverSet: string[] = [];
  const defaults: string[] = [];
  const removals: PathStep[][] = [];
  for (const leaf of leaves(object)) {
    if (isServerSet(object, leaf.path)) {
      removals.push(leaf.path);
      serverSet.push(format(leaf.path));
    } else if (options.defaults && isApiDefault(object, leaf.path, leaf.value)) {
      removals.push(leaf.path);
      defaults.push(format(leaf.path));
    }
  }
  // Last first, so that list positions stay valid.
  for (const path of removals.reverse()) {
    remove(copy, path);
  }
  return { object: copy, serverSet: [...new Set(collapse(serverSet))], defaults };
}

// `metadata.managedFields[0].manager`, ... as `metadata.managedFields`.
function collapse(paths: string[]): string[] {
  return paths.map((p) => p.replace(/^(status|metadata\.managedFields|metadata\.ownerReferences)\b.*$/, '$1'));
}

function remove(object: any, path: PathStep[]): void {
  const parents: any[] = [object];
  for (const step of path.slice(0, -1)) {
    const parent = parents[parents.length - 1];
    parents.push('field' in step ? parent?.[step.field] : parent?.[step.right!]);
  }
  const last = path[path.length - 1];
  const holder = parents[parents.length - 1];
  if (!holder || !('field' in last)) {
    return;
  }
  delete holder[last.field];
  // Drop maps this emptied, up to the first one that keeps a field.
  for (let i = path.length - 2; i >= 0; i--) {
    const step = path[i];
    const node = parents[i + 1];
    if ('field' in step && isPlainObject(node) && Object.keys(node).length === 0) {
      delete parents[i][step.field];
    } else {
      break;
    }
  }
}
