import * as kplus from 'cdk8s-plus-27';
import * as k8s from '../../imports/k8s';
import { ContainerPort, ContainerProps } from '../container';
import { PodTemplateProps } from '../pod-template';
import { ContainerSecurity, SeccompProfile } from '../security';
import { Volume } from '../volume';
import { RuleId } from '../validation/rule-id';
import { renderResources } from './quantity';

/** A rule that props asked to relax, with the prop that asked. */
export interface PropAllowance {
  readonly rule: RuleId;
  readonly reason: string;
}

/** How the containers of a pod are named and which ports the first one serves. */
export interface PodRenderOptions {
  /** Name of the first container when it has none: the workload's name. */
  readonly defaultName: string;
  /** Ports the workload's Service sends to, declared on the first container. */
  readonly servicePorts?: ContainerPort[];
  /** Fields of the pod spec that only one kind of workload sets (restartPolicy, affinity). */
  readonly extra?: Partial<k8s.PodSpec>;
}

/** The Kubernetes form of a pod running `containers`, the first one being the main container. */
export function renderPodSpec(props: PodTemplateProps, containers: ReadonlyArray<ContainerProps>, options: PodRenderOptions): k8s.PodSpec {
  const pod = props.podSecurity ?? {};
  const extra = options.extra ?? {};
  return {
    automountServiceAccountToken: props.automountServiceAccountToken ?? false,
    serviceAccountName: props.serviceAccountName,
    containers: containers.map((c, i) => (i === 0
      ? renderContainer(c, options.defaultName, options.servicePorts)
      : renderContainer(c, undefined))),
    volumes: renderVolumes(containers),
    imagePullSecrets: props.imagePullSecrets?.length
      ? props.imagePullSecrets.map((s) => ({ name: s.secretName }))
      : undefined,
    hostAliases: props.hostAliases?.map((h) => ({ ip: h.ip, hostnames: h.hostnames })),
    tolerations: props.tolerations?.map((t) => t._render()),
    terminationGracePeriodSeconds: props.terminationGracePeriod?.toSeconds(),
    priorityClassName: props.priorityClassName,
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
    ...extra,
    affinity: props.nodeAffinity || extra.affinity
      ? { ...extra.affinity, nodeAffinity: props.nodeAffinity?._render() }
      : undefined,
  };
}

// A sidecar without a name is left unnamed: the schema and the
// 'container-name' rule report it with the construct path.
function renderContainer(props: ContainerProps, defaultName: string | undefined, servicePorts: ContainerPort[] = []): k8s.Container {
  const ports = uniquePorts([...servicePorts, ...(props.ports ?? [])]);
  const firstPort = ports[0]?.number;
  return {
    name: (props.name ?? defaultName) as string,
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
    volumeMounts: props.mounts?.map((m) => ({
      name: m.volume.name,
      mountPath: m.path,
      subPath: m.subPath,
      readOnly: m.volume.readOnly ? true : undefined,
    })),
    livenessProbe: props.liveness?._render(firstPort),
    readinessProbe: props.readiness?._render(firstPort),
    startupProbe: props.startup?._render(firstPort),
    resources: renderResources(props.resources),
    securityContext: renderContainerSecurity(props.security ?? {}),
  };
}

/** The rules that `props` relax on purpose, so the validator does not refuse what was asked for. */
export function securityAllowances(props: PodTemplateProps, containers: ReadonlyArray<ContainerProps>, defaultName: string): PropAllowance[] {
  const allowances: PropAllowance[] = [];
  const pod = props.podSecurity ?? {};
  if (pod.runAsNonRoot === false) {
    allowances.push({ rule: 'run-as-root', reason: 'podSecurity.runAsNonRoot is false' });
  }
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) {
    allowances.push({ rule: 'host-namespaces', reason: 'podSecurity asks for a host namespace' });
  }
  if (pod.seccompProfile === SeccompProfile.UNCONFINED) {
    allowances.push({ rule: 'seccomp-profile', reason: 'podSecurity.seccompProfile is Unconfined' });
  }
  containers.forEach((c, i) => {
    const s = c.security ?? {};
    const who = `container ${c.name ?? (i === 0 ? defaultName : `#${i + 1}`)}`;
    if (s.runAsNonRoot === false) {
      allowances.push({ rule: 'run-as-root', reason: `${who}: security.runAsNonRoot is false` });
    }
    if (s.privileged) {
      allowances.push({ rule: 'privileged', reason: `${who}: security.privileged is true` });
    }
    if (s.allowPrivilegeEscalation) {
      allowances.push({ rule: 'privilege-escalation', reason: `${who}: security.allowPrivilegeEscalation is true` });
    }
    if (s.addCapabilities?.some((cap) => cap !== 'NET_BIND_SERVICE') || (s.dropCapabilities && !s.dropCapabilities.includes('ALL'))) {
      allowances.push({ rule: 'capabilities', reason: `${who}: security adds or keeps capabilities` });
    }
  });
  return allowances;
}

function renderContainerSecurity(s: ContainerSecurity): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: s.allowPrivilegeEscalation ?? false,
    privileged: s.privileged ?? false,
    readOnlyRootFilesystem: s.readOnlyRootFilesystem ?? true,
    runAsNonRoot: s.runAsNonRoot ?? true,
    runAsUser: s.runAsUser,
    runAsGroup: s.runAsGroup,
    capabilities: {
      drop: s.dropCapabilities ?? ['ALL'],
      add: s.addCapabilities?.length ? s.addCapabilities : undefined,
    },
  };
}

function renderVolumes(containers: ReadonlyArray<ContainerProps>): k8s.Volume[] | undefined {
  const volumes = new Map<string, Volume>();
  for (const c of containers) {
    for (const m of c.mounts ?? []) {
      const known = volumes.get(m.volume.name);
      if (!known) {
        volumes.set(m.volume.name, m.volume);
      } else if (JSON.stringify(known._render()) !== JSON.stringify(m.volume._render())) {
        // Keeping only the first would silently mount it where the other was asked for.
        throw new Error(`two different volumes are named '${m.volume.name}'; give each its own name (KeyedVolumeOptions.name)`);
      }
    }
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
