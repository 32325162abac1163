import { dns1123SubdomainError, isIpAddress } from '../formats';
import { KubeObject } from '../manifest';
import { Problem, Rule } from '../rule';

const PATH_TYPES = new Set(['Exact', 'Prefix', 'ImplementationSpecific']);

interface IngressPath {
  readonly field: string;
  readonly path: any;
}

function ingressPaths(object: KubeObject): IngressPath[] {
  if (object.kind !== 'Ingress') {
    return [];
  }
  const rules = (object.spec as any)?.rules ?? [];
  return rules.flatMap((rule: any, r: number) => (rule?.http?.paths ?? []).map((path: any, i: number) => ({
    field: `spec.rules[${r}].http.paths[${i}]`,
    path,
  })));
}

function hostError(host: string): string | undefined {
  if (isIpAddress(host)) {
    return 'is an IP address; Ingress hosts must be DNS names';
  }
  if (host !== host.toLowerCase()) {
    return 'has upper-case letters; hosts must be lower case';
  }
  const name = host.startsWith('*.') ? host.slice(2) : host;
  return dns1123SubdomainError(name);
}

function backendProblems(field: string, backend: any, namespace: string, inventory: Parameters<Rule['check']>[1]): Problem[] {
  const service = backend?.service;
  if (!service) {
    return [];
  }
  const entry = inventory.service(namespace, service.name);
  if (!entry) {
    return [{ field: `${field}.service.name`, value: service.name, message: `the backend Service "${service.name}" is not defined in the chart`, fix: 'route to a Service of the chart (a WebService\'s ingress option does this by reference)' }];
  }
  const port = service.port ?? {};
  const found = port.number !== undefined
    ? entry.ports.some((p) => p.port === port.number)
    : entry.ports.some((p) => p.name === port.name);
  if (!found) {
    const wanted = port.number ?? port.name;
    const offered = entry.ports.map((p) => p.name ?? p.port).join(', ') || 'none';
    return [{ field: `${field}.service.port`, value: wanted, message: `Service "${service.name}" has no port ${JSON.stringify(wanted)} (it has ${offered})`, fix: 'use one of the Service\'s ports' }];
  }
  return [];
}

/** Rules on Ingresses. */
export const INGRESS_RULES: Rule[] = [
  {
    id: 'ingress-path-type',
    severity: 'error',
    summary: 'every Ingress path has pathType Exact, Prefix or ImplementationSpecific',
    check: ({ object }) => ingressPaths(object).flatMap(({ field, path }) => (PATH_TYPES.has(path?.pathType)
      ? []
      : [{ field: `${field}.pathType`, value: path?.pathType, message: `pathType ${JSON.stringify(path?.pathType)} is not Exact, Prefix or ImplementationSpecific`, fix: 'use HttpIngressPathType.PREFIX or EXACT' }])),
  },
  {
    id: 'ingress-path',
    severity: 'error',
    summary: 'Ingress paths are absolute and clean (no "//", "/./" or "/../")',
    check: ({ object }) => ingressPaths(object).flatMap(({ field, path }): Problem[] => {
      const value = path?.path;
      if (typeof value !== 'string' || !value.startsWith('/')) {
        return [{ field: `${field}.path`, value, message: `path ${JSON.stringify(value)} is not absolute`, fix: 'start the path with "/"' }];
      }
      if (path?.pathType !== 'ImplementationSpecific' && (/\/\/|\/\.\.?(\/|$)/.test(value))) {
        return [{ field: `${field}.path`, value, message: `path "${value}" contains "//", "/./" or "/../"`, fix: 'write the path in its clean form, such as "/api/v1"' }];
      }
      return [];
    }),
  },
  {
    id: 'ingress-host',
    severity: 'error',
    summary: 'Ingress hosts are lower-case DNS names, not IP addresses',
    check: ({ object }) => {
      if (object.kind !== 'Ingress') {
        return [];
      }
      const spec = object.spec as any;
      const hosts: Array<{ field: string; host: unknown }> = [];
      (spec?.rules ?? []).forEach((rule: any, r: number) => {
        if (rule?.host !== undefined) {
          hosts.push({ field: `spec.rules[${r}].host`, host: rule.host });
        }
      });
      (spec?.tls ?? []).forEach((tls: any, t: number) => (tls?.hosts ?? []).forEach((host: unknown, h: number) => {
        hosts.push({ field: `spec.tls[${t}].hosts[${h}]`, host });
      }));
      return hosts.flatMap(({ field, host }) => {
        const error = typeof host === 'string' ? hostError(host) : 'is not a string';
        return error ? [{ field, value: host, message: `host ${JSON.stringify(host)} ${error}`, fix: 'use a lower-case DNS name such as "shop.example.com"' }] : [];
      });
    },
  },
  {
    id: 'ingress-backend',
    severity: 'error',
    summary: 'Ingress backends name a Service of the chart and one of its ports',
    check: ({ object }, inventory) => {
      if (object.kind !== 'Ingress') {
        return [];
      }
      const namespace = object.metadata?.namespace ?? '';
      const spec = object.spec as any;
      return [
        ...backendProblems('spec.defaultBackend', spec?.defaultBackend, namespace, inventory),
        ...ingressPaths(object).flatMap(({ field, path }) => backendProblems(`${field}.backend`, path?.backend, namespace, inventory)),
      ];
    },
  },
];
