import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ContainerPort, ContainerProps } from './container';
import { PodTemplateProps } from './pod-template';
import { percentOrAbsolute } from './private/int-or-string';
import { ManifestObject } from './private/manifest-object';
import { controllerSpec, podTemplate, prepareWorkload, renderPod } from './private/workload';
import { PropError } from './validation/prop-error';
import { IWorkload, WorkloadLabelsProps } from './workload';

/** What must exist at a host path before the pod starts. */
export enum HostPathType {
  /** A directory (the pod does not start otherwise). */
  DIRECTORY = 'Directory',
  /** A directory, made empty (0755) when missing. */
  DIRECTORY_OR_CREATE = 'DirectoryOrCreate',
  /** A file. */
  FILE = 'File',
  /** A UNIX socket. */
  SOCKET = 'Socket',
}

/**
 * A folder or file of the node mounted into the agent's main container. The
 * `host-path` rule refuses hostPath volumes; each one here is allowed with
 * its own reason, which reviewers read.
 */
export interface HostPathMount {
  /** Name of the volume in the pod; a DNS label. */
  readonly name: string;
  /** Path on the node. */
  readonly hostPath: string;
  /** Why the agent needs the node's path: recorded as the allowance of the `host-path` rule. */
  readonly reason: string;
  /**
   * Path in the container.
   *
   * @default - the same as `hostPath`
   */
  readonly mountPath?: string;
  /**
   * Mount read-only.
   *
   * @default true
   */
  readonly readOnly?: boolean;
  /**
   * What must exist at `hostPath`.
   *
   * @default HostPathType.DIRECTORY
   */
  readonly type?: HostPathType;
}

/** Props of a `NodeAgent`. */
export interface NodeAgentProps extends PodTemplateProps, WorkloadLabelsProps {
  /**
   * Name of the DaemonSet.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /** The main container. Its name defaults to the agent's name. */
  readonly container: ContainerProps;

  /**
   * More containers in the same pod; each needs a name.
   *
   * @default - none
   */
  readonly sidecars?: ContainerProps[];

  /**
   * Paths of the node mounted into the main container, each with its reason.
   *
   * @default - none
   */
  readonly hostPaths?: HostPathMount[];

  /**
   * Nodes whose agent may be down at once during an update.
   *
   * @default - 1 (Kubernetes default; not written)
   */
  readonly maxUnavailable?: kplus.PercentOrAbsolute;

  /**
   * Time a new pod must be ready before it counts as available.
   *
   * @default - 0s (Kubernetes default; not written)
   */
  readonly minReady?: Duration;

  /**
   * Old revisions kept for rollback.
   *
   * @default - 10 (Kubernetes default; not written)
   */
  readonly revisionHistoryLimit?: number;
}

/**
 * One pod on every node (log shippers, metrics exporters, network plugins):
 * a DaemonSet. Access to the node — `hostPaths`, `podSecurity.hostNetwork`
 * or `hostPID`, `security.privileged` — is never a default: each is asked for
 * by a prop and recorded as an allowance with its reason. Add `tolerations`
 * to run on tainted nodes too.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/
 */
export class NodeAgent extends Construct implements IWorkload {
  /** Name of the DaemonSet. */
  public readonly name: string;
  /** Labels that select the pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** Ports the main container declares. */
  public readonly containerPorts: ReadonlyArray<ContainerPort>;
  /** The DaemonSet. */
  public readonly daemonSet: ApiObject;

  constructor(scope: Construct, id: string, props: NodeAgentProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const containers = [props.container, ...(props.sidecars ?? [])];
    this.containerPorts = [...(props.container.ports ?? [])];
    const labels = prepareWorkload(this, { name: this.name, props, containers });
    this.selector = labels.selector;
    const hostPaths = props.hostPaths ?? [];
    hostPaths.forEach((h, i) => {
      if (!h.reason?.trim()) {
        throw new PropError(this, { field: `hostPaths[${i}].reason`, value: h.reason, message: `of hostPaths '${h.name}' (${h.hostPath}) is empty: it needs a reason`, fix: "say why the agent must read the node's files" });
      }
      if (!h.hostPath.startsWith('/')) {
        throw new PropError(this, { field: `hostPaths[${i}].hostPath`, value: h.hostPath, message: `of hostPaths '${h.name}' must be an absolute path`, fix: 'give the path on the node from "/", such as "/var/log"' });
      }
    });
    const pod = renderPod(this, props, containers, {
      defaultName: this.name,
      extraVolumes: hostPaths.map((h) => ({ name: h.name, hostPath: { path: h.hostPath, type: h.type ?? HostPathType.DIRECTORY } })),
      extraMounts: hostPaths.map((h) => ({ name: h.name, mountPath: h.mountPath ?? h.hostPath, readOnly: h.readOnly ?? true })),
    }, new Map(hostPaths.map((h) => [h.name, `hostPaths ${h.hostPath}: ${h.reason}`])));
    this.daemonSet = new ManifestObject(this, 'Resource', {
      ...k8s.KubeDaemonSet.GVK,
      metadata: { name: this.name, labels: labels.labels },
      body: {
        spec: controllerSpec(k8s.toJson_DaemonSetSpec, {
          selector: { matchLabels: labels.selector },
          minReadySeconds: props.minReady?.toSeconds(),
          revisionHistoryLimit: props.revisionHistoryLimit,
          updateStrategy: props.maxUnavailable
            ? { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: percentOrAbsolute(props.maxUnavailable) } }
            : undefined,
        }, podTemplate(this, labels, props.podAnnotations, pod)),
      },
    });
    this.node.defaultChild = this.daemonSet;
  }
}
