import { parseQuantity, qualifiedNameError } from '../formats';
import { KubeObject } from '../manifest';
import { Problem, Rule } from '../rule';
import { arr, entries, obj, problem, show } from './util';

// core/v1 PersistentVolumeClaim, ResourceQuota and LimitRange
// (pkg/apis/core/validation), and a StatefulSet's claim templates.

const ACCESS_MODES = new Set(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']);
const QUOTA_RESOURCES = new Set([
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims',
  'services.nodeports', 'services.loadbalancers', 'cpu', 'memory', 'ephemeral-storage', 'requests.cpu',
  'requests.memory', 'requests.storage', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory',
  'limits.ephemeral-storage',
]);
const QUOTA_SCOPES = new Set(['Terminating', 'NotTerminating', 'BestEffort', 'NotBestEffort', 'PriorityClass', 'CrossNamespacePodAffinity']);
const LIMIT_TYPES = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);
const LIMIT_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage', 'storage']);

/** Every claim spec of an object: a PVC's own, a StatefulSet's templates. */
function claimSpecs(object: KubeObject): Array<{ field: string; spec: any }> {
  const spec = obj(object.spec);
  if (object.kind === 'PersistentVolumeClaim') {
    return [{ field: 'spec', spec: spec ?? {} }];
  }
  if (object.kind === 'StatefulSet') {
    return arr(spec?.volumeClaimTemplates).map((t, i) => ({ field: `spec.volumeClaimTemplates[${i}].spec`, spec: obj(t?.spec) ?? {} }));
  }
  return [];
}

/** Why a quota or limit resource name is not valid, or `undefined`. */
function quotaResourceError(name: string): string | undefined {
  if (name.includes('/')) {
    return qualifiedNameError(name.replace(/^count\//, 'count.k8s.io/'));
  }
  return QUOTA_RESOURCES.has(name) || /^(requests\.|limits\.)?hugepages-/.test(name) ? undefined : 'is not a resource a quota can count';
}

/** Rules on storage claims and quotas. */
export const CORE_STORAGE_RULES: Rule[] = [
  {
    id: 'pvc-spec',
    severity: 'error',
    summary: 'claims (PVCs and StatefulSet claim templates) have access modes among ReadWriteOnce, ReadOnlyMany, ReadWriteMany and ReadWriteOncePod (alone), a storage request above 0 and volumeMode Filesystem or Block',
    check: ({ object }) => claimSpecs(object).flatMap(({ field, spec }) => {
      const problems: Problem[] = [];
      const modes = arr(spec.accessModes);
      if (modes.length === 0) {
        problems.push(problem(`${field}.accessModes`, spec.accessModes, 'the claim has no access mode', 'set accessModes, such as ["ReadWriteOnce"]'));
      }
      modes.forEach((mode, i) => {
        if (!ACCESS_MODES.has(mode)) {
          problems.push(problem(`${field}.accessModes[${i}]`, mode, `access mode ${show(mode)} is not ${[...ACCESS_MODES].join(', ')}`, 'use ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod'));
        }
      });
      if (modes.includes('ReadWriteOncePod') && modes.length > 1) {
        problems.push(problem(`${field}.accessModes`, modes, 'ReadWriteOncePod cannot be combined with other access modes', 'use ReadWriteOncePod alone'));
      }
      const storage = obj(obj(spec.resources)?.requests)?.storage;
      const size = parseQuantity(storage);
      if (storage === undefined) {
        problems.push(problem(`${field}.resources.requests`, obj(spec.resources)?.requests, 'the claim requests no storage', 'request storage, such as resources.requests.storage: "10Gi"'));
      } else if (size === undefined || size <= 0) {
        problems.push(problem(`${field}.resources.requests.storage`, storage, `storage request ${show(storage)} must be a quantity above 0`, 'request a size such as "10Gi"'));
      }
      if (spec.volumeMode !== undefined && spec.volumeMode !== 'Filesystem' && spec.volumeMode !== 'Block') {
        problems.push(problem(`${field}.volumeMode`, spec.volumeMode, `volumeMode ${show(spec.volumeMode)} is not Filesystem or Block`, 'use Filesystem (the default) or Block'));
      }
      return problems;
    }),
  },
  {
    id: 'resource-quota',
    severity: 'error',
    summary: 'ResourceQuota hard limits name resources a quota counts (or count/<resource>), with non-negative quantities; scopes are known',
    check: ({ object }) => {
      if (object.kind !== 'ResourceQuota') {
        return [];
      }
      const spec = obj(object.spec) ?? {};
      const problems: Problem[] = [];
      for (const [name, value] of entries(spec.hard)) {
        const error = quotaResourceError(name);
        if (error) {
          problems.push(problem(`spec.hard[${name}]`, name, `resource "${name}" ${error}`, 'use names such as requests.cpu, limits.memory, pods or count/deployments.apps'));
        } else if (parseQuantity(value) === undefined) {
          problems.push(problem(`spec.hard[${name}]`, value, `${show(value)} is not a non-negative quantity`, 'write a quantity such as "10", "4", "8Gi" or "500m"'));
        }
      }
      arr(spec.scopes).forEach((scope, i) => {
        if (!QUOTA_SCOPES.has(scope)) {
          problems.push(problem(`spec.scopes[${i}]`, scope, `quota scope ${show(scope)} is not ${[...QUOTA_SCOPES].join(', ')}`, 'use one of the quota scopes'));
        }
      });
      arr(obj(spec.scopeSelector)?.matchExpressions).forEach((e, i) => {
        if (!QUOTA_SCOPES.has(e?.scopeName)) {
          problems.push(problem(`spec.scopeSelector.matchExpressions[${i}].scopeName`, e?.scopeName, `quota scope ${show(e?.scopeName)} is not ${[...QUOTA_SCOPES].join(', ')}`, 'use one of the quota scopes'));
        }
        if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(e?.operator)) {
          problems.push(problem(`spec.scopeSelector.matchExpressions[${i}].operator`, e?.operator, `operator ${show(e?.operator)} is not In, NotIn, Exists or DoesNotExist`, 'use In, NotIn, Exists or DoesNotExist'));
        }
      });
      return problems;
    },
  },
  {
    id: 'limit-range',
    severity: 'error',
    summary: 'LimitRange limits have type Pod, Container or PersistentVolumeClaim, valid quantities, min <= defaultRequest <= default <= max, maxLimitRequestRatio >= 1, no defaults for Pod',
    check: ({ object }) => {
      if (object.kind !== 'LimitRange') {
        return [];
      }
      return arr(obj(object.spec)?.limits).flatMap((limit, i) => {
        const field = `spec.limits[${i}]`;
        const problems: Problem[] = [];
        if (!LIMIT_TYPES.has(limit?.type)) {
          problems.push(problem(`${field}.type`, limit?.type, `limit type ${show(limit?.type)} is not Pod, Container or PersistentVolumeClaim`, 'use Container, Pod or PersistentVolumeClaim'));
        }
        if (limit?.type === 'Pod') {
          for (const key of ['default', 'defaultRequest']) {
            if (limit[key] !== undefined) {
              problems.push(problem(`${field}.${key}`, limit[key], `${key} cannot be set for type Pod`, 'set defaults on a Container limit'));
            }
          }
        }
        const values: Record<string, Record<string, number>> = {};
        for (const key of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) {
          for (const [resource, value] of entries(limit?.[key])) {
            if (!LIMIT_RESOURCES.has(resource) && !resource.includes('/') && !resource.startsWith('hugepages-')) {
              problems.push(problem(`${field}.${key}[${resource}]`, resource, `resource "${resource}" is not cpu, memory, ephemeral-storage, storage or an extended resource`, 'use cpu, memory, ephemeral-storage or storage'));
              continue;
            }
            const quantity = parseQuantity(value);
            if (quantity === undefined) {
              problems.push(problem(`${field}.${key}[${resource}]`, value, `${show(value)} is not a non-negative quantity`, 'write a quantity such as "500m" or "1Gi"'));
              continue;
            }
            (values[resource] ??= {})[key] = quantity;
          }
        }
        for (const [resource, v] of Object.entries(values)) {
          const order: Array<[string, string]> = [['min', 'defaultRequest'], ['defaultRequest', 'default'], ['default', 'max'], ['min', 'max'], ['min', 'default'], ['defaultRequest', 'max']];
          const broken = order.find(([low, high]) => v[low] !== undefined && v[high] !== undefined && v[low] > v[high]);
          if (broken) {
            const [low, high] = broken;
            problems.push(problem(`${field}.${high}[${resource}]`, limit[high][resource], `${high} ${resource} ${limit[high][resource]} is below ${low} ${limit[low][resource]}`, `keep min <= defaultRequest <= default <= max for ${resource}`));
          }
          if (v.maxLimitRequestRatio !== undefined && v.maxLimitRequestRatio < 1) {
            problems.push(problem(`${field}.maxLimitRequestRatio[${resource}]`, limit.maxLimitRequestRatio[resource], `maxLimitRequestRatio ${limit.maxLimitRequestRatio[resource]} is below 1`, 'use a ratio of 1 or more'));
          }
        }
        if (limit?.type === 'PersistentVolumeClaim' && values.storage?.min === undefined && values.storage?.max === undefined) {
          problems.push(problem(field, undefined, 'a PersistentVolumeClaim limit needs a min or max storage', 'set min.storage or max.storage'));
        }
        return problems;
      });
    },
  },
];
