import { Duration } from 'cdk8s';
import * as k8s from '../imports/k8s';

/**
 * When and how often a probe runs. Every field maps to the Kubernetes field of
 * the same meaning.
 */
export interface ProbeTiming {
  /**
   * Wait this long after the container starts before the first probe.
   *
   * @default - probe at once (Kubernetes default 0s)
   */
  readonly initialDelay?: Duration;

  /**
   * How often to probe.
   *
   * @default - 10s (Kubernetes default; not written)
   */
  readonly period?: Duration;

  /**
   * How long one probe may take.
   *
   * @default - 1s (Kubernetes default; not written)
   */
  readonly timeout?: Duration;

  /**
   * Consecutive failures before the probe counts as failed.
   *
   * @default - 3 (Kubernetes default; not written)
   */
  readonly failureThreshold?: number;

  /**
   * Consecutive successes before a failed probe counts as passing again. Must
   * be 1 for liveness and startup probes.
   *
   * @default - 1 (Kubernetes default; not written)
   */
  readonly successThreshold?: number;
}

/** Options of an HTTP GET probe. */
export interface HttpGetProbeOptions extends ProbeTiming {
  /**
   * Container port to call, by number or by name.
   *
   * @default - the container's first port
   */
  readonly port?: number | string;

  /**
   * HTTP headers to send, in this order.
   *
   * @default - none
   */
  readonly headers?: Record<string, string>;

  /**
   * `HTTP` or `HTTPS`.
   *
   * @default 'HTTP' (not written)
   */
  readonly scheme?: 'HTTP' | 'HTTPS';
}

/** Options of a TCP probe. */
export interface TcpSocketProbeOptions extends ProbeTiming {
  /**
   * Container port to open, by number or by name.
   *
   * @default - the container's first port
   */
  readonly port?: number | string;
}

/**
 * A liveness, readiness or startup check of a container.
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/
 */
export class Probe {
  /** Pass when `GET path` answers with a status from 200 to 399. */
  public static httpGet(path: string, options: HttpGetProbeOptions = {}): Probe {
    return new Probe(options, (defaultPort) => ({
      httpGet: {
        path,
        port: intOrString(options.port ?? defaultPort),
        scheme: options.scheme,
        httpHeaders: options.headers
          ? Object.entries(options.headers).map(([name, value]) => ({ name, value }))
          : undefined,
      },
    }));
  }

  /** Pass when a TCP connection to the port opens. */
  public static tcpSocket(options: TcpSocketProbeOptions = {}): Probe {
    return new Probe(options, (defaultPort) => ({
      tcpSocket: { port: intOrString(options.port ?? defaultPort) },
    }));
  }

  /** Pass when `command` exits 0 inside the container. */
  public static exec(command: string[], options: ProbeTiming = {}): Probe {
    return new Probe(options, () => ({ exec: { command } }));
  }

  private constructor(
    private readonly timing: ProbeTiming,
    private readonly handler: (defaultPort: number | undefined) => Partial<k8s.Probe>,
  ) {}

  /**
   * The Kubernetes form of this probe.
   *
   * @param defaultPort the container's first port, used when no port was given
   * @internal
   */
  public _render(defaultPort: number | undefined): k8s.Probe {
    const t = this.timing;
    return {
      ...this.handler(defaultPort),
      initialDelaySeconds: t.initialDelay?.toSeconds(),
      periodSeconds: t.period?.toSeconds(),
      timeoutSeconds: t.timeout?.toSeconds(),
      failureThreshold: t.failureThreshold,
      successThreshold: t.successThreshold,
    };
  }
}

function intOrString(port: number | string | undefined): k8s.IntOrString {
  // A missing port is left out rather than thrown here: the 'probe-port' rule
  // reports it together with every other problem of the run.
  if (port === undefined) {
    return undefined as unknown as k8s.IntOrString;
  }
  return typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port);
}
