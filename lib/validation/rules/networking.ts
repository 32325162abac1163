import { cidrContains, dns1123SubdomainError, parseCidr, parseIp, portNameError } from '../formats';
import { Inventory } from '../inventory';
import { KubeObject } from '../manifest';
import { Problem, Rule } from '../rule';
import { nameFormatError } from './meta';
import { arr, isInt, obj, problem, show } from './util';

// networking.k8s.io/v1: Ingress and NetworkPolicy (pkg/apis/networking/validation).

const PATH_TYPES = new Set(['Exact', 'Prefix', 'ImplementationSpecific']);
const BAD_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const BAD_PATH_SUFFIXES = ['/..', '/.'];
const POLICY_TYPES = new Set(['Ingress', 'Egress']);

interface IngressPath {
  readonly field: string;
  readonly path: any;
}

function ingressPaths(object: KubeObject): IngressPath[] {
  if (object.kind !== 'Ingress') {
    return [];
  }
  return arr(obj(object.spec)?.rules).flatMap((rule, r) => arr(rule?.http?.paths).map((path, i) => ({
    field: `spec.rules[${r}].http.paths[${i}]`,
    path,
  })));
}

/** Why `host` is not an Ingress host: a DNS name, or a wildcard `*.` and a DNS name. */
export function ingressHostError(host: string): string | undefined {
  if (parseIp(host)) {
    return 'is an IP address; Ingress hosts must be DNS names';
  }
  const colon = host.lastIndexOf(':');
  if (colon > 0 && /^\d*$/.test(host.slice(colon + 1)) && parseIp(host.slice(0, colon)) === undefined) {
    return 'has a port; an Ingress host is a DNS name only (the controller listens on its own ports)';
  }
  if (host !== host.toLowerCase()) {
    return 'has upper-case letters; hosts must be lower case';
  }
  if (host.includes('*') && !host.startsWith('*.')) {
    return 'has a "*" that is not the whole first label; a wildcard host is "*." and a DNS name';
  }
  const name = host.startsWith('*.') ? host.slice(2) : host;
  return name.includes('*') ? 'has more than one "*"' : dns1123SubdomainError(name);
}

/** Why an Exact or Prefix path is not clean, or `undefined`. */
function pathError(path: string, pathType: unknown): string | undefined {
  if (!path.startsWith('/')) {
    return 'is not absolute';
  }
  if (pathType === 'ImplementationSpecific') {
    return undefined;
  }
  const sequence = BAD_PATH_SEQUENCES.find((s) => path.includes(s));
  if (sequence) {
    return `contains "${sequence}"`;
  }
  const suffix = BAD_PATH_SUFFIXES.find((s) => path.endsWith(s));
  return suffix ? `ends with "${suffix}"` : undefined;
}

function backendProblems(field: string, backend: any, namespace: string, inventory: Inventory): Problem[] {
  const service = obj(backend?.service);
  if (!service || typeof service.name !== 'string' || nameFormatError('Service', service.name)) {
    // No Service, or a name no Service can have (reported by reference-name).
    return [];
  }
  const entry = inventory.service(namespace, service.name);
  if (!entry) {
    return [problem(`${field}.service.name`, service.name, `the backend Service "${service.name}" is not defined in the chart`, 'route to a Service of the chart (a WebService\'s ingress option does this by reference)')];
  }
  const port = obj(service.port) ?? {};
  if (port.number !== undefined && !(isInt(port.number) && port.number >= 1 && port.number <= 65535)) {
    return []; // port-range reports it
  }
  const found = port.number !== undefined
    ? entry.ports.some((p) => p?.port === port.number)
    : entry.ports.some((p) => p?.name === port.name);
  if (!found) {
    const wanted = port.number ?? port.name;
    const offered = entry.ports.map((p) => p?.name ?? p?.port).join(', ') || 'none';
    return [problem(`${field}.service.port`, wanted, `Service "${service.name}" has no port ${show(wanted)} (it has ${offered})`, 'use one of the Service\'s ports')];
  }
  return [];
}

/** Every backend of an Ingress, with its field. */
function backends(object: KubeObject): Array<{ field: string; backend: any }> {
  if (object.kind !== 'Ingress') {
    return [];
  }
  const spec = obj(object.spec);
  const found = spec?.defaultBackend !== undefined ? [{ field: 'spec.defaultBackend', backend: spec.defaultBackend }] : [];
  return [...found, ...ingressPaths(object).map(({ field, path }) => ({ field: `${field}.backend`, backend: path?.backend }))];
}

/** Every NetworkPolicy rule (ingress and egress) with its peers' field name. */
function policyRules(object: KubeObject): Array<{ field: string; rule: any; peers: 'from' | 'to' }> {
  if (object.kind !== 'NetworkPolicy') {
    return [];
  }
  const spec = obj(object.spec);
  return [
    ...arr(spec?.ingress).map((rule, r) => ({ field: `spec.ingress[${r}]`, rule, peers: 'from' as const })),
    ...arr(spec?.egress).map((rule, r) => ({ field: `spec.egress[${r}]`, rule, peers: 'to' as const })),
  ];
}

/** Rules on Ingresses. */
const INGRESS_RULES: Rule[] = [
  {
    id: 'ingress-spec',
    severity: 'error',
    summary: 'an Ingress has rules or a defaultBackend; every http rule has paths; a backend is a service or a resource, with a port name or number',
    check: ({ object }) => {
      if (object.kind !== 'Ingress') {
        return [];
      }
      const spec = obj(object.spec) ?? {};
      const problems: Problem[] = [];
      if (arr(spec.rules).length === 0 && spec.defaultBackend === undefined) {
        problems.push(problem('spec', undefined, 'the Ingress has neither rules nor a defaultBackend', 'add a rule with a host and paths, or a defaultBackend'));
      }
      arr(spec.rules).forEach((rule, r) => {
        if (rule?.http !== undefined && arr(rule.http?.paths).length === 0) {
          problems.push(problem(`spec.rules[${r}].http.paths`, rule.http?.paths, 'the http rule has no paths', 'add a path such as "/" with pathType Prefix'));
        }
      });
      for (const { field, backend } of backends(object)) {
        const kinds = ['service', 'resource'].filter((k) => backend?.[k] !== undefined && backend?.[k] !== null);
        if (kinds.length !== 1) {
          problems.push(problem(field, backend, kinds.length === 0 ? 'the backend names neither a service nor a resource' : 'the backend names both a service and a resource', 'give the backend exactly one of service or resource'));
          continue;
        }
        if (kinds[0] === 'service') {
          const port = obj(backend.service.port) ?? {};
          const hasName = typeof port.name === 'string' && port.name !== '';
          const hasNumber = port.number !== undefined && port.number !== 0;
          if (hasName === hasNumber) {
            problems.push(problem(`${field}.service.port`, backend.service.port, hasName ? 'the backend port has both a name and a number' : 'the backend port has neither a name nor a number', 'give the backend port either a name or a number'));
          } else if (hasName && portNameError(port.name)) {
            problems.push(problem(`${field}.service.port.name`, port.name, `port name "${port.name}" ${portNameError(port.name)}`, 'use the name of one of the Service\'s ports'));
          }
        }
      }
      return problems;
    },
  },
  {
    id: 'ingress-path-type',
    severity: 'error',
    summary: 'every Ingress path has pathType Exact, Prefix or ImplementationSpecific',
    check: ({ object }) => ingressPaths(object).flatMap(({ field, path }) => (PATH_TYPES.has(path?.pathType)
      ? []
      : [problem(`${field}.pathType`, path?.pathType, `pathType ${show(path?.pathType)} is not Exact, Prefix or ImplementationSpecific`, 'use HttpIngressPathType.PREFIX or EXACT')])),
  },
  {
    id: 'ingress-path',
    severity: 'error',
    summary: 'Ingress paths are absolute; Exact and Prefix paths are clean (no "//", "/./", "/../", "%2F", no trailing "/." or "/..")',
    check: ({ object }) => ingressPaths(object).flatMap(({ field, path }): Problem[] => {
      const value = path?.path;
      if (value === undefined && path?.pathType === 'ImplementationSpecific') {
        return [];
      }
      const error = typeof value === 'string' ? pathError(value, path?.pathType) : 'is not absolute';
      return error
        ? [problem(`${field}.path`, value, `path ${show(value)} ${error}`, error === 'is not absolute' ? 'start the path with "/"' : 'write the path in its clean form, such as "/api/v1" or "/static/"')]
        : [];
    }),
  },
  {
    id: 'ingress-host',
    severity: 'error',
    summary: 'Ingress rule and TLS hosts are lower-case DNS names or "*." wildcards, without IP addresses or ports',
    check: ({ object }) => {
      if (object.kind !== 'Ingress') {
        return [];
      }
      const spec = obj(object.spec);
      const hosts: Array<{ field: string; host: unknown }> = [];
      arr(spec?.rules).forEach((rule, r) => {
        if (rule?.host !== undefined && rule.host !== '') {
          hosts.push({ field: `spec.rules[${r}].host`, host: rule.host });
        }
      });
      arr(spec?.tls).forEach((tls, t) => arr(tls?.hosts).forEach((host, h) => hosts.push({ field: `spec.tls[${t}].hosts[${h}]`, host })));
      return hosts.flatMap(({ field, host }) => {
        const error = typeof host === 'string' ? ingressHostError(host) : 'is not a string';
        return error ? [problem(field, host, `host ${show(host)} ${error}`, 'use a lower-case DNS name such as "shop.example.com"')] : [];
      });
    },
  },
  {
    id: 'ingress-backend',
    severity: 'error',
    summary: 'Ingress backends name a Service of the chart and one of its ports',
    check: ({ object }, inventory) => {
      const namespace = object.metadata?.namespace ?? '';
      return backends(object).flatMap(({ field, backend }) => backendProblems(field, backend, namespace, inventory));
    },
  },
];

/** Rules on NetworkPolicies. */
const NETWORK_POLICY_RULES: Rule[] = [
  {
    id: 'network-policy-peer',
    severity: 'error',
    summary: 'a NetworkPolicy peer is selectors or an ipBlock, not both; ipBlock CIDRs are valid, and each except is a strict subset of the cidr',
    check: ({ object }) => policyRules(object).flatMap(({ field, rule, peers }) => arr(rule?.[peers]).flatMap((peer, i) => {
      const at = `${field}.${peers}[${i}]`;
      const selectors = ['podSelector', 'namespaceSelector'].filter((s) => peer?.[s] !== undefined && peer?.[s] !== null);
      const block = obj(peer?.ipBlock);
      if (!block) {
        return selectors.length === 0 ? [problem(at, peer, 'the peer names no podSelector, namespaceSelector or ipBlock', 'give the peer a selector or an ipBlock (an empty list of peers means everyone)')] : [];
      }
      if (selectors.length > 0) {
        return [problem(at, peer, `the peer has an ipBlock and a ${selectors.join(' and ')}`, 'split it into two peers: one with the ipBlock, one with the selectors')];
      }
      const cidr = parseCidr(block.cidr);
      if (typeof cidr === 'string') {
        return [problem(`${at}.ipBlock.cidr`, block.cidr, `CIDR ${show(block.cidr)} ${cidr}`, 'use a CIDR such as "10.0.0.0/16" or "2001:db8::/64"')];
      }
      return arr(block.except).flatMap((except, e) => {
        const inner = parseCidr(except);
        if (typeof inner === 'string') {
          return [problem(`${at}.ipBlock.except[${e}]`, except, `except CIDR ${show(except)} ${inner}`, 'use a CIDR inside the ipBlock\'s cidr')];
        }
        return cidrContains(cidr, inner) && inner.prefix > cidr.prefix
          ? []
          : [problem(`${at}.ipBlock.except[${e}]`, except, `except ${show(except)} is not a strict subset of cidr "${block.cidr}"`, 'except only ranges inside the cidr and narrower than it')];
      });
    })),
  },
  {
    id: 'network-policy-port',
    severity: 'error',
    summary: 'NetworkPolicy ports are numbers from 1 to 65535 or port names; endPort needs a numeric port and is not below it',
    check: ({ object }) => policyRules(object).flatMap(({ field, rule }) => arr(rule?.ports).flatMap((p, i): Problem[] => {
      const at = `${field}.ports[${i}]`;
      if (typeof p?.port === 'string' && p.port !== '' && portNameError(p.port)) {
        return [problem(`${at}.port`, p.port, `port name "${p.port}" ${portNameError(p.port)}`, 'use a port number or a port name the pods declare')];
      }
      if (p?.endPort === undefined || p?.endPort === null) {
        return [];
      }
      if (!isInt(p.port)) {
        return [problem(`${at}.endPort`, p.endPort, p?.port === undefined ? 'endPort needs a port to start the range' : `endPort needs a numeric port, not the name ${show(p.port)}`, 'set port to the first number of the range')];
      }
      if (!isInt(p.endPort) || p.endPort < p.port || p.endPort > 65535) {
        return [problem(`${at}.endPort`, p.endPort, `endPort ${show(p.endPort)} is not from port ${p.port} to 65535`, 'make endPort the last port of the range, not below port')];
      }
      return [];
    })),
  },
  {
    id: 'network-policy-types',
    severity: 'error',
    summary: 'NetworkPolicy policyTypes are Ingress and/or Egress, each once',
    check: ({ object }) => {
      if (object.kind !== 'NetworkPolicy') {
        return [];
      }
      const types = arr(obj(object.spec)?.policyTypes);
      const problems: Problem[] = types.flatMap((type, i) => (POLICY_TYPES.has(type)
        ? []
        : [problem(`spec.policyTypes[${i}]`, type, `policy type ${show(type)} is not Ingress or Egress`, 'use Ingress and/or Egress')]));
      if (types.length > 2 || new Set(types).size !== types.length) {
        problems.push(problem('spec.policyTypes', types, 'policyTypes lists a type twice', 'list Ingress and Egress at most once each'));
      }
      return problems;
    },
  },
];

/** Rules of networking.k8s.io. */
export const NETWORKING_RULES: Rule[] = [...INGRESS_RULES, ...NETWORK_POLICY_RULES];
