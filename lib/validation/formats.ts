// The formats the API server checks, as Kubernetes' own validation
// (k8s.io/apimachinery/pkg/util/validation) defines them.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const PORT_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const QUANTITY = /^\+?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+|Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Why `name` is not a DNS-1123 label (63 characters), or `undefined`. */
export function dns1123LabelError(name: string): string | undefined {
  if (name.length > 63) {
    return `is ${name.length} characters long; at most 63 are allowed`;
  }
  return DNS1123_LABEL.test(name) ? undefined : 'must be lower-case letters, digits and "-", starting and ending with a letter or digit';
}

/** Why `name` is not a DNS-1123 subdomain (253 characters), or `undefined`. */
export function dns1123SubdomainError(name: string): string | undefined {
  if (name.length > 253) {
    return `is ${name.length} characters long; at most 253 are allowed`;
  }
  return DNS1123_SUBDOMAIN.test(name)
    ? undefined
    : 'must be lower-case letters, digits, "-" and ".", starting and ending with a letter or digit';
}

/** Why `name` is not a DNS-1035 label (63 characters, starts with a letter), or `undefined`. */
export function dns1035LabelError(name: string): string | undefined {
  if (name.length > 63) {
    return `is ${name.length} characters long; at most 63 are allowed`;
  }
  return DNS1035_LABEL.test(name)
    ? undefined
    : 'must be lower-case letters, digits and "-", starting with a letter and ending with a letter or digit';
}

/** Why `key` is not a label key (`[prefix/]name`), or `undefined`. */
export function labelKeyError(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    const prefixError = prefix === '' ? 'is empty' : dns1123SubdomainError(prefix);
    if (prefixError) {
      return `prefix "${prefix}" ${prefixError}`;
    }
  }
  if (name.length === 0 || name.length > 63) {
    return `name part "${name}" must be 1 to 63 characters`;
  }
  return LABEL_NAME.test(name)
    ? undefined
    : `name part "${name}" must be letters, digits, "-", "_" and ".", starting and ending with a letter or digit`;
}

/** Why `value` is not a label value, or `undefined`. */
export function labelValueError(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return `must be a string, not ${typeof value}`;
  }
  if (value.length > 63) {
    return `is ${value.length} characters long; at most 63 are allowed`;
  }
  return LABEL_VALUE.test(value)
    ? undefined
    : 'must be empty or letters, digits, "-", "_" and ".", starting and ending with a letter or digit';
}

/** Why `name` is not a port name (IANA service name), or `undefined`. */
export function portNameError(name: string): string | undefined {
  if (name.length === 0 || name.length > 15) {
    return `is ${name.length} characters long; 1 to 15 are allowed`;
  }
  if (!PORT_NAME.test(name) || name.includes('--')) {
    return 'must be lower-case letters, digits and single "-", starting and ending with a letter or digit';
  }
  return /[a-z]/.test(name) ? undefined : 'must contain at least one letter';
}

/** Whether `name` is a valid environment variable name. */
export function isEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}

/** Whether `host` looks like an IPv4 or IPv6 address. */
export function isIpAddress(host: string): boolean {
  return IPV4.test(host) || host.includes(':');
}

/**
 * The value of a Kubernetes quantity (`500m`, `2Gi`, `1e3`), or `undefined`
 * when it is not one. Negative quantities are refused.
 */
export function parseQuantity(quantity: unknown): number | undefined {
  if (typeof quantity === 'number') {
    return Number.isFinite(quantity) && quantity >= 0 ? quantity : undefined;
  }
  if (typeof quantity !== 'string') {
    return undefined;
  }
  const match = QUANTITY.exec(quantity);
  if (!match) {
    return undefined;
  }
  const number = Number(match[1]);
  const suffix = match[3] ?? '';
  if (/^[eE]/.test(suffix)) {
    return number * 10 ** Number(suffix.slice(1));
  }
  return number * (SUFFIXES[suffix] ?? 1);
}

const SUFFIXES: Record<string, number> = {
  'n': 1e-9, 'u': 1e-6, 'm': 1e-3, '': 1, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12, 'P': 1e15, 'E': 1e18,
  'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40, 'Pi': 2 ** 50, 'Ei': 2 ** 60,
};
