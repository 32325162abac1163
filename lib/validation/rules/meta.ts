import {
  dns1035LabelError, dns1123LabelError, dns1123SubdomainError, labelKeyError, labelValueError, pathSegmentNameError,
  qualifiedNameError,
} from '../formats';
import { containersOf, KubeObject, lastObjectCache, podSpecsOf } from '../manifest';
import { Problem, Rule } from '../rule';
import { arr, entries, obj, problem, show } from './util';

// Object metadata (apimachinery's ValidateObjectMeta) and the names other
// objects are referred to by.

// Kinds without a namespace; a namespace on them is refused by kubectl apply.
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'StorageClass', 'PriorityClass', 'IngressClass', 'RuntimeClass', 'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration', 'APIService', 'ClusterSecretStore', 'CSIDriver', 'VolumeAttachment',
]);

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);
const TOTAL_ANNOTATION_SIZE = 256 * 1024;

/** A name format: a check and what to call it in a message. */
export interface NameFormat {
  readonly check: (name: string) => string | undefined;
  readonly what: string;
}

const SUBDOMAIN: NameFormat = { check: dns1123SubdomainError, what: 'a DNS-1123 subdomain' };
const LABEL: NameFormat = { check: dns1123LabelError, what: 'a DNS-1123 label' };
const DNS1035: NameFormat = { check: dns1035LabelError, what: 'a DNS-1035 label (Service names become DNS names)' };
const PATH_SEGMENT: NameFormat = { check: pathSegmentNameError, what: 'a path segment (no "/" or "%", not "." or "..")' };
const JOB: NameFormat = {
  check: (name) => (name.length > 63 ? `is ${name.length} characters long; at most 63 fit the job-name label` : dns1123SubdomainError(name)),
  what: 'a DNS-1123 subdomain of at most 63 characters (it becomes the job-name label)',
};
const CRON_JOB: NameFormat = {
  check: (name) => (name.length > 52 ? `is ${name.length} characters long; at most 52 are allowed (the controller appends 11 to name each Job)` : dns1123SubdomainError(name)),
  what: 'a DNS-1123 subdomain of at most 52 characters',
};

/** Name format and length by kind, as the API server validates them. */
export function nameFormat(kind: string): NameFormat {
  switch (kind) {
    case 'Service':
      return DNS1035;
    case 'Namespace':
      return LABEL;
    case 'Job':
      return JOB;
    case 'CronJob':
      return CRON_JOB;
    default:
      return RBAC_KINDS.has(kind) ? PATH_SEGMENT : SUBDOMAIN;
  }
}

/** Why `name` cannot name an object of `kind`, or `undefined` (used to skip echoes in lookup rules). */
export function nameFormatError(kind: string, name: string): string | undefined {
  return nameFormat(kind).check(name);
}

/** Every label map of an object that the API server validates: metadata, templates, selectors, nodeSelector. */
function labelMaps(object: KubeObject): Array<{ field: string; labels: Record<string, unknown> }> {
  return LABEL_MAPS(object, findLabelMaps);
}

function findLabelMaps(object: KubeObject): Array<{ field: string; labels: Record<string, unknown> }> {
  const maps: Array<{ field: string; labels: Record<string, unknown> }> = [];
  const add = (field: string, labels: unknown) => {
    const map = obj(labels);
    if (map) {
      maps.push({ field, labels: map });
    }
  };
  const spec = obj(object.spec);
  add('metadata.labels', obj(object.metadata)?.labels);
  if (object.kind === 'Service') {
    add('spec.selector', spec?.selector);
  }
  add('spec.template.metadata.labels', spec?.template?.metadata?.labels);
  add('spec.jobTemplate.metadata.labels', spec?.jobTemplate?.metadata?.labels);
  add('spec.jobTemplate.spec.template.metadata.labels', spec?.jobTemplate?.spec?.template?.metadata?.labels);
  arr(spec?.volumeClaimTemplates).forEach((t, i) => add(`spec.volumeClaimTemplates[${i}].metadata.labels`, t?.metadata?.labels));
  for (const pod of podSpecsOf(object)) {
    add(`${pod.path}.nodeSelector`, pod.spec.nodeSelector);
  }
  for (const selector of labelSelectors(object)) {
    add(`${selector.field}.matchLabels`, selector.selector.matchLabels);
  }
  return maps;
}

// Three rules read the selectors and label maps of each object, one object
// after the other: walk it once.
const SELECTORS = lastObjectCache<Array<{ field: string; selector: Record<string, any> }>>();
const LABEL_MAPS = lastObjectCache<Array<{ field: string; labels: Record<string, unknown> }>>();

// The same few label keys recur on every object: check each once. Bounded,
// in case a chart writes keys of its own by the thousand.
const LABEL_KEY_ERRORS = new Map<string, string | undefined>();

function labelKeyErrorOf(key: string): string | undefined {
  if (LABEL_KEY_ERRORS.has(key)) {
    return LABEL_KEY_ERRORS.get(key);
  }
  const error = key.split('/').length > 2 || /\s/.test(key) ? qualifiedNameError(key) : labelKeyError(key);
  if (LABEL_KEY_ERRORS.size >= 10_000) {
    LABEL_KEY_ERRORS.clear();
  }
  LABEL_KEY_ERRORS.set(key, error);
  return error;
}

/** Every label selector ({matchLabels, matchExpressions}) in an object, found by walking it once. */
export function labelSelectors(object: KubeObject): Array<{ field: string; selector: Record<string, any> }> {
  return SELECTORS(object, findLabelSelectors);
}

function findLabelSelectors(object: KubeObject): Array<{ field: string; selector: Record<string, any> }> {
  const found: Array<{ field: string; selector: Record<string, any> }> = [];
  // The path of the value being walked, as keys and indexes: written out
  // only for the selectors found. The walk visits every field of every
  // object, so it allocates nothing per field.
  const at: Array<string | number> = [];
  const walk = (value: unknown, depth: number) => {
    if (depth > 14) {
      return;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        at.push(i);
        walk(value[i], depth + 1);
        at.pop();
      }
      return;
    }
    const o = obj(value);
    if (!o) {
      return;
    }
    for (const key in o) {
      // Node selector terms have matchExpressions of their own (Gt, Lt): other rules.
      if (key === 'nodeAffinity' || key === 'nodeSelectorTerms' || key === 'metadata' || key === 'containers'
        || key === 'initContainers' || key === 'volumes' || key === 'env' || !Object.prototype.hasOwnProperty.call(o, key)) {
        continue;
      }
      const child = o[key];
      at.push(key);
      const selector = obj(child);
      if (selector && key !== 'scopeSelector' && key.endsWith('elector') && ('matchLabels' in selector || 'matchExpressions' in selector)) {
        found.push({ field: `spec${at.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('')}`, selector });
      }
      walk(child, depth + 1);
      at.pop();
    }
  };
  walk(object.spec, 0);
  return found;
}

/** Every annotation map: the object's and its templates'. */
function annotationMaps(object: KubeObject): Array<{ field: string; annotations: Record<string, unknown> }> {
  const maps: Array<{ field: string; annotations: Record<string, unknown> }> = [];
  const add = (field: string, annotations: unknown) => {
    const map = obj(annotations);
    if (map) {
      maps.push({ field, annotations: map });
    }
  };
  const spec = obj(object.spec);
  add('metadata.annotations', obj(object.metadata)?.annotations);
  add('spec.template.metadata.annotations', spec?.template?.metadata?.annotations);
  add('spec.jobTemplate.metadata.annotations', spec?.jobTemplate?.metadata?.annotations);
  add('spec.jobTemplate.spec.template.metadata.annotations', spec?.jobTemplate?.spec?.template?.metadata?.annotations);
  arr(spec?.volumeClaimTemplates).forEach((t, i) => add(`spec.volumeClaimTemplates[${i}].metadata.annotations`, t?.metadata?.annotations));
  return maps;
}

/** A name-typed field that refers to another object. */
interface NameReference {
  readonly field: string;
  readonly name: unknown;
  /** What the name refers to, for the message. */
  readonly what: string;
  readonly format: NameFormat;
}

/** Every field of an object that holds the name of another object. */
export function nameReferences(object: KubeObject): NameReference[] {
  const found: NameReference[] = [];
  // Checked before a field path is written: nearly every reference is unset.
  const named = (name: unknown) => typeof name === 'string' && name !== '';
  const add = (field: string, name: unknown, what: string, format: NameFormat = SUBDOMAIN) => {
    if (typeof name === 'string' && name !== '') {
      found.push({ field, name, what, format });
    }
  };
  const spec = obj(object.spec);
  for (const pod of podSpecsOf(object)) {
    const p = pod.spec;
    if (named(p.serviceAccountName)) {
      add(`${pod.path}.serviceAccountName`, p.serviceAccountName, 'ServiceAccount');
    }
    if (named(p.serviceAccount)) {
      add(`${pod.path}.serviceAccount`, p.serviceAccount, 'ServiceAccount');
    }
    if (named(p.priorityClassName)) {
      add(`${pod.path}.priorityClassName`, p.priorityClassName, 'PriorityClass');
    }
    if (named(p.runtimeClassName)) {
      add(`${pod.path}.runtimeClassName`, p.runtimeClassName, 'RuntimeClass');
    }
    if (named(p.nodeName)) {
      add(`${pod.path}.nodeName`, p.nodeName, 'Node');
    }
    if (named(p.hostname)) {
      add(`${pod.path}.hostname`, p.hostname, 'pod host', LABEL);
    }
    if (named(p.schedulerName)) {
      add(`${pod.path}.schedulerName`, p.schedulerName, 'scheduler');
    }
    if (named(p.subdomain)) {
      add(`${pod.path}.subdomain`, p.subdomain, 'pod subdomain (a headless Service)', LABEL);
    }
    arr(p.imagePullSecrets).forEach((ref, i) => named(ref?.name) && add(`${pod.path}.imagePullSecrets[${i}].name`, ref?.name, 'Secret'));
    arr(p.volumes).forEach((v, i) => {
      const field = `${pod.path}.volumes[${i}]`;
      if (named(v?.secret?.secretName)) {
        add(`${field}.secret.secretName`, v?.secret?.secretName, 'Secret');
      }
      if (named(v?.configMap?.name)) {
        add(`${field}.configMap.name`, v?.configMap?.name, 'ConfigMap');
      }
      if (named(v?.persistentVolumeClaim?.claimName)) {
        add(`${field}.persistentVolumeClaim.claimName`, v?.persistentVolumeClaim?.claimName, 'PersistentVolumeClaim');
      }
      arr(v?.projected?.sources).forEach((s, j) => {
        if (named(s?.secret?.name)) {
          add(`${field}.projected.sources[${j}].secret.name`, s?.secret?.name, 'Secret');
        }
        if (named(s?.configMap?.name)) {
          add(`${field}.projected.sources[${j}].configMap.name`, s?.configMap?.name, 'ConfigMap');
        }
      });
    });
  }
  for (const { path, container } of containersOf(object)) {
    arr(container?.env).forEach((env, i) => {
      if (named(env?.valueFrom?.secretKeyRef?.name)) {
        add(`${path}.env[${i}].valueFrom.secretKeyRef.name`, env?.valueFrom?.secretKeyRef?.name, 'Secret');
      }
      if (named(env?.valueFrom?.configMapKeyRef?.name)) {
        add(`${path}.env[${i}].valueFrom.configMapKeyRef.name`, env?.valueFrom?.configMapKeyRef?.name, 'ConfigMap');
      }
    });
    arr(container?.envFrom).forEach((source, i) => {
      if (named(source?.secretRef?.name)) {
        add(`${path}.envFrom[${i}].secretRef.name`, source?.secretRef?.name, 'Secret');
      }
      if (named(source?.configMapRef?.name)) {
        add(`${path}.envFrom[${i}].configMapRef.name`, source?.configMapRef?.name, 'ConfigMap');
      }
    });
  }
  switch (object.kind) {
    case 'Ingress': {
      add('spec.ingressClassName', spec?.ingressClassName, 'IngressClass');
      add('spec.defaultBackend.service.name', spec?.defaultBackend?.service?.name, 'Service', DNS1035);
      arr(spec?.rules).forEach((rule, r) => arr(rule?.http?.paths).forEach((path, i) => {
        if (named(path?.backend?.service?.name)) {
          add(`spec.rules[${r}].http.paths[${i}].backend.service.name`, path?.backend?.service?.name, 'Service', DNS1035);
        }
      }));
      arr(spec?.tls).forEach((tls, t) => named(tls?.secretName) && add(`spec.tls[${t}].secretName`, tls?.secretName, 'Secret'));
      break;
    }
    case 'StatefulSet':
      add('spec.serviceName', spec?.serviceName, 'Service', DNS1035);
      arr(spec?.volumeClaimTemplates).forEach((t, i) => {
        if (named(t?.spec?.storageClassName)) {
          add(`spec.volumeClaimTemplates[${i}].spec.storageClassName`, t?.spec?.storageClassName, 'StorageClass');
        }
      });
      break;
    case 'HorizontalPodAutoscaler':
      add('spec.scaleTargetRef.name', spec?.scaleTargetRef?.name, String(spec?.scaleTargetRef?.kind ?? 'scale target'),
        ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(spec?.scaleTargetRef?.kind) ? SUBDOMAIN : PATH_SEGMENT);
      break;
    case 'PersistentVolumeClaim':
      add('spec.storageClassName', spec?.storageClassName, 'StorageClass');
      add('spec.volumeName', spec?.volumeName, 'PersistentVolume');
      break;
    case 'ServiceAccount':
      arr(object.secrets).forEach((ref, i) => named(ref?.name) && add(`secrets[${i}].name`, ref?.name, 'Secret'));
      arr(object.imagePullSecrets).forEach((ref, i) => named(ref?.name) && add(`imagePullSecrets[${i}].name`, ref?.name, 'Secret'));
      break;
    case 'RoleBinding':
    case 'ClusterRoleBinding': {
      const roleRef = obj(object.roleRef);
      add('roleRef.name', roleRef?.name, String(roleRef?.kind ?? 'role'), PATH_SEGMENT);
      arr(object.subjects).forEach((subject, i) => {
        if (subject?.kind === 'ServiceAccount') {
          if (named(subject?.name)) {
            add(`subjects[${i}].name`, subject?.name, 'ServiceAccount');
          }
          if (named(subject?.namespace)) {
            add(`subjects[${i}].namespace`, subject?.namespace, 'Namespace', LABEL);
          }
        }
      });
      break;
    }
  }
  return found;
}

/** Rules on object metadata and names. */
export const META_RULES: Rule[] = [
  {
    id: 'object-name',
    severity: 'error',
    summary: 'object names follow the format and length the API server requires for their kind (DNS-1123 subdomain; DNS-1035 label for Services; DNS-1123 label for Namespaces; a path segment for RBAC objects; Job ≤ 63, CronJob ≤ 52), and are not left to generateName',
    check: ({ object }) => {
      const metadata = obj(object.metadata);
      const name = metadata?.name;
      const rule = nameFormat(object.kind);
      const problems: Problem[] = [];
      if (typeof name !== 'string' || name === '') {
        const generated = typeof metadata?.generateName === 'string' && metadata.generateName !== '';
        problems.push(problem('metadata.name', name, generated
          ? 'the object has only a generateName; kubectl apply and GitOps tools need a fixed name'
          : 'the object has no name', 'give the construct a name (the `name` prop or its id)'));
      } else {
        const error = rule.check(name);
        if (error) {
          problems.push(problem('metadata.name', name, `name "${name}" ${error}; a ${object.kind} name must be ${rule.what}`, 'choose a shorter, lower-case name with only letters, digits and "-"'));
        }
      }
      const generateName = metadata?.generateName;
      if (typeof generateName === 'string' && generateName !== '') {
        // A generated name gets a random suffix: a trailing "-" is fine.
        const error = rule.check(generateName.replace(/-$/, 'a'));
        if (error) {
          problems.push(problem('metadata.generateName', generateName, `generateName "${generateName}" ${error}; it must make ${rule.what}`, 'use a lower-case prefix such as "migrate-"'));
        }
      }
      return problems;
    },
  },
  {
    id: 'object-namespace',
    severity: 'error',
    summary: 'metadata.namespace is a DNS-1123 label (lower case, at most 63 characters)',
    check: ({ object }) => {
      const namespace = obj(object.metadata)?.namespace;
      if (namespace === undefined || namespace === '') {
        return [];
      }
      const error = typeof namespace === 'string' ? dns1123LabelError(namespace) : 'is not a string';
      return error
        ? [problem('metadata.namespace', namespace, `namespace ${show(namespace)} ${error}; a namespace must be a DNS-1123 label`, 'use a lower-case namespace of letters, digits and "-", such as "shop-dev"')]
        : [];
    },
  },
  {
    id: 'reference-name',
    severity: 'error',
    summary: 'names that refer to other objects (service account, priority class, Secret, ConfigMap, claim, ingress class, scale target, role, subjects) have the format such an object must have',
    check: ({ object }) => nameReferences(object).flatMap(({ field, name, what, format }) => {
      const error = format.check(name as string);
      return error
        ? [problem(field, name, `${what} name "${name}" ${error}; no ${what} can have this name (it must be ${format.what})`, `use the name of an existing ${what}: lower case, letters, digits, "-" and "."`)]
        : [];
    }),
  },
  {
    id: 'label-key',
    severity: 'error',
    summary: 'label keys are an optional DNS-subdomain prefix and a name of at most 63 characters',
    check: ({ object }) => {
      const problems: Problem[] = [];
      for (const { field, labels } of labelMaps(object)) {
        for (const key of Object.keys(labels)) {
          const error = labelKeyErrorOf(key);
          if (error) {
            problems.push(problem(`${field}[${key}]`, key, `label key "${key}": ${error}`, 'use a key such as "app.kubernetes.io/name" or "tier"'));
          }
        }
      }
      return problems;
    },
  },
  {
    id: 'label-value',
    severity: 'error',
    summary: 'label values are at most 63 letters, digits, "-", "_" and ".", alphanumeric at both ends',
    check: ({ object }) => {
      // Loops rather than entries/flatMap: it runs on every label of every object.
      const problems: Problem[] = [];
      for (const { field, labels } of labelMaps(object)) {
        for (const key of Object.keys(labels)) {
          const value = labels[key];
          const error = labelValueError(value);
          if (error) {
            problems.push(problem(`${field}[${key}]`, value, `label value ${show(value)} ${error}`, 'shorten the value and keep to letters, digits, "-", "_" and "."'));
          }
        }
      }
      return problems;
    },
  },
  {
    id: 'label-selector',
    severity: 'error',
    summary: 'label selector expressions use In/NotIn with values or Exists/DoesNotExist without, on valid keys',
    check: ({ object }) => labelSelectors(object).flatMap(({ field, selector }) => arr(selector.matchExpressions).flatMap((expression, i): Problem[] => {
      const at = `${field}.matchExpressions[${i}]`;
      const key = expression?.key;
      const keyError = typeof key === 'string' ? qualifiedNameError(key) : 'is missing';
      if (keyError) {
        return [problem(`${at}.key`, key, `selector key ${show(key)} ${keyError}`, 'use a label key such as "app.kubernetes.io/name"')];
      }
      const values = arr(expression?.values);
      switch (expression?.operator) {
        case 'In':
        case 'NotIn':
          return values.length === 0 ? [problem(`${at}.values`, expression?.values, `operator ${expression.operator} on "${key}" needs at least one value`, 'list the values to match, or use Exists')] : [];
        case 'Exists':
        case 'DoesNotExist':
          return values.length > 0 ? [problem(`${at}.values`, values, `operator ${expression.operator} on "${key}" takes no values`, 'remove the values, or use In')] : [];
        default:
          return [problem(`${at}.operator`, expression?.operator, `selector operator ${show(expression?.operator)} is not In, NotIn, Exists or DoesNotExist`, 'use In, NotIn, Exists or DoesNotExist')];
      }
    })),
  },
  {
    id: 'annotation-key',
    severity: 'error',
    summary: 'annotation keys are qualified names (an optional DNS-subdomain prefix, one "/", a name of at most 63 characters)',
    check: ({ object }) => annotationMaps(object).flatMap(({ field, annotations }) => Object.keys(annotations).flatMap((key) => {
      // The API server checks annotation keys in lower case.
      const error = qualifiedNameError(key.toLowerCase());
      return error
        ? [problem(`${field}[${key}]`, key, `annotation key "${key}" ${error}`, 'use a key such as "example.com/owner" or "description"')]
        : [];
    })),
  },
  {
    id: 'annotation-size',
    severity: 'error',
    summary: 'the annotations of an object (keys and values) total at most 256 KiB',
    check: ({ object }) => annotationMaps(object).flatMap(({ field, annotations }) => {
      let total = 0;
      for (const [key, value] of Object.entries(annotations)) {
        total += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
      }
      return total > TOTAL_ANNOTATION_SIZE
        ? [problem(field, undefined, `the annotations total ${total} bytes; at most ${TOTAL_ANNOTATION_SIZE} (256 KiB) are allowed`, 'move large data into a ConfigMap and refer to it')]
        : [];
    }),
  },
  {
    id: 'duplicate-object',
    severity: 'error',
    summary: 'no two objects of an output (or two apps of an environment) have the same kind, namespace and name',
    check: (record, inventory) => {
      const first = inventory.earlierWriter(record.object);
      return first !== undefined
        ? [problem('metadata.name', record.object.metadata?.name, `another object with this kind, namespace and name is written by ${first}; the second would overwrite the first`, 'give one of the two constructs another name')]
        : [];
    },
  },
  {
    id: 'cluster-scoped-namespace',
    severity: 'error',
    summary: 'cluster-scoped objects carry no namespace',
    check: ({ object }) => (CLUSTER_SCOPED.has(object.kind) && obj(object.metadata)?.namespace
      ? [problem('metadata.namespace', object.metadata!.namespace, `a ${object.kind} is cluster-scoped and cannot have a namespace`, 'define it in a chart without a namespace, or remove metadata.namespace')]
      : []),
  },
];

/** Every named entry of `labels` as `key=value` (for messages). */
export function describeLabels(labels: unknown): string {
  return entries(labels).map(([k, v]) => `${k}=${v}`).join(', ') || 'no labels';
}
