import { containersOf, KubeObject, podSpecsOf } from '../manifest';
import { Problem, Rule } from '../rule';

const PROTOCOLS = new Set(['TCP', 'UDP', 'SCTP']);

/** Every port number an object carries, with its field. Named ports (strings) are left to other rules. */
function portNumbers(object: KubeObject): Array<{ field: string; value: unknown }> {
  const ports: Array<{ field: string; value: unknown }> = [];
  const add = (field: string, value: unknown) => {
    if (value !== undefined && typeof value !== 'string') {
      ports.push({ field, value });
    }
  };
  const spec = object.spec as any;
  for (const { path, container } of containersOf(object)) {
    (container?.ports ?? []).forEach((p: any, i: number) => {
      add(`${path}.ports[${i}].containerPort`, p?.containerPort);
      add(`${path}.ports[${i}].hostPort`, p?.hostPort);
    });
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      add(`${path}.${probe}.httpGet.port`, container?.[probe]?.httpGet?.port);
      add(`${path}.${probe}.tcpSocket.port`, container?.[probe]?.tcpSocket?.port);
    }
  }
  if (object.kind === 'Service') {
    (spec?.ports ?? []).forEach((p: any, i: number) => {
      add(`spec.ports[${i}].port`, p?.port);
      add(`spec.ports[${i}].targetPort`, p?.targetPort);
    });
  }
  if (object.kind === 'Ingress') {
    (spec?.rules ?? []).forEach((rule: any, r: number) => (rule?.http?.paths ?? []).forEach((path: any, i: number) => {
      add(`spec.rules[${r}].http.paths[${i}].backend.service.port.number`, path?.backend?.service?.port?.number);
    }));
  }
  if (object.kind === 'NetworkPolicy') {
    for (const direction of ['ingress', 'egress']) {
      (spec?.[direction] ?? []).forEach((rule: any, r: number) => (rule?.ports ?? []).forEach((p: any, i: number) => {
        add(`spec.${direction}[${r}].ports[${i}].port`, p?.port);
      }));
    }
  }
  return ports;
}

/** Every protocol field of an object. */
function protocols(object: KubeObject): Array<{ field: string; value: unknown }> {
  const found: Array<{ field: string; value: unknown }> = [];
  for (const { path, container } of containersOf(object)) {
    (container?.ports ?? []).forEach((p: any, i: number) => found.push({ field: `${path}.ports[${i}].protocol`, value: p?.protocol }));
  }
  const spec = object.spec as any;
  if (object.kind === 'Service') {
    (spec?.ports ?? []).forEach((p: any, i: number) => found.push({ field: `spec.ports[${i}].protocol`, value: p?.protocol }));
  }
  if (object.kind === 'NetworkPolicy') {
    for (const direction of ['ingress', 'egress']) {
      (spec?.[direction] ?? []).forEach((rule: any, r: number) => (rule?.ports ?? []).forEach((p: any, i: number) => {
        found.push({ field: `spec.${direction}[${r}].ports[${i}].protocol`, value: p?.protocol });
      }));
    }
  }
  return found.filter((p) => p.value !== undefined);
}

/** Rules on ports and Services. */
export const PORT_RULES: Rule[] = [
  {
    id: 'port-range',
    severity: 'error',
    summary: 'port numbers are integers from 1 to 65535',
    check: ({ object }) => portNumbers(object).flatMap(({ field, value }) => (
      Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535
        ? []
        : [{ field, value, message: `port ${JSON.stringify(value)} is not an integer from 1 to 65535`, fix: 'use a port number from 1 to 65535' }]
    )),
  },
  {
    id: 'service-port-names',
    severity: 'error',
    summary: 'a Service with two or more ports names each one, uniquely',
    check: ({ object }) => {
      const ports = object.kind === 'Service' ? (object.spec as any)?.ports ?? [] : [];
      if (ports.length < 2) {
        return [];
      }
      const problems: Problem[] = [];
      const names = new Set<string>();
      ports.forEach((p: any, i: number) => {
        if (!p?.name) {
          problems.push({ field: `spec.ports[${i}].name`, value: p?.name, message: `the Service has ${ports.length} ports and port ${p?.port} has no name`, fix: 'name every port of the Service ("http", "metrics", ...)' });
        } else if (names.has(p.name)) {
          problems.push({ field: `spec.ports[${i}].name`, value: p.name, message: `port name "${p.name}" is used twice`, fix: 'give each port of the Service its own name' });
        }
        names.add(p?.name);
      });
      return problems;
    },
  },
  {
    id: 'node-port',
    severity: 'error',
    summary: 'nodePort only on NodePort or LoadBalancer Services, within 30000-32767',
    check: ({ object }) => {
      if (object.kind !== 'Service') {
        return [];
      }
      const spec = object.spec as any;
      const type = spec?.type ?? 'ClusterIP';
      return (spec?.ports ?? []).flatMap((p: any, i: number): Problem[] => {
        if (p?.nodePort === undefined) {
          return [];
        }
        const field = `spec.ports[${i}].nodePort`;
        if (type !== 'NodePort' && type !== 'LoadBalancer') {
          return [{ field, value: p.nodePort, message: `a ${type} Service cannot have a nodePort`, fix: 'set the Service type to NodePort or LoadBalancer, or remove nodePort' }];
        }
        if (!Number.isInteger(p.nodePort) || p.nodePort < 30000 || p.nodePort > 32767) {
          return [{ field, value: p.nodePort, message: `nodePort ${p.nodePort} is outside the default node port range 30000-32767`, fix: 'choose a nodePort from 30000 to 32767' }];
        }
        return [];
      });
    },
  },
  {
    id: 'protocol',
    severity: 'error',
    summary: 'protocols are TCP, UDP or SCTP',
    check: ({ object }) => protocols(object).flatMap(({ field, value }) => (PROTOCOLS.has(value as string)
      ? []
      : [{ field, value, message: `protocol ${JSON.stringify(value)} is not TCP, UDP or SCTP`, fix: 'use Protocol.TCP, Protocol.UDP or Protocol.SCTP (they are upper case)' }])),
  },
  {
    id: 'selector-match',
    severity: 'error',
    summary: "a controller's selector is non-empty and matches its own pod template",
    check: ({ object }) => {
      if (!['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'PodDisruptionBudget'].includes(object.kind)) {
        return [];
      }
      const spec = object.spec as any;
      const matchLabels = spec?.selector?.matchLabels ?? {};
      const expressions = spec?.selector?.matchExpressions ?? [];
      if (Object.keys(matchLabels).length === 0 && expressions.length === 0) {
        return [{ field: 'spec.selector', value: spec?.selector, message: 'the selector is empty: it would select every pod of the namespace', fix: 'select the pods by their app.kubernetes.io/name label (the constructs do this unless selectorLabels is empty)' }];
      }
      if (object.kind === 'PodDisruptionBudget') {
        return [];
      }
      const podLabels = podSpecsOf(object)[0]?.labels ?? {};
      return Object.entries(matchLabels).flatMap(([key, value]) => (podLabels[key] === value
        ? []
        : [{ field: `spec.selector.matchLabels[${key}]`, value, message: `the pod template has ${key}=${JSON.stringify(podLabels[key])}, so the selector ${key}=${value} does not match it`, fix: 'derive the pod labels and the selector from the same labels' }]));
    },
  },
  {
    id: 'service-selector-orphan',
    severity: 'error',
    summary: "a Service's selector matches a pod of the chart",
    check: ({ object }, inventory) => {
      const selector = object.kind === 'Service' ? (object.spec as any)?.selector : undefined;
      if (!selector || (object.spec as any)?.type === 'ExternalName') {
        return [];
      }
      if (Object.keys(selector).length === 0) {
        return [{ field: 'spec.selector', value: selector, message: 'the selector is empty', fix: 'select pods by label, or leave the selector out for a Service with manual endpoints' }];
      }
      return inventory.hasPodsMatching(object.metadata?.namespace ?? '', selector)
        ? []
        : [{ field: 'spec.selector', value: selector, message: `no pod of the chart has the labels ${JSON.stringify(selector)}: the Service would have no endpoints`, fix: 'point the Service at a workload of the chart (WebService does this), or allow this rule if the pods come from elsewhere' }];
    },
  },
];
