import {
  dns1035LabelError, dns1123LabelError, dns1123SubdomainError, labelKeyError, labelValueError, portNameError,
} from '../formats';
import { containersOf, KubeObject, podSpecsOf } from '../manifest';
import { Problem, Rule } from '../rule';

// Kinds without a namespace; a namespace on them is refused by kubectl apply.
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'StorageClass', 'PriorityClass', 'IngressClass', 'RuntimeClass', 'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration', 'APIService', 'ClusterSecretStore', 'CSIDriver', 'VolumeAttachment',
]);

/** Name format and length by kind, as the API server validates them. */
function nameRule(kind: string): { check: (name: string) => string | undefined; what: string } {
  switch (kind) {
    case 'Service':
      return { check: dns1035LabelError, what: 'a DNS-1035 label (Service names become DNS names)' };
    case 'Namespace':
      return { check: dns1123LabelError, what: 'a DNS-1123 label' };
    case 'Job':
      return {
        check: (name) => (name.length > 63 ? `is ${name.length} characters long; at most 63 fit the job-name label` : dns1123SubdomainError(name)),
        what: 'a DNS-1123 subdomain of at most 63 characters (it becomes the job-name label)',
      };
    case 'CronJob':
      return {
        check: (name) => (name.length > 52 ? `is ${name.length} characters long; at most 52 are allowed (the controller appends 11 to name each Job)` : dns1123SubdomainError(name)),
        what: 'a DNS-1123 subdomain of at most 52 characters',
      };
    default:
      return { check: dns1123SubdomainError, what: 'a DNS-1123 subdomain' };
  }
}

/** Every label map of an object that the API server validates: metadata, pod templates, selectors. */
function labelMaps(object: KubeObject): Array<{ field: string; labels: Record<string, unknown> }> {
  const maps: Array<{ field: string; labels: Record<string, unknown> }> = [];
  const add = (field: string, labels: unknown) => {
    if (labels && typeof labels === 'object') {
      maps.push({ field, labels: labels as Record<string, unknown> });
    }
  };
  const spec = object.spec as any;
  add('metadata.labels', object.metadata?.labels);
  add('spec.selector.matchLabels', spec?.selector?.matchLabels);
  if (object.kind === 'Service') {
    add('spec.selector', spec?.selector);
  }
  add('spec.podSelector.matchLabels', spec?.podSelector?.matchLabels);
  add('spec.template.metadata.labels', spec?.template?.metadata?.labels);
  add('spec.jobTemplate.metadata.labels', spec?.jobTemplate?.metadata?.labels);
  add('spec.jobTemplate.spec.template.metadata.labels', spec?.jobTemplate?.spec?.template?.metadata?.labels);
  for (const pod of podSpecsOf(object)) {
    add(`${pod.path}.nodeSelector`, pod.spec.nodeSelector);
  }
  return maps;
}

/** Rules on names and labels. */
export const NAME_RULES: Rule[] = [
  {
    id: 'object-name',
    severity: 'error',
    summary: 'object names follow the format and length the API server requires for their kind',
    check: ({ object }) => {
      const name = object.metadata?.name;
      if (typeof name !== 'string' || name === '') {
        return [{ field: 'metadata.name', value: name, message: 'the object has no name', fix: 'give the construct a name (the `name` prop or its id)' }];
      }
      const rule = nameRule(object.kind);
      const error = rule.check(name);
      return error
        ? [{ field: 'metadata.name', value: name, message: `name "${name}" ${error}; a ${object.kind} name must be ${rule.what}`, fix: 'choose a shorter, lower-case name with only letters, digits and "-"' }]
        : [];
    },
  },
  {
    id: 'container-name',
    severity: 'error',
    summary: 'container and volume names are unique DNS-1123 labels',
    check: ({ object }) => {
      const problems: Problem[] = [];
      const seen = new Map<string, Set<string>>();
      for (const { path, container, pod } of containersOf(object)) {
        const name = container?.name;
        const names = seen.get(pod.path) ?? new Set<string>();
        seen.set(pod.path, names);
        if (typeof name !== 'string' || name === '') {
          problems.push({ field: `${path}.name`, value: name, message: 'the container has no name', fix: 'give every sidecar a `name`' });
          continue;
        }
        const error = dns1123LabelError(name);
        if (error) {
          problems.push({ field: `${path}.name`, value: name, message: `container name "${name}" ${error}`, fix: 'use a lower-case name of at most 63 letters, digits and "-"' });
        }
        if (names.has(name)) {
          problems.push({ field: `${path}.name`, value: name, message: `container name "${name}" is used twice in the pod`, fix: 'give each container its own name' });
        }
        names.add(name);
      }
      for (const pod of podSpecsOf(object)) {
        (pod.spec.volumes ?? []).forEach((volume: any, i: number) => {
          const error = typeof volume?.name === 'string' ? dns1123LabelError(volume.name) : 'is missing';
          if (error) {
            problems.push({ field: `${pod.path}.volumes[${i}].name`, value: volume?.name, message: `volume name ${JSON.stringify(volume?.name)} ${error}`, fix: 'give the volume a short lower-case name' });
          }
        });
      }
      return problems;
    },
  },
  {
    id: 'port-name',
    severity: 'error',
    summary: 'port names are at most 15 lower-case letters, digits and "-", with at least one letter',
    check: ({ object }) => {
      const problems: Problem[] = [];
      const checkName = (field: string, name: unknown) => {
        if (typeof name === 'string') {
          const error = portNameError(name);
          if (error) {
            problems.push({ field, value: name, message: `port name "${name}" ${error}`, fix: 'use a name such as "http", "grpc" or "metrics"' });
          }
        }
      };
      for (const { path, container } of containersOf(object)) {
        (container?.ports ?? []).forEach((p: any, i: number) => checkName(`${path}.ports[${i}].name`, p?.name));
      }
      if (object.kind === 'Service') {
        ((object.spec as any)?.ports ?? []).forEach((p: any, i: number) => {
          checkName(`spec.ports[${i}].name`, p?.name);
          checkName(`spec.ports[${i}].targetPort`, p?.targetPort);
        });
      }
      return problems;
    },
  },
  {
    id: 'label-key',
    severity: 'error',
    summary: 'label keys are an optional DNS-subdomain prefix and a name of at most 63 characters',
    check: ({ object }) => labelMaps(object).flatMap(({ field, labels }) => Object.keys(labels).flatMap((key) => {
      const error = labelKeyError(key);
      return error
        ? [{ field: `${field}[${key}]`, value: key, message: `label key "${key}": ${error}`, fix: 'use a key such as "app.kubernetes.io/name" or "tier"' }]
        : [];
    })),
  },
  {
    id: 'label-value',
    severity: 'error',
    summary: 'label values are at most 63 letters, digits, "-", "_" and ".", alphanumeric at both ends',
    check: ({ object }) => labelMaps(object).flatMap(({ field, labels }) => Object.entries(labels).flatMap(([key, value]) => {
      const error = labelValueError(value);
      return error
        ? [{ field: `${field}[${key}]`, value, message: `label value ${JSON.stringify(value)} ${error}`, fix: 'shorten the value and keep to letters, digits, "-", "_" and "."' }]
        : [];
    })),
  },
  {
    id: 'duplicate-object',
    severity: 'error',
    summary: 'no two objects of an output have the same kind, namespace and name',
    check: (record, inventory) => {
      const first = inventory.firstPath(record.object);
      return first !== undefined && first !== record.path
        ? [{ field: 'metadata.name', value: record.object.metadata?.name, message: `another object with this kind, namespace and name is written by ${first}; the second would overwrite the first`, fix: 'give one of the two constructs another name' }]
        : [];
    },
  },
  {
    id: 'cluster-scoped-namespace',
    severity: 'error',
    summary: 'cluster-scoped objects carry no namespace',
    check: ({ object }) => (CLUSTER_SCOPED.has(object.kind) && object.metadata?.namespace
      ? [{ field: 'metadata.namespace', value: object.metadata.namespace, message: `a ${object.kind} is cluster-scoped and cannot have a namespace`, fix: 'define it in a chart without a namespace, or remove metadata.namespace' }]
      : []),
  },
];
