import * as k8s from '../imports/k8s';

/** Options of an HTTP GET lifecycle hook. */
export interface LifecycleHttpGetOptions {
  /**
   * Container port to call, by number or by name.
   *
   * @default - the container's first port
   */
  readonly port?: number | string;

  /**
   * Scheme.
   *
   * @default - HTTP (Kubernetes default; not written)
   */
  readonly scheme?: 'HTTP' | 'HTTPS';
}

/**
 * What the kubelet runs in a lifecycle hook. Kubernetes 1.27 offers exec and
 * httpGet (the `sleep` action arrived in 1.29; tcpSocket is accepted only for
 * backward compatibility and does nothing, so it is not offered).
 *
 * @see https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/
 */
export class LifecycleHandler {
  /** Run `command` inside the container (no shell: use `['sh', '-c', '…']` for one). */
  public static exec(command: string[]): LifecycleHandler {
    if (!command.length) {
      throw new Error('LifecycleHandler.exec() needs a command; got []');
    }
    return new LifecycleHandler(() => ({ exec: { command: [...command] } }));
  }

  /** Call `path` on the container. */
  public static httpGet(path: string, options: LifecycleHttpGetOptions = {}): LifecycleHandler {
    if (!path.startsWith('/')) {
      throw new Error(`LifecycleHandler.httpGet() path '${path}' must start with '/'`);
    }
    return new LifecycleHandler((firstPort) => {
      const port = options.port ?? firstPort;
      if (port === undefined) {
        throw new Error(`LifecycleHandler.httpGet('${path}') needs a port: the container declares none; pass options.port`);
      }
      return { httpGet: { path, port: typeof port === 'number' ? k8s.IntOrString.fromNumber(port) : k8s.IntOrString.fromString(port), scheme: options.scheme } };
    });
  }

  private constructor(private readonly render: (firstPort: number | undefined) => k8s.LifecycleHandler) {}

  /** @internal */
  public _render(firstPort: number | undefined): k8s.LifecycleHandler {
    return this.render(firstPort);
  }
}

/** Hooks the kubelet runs when a container starts and before it stops. */
export interface ContainerLifecycle {
  /**
   * Runs right after the container starts (not before its entrypoint).
   *
   * @default - none
   */
  readonly postStart?: LifecycleHandler;

  /**
   * Runs before SIGTERM, within `terminationGracePeriod`: for example a short
   * sleep so load balancers stop sending traffic before the server stops.
   *
   * @default - none
   */
  readonly preStop?: LifecycleHandler;
}
