import { Inventory } from '../inventory';
import { containersOf, KubeObject, podSpecsOf } from '../manifest';
import { Problem, Rule } from '../rule';
import { nameFormatError } from './meta';
import { arr, obj } from './util';

interface Reference {
  readonly field: string;
  readonly kind: 'Secret' | 'ConfigMap';
  readonly name: unknown;
  readonly key?: string;
  readonly optional: boolean;
}

/** Every reference from a pod to a Secret or ConfigMap: env keys, envFrom, volumes. */
function references(object: KubeObject): Reference[] {
  const found: Reference[] = [];
  for (const { path, container } of containersOf(object)) {
    arr(container?.env).forEach((env: any, i: number) => {
      const secret = env?.valueFrom?.secretKeyRef;
      const config = env?.valueFrom?.configMapKeyRef;
      if (secret) {
        found.push({ field: `${path}.env[${i}].valueFrom.secretKeyRef`, kind: 'Secret', name: secret.name, key: secret.key, optional: !!secret.optional });
      }
      if (config) {
        found.push({ field: `${path}.env[${i}].valueFrom.configMapKeyRef`, kind: 'ConfigMap', name: config.name, key: config.key, optional: !!config.optional });
      }
    });
    arr(container?.envFrom).forEach((source: any, i: number) => {
      if (source?.secretRef) {
        found.push({ field: `${path}.envFrom[${i}].secretRef`, kind: 'Secret', name: source.secretRef.name, optional: !!source.secretRef.optional });
      }
      if (source?.configMapRef) {
        found.push({ field: `${path}.envFrom[${i}].configMapRef`, kind: 'ConfigMap', name: source.configMapRef.name, optional: !!source.configMapRef.optional });
      }
    });
  }
  for (const pod of podSpecsOf(object)) {
    arr(pod.spec.volumes).forEach((volume: any, i: number) => {
      const field = `${pod.path}.volumes[${i}]`;
      if (obj(volume?.secret)) {
        const keys = arr(volume.secret.items).map((item: any) => item?.key);
        pushWithKeys(found, { field: `${field}.secret`, kind: 'Secret', name: volume.secret.secretName, optional: !!volume.secret.optional }, keys);
      }
      if (obj(volume?.configMap)) {
        const keys = arr(volume.configMap.items).map((item: any) => item?.key);
        pushWithKeys(found, { field: `${field}.configMap`, kind: 'ConfigMap', name: volume.configMap.name, optional: !!volume.configMap.optional }, keys);
      }
    });
  }
  return found;
}

function pushWithKeys(found: Reference[], reference: Reference, keys: string[]): void {
  if (keys.length === 0) {
    found.push(reference);
  }
  for (const key of keys) {
    found.push({ ...reference, key });
  }
}

function referenceProblem(ref: Reference, namespace: string, inventory: Inventory): Problem | undefined {
  if (ref.optional) {
    return undefined;
  }
  if (typeof ref.name !== 'string' || ref.name === '') {
    return { field: `${ref.field}.name`, value: ref.name, message: `the ${ref.kind} reference has no name`, fix: `refer to the ${ref.kind} by its construct` };
  }
  if (nameFormatError(ref.kind, ref.name)) {
    // No object can have this name: reference-name reports it once.
    return undefined;
  }
  const state = inventory.lookup(ref.kind, namespace, ref.name);
  if (state === 'missing') {
    const declare = ref.kind === 'Secret' ? 'kplus.Secret.fromSecretName' : 'kplus.ConfigMap.fromConfigMapName';
    return { field: ref.field, value: ref.name, message: `${ref.kind} "${ref.name}" is neither defined in the chart nor declared as existing`, fix: `define it in the chart, or declare the existing one with ${declare}(scope, id, '${ref.name}')` };
  }
  const keys = state === 'defined' ? inventory.keys(ref.kind, namespace, ref.name) : undefined;
  if (ref.key !== undefined && keys && !keys.has(ref.key)) {
    return { field: ref.field, value: ref.key, message: `${ref.kind} "${ref.name}" has no key "${ref.key}" (it has ${[...keys].join(', ') || 'none'})`, fix: 'use one of its keys, or add the key to it' };
  }
  return undefined;
}

/** Rules on the Secrets and ConfigMaps pods refer to. */
export const REFERENCE_RULES: Rule[] = [
  {
    id: 'config-reference',
    severity: 'error',
    summary: 'Secrets and ConfigMaps that pods use (env, envFrom, volumes) are defined in the chart or declared as existing, with the keys used',
    check: ({ object }, inventory) => {
      const namespace = object.metadata?.namespace ?? '';
      return references(object).flatMap((ref) => {
        const problem = referenceProblem(ref, namespace, inventory);
        return problem ? [problem] : [];
      });
    },
  },
];
