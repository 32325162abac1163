import { Duration } from 'cdk8s';
import { Affinity } from './affinity';
import { ContainerProps } from './container';
import { NodeAffinity } from './node-affinity';
import { PodDns } from './pod-dns';
import { IImagePullSecret } from './registry-pull-secret';
import { PodSecurity } from './security';
import { IServiceAccount } from './service-account';
import { Toleration } from './toleration';

/** An extra `/etc/hosts` entry of a pod. */
export interface HostAlias {
  /** IP address the names resolve to. */
  readonly ip: string;
  /** Host names for `ip`. */
  readonly hostnames: string[];
}

/**
 * Pod-level settings shared by every workload construct (`WebService`,
 * `Worker`, `StatefulService`, `NodeAgent`, `Job`, `CronJob`,
 * `NodePinnedJob`, `NodePinnedCronJob`, `StandalonePod`, `ReplicaSet`).
 */
export interface PodTemplateProps {
  /**
   * Service account the pods run as, by reference (a `ServiceAccount`, or
   * `ServiceAccount.fromServiceAccountName('existing')`).
   *
   * @default - the namespace's `default` service account
   */
  readonly serviceAccount?: IServiceAccount;

  /**
   * Name of the service account the pods run as.
   *
   * @default - the namespace's `default` service account
   * @deprecated use `serviceAccount`, which takes the account by reference
   */
  readonly serviceAccountName?: string;

  /**
   * Containers that run to completion, one after the other, before the main
   * containers start (migrations, waiting for a dependency). Each needs a
   * name; they get the same secure defaults.
   *
   * @default - none
   */
  readonly initContainers?: ContainerProps[];

  /**
   * How the pods resolve names (`dnsPolicy`, `dnsConfig`).
   *
   * @default - PodDns.clusterFirst() (Kubernetes default; not written)
   */
  readonly dns?: PodDns;

  /**
   * Run only on nodes with all of these labels (the simple form of
   * `nodeAffinity`).
   *
   * @default - any node
   */
  readonly nodeSelector?: Record<string, string>;

  /**
   * Where the pods run relative to other workloads' pods
   * (`Affinity.colocateWith(cache)`, `Affinity.awayFrom(batch)`).
   *
   * @default - no pod affinity
   */
  readonly affinity?: Affinity[];

  /**
   * Mount the service account's API token into the pods. Only workloads that
   * call the Kubernetes API need it.
   *
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;

  /**
   * Pod-level security settings.
   *
   * @default - non-root, RuntimeDefault seccomp profile, no host namespaces
   */
  readonly podSecurity?: PodSecurity;

  /**
   * Secrets the kubelet uses to pull images from private registries.
   *
   * @default - none
   */
  readonly imagePullSecrets?: IImagePullSecret[];

  /**
   * Nodes the pods must or should run on.
   *
   * @default - any node
   */
  readonly nodeAffinity?: NodeAffinity;

  /**
   * Taints the pods tolerate.
   *
   * @default - none
   */
  readonly tolerations?: Toleration[];

  /**
   * Extra `/etc/hosts` entries.
   *
   * @default - none
   */
  readonly hostAliases?: HostAlias[];

  /**
   * Time between SIGTERM and SIGKILL when a pod stops.
   *
   * @default - 30s (Kubernetes default; not written)
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * Priority class of the pods.
   *
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;

  /**
   * Extra labels of the pods (never part of the selector).
   *
   * @default - only the workload's own labels
   */
  readonly podLabels?: Record<string, string>;

  /**
   * Annotations of the pods.
   *
   * @default - none
   */
  readonly podAnnotations?: Record<string, string>;
}
