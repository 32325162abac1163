/**
 * Security settings of one container. The defaults meet the "restricted" Pod
 * Security Standard; setting a field to its unsafe value is the explicit
 * permission the validator asks for.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */
export interface ContainerSecurity {
  /**
   * Refuse to start the container as root (uid 0).
   *
   * `false` allows the `run-as-root` rule for this workload.
   *
   * @default true
   */
  readonly runAsNonRoot?: boolean;

  /**
   * User id to run as.
   *
   * @default - the user the image declares
   */
  readonly runAsUser?: number;

  /**
   * Group id to run as.
   *
   * @default - the group the image declares
   */
  readonly runAsGroup?: number;

  /**
   * Mount the root filesystem read-only; mount an `emptyDir` where the
   * program must write.
   *
   * @default true
   */
  readonly readOnlyRootFilesystem?: boolean;

  /**
   * Let a process gain more privileges than its parent (setuid binaries).
   *
   * `true` allows the `privilege-escalation` rule for this workload.
   *
   * @default false
   */
  readonly allowPrivilegeEscalation?: boolean;

  /**
   * Run with every host device and capability.
   *
   * `true` allows the `privileged` rule for this workload.
   *
   * @default false
   */
  readonly privileged?: boolean;

  /**
   * Linux capabilities to add after dropping `dropCapabilities`.
   *
   * Anything beyond `NET_BIND_SERVICE` allows the `capabilities` rule for this
   * workload.
   *
   * @default - none
   */
  readonly addCapabilities?: string[];

  /**
   * Linux capabilities to drop.
   *
   * Anything other than `['ALL']` allows the `capabilities` rule for this
   * workload.
   *
   * @default ['ALL']
   */
  readonly dropCapabilities?: string[];
}

/** Seccomp profile of a pod. */
export enum SeccompProfile {
  /** The container runtime's default profile (required by "restricted"). */
  RUNTIME_DEFAULT = 'RuntimeDefault',
  /** No seccomp filtering. Allows the `seccomp-profile` rule. */
  UNCONFINED = 'Unconfined',
}

/**
 * Security settings of a whole pod.
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
 */
export interface PodSecurity {
  /**
   * Refuse to start any container of the pod as root.
   *
   * `false` allows the `run-as-root` rule for this workload.
   *
   * @default true
   */
  readonly runAsNonRoot?: boolean;

  /**
   * User id for every container.
   *
   * @default - the user each image declares
   */
  readonly runAsUser?: number;

  /**
   * Group id for every container.
   *
   * @default - the group each image declares
   */
  readonly runAsGroup?: number;

  /**
   * Group that owns mounted volumes.
   *
   * @default - volumes keep their owner
   */
  readonly fsGroup?: number;

  /**
   * Seccomp profile of every container.
   *
   * @default SeccompProfile.RUNTIME_DEFAULT
   */
  readonly seccompProfile?: SeccompProfile;

  /**
   * Use the node's network namespace.
   *
   * `true` allows the `host-namespaces` rule for this workload.
   *
   * @default false (not written)
   */
  readonly hostNetwork?: boolean;

  /**
   * Share the node's process namespace.
   *
   * `true` allows the `host-namespaces` rule for this workload.
   *
   * @default false (not written)
   */
  readonly hostPID?: boolean;

  /**
   * Share the node's IPC namespace.
   *
   * `true` allows the `host-namespaces` rule for this workload.
   *
   * @default false (not written)
   */
  readonly hostIPC?: boolean;
}
