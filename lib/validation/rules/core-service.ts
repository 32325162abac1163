import { ipError, parseCidr, portNameError, qualifiedNameError } from '../formats';
import { containersOf, KubeObject } from '../manifest';
import { Problem, Rule } from '../rule';
import { arr, duplicates, isInt, obj, problem, show } from './util';

// Ports everywhere, and Services (pkg/apis/core/validation: ValidateService).

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);
const SERVICE_TYPES = new Set(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']);
const MAX_AFFINITY_TIMEOUT = 86400;

const inRange = (value: unknown): boolean => isInt(value) && value >= 1 && value <= 65535;

/** Every port number an object sets first (echoes of another field are left out), with its field. */
function badPortNumbers(object: KubeObject, inventory: Parameters<Rule['check']>[1]): Array<{ field: string; value: unknown }> {
  const ports: Array<{ field: string; value: unknown }> = [];
  // Only what the rule reports: a number (not a named port) out of range. The field is written only
  // then, since nearly every port of every object is fine.
  const bad = (value: unknown) => value !== undefined && typeof value !== 'string' && !inRange(value);
  const add = (field: string, value: unknown) => {
    if (bad(value)) {
      ports.push({ field, value });
    }
  };
  const spec = obj(object.spec);
  for (const { path, container } of containersOf(object)) {
    const declaredPorts = arr(container?.ports);
    declaredPorts.forEach((p, i) => {
      if (bad(p?.containerPort)) {
        add(`${path}.ports[${i}].containerPort`, p?.containerPort);
      }
      // hostPort 0 means "no host port".
      if (p?.hostPort !== 0 && bad(p?.hostPort)) {
        add(`${path}.ports[${i}].hostPort`, p?.hostPort);
      }
    });
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      const handlers = obj(container?.[probe]);
      if (!handlers) {
        continue;
      }
      for (const handler of ['httpGet', 'tcpSocket', 'grpc']) {
        const port = obj(handlers[handler])?.port;
        // A probe on a declared port echoes it: the declaration is reported.
        if (bad(port) && !new Set(declaredPorts.map((p) => p?.containerPort)).has(port)) {
          add(`${path}.${probe}.${handler}.port`, port);
        }
      }
    }
  }
  if (object.kind === 'Service') {
    const selector = obj(spec?.selector);
    let pods: ReturnType<typeof inventory.podPortsMatching> | undefined;
    const selected = () => (pods ??= selector ? inventory.podPortsMatching(object.metadata?.namespace ?? '', selector) : []);
    arr(spec?.ports).forEach((p, i) => {
      // A bad port that only forwards to the same bad container port of the
      // selected pods (WebService's `ports: [{ port }]`) is reported there.
      const forwards = p?.targetPort === undefined || p?.targetPort === 0 || p?.targetPort === p?.port;
      if (bad(p?.port) && !(forwards && selected().some((pod) => pod.numbers.has(p?.port)))) {
        add(`spec.ports[${i}].port`, p?.port);
      }
      // targetPort 0 defaults to port; a bad targetPort equal to a bad port,
      // or to a port the selected pods declare, is the same mistake again.
      if (p?.targetPort !== 0 && bad(p?.targetPort)) {
        const echo = (p?.targetPort === p?.port && !inRange(p?.port)) || selected().some((pod) => pod.numbers.has(p?.targetPort));
        if (!echo) {
          add(`spec.ports[${i}].targetPort`, p?.targetPort);
        }
      }
    });
  }
  if (object.kind === 'Ingress') {
    const namespace = object.metadata?.namespace ?? '';
    const backend = (field: () => string, b: any) => {
      const number = b?.service?.port?.number;
      if (!bad(number)) {
        return;
      }
      // A number the backend Service itself declares is reported on the Service.
      const declared = typeof b?.service?.name === 'string' && inventory.service(namespace, b.service.name)?.ports.some((p) => p?.port === number);
      if (!declared) {
        add(`${field()}.service.port.number`, number);
      }
    };
    backend(() => 'spec.defaultBackend', spec?.defaultBackend);
    arr(spec?.rules).forEach((rule, r) => arr(rule?.http?.paths).forEach((path, i) => backend(() => `spec.rules[${r}].http.paths[${i}].backend`, path?.backend)));
  }
  if (object.kind === 'NetworkPolicy') {
    for (const direction of ['ingress', 'egress']) {
      arr(spec?.[direction]).forEach((rule, r) => arr(rule?.ports).forEach((p, i) => add(`spec.${direction}[${r}].ports[${i}].port`, p?.port)));
    }
  }
  return ports;
}

/** Every protocol field of an object. */
function protocols(object: KubeObject): Array<{ field: string; value: unknown }> {
  const found: Array<{ field: string; value: unknown }> = [];
  for (const { path, container } of containersOf(object)) {
    arr(container?.ports).forEach((p, i) => found.push({ field: `${path}.ports[${i}].protocol`, value: p?.protocol }));
  }
  const spec = obj(object.spec);
  if (object.kind === 'Service') {
    arr(spec?.ports).forEach((p, i) => found.push({ field: `spec.ports[${i}].protocol`, value: p?.protocol }));
  }
  if (object.kind === 'NetworkPolicy') {
    for (const direction of ['ingress', 'egress']) {
      arr(spec?.[direction]).forEach((rule, r) => arr(rule?.ports).forEach((p, i) => {
        found.push({ field: `spec.${direction}[${r}].ports[${i}].protocol`, value: p?.protocol });
      }));
    }
  }
  return found.filter((p) => p.value !== undefined);
}

function serviceSpec(object: KubeObject): Record<string, any> | undefined {
  return object.kind === 'Service' ? obj(object.spec) ?? {} : undefined;
}

/** Rules on ports and Services. */
export const CORE_SERVICE_RULES: Rule[] = [
  {
    id: 'port-range',
    severity: 'error',
    summary: 'port numbers are integers from 1 to 65535, reported once where they are first set',
    check: ({ object }, inventory) => badPortNumbers(object, inventory).map(({ field, value }) => (
      problem(field, value, `port ${show(value)} is not an integer from 1 to 65535`, 'use a port number from 1 to 65535'))),
  },
  {
    id: 'port-name',
    severity: 'error',
    summary: 'port names (and named targetPorts) are at most 15 lower-case letters, digits and "-", with at least one letter',
    check: ({ object }) => {
      const problems: Problem[] = [];
      const checkName = (field: string, name: unknown) => {
        if (typeof name === 'string' && name !== '') {
          const error = portNameError(name);
          if (error) {
            problems.push(problem(field, name, `port name "${name}" ${error}`, 'use a name such as "http", "grpc" or "metrics"'));
          }
        }
      };
      for (const { path, container } of containersOf(object)) {
        arr(container?.ports).forEach((p, i) => checkName(`${path}.ports[${i}].name`, p?.name));
      }
      arr(serviceSpec(object)?.ports).forEach((p, i) => {
        checkName(`spec.ports[${i}].name`, p?.name);
        if (p?.targetPort !== p?.name) {
          checkName(`spec.ports[${i}].targetPort`, p?.targetPort);
        }
      });
      return problems;
    },
  },
  {
    id: 'protocol',
    severity: 'error',
    summary: 'protocols are TCP, UDP or SCTP; a Service port\'s appProtocol is a qualified name (an IANA name or a prefixed one)',
    check: ({ object }) => [
      ...protocols(object).flatMap(({ field, value }) => (PROTOCOLS.has(value as string)
        ? []
        : [problem(field, value, `protocol ${show(value)} is not TCP, UDP or SCTP`, 'use Protocol.TCP, Protocol.UDP or Protocol.SCTP (they are upper case)')])),
      ...(object.kind === 'Service' ? arr(serviceSpec(object)?.ports) : []).flatMap((port, i) => {
        const app = port?.appProtocol;
        const error = app === undefined ? undefined : typeof app === 'string' ? qualifiedNameError(app) : 'is not a string';
        return error ? [problem(`spec.ports[${i}].appProtocol`, app, `appProtocol ${show(app)} ${error}`, 'use an IANA service name such as "http" or "grpc", or a prefixed name such as "example.com/custom"')] : [];
      }),
    ],
  },
  {
    id: 'service-port-names',
    severity: 'error',
    summary: 'a Service with two or more ports names each one, uniquely',
    check: ({ object }) => {
      const ports = arr(serviceSpec(object)?.ports);
      if (ports.length < 2) {
        return [];
      }
      const problems: Problem[] = [];
      ports.forEach((p, i) => {
        if (!p?.name) {
          problems.push(problem(`spec.ports[${i}].name`, p?.name, `the Service has ${ports.length} ports and port ${show(p?.port)} has no name`, 'name every port of the Service ("http", "metrics", ...)'));
        }
      });
      for (const d of duplicates(ports, (p) => (typeof p?.name === 'string' && p.name !== '' ? p.name : undefined))) {
        problems.push(problem(`spec.ports[${d.index}].name`, d.key, `port name "${d.key}" is used twice (also spec.ports[${d.first}])`, 'give each port of the Service its own name'));
      }
      return problems;
    },
  },
  {
    id: 'service-port-duplicate',
    severity: 'error',
    summary: 'a Service has each port number and protocol once, and each nodePort and protocol once',
    check: ({ object }) => {
      const ports = arr(serviceSpec(object)?.ports);
      const key = (value: unknown, p: any) => (isInt(value) && value !== 0 ? `${value}/${p?.protocol ?? 'TCP'}` : undefined);
      return [
        ...duplicates(ports, (p) => key(p?.port, p)).map((d) => problem(`spec.ports[${d.index}].port`, ports[d.index].port, `port ${d.key} is declared twice (also spec.ports[${d.first}])`, 'declare each port and protocol once; use another port number for the second')),
        ...duplicates(ports, (p) => key(p?.nodePort, p)).map((d) => problem(`spec.ports[${d.index}].nodePort`, ports[d.index].nodePort, `nodePort ${d.key} is used twice (also spec.ports[${d.first}])`, 'give each port its own nodePort, or leave nodePort out to have one allocated')),
      ];
    },
  },
  {
    id: 'node-port',
    severity: 'error',
    summary: 'nodePort only on NodePort or LoadBalancer Services, within 30000-32767',
    check: ({ object }) => {
      const spec = serviceSpec(object);
      if (!spec) {
        return [];
      }
      const type = spec.type ?? 'ClusterIP';
      return arr(spec.ports).flatMap((p, i): Problem[] => {
        if (p?.nodePort === undefined || p?.nodePort === 0) {
          return [];
        }
        const field = `spec.ports[${i}].nodePort`;
        if (type !== 'NodePort' && type !== 'LoadBalancer') {
          return [problem(field, p.nodePort, `a ${type} Service cannot have a nodePort`, 'set the Service type to NodePort or LoadBalancer, or remove nodePort')];
        }
        if (!isInt(p.nodePort) || p.nodePort < 30000 || p.nodePort > 32767) {
          return [problem(field, p.nodePort, `nodePort ${show(p.nodePort)} is outside the default node port range 30000-32767`, 'choose a nodePort from 30000 to 32767')];
        }
        return [];
      });
    },
  },
  {
    id: 'service-type',
    severity: 'error',
    summary: 'Service fields fit the type: ExternalName has a DNS externalName and no cluster IP; other types have ports; loadBalancer fields only on LoadBalancer; externalTrafficPolicy only on external Services; session affinity ClientIP with a timeout of 1 to 86400',
    check: ({ object }) => {
      const spec = serviceSpec(object);
      if (!spec) {
        return [];
      }
      const problems: Problem[] = [];
      const type = spec.type ?? 'ClusterIP';
      if (!SERVICE_TYPES.has(type)) {
        return [problem('spec.type', type, `Service type ${show(type)} is not ClusterIP, NodePort, LoadBalancer or ExternalName`, 'use ServiceType.CLUSTER_IP, NODE_PORT, LOAD_BALANCER or EXTERNAL_NAME')];
      }
      const headless = spec.clusterIP === 'None';
      if (type === 'ExternalName') {
        const name = spec.externalName;
        if (typeof name !== 'string' || name === '') {
          problems.push(problem('spec.externalName', name, 'an ExternalName Service has no externalName', 'set externalName to the DNS name the Service stands for, such as "db.example.com"'));
        } else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\.?$/.test(name) || name.length > 253) {
          problems.push(problem('spec.externalName', name, `externalName "${name}" is not a lower-case DNS name (a DNS-1123 subdomain)`, 'use a DNS name such as "db.example.com"; for an IP address use a Service without selector and an EndpointSlice'));
        }
        if ((spec.clusterIP !== undefined && spec.clusterIP !== '') || arr(spec.clusterIPs).length > 0) {
          problems.push(problem(spec.clusterIP !== undefined ? 'spec.clusterIP' : 'spec.clusterIPs', spec.clusterIP ?? spec.clusterIPs, 'an ExternalName Service cannot have a cluster IP (not even None)', 'remove clusterIP and clusterIPs'));
        }
      } else if (arr(spec.ports).length === 0 && !headless) {
        problems.push(problem('spec.ports', spec.ports, `a ${type} Service needs at least one port (only headless Services may have none)`, 'declare the ports, or set clusterIP: None for a headless Service'));
      }
      if (headless && (type === 'NodePort' || type === 'LoadBalancer')) {
        problems.push(problem('spec.clusterIP', 'None', `a ${type} Service cannot be headless (clusterIP None)`, 'use type ClusterIP for a headless Service'));
      }
      if (spec.loadBalancerSourceRanges !== undefined && type !== 'LoadBalancer') {
        problems.push(problem('spec.loadBalancerSourceRanges', spec.loadBalancerSourceRanges, `loadBalancerSourceRanges apply only to LoadBalancer Services, not ${type}`, 'set type LoadBalancer, or use a NetworkPolicy to limit clients'));
      }
      arr(spec.loadBalancerSourceRanges).forEach((cidr, i) => {
        const parsed = parseCidr(typeof cidr === 'string' ? cidr.trim() : cidr);
        if (typeof parsed === 'string') {
          problems.push(problem(`spec.loadBalancerSourceRanges[${i}]`, cidr, `source range ${show(cidr)} ${parsed}`, 'use a CIDR such as "203.0.113.0/24"'));
        }
      });
      for (const field of ['loadBalancerClass', 'loadBalancerIP', 'allocateLoadBalancerNodePorts']) {
        if (spec[field] !== undefined && type !== 'LoadBalancer') {
          problems.push(problem(`spec.${field}`, spec[field], `${field} applies only to LoadBalancer Services, not ${type}`, `set type LoadBalancer, or remove ${field}`));
        }
      }
      const external = type === 'NodePort' || type === 'LoadBalancer' || arr(spec.externalIPs).length > 0;
      if (spec.externalTrafficPolicy !== undefined) {
        if (!external) {
          problems.push(problem('spec.externalTrafficPolicy', spec.externalTrafficPolicy, `externalTrafficPolicy applies only to NodePort and LoadBalancer Services (or ones with externalIPs), not ${type}`, 'remove externalTrafficPolicy, or change the type'));
        } else if (spec.externalTrafficPolicy !== 'Cluster' && spec.externalTrafficPolicy !== 'Local') {
          problems.push(problem('spec.externalTrafficPolicy', spec.externalTrafficPolicy, `externalTrafficPolicy ${show(spec.externalTrafficPolicy)} is not Cluster or Local`, 'use Cluster or Local'));
        }
      }
      if (spec.healthCheckNodePort !== undefined && !(type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local')) {
        problems.push(problem('spec.healthCheckNodePort', spec.healthCheckNodePort, 'healthCheckNodePort applies only to LoadBalancer Services with externalTrafficPolicy Local', 'remove healthCheckNodePort'));
      }
      if (spec.internalTrafficPolicy !== undefined && spec.internalTrafficPolicy !== 'Cluster' && spec.internalTrafficPolicy !== 'Local') {
        problems.push(problem('spec.internalTrafficPolicy', spec.internalTrafficPolicy, `internalTrafficPolicy ${show(spec.internalTrafficPolicy)} is not Cluster or Local`, 'use Cluster or Local'));
      }
      const affinity = spec.sessionAffinity ?? 'None';
      const timeout = obj(obj(spec.sessionAffinityConfig)?.clientIP)?.timeoutSeconds;
      if (affinity !== 'None' && affinity !== 'ClientIP') {
        problems.push(problem('spec.sessionAffinity', affinity, `sessionAffinity ${show(affinity)} is not None or ClientIP`, 'use None or ClientIP'));
      } else if (affinity === 'None' && spec.sessionAffinityConfig !== undefined) {
        problems.push(problem('spec.sessionAffinityConfig', spec.sessionAffinityConfig, 'sessionAffinityConfig applies only with sessionAffinity ClientIP', 'set sessionAffinity ClientIP, or remove sessionAffinityConfig'));
      } else if (timeout !== undefined && (!isInt(timeout) || timeout < 1 || timeout > MAX_AFFINITY_TIMEOUT)) {
        problems.push(problem('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, `session affinity timeout ${show(timeout)} is not from 1 to ${MAX_AFFINITY_TIMEOUT} seconds`, 'use 1 to 86400 seconds (10800, three hours, is the default)'));
      }
      if (spec.ipFamilyPolicy !== undefined && !['SingleStack', 'PreferDualStack', 'RequireDualStack'].includes(spec.ipFamilyPolicy)) {
        problems.push(problem('spec.ipFamilyPolicy', spec.ipFamilyPolicy, `ipFamilyPolicy ${show(spec.ipFamilyPolicy)} is not SingleStack, PreferDualStack or RequireDualStack`, 'use SingleStack, PreferDualStack or RequireDualStack'));
      }
      const families = arr(spec.ipFamilies);
      families.forEach((family, i) => {
        if (family !== 'IPv4' && family !== 'IPv6') {
          problems.push(problem(`spec.ipFamilies[${i}]`, family, `IP family ${show(family)} is not IPv4 or IPv6`, 'use IPv4 or IPv6'));
        }
      });
      if (families.length === 2 && families[0] === families[1]) {
        problems.push(problem('spec.ipFamilies[1]', families[1], `IP family ${families[1]} is listed twice`, 'list IPv4 and IPv6 once each'));
      }
      return problems;
    },
  },
  {
    id: 'cluster-ip',
    severity: 'error',
    summary: 'clusterIP and clusterIPs are IP addresses or None (alone), clusterIPs[0] equals clusterIP, and externalIPs are IP addresses',
    check: ({ object }) => {
      const spec = serviceSpec(object);
      if (!spec) {
        return [];
      }
      const problems: Problem[] = [];
      const check = (field: string, ip: unknown) => {
        if (ip === 'None' || ip === '') {
          return;
        }
        const error = ipError(ip);
        if (error) {
          problems.push(problem(field, ip, `cluster IP ${show(ip)} ${error}`, 'leave clusterIP out to have one allocated, set "None" for a headless Service, or give an address of the service CIDR'));
        }
      };
      if (spec.clusterIP !== undefined) {
        check('spec.clusterIP', spec.clusterIP);
      }
      const ips = arr(spec.clusterIPs);
      ips.forEach((ip, i) => {
        if (i > 0 || ip !== spec.clusterIP) {
          check(`spec.clusterIPs[${i}]`, ip);
        }
      });
      if (ips.length > 0 && spec.clusterIP !== undefined && spec.clusterIP !== '' && ips[0] !== spec.clusterIP) {
        problems.push(problem('spec.clusterIPs[0]', ips[0], `clusterIPs[0] ${show(ips[0])} differs from clusterIP ${show(spec.clusterIP)}`, 'make clusterIPs[0] the same as clusterIP, or set only one of them'));
      }
      if (ips.length > 2 || (ips.length === 2 && ips.includes('None'))) {
        problems.push(problem('spec.clusterIPs', ips, ips.length > 2 ? 'a Service has at most two cluster IPs (one per family)' : '"None" cannot be combined with another cluster IP', 'give one IPv4 and one IPv6 address at most, or "None" alone'));
      }
      arr(spec.externalIPs).forEach((ip, i) => {
        const error = ipError(ip);
        if (error) {
          problems.push(problem(`spec.externalIPs[${i}]`, ip, `external IP ${show(ip)} ${error}`, 'use an IP address such as "203.0.113.10"'));
        }
      });
      return problems;
    },
  },
  {
    id: 'service-target-port',
    severity: 'error',
    summary: "a Service's named targetPort is a port name that a container of the selected pods declares",
    check: ({ object }, inventory) => {
      const spec = serviceSpec(object);
      const selector = obj(spec?.selector);
      if (!spec || !selector || spec.type === 'ExternalName') {
        return [];
      }
      const pods = inventory.podPortsMatching(object.metadata?.namespace ?? '', selector);
      if (pods.length === 0) {
        return []; // service-selector-orphan reports it
      }
      return arr(spec.ports).flatMap((p, i) => {
        const target = p?.targetPort;
        if (typeof target !== 'string' || target === '' || portNameError(target) || pods.every((pod) => pod.names.has(target))) {
          return [];
        }
        const declared = [...new Set(pods.flatMap((pod) => [...pod.names]))].join(', ') || 'none';
        const some = pods.some((pod) => pod.names.has(target));
        return [problem(`spec.ports[${i}].targetPort`, target, some
          ? `only some of the selected pods declare a port named "${target}": traffic to the others fails`
          : `no container of the selected pods declares a port named "${target}" (they declare ${declared}): the Service would have no endpoints on it`, 'use the name of a declared container port, or the port number')];
      });
    },
  },
  {
    id: 'service-selector-orphan',
    severity: 'error',
    summary: "a Service's selector matches a pod of the chart",
    check: ({ object }, inventory) => {
      const spec = serviceSpec(object);
      const selector = obj(spec?.selector);
      if (!selector || spec?.type === 'ExternalName') {
        return [];
      }
      if (Object.keys(selector).length === 0) {
        return [problem('spec.selector', selector, 'the selector is empty', 'select pods by label, or leave the selector out for a Service with manual endpoints')];
      }
      return inventory.hasPodsMatching(object.metadata?.namespace ?? '', selector)
        ? []
        : [problem('spec.selector', selector, `no pod of the chart has the labels ${JSON.stringify(selector)}: the Service would have no endpoints`, 'point the Service at a workload of the chart (WebService does this), or allow this rule if the pods come from elsewhere')];
    },
  },
];
