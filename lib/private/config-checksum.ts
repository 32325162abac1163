import { createHash } from 'crypto';
import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';

/**
 * Annotation of a pod template holding a hash of the ConfigMap and Secret
 * data its pods use: when a used value changes, the template changes, so the
 * controller rolls exactly the pods that use it.
 */
export const CONFIG_CHECKSUM_ANNOTATION = 'platform-kit.io/config-checksum';

type Kind = 'ConfigMap' | 'Secret';
/** Keys used of each object (`Kind/name`); `'*'` when the whole object is used. */
type References = Map<string, Set<string> | '*'>;

/** What a pod spec (Kubernetes JSON) uses of ConfigMaps and Secrets: env keys, envFrom objects, volume items or whole volumes. */
export function configReferences(podSpec: any): References {
  const refs: References = new Map();
  const use = (kind: Kind, name: unknown, key?: unknown) => {
    if (typeof name !== 'string') {
      return;
    }
    const id = `${kind}/${name}`;
    const known = refs.get(id);
    if (key === undefined || known === '*') {
      refs.set(id, '*');
    } else if (typeof key === 'string') {
      refs.set(id, (known ?? new Set<string>()).add(key));
    }
  };
  const keyed = (kind: Kind, name: unknown, items: unknown) => {
    if (Array.isArray(items) && items.length) {
      items.forEach((item) => use(kind, name, item?.key));
    } else {
      use(kind, name);
    }
  };
  for (const container of [...(podSpec?.initContainers ?? []), ...(podSpec?.containers ?? [])]) {
    for (const env of container?.env ?? []) {
      use('ConfigMap', env?.valueFrom?.configMapKeyRef?.name, env?.valueFrom?.configMapKeyRef?.key);
      use('Secret', env?.valueFrom?.secretKeyRef?.name, env?.valueFrom?.secretKeyRef?.key);
    }
    for (const from of container?.envFrom ?? []) {
      use('ConfigMap', from?.configMapRef?.name);
      use('Secret', from?.secretRef?.name);
    }
  }
  for (const volume of podSpec?.volumes ?? []) {
    const sources = [volume, ...(volume?.projected?.sources ?? [])];
    for (const source of sources) {
      if (source?.configMap) {
        keyed('ConfigMap', source.configMap.name, source.configMap.items);
      }
      if (source?.secret) {
        keyed('Secret', source.secret.secretName ?? source.secret.name, source.secret.items);
      }
    }
  }
  return refs;
}

// Index of a chart's ConfigMaps and Secrets by `Kind/name`, built once per
// chart (a chart of 10,000 services must not walk its tree 10,000 times) and
// rebuilt when the chart got new children since.
const indexes = new WeakMap<Chart, { children: number; byName: Map<string, IConstruct> }>();

function sourcesOf(chart: Chart): Map<string, IConstruct> {
  const children = chart.node.children.length;
  const known = indexes.get(chart);
  if (known && known.children === children) {
    return known.byName;
  }
  const byName = new Map<string, IConstruct>();
  for (const construct of chart.node.findAll()) {
    // Objects declared external (fromConfigMapName) are not instances: they
    // have no data here, so they are skipped.
    if (construct instanceof kplus.ConfigMap) {
      byName.set(`ConfigMap/${construct.name}`, construct);
    } else if (construct instanceof kplus.Secret) {
      byName.set(`Secret/${construct.name}`, construct);
    }
  }
  indexes.set(chart, { children, byName });
  return byName;
}

/**
 * The checksum of the data `podSpec` uses, from the ConfigMaps and Secrets
 * of `scope`'s chart, or undefined when it uses none the chart defines.
 * Only hashes are written: a Secret's value never appears in the output.
 */
export function configChecksum(scope: IConstruct, podSpec: any): string | undefined {
  const refs = configReferences(podSpec);
  if (!refs.size) {
    return undefined;
  }
  const sources = sourcesOf(Chart.of(scope));
  const lines: string[] = [];
  for (const id of [...refs.keys()].sort()) {
    const source = sources.get(id);
    if (!source) {
      continue;
    }
    const json = ApiObject.of(source).toJson();
    const data: Record<string, string> = { ...json.binaryData, ...json.data, ...json.stringData };
    const used = refs.get(id)!;
    const keys = used === '*' ? Object.keys(data).sort() : [...used].sort();
    for (const key of keys) {
      const value = data[key];
      lines.push(`${id}/${key}=${value === undefined ? '-' : sha256(value)}`);
    }
    if (used === '*') {
      // Adding or removing a key changes the variables or files the pods see.
      lines.push(`${id}:${keys.join(',')}`);
    }
  }
  return lines.length ? sha256(lines.join('\n')) : undefined;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
