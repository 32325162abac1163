import * as kplus from 'cdk8s-plus-27';
import { EnvFrom } from './env-from';
import { ContainerLifecycle } from './lifecycle';
import { Probe } from './probe';
import { ContainerSecurity } from './security';
import { Mount } from './volume';

/** A port the container listens on. */
export interface ContainerPort {
  /** Port number, 1-65535. */
  readonly number: number;

  /**
   * Port name that Services and probes can refer to: at most 15 lower-case
   * letters, digits and `-`, with at least one letter.
   *
   * @default - unnamed
   */
  readonly name?: string;

  /**
   * Protocol.
   *
   * @default - TCP (Kubernetes default; not written)
   */
  readonly protocol?: kplus.Protocol;
}

/**
 * One container of a pod.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#Container
 */
export interface ContainerProps {
  /**
   * Container name, a DNS label.
   *
   * @default - the workload's name for the main container; required for sidecars
   */
  readonly name?: string;

  /** Image reference, with a tag or digest (`registry/app:1.4.2`). */
  readonly image: string;

  /**
   * When the kubelet pulls the image.
   *
   * @default - Kubernetes decides (Always for `:latest`, IfNotPresent otherwise; not written)
   */
  readonly imagePullPolicy?: kplus.ImagePullPolicy;

  /**
   * Entrypoint, replacing the image's ENTRYPOINT.
   *
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];

  /**
   * Arguments, replacing the image's CMD.
   *
   * @default - the image's CMD
   */
  readonly args?: string[];

  /**
   * Working directory.
   *
   * @default - the image's WORKDIR
   */
  readonly workingDir?: string;

  /**
   * Ports the container listens on, besides those a `WebService` declares
   * for its Service.
   *
   * @default - none
   */
  readonly ports?: ContainerPort[];

  /**
   * Environment variables, in this order: plain values, ConfigMap keys, Secret
   * keys, fields of the pod (`EnvValue.fromValue`, `EnvValue.fromConfigMap`,
   * `EnvValue.fromSecretValue`, `EnvValue.fromFieldRef`).
   *
   * @default - none
   */
  readonly env?: Record<string, kplus.EnvValue>;

  /**
   * Whole ConfigMaps and Secrets as environment variables.
   *
   * @default - none
   */
  readonly envFrom?: EnvFrom[];

  /**
   * Volumes to mount. Secrets and ConfigMaps are mounted read-only.
   *
   * @default - none
   */
  readonly mounts?: Mount[];

  /**
   * Restart the container when this fails.
   *
   * @default - no liveness probe
   */
  readonly liveness?: Probe;

  /**
   * Send traffic only while this passes.
   *
   * @default - no readiness probe
   */
  readonly readiness?: Probe;

  /**
   * Hold liveness and readiness probes until this passes once.
   *
   * @default - no startup probe
   */
  readonly startup?: Probe;

  /**
   * Hooks run after the container starts and before it stops (`preStop`).
   *
   * @default - none
   */
  readonly lifecycle?: ContainerLifecycle;

  /**
   * CPU, memory and ephemeral storage requests and limits, written as given.
   *
   * @default - none (unlike cdk8s-plus, no requests or limits are invented)
   */
  readonly resources?: kplus.ContainerResources;

  /**
   * Security settings.
   *
   * @default - non-root, read-only root filesystem, no privilege escalation, all capabilities dropped
   */
  readonly security?: ContainerSecurity;
}
