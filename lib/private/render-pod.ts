import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { Affinity } from '../affinity';
import { ContainerPort, ContainerProps } from '../container';
import { PodTemplateProps } from '../pod-template';
import { ContainerSecurity, SeccompProfile } from '../security';
import { PropError } from '../validation/prop-error';
import { Volume } from '../volume';
import { renderResources } from './quantity';

/** How the containers of a pod are named and what the workload adds to the pod. */
export interface PodRenderOptions {
  /** Name of the first container when it has none: the workload's name. */
  readonly defaultName: string;
  /** Ports the workload's Service sends to, declared on the first container. */
  readonly servicePorts?: ContainerPort[];
  /** Fields of the pod spec that only one kind of workload sets (restartPolicy). */
  readonly extra?: Partial<k8s.PodSpec>;
  /** Pod anti-affinity the workload adds (from `Spread`). */
  readonly podAntiAffinity?: k8s.PodAntiAffinity;
  /** Topology spread constraints the workload adds (from `Spread`). */
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  /** Volumes the workload adds (a NodeAgent's host paths). */
  readonly extraVolumes?: k8s.Volume[];
  /** Mounts the workload adds to its main container (claim templates, host paths). */
  readonly extraMounts?: k8s.VolumeMount[];
}

/** The Kubernetes form of a pod running `containers`, the first one being the main container. */
export function renderPodSpec(scope: IConstruct, props: PodTemplateProps, containers: ReadonlyArray<ContainerProps>, options: PodRenderOptions): k8s.PodSpec {
  const pod = props.podSecurity ?? {};
  const dnsProblem = props.dns?._problem();
  if (dnsProblem) {
    throw new PropError(scope, { field: 'dns', rule: 'pod-dns', message: dnsProblem, fix: 'give PodDns 1 to 3 name servers (IP addresses) and at most 32 search domains' });
  }
  const dns = props.dns?._render();
  const volumes = [...(renderVolumes(scope, props.initContainers ?? [], containers) ?? []), ...(options.extraVolumes ?? [])];
  return {
    automountServiceAccountToken: props.automountServiceAccountToken ?? false,
    serviceAccountName: props.serviceAccount?.serviceAccountName ?? props.serviceAccountName,
    // A hook or probe that cannot be rendered (no port to call) is reported on its container's prop.
    initContainers: props.initContainers?.length
      ? props.initContainers.map((c, i) => onContainer(scope, `initContainers[${i}]`, () => renderContainer(c, pod.runAsNonRoot, undefined)))
      : undefined,
    containers: containers.map((c, i) => onContainer(scope, i === 0 ? 'container' : `containers[${i}]`, () => (i === 0
      ? renderContainer(c, pod.runAsNonRoot, options.defaultName, options.servicePorts, options.extraMounts)
      : renderContainer(c, pod.runAsNonRoot, undefined)))),
    volumes: volumes.length ? volumes : undefined,
    imagePullSecrets: props.imagePullSecrets?.length
      ? props.imagePullSecrets.map((s) => ({ name: s.secretName }))
      : undefined,
    hostAliases: props.hostAliases?.map((h) => ({ ip: h.ip, hostnames: h.hostnames })),
    tolerations: props.tolerations?.map((t) => t._render()),
    terminationGracePeriodSeconds: props.terminationGracePeriod?.toSeconds(),
    priorityClassName: props.priorityClassName,
    nodeSelector: props.nodeSelector && Object.keys(props.nodeSelector).length ? { ...props.nodeSelector } : undefined,
    dnsPolicy: dns?.dnsPolicy,
    dnsConfig: dns?.dnsConfig,
    hostNetwork: pod.hostNetwork,
    hostPid: pod.hostPID,
    hostIpc: pod.hostIPC,
    securityContext: {
      runAsNonRoot: pod.runAsNonRoot ?? true,
      runAsUser: pod.runAsUser,
      runAsGroup: pod.runAsGroup,
      fsGroup: pod.fsGroup,
      seccompProfile: { type: pod.seccompProfile ?? SeccompProfile.RUNTIME_DEFAULT },
    },
    ...options.extra,
    affinity: renderAffinity(scope, props, options.podAntiAffinity),
    topologySpreadConstraints: options.topologySpreadConstraints,
  };
}

function renderAffinity(scope: IConstruct, props: PodTemplateProps, spreadAntiAffinity: k8s.PodAntiAffinity | undefined): k8s.Affinity | undefined {
  const problem = props.nodeAffinity?._problem();
  if (problem) {
    throw new PropError(scope, { field: 'nodeAffinity', rule: 'node-affinity-terms', message: problem, fix: 'give each term at least one NodeRequirement, or use NodeAffinity.preferOnly() for no requirement' });
  }
  const node = props.nodeAffinity?._render();
  // An affinity without terms would be written as `nodeAffinity: {}`.
  const nodeAffinity = node && (node.requiredDuringSchedulingIgnoredDuringExecution || node.preferredDuringSchedulingIgnoredDuringExecution) ? node : undefined;
  const pods = Affinity._render(props.affinity ?? [], scope);
  const merge = <T>(a?: T[], b?: T[]) => (a?.length || b?.length ? [...(a ?? []), ...(b ?? [])] : undefined);
  const podAntiAffinity = spreadAntiAffinity || pods.podAntiAffinity
    ? {
      requiredDuringSchedulingIgnoredDuringExecution: merge(spreadAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution, pods.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
      preferredDuringSchedulingIgnoredDuringExecution: merge(spreadAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution, pods.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    }
    : undefined;
  return nodeAffinity || podAntiAffinity || pods.podAffinity
    ? { nodeAffinity, podAffinity: pods.podAffinity, podAntiAffinity }
    : undefined;
}

// A sidecar or init container without a name is left unnamed: the schema and
// the 'container-name' rule report it with the construct path.
function renderContainer(props: ContainerProps, podRunAsNonRoot: boolean | undefined, defaultName: string | undefined, servicePorts: ContainerPort[] = [], extraMounts: k8s.VolumeMount[] = []): k8s.Container {
  const ports = uniquePorts([...servicePorts, ...(props.ports ?? [])]);
  const firstPort = ports[0]?.number;
  const mounts: k8s.VolumeMount[] = [
    ...(props.mounts ?? []).map((m) => ({
      name: m.volume.name,
      mountPath: m.path,
      subPath: m.subPath,
      readOnly: m.volume.readOnly ? true : undefined,
    })),
    ...extraMounts,
  ];
  return {
    name: props.name ?? containerName(defaultName),
    image: props.image,
    imagePullPolicy: props.imagePullPolicy,
    command: props.command,
    args: props.args,
    workingDir: props.workingDir,
    ports: ports.length
      ? ports.map((p) => ({ containerPort: p.number, name: p.name, protocol: p.protocol }))
      : undefined,
    env: props.env
      ? Object.entries(props.env).map(([name, value]) => ({ name, value: value.value, valueFrom: value.valueFrom }))
      : undefined,
    envFrom: props.envFrom?.map((e) => e._render()),
    volumeMounts: mounts.length ? mounts : undefined,
    livenessProbe: props.liveness?._render(firstPort),
    readinessProbe: props.readiness?._render(firstPort),
    startupProbe: props.startup?._render(firstPort),
    lifecycle: props.lifecycle && (props.lifecycle.postStart || props.lifecycle.preStop)
      ? { postStart: props.lifecycle.postStart?._render(firstPort), preStop: props.lifecycle.preStop?._render(firstPort) }
      : undefined,
    resources: renderResources(props.resources),
    securityContext: renderContainerSecurity(props.security ?? {}, podRunAsNonRoot),
  };
}

// A container inherits podSecurity.runAsNonRoot: false unless it says
// otherwise; writing its own `true` would make the kubelet refuse to start it
// as the root user the pod asked for. A privileged container, or one given
// CAP_SYS_ADMIN, can always escalate: the API server refuses
// allowPrivilegeEscalation: false with either, so it is not written false then.
function renderContainerSecurity(s: ContainerSecurity, podRunAsNonRoot: boolean | undefined): k8s.SecurityContext {
  const escalates = s.privileged === true || (s.addCapabilities ?? []).some((c) => c === 'SYS_ADMIN' || c === 'CAP_SYS_ADMIN');
  return {
    allowPrivilegeEscalation: s.allowPrivilegeEscalation ?? escalates,
    privileged: s.privileged ?? false,
    readOnlyRootFilesystem: s.readOnlyRootFilesystem ?? true,
    runAsNonRoot: s.runAsNonRoot ?? (podRunAsNonRoot === false ? undefined : true),
    runAsUser: s.runAsUser,
    runAsGroup: s.runAsGroup,
    capabilities: {
      drop: s.dropCapabilities ?? ['ALL'],
      add: s.addCapabilities?.length ? s.addCapabilities : undefined,
    },
  };
}

function renderVolumes(scope: IConstruct, initContainers: ReadonlyArray<ContainerProps>, containers: ReadonlyArray<ContainerProps>): k8s.Volume[] | undefined {
  const volumes = new Map<string, Volume>();
  const all = [
    ...initContainers.map((c, i) => ({ c, at: `initContainers[${i}]` })),
    ...containers.map((c, i) => ({ c, at: i === 0 ? 'container' : `containers[${i}]` })),
  ];
  for (const { c, at } of all) {
    (c.mounts ?? []).forEach((m, j) => {
      const known = volumes.get(m.volume.name);
      if (!known) {
        volumes.set(m.volume.name, m.volume);
      } else if (JSON.stringify(known._render()) !== JSON.stringify(m.volume._render())) {
        // Keeping only the first would silently mount it where the other was asked for.
        throw new PropError(scope, { field: `${at}.mounts[${j}].volume`, value: m.volume.name, rule: 'volume-source', message: `is a different volume from another one also named '${m.volume.name}' in the pod`, fix: 'give each volume its own name (KeyedVolumeOptions.name)' });
      }
    });
  }
  return volumes.size ? [...volumes.values()].map((v) => v._render()) : undefined;
}

function uniquePorts(ports: ContainerPort[]): ContainerPort[] {
  const seen = new Set<string>();
  return ports.filter((p) => {
    const key = `${p.number}/${p.protocol ?? kplus.Protocol.TCP}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

/**
 * The main container's name from its workload's: an object name may have
 * dots and 253 characters, a container name is a DNS label (63, no dots).
 */
function containerName(workload: string | undefined): string {
  return (workload ?? '').replace(/\./g, '-').slice(0, 63).replace(/-+$/, '');
}

/** Render a container, turning what a hook or probe throws into a PropError on the container's prop. */
function onContainer<T>(scope: IConstruct, field: string, render: () => T): T {
  try {
    return render();
  } catch (error) {
    if (PropError.isPropError(error)) {
      throw error;
    }
    throw new PropError(scope, { field, message: `cannot be written: ${(error as Error)?.message ?? String(error)}`, fix: "give the container's probes and hooks a port (options.port), or declare one in its ports" });
  }
}
