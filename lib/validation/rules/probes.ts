import { containersOf } from '../manifest';
import { Problem, Rule } from '../rule';

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'] as const;

function probesOf(object: Parameters<Rule['check']>[0]['object']) {
  return containersOf(object).flatMap(({ path, container }) => PROBES
    .filter((kind) => container?.[kind] !== undefined)
    .map((kind) => ({ field: `${path}.${kind}`, kind, probe: container[kind], container })));
}

/** Rules on probes. */
export const PROBE_RULES: Rule[] = [
  {
    id: 'probe-handler',
    severity: 'error',
    summary: 'a probe has exactly one handler: httpGet, tcpSocket, exec or grpc',
    check: ({ object }) => probesOf(object).flatMap(({ field, probe }) => {
      const handlers = HANDLERS.filter((h) => probe?.[h] !== undefined);
      return handlers.length === 1
        ? []
        : [{ field, value: handlers, message: handlers.length === 0 ? 'the probe has no handler' : `the probe has ${handlers.length} handlers (${handlers.join(', ')})`, fix: 'build the probe with exactly one of Probe.httpGet, Probe.tcpSocket or Probe.exec' }];
    }),
  },
  {
    id: 'probe-port',
    severity: 'error',
    summary: 'an httpGet or tcpSocket probe targets a port the container declares',
    check: ({ object }) => probesOf(object).flatMap(({ field, probe, container }): Problem[] => {
      const handler = probe?.httpGet ? 'httpGet' : probe?.tcpSocket ? 'tcpSocket' : undefined;
      if (!handler) {
        return [];
      }
      const port = probe[handler].port;
      const ports: any[] = container?.ports ?? [];
      if (port === undefined) {
        return [{ field: `${field}.${handler}.port`, value: port, message: 'the probe has no port and the container declares none', fix: "give the probe a 'port', or declare the container's port" }];
      }
      const declared = typeof port === 'number'
        ? ports.some((p) => p?.containerPort === port)
        : ports.some((p) => p?.name === port);
      const offered = ports.map((p) => (p?.name ? `${p.name} (${p.containerPort})` : p?.containerPort)).join(', ') || 'none';
      return declared
        ? []
        : [{ field: `${field}.${handler}.port`, value: port, message: `the probe calls port ${JSON.stringify(port)}, which the container does not declare (it declares ${offered})`, fix: 'probe a declared port, or declare this one in the container\'s ports' }];
    }),
  },
  {
    id: 'probe-success-threshold',
    severity: 'error',
    summary: 'liveness and startup probes have successThreshold 1',
    check: ({ object }) => probesOf(object).flatMap(({ field, kind, probe }) => (kind !== 'readinessProbe' && probe?.successThreshold !== undefined && probe.successThreshold !== 1
      ? [{ field: `${field}.successThreshold`, value: probe.successThreshold, message: `a ${kind} must have successThreshold 1, not ${probe.successThreshold}`, fix: 'leave successThreshold out (it defaults to 1) or set it on the readiness probe instead' }]
      : [])),
  },
];
