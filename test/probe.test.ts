import { Duration } from 'cdk8s';
import { ContainerPort, Probe, StandalonePod } from '../lib';
import { only, synthObjects } from './helpers';

/** The liveness probe of a container with `ports` that runs `probe`. */
function written(probe: Probe, ports: ContainerPort[] = [{ number: 8080 }, { number: 9090, name: 'admin' }]): any {
  const objects = synthObjects((chart) => {
    new StandalonePod(chart, 'pod', { containers: [{ image: 'registry.example.com/app:1.0.0', ports, liveness: probe }] });
  });
  return only(objects, 'Pod').spec.containers[0].livenessProbe;
}

describe('httpGet', () => {
  test('defaults to the container\'s first port and writes nothing else', () => {
    expect(written(Probe.httpGet('/healthz'))).toEqual({ httpGet: { path: '/healthz', port: 8080 } });
  });

  test('port by name, scheme and headers in order', () => {
    expect(written(Probe.httpGet('/healthz', { port: 'admin', scheme: 'HTTPS', headers: { 'Host': 'shop.example.com', 'X-Probe': '1' } }))).toEqual({
      httpGet: {
        path: '/healthz',
        port: 'admin',
        scheme: 'HTTPS',
        httpHeaders: [{ name: 'Host', value: 'shop.example.com' }, { name: 'X-Probe', value: '1' }],
      },
    });
  });

  test('port by number', () => {
    expect(written(Probe.httpGet('/', { port: 9090 })).httpGet.port).toBe(9090);
  });

  test('leaves the port out when the container has none, for the probe-port rule to report', () => {
    expect(written(Probe.httpGet('/healthz'), [])).toEqual({ httpGet: { path: '/healthz' } });
  });
});

describe('tcpSocket', () => {
  test('defaults to the first port', () => {
    expect(written(Probe.tcpSocket())).toEqual({ tcpSocket: { port: 8080 } });
  });

  test('a named port', () => {
    expect(written(Probe.tcpSocket({ port: 'admin' }))).toEqual({ tcpSocket: { port: 'admin' } });
  });
});

describe('exec', () => {
  test('runs the command, with no port', () => {
    expect(written(Probe.exec(['pg_isready', '-q']))).toEqual({ exec: { command: ['pg_isready', '-q'] } });
  });
});

const TIMING = { initialDelay: Duration.seconds(5), period: Duration.minutes(1), timeout: Duration.seconds(3), failureThreshold: 4, successThreshold: 2 };

describe.each([
  ['httpGet', () => Probe.httpGet('/', TIMING)],
  ['tcpSocket', () => Probe.tcpSocket(TIMING)],
  ['exec', () => Probe.exec(['true'], TIMING)],
])('%s timings', (_kind, make) => {
  test('are written in seconds', () => {
    expect(written(make())).toMatchObject({
      initialDelaySeconds: 5,
      periodSeconds: 60,
      timeoutSeconds: 3,
      failureThreshold: 4,
      successThreshold: 2,
    });
  });
});
