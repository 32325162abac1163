import { configKeyError } from '../formats';
import { Problem, Rule } from '../rule';
import { entries, obj, problem } from './util';

// core/v1 ConfigMap and Secret (pkg/apis/core/validation: ValidateConfigMap,
// ValidateSecret). Secrets in git and pull secrets: secrets.ts, registry.ts.

const MAX_SIZE = 1024 * 1024;
// Keys a Secret of a type must have (at least one of each inner list).
const REQUIRED_KEYS: Record<string, string[][]> = {
  'kubernetes.io/tls': [['tls.crt'], ['tls.key']],
  'kubernetes.io/basic-auth': [['username', 'password']],
  'kubernetes.io/ssh-auth': [['ssh-privatekey']],
  'kubernetes.io/dockercfg': [['.dockercfg']],
};

/** Bytes of the values of a map: base64 ones decoded. */
function sizeOf(map: unknown, base64: boolean): number {
  return entries(map).reduce((total, [, value]) => total + (typeof value !== 'string' ? 0
    : base64 ? Math.floor(value.replace(/=+$/, '').length * 3 / 4) : Buffer.byteLength(value)), 0);
}

/** Rules on ConfigMaps and Secrets. */
export const CORE_CONFIG_RULES: Rule[] = [
  {
    id: 'config-keys',
    severity: 'error',
    summary: 'ConfigMap and Secret keys are letters, digits, "-", "_" and "." (not "." or ".."), each key once across data and binaryData, at most 1 MiB in total',
    check: ({ object }) => {
      if (object.kind !== 'ConfigMap' && object.kind !== 'Secret') {
        return [];
      }
      const problems: Problem[] = [];
      const maps = object.kind === 'ConfigMap' ? ['data', 'binaryData'] : ['data', 'stringData'];
      for (const map of maps) {
        for (const [key] of entries(object[map])) {
          const error = configKeyError(key);
          if (error) {
            problems.push(problem(`${map}[${key}]`, key, `key "${key}" ${error}`, 'use a file-name-like key such as "app.properties" or "DB_HOST"'));
          }
        }
      }
      if (object.kind === 'ConfigMap') {
        const binary = obj(object.binaryData) ?? {};
        for (const [key] of entries(object.data)) {
          if (key in binary) {
            problems.push(problem(`binaryData[${key}]`, key, `key "${key}" is in both data and binaryData`, 'keep the key in one of them'));
          }
        }
      }
      const size = object.kind === 'ConfigMap'
        ? sizeOf(object.data, false) + sizeOf(object.binaryData, true)
        : sizeOf(object.data, true) + sizeOf(object.stringData, false);
      if (size > MAX_SIZE) {
        problems.push(problem(object.data ? 'data' : object.kind === 'ConfigMap' ? 'binaryData' : 'stringData', undefined, `the ${object.kind} holds ${size} bytes; at most ${MAX_SIZE} (1 MiB) are allowed`, 'split the data, or keep large files in an image or a volume'));
      }
      return problems;
    },
  },
  {
    id: 'secret-type',
    severity: 'error',
    summary: 'typed Secrets have the keys their type needs (tls.crt and tls.key, username or password, ssh-privatekey, .dockercfg)',
    check: ({ object }) => {
      const type = object.kind === 'Secret' && typeof object.type === 'string' ? object.type : undefined;
      const required = type ? REQUIRED_KEYS[type] : undefined;
      if (!required) {
        return [];
      }
      const keys = new Set([...Object.keys(obj(object.data) ?? {}), ...Object.keys(obj(object.stringData) ?? {})]);
      return required.flatMap((anyOf) => (anyOf.some((k) => keys.has(k))
        ? []
        : [problem('data', [...keys], `a ${type} Secret needs ${anyOf.length > 1 ? `one of the keys ${anyOf.join(', ')}` : `the key ${anyOf[0]}`}`, `add ${anyOf.join(' or ')}, or use type Opaque`)]));
    },
  },
];
