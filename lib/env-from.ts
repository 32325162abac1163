import * as kplus from 'cdk8s-plus-27';
import * as k8s from '../imports/k8s';

/** Options of a whole-ConfigMap or whole-Secret environment source. */
export interface EnvFromOptions {
  /**
   * Prefix added to every variable name taken from the source.
   *
   * @default - the keys as they are
   */
  readonly prefix?: string;

  /**
   * Start the container even when the source does not exist.
   *
   * @default false (not written)
   */
  readonly optional?: boolean;
}

/**
 * Every key of a ConfigMap or Secret as environment variables (`envFrom`).
 * For single keys use `EnvValue.fromConfigMap` / `EnvValue.fromSecretValue`.
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/configure-pod-configmap/#configure-all-key-value-pairs-in-a-configmap-as-container-environment-variables
 */
export class EnvFrom {
  /** All keys of `configMap`. */
  public static configMap(configMap: kplus.IConfigMap, options: EnvFromOptions = {}): EnvFrom {
    return new EnvFrom({ prefix: options.prefix, configMapRef: { name: configMap.name, optional: options.optional } });
  }

  /** All keys of `secret`. */
  public static secret(secret: kplus.ISecret, options: EnvFromOptions = {}): EnvFrom {
    return new EnvFrom({ prefix: options.prefix, secretRef: { name: secret.name, optional: options.optional } });
  }

  private constructor(private readonly source: k8s.EnvFromSource) {}

  /** @internal */
  public _render(): k8s.EnvFromSource {
    return this.source;
  }
}
