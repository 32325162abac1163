import { IConstruct } from 'constructs';
import { Allowances } from '../allowances';

// One place that says which "restricted" Pod Security Standard rules a pod
// spec trips, and why. The validator's rules (lib/validation/rules/security.ts)
// report what it finds; constructs run it on the pod spec their props render
// and record, for each finding, the prop that asked for it as the allowance's
// reason. So what a construct allows is exactly what the rules would refuse,
// never a guess kept in step by hand.

/** The security rules, by id. */
export type PodSecurityRule = 'privileged' | 'privilege-escalation' | 'run-as-root' | 'host-namespaces' | 'host-path' | 'capabilities' | 'seccomp-profile';

/** One security rule a pod spec trips. */
export interface PodSecurityFinding {
  readonly rule: PodSecurityRule;
  /** Path of the field, from the pod spec's own path (`spec.template.spec.containers[0].securityContext.privileged`). */
  readonly field: string;
  readonly value?: unknown;
  readonly message: string;
  readonly fix: string;
  /**
   * The construct prop that writes this value, when a prop can: what a
   * construct records as the reason of its allowance. Absent for values
   * that only an escape hatch or a contradiction of props can produce.
   */
  readonly prop?: string;
  /** Index of the container in its list, for container findings. */
  readonly container?: { readonly list: 'initContainers' | 'containers'; readonly index: number; readonly name?: string };
  /** Name of the volume, for host-path findings. */
  readonly volume?: string;
}

const PSS = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted';
const HOST_NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

/** Every security rule `podSpec` (Kubernetes JSON, at `path`) trips. */
export function podSecurityFindings(podSpec: any, path: string): PodSecurityFinding[] {
  const findings: PodSecurityFinding[] = [];
  if (!podSpec || typeof podSpec !== 'object') {
    return findings;
  }
  for (const field of HOST_NAMESPACES) {
    if (podSpec[field] === true) {
      findings.push({ rule: 'host-namespaces', field: `${path}.${field}`, value: true, prop: `podSecurity.${field} is true`, message: `the pod uses the node's ${field.slice(4)} namespace`, fix: `remove ${field}, or set podSecurity.${field}: true on the construct to allow it` });
    }
  }
  // Not guarded: a map where the list belongs is reported as the rule failing to read it.
  (podSpec.volumes ?? []).forEach((volume: any, i: number) => {
    if (volume?.hostPath) {
      findings.push({ rule: 'host-path', field: `${path}.volumes[${i}].hostPath`, value: volume.hostPath.path, volume: volume.name, message: `volume "${volume.name}" mounts the node's ${volume.hostPath.path}`, fix: 'use an emptyDir, a ConfigMap or a PersistentVolumeClaim, or allow the host-path rule with a reason' });
    }
  });
  const podUser = podSpec.securityContext?.runAsUser;
  if (podUser === 0) {
    // Reported once, where it is written: at the pod, for the containers that inherit it.
    const inheriting = (['initContainers', 'containers'] as const)
      .flatMap((list) => (Array.isArray(podSpec[list]) ? podSpec[list] : []))
      .filter((c: any) => c?.securityContext?.runAsUser === undefined);
    if (inheriting.length) {
      const rootIntended = inheriting.every((c: any) => (c?.securityContext?.runAsNonRoot ?? podSpec.securityContext?.runAsNonRoot) === false);
      findings.push({ rule: 'run-as-root', field: `${path}.securityContext.runAsUser`, value: 0, prop: rootIntended ? 'podSecurity.runAsNonRoot is false, runAsUser is 0' : undefined, message: 'the pod runs its containers as uid 0 (root)', fix: 'set podSecurity.runAsUser to a non-zero uid, or set podSecurity.runAsNonRoot: false to allow root' });
    }
  }
  for (const list of ['initContainers', 'containers'] as const) {
    const containers = podSpec[list];
    if (!Array.isArray(containers)) {
      continue;
    }
    containers.forEach((container: any, index: number) => {
      const at = `${path}.${list}[${index}]`;
      const where = { list, index, name: container?.name };
      for (const finding of containerFindings(container, podSpec, at)) {
        findings.push({ ...finding, container: where });
      }
    });
  }
  return findings;
}

function containerFindings(container: any, podSpec: any, path: string): PodSecurityFinding[] {
  const findings: PodSecurityFinding[] = [];
  const own = container?.securityContext ?? {};
  const pod = podSpec.securityContext ?? {};
  if (own.privileged === true) {
    findings.push({ rule: 'privileged', field: `${path}.securityContext.privileged`, value: true, prop: 'security.privileged is true', message: 'the container is privileged: it has every capability and device of the node', fix: `remove privileged, or set security.privileged: true on the construct to allow it (${PSS})` });
  }
  // A privileged container can always escalate (and may not say otherwise): reported as privileged.
  if (own.allowPrivilegeEscalation !== false && own.privileged !== true) {
    findings.push({ rule: 'privilege-escalation', field: `${path}.securityContext.allowPrivilegeEscalation`, value: own.allowPrivilegeEscalation, prop: own.allowPrivilegeEscalation === true ? escalationProp(own) : undefined, message: 'the container may gain more privileges than its parent process (setuid binaries)', fix: 'set allowPrivilegeEscalation: false (the constructs do unless security.allowPrivilegeEscalation is true)' });
  }
  const nonRoot = own.runAsNonRoot ?? pod.runAsNonRoot;
  const user = own.runAsUser ?? pod.runAsUser;
  if (own.runAsUser === undefined && pod.runAsUser === 0) {
    // Inherited from the pod: reported there (podSecurityFindings), once.
  } else if (user === 0) {
    // runAsUser 0 with runAsNonRoot true is a contradiction the kubelet
    // refuses; only runAsNonRoot: false says root is intended.
    findings.push({ rule: 'run-as-root', field: `${path}.securityContext.runAsUser`, value: 0, prop: nonRoot === false ? `${own.runAsNonRoot === false ? 'security' : 'podSecurity'}.runAsNonRoot is false, runAsUser is 0` : undefined, message: 'the container runs as uid 0 (root)', fix: 'run as a non-zero uid, or set security.runAsNonRoot: false to allow root' });
  } else if (nonRoot !== true) {
    findings.push({ rule: 'run-as-root', field: `${path}.securityContext.runAsNonRoot`, value: nonRoot, prop: nonRoot === false ? `${own.runAsNonRoot === false ? 'security' : 'podSecurity'}.runAsNonRoot is false` : undefined, message: 'the container may run as root', fix: 'set runAsNonRoot: true (the default of the constructs), or set security.runAsNonRoot: false to allow root for an image that needs it' });
  }
  const caps = own.capabilities ?? {};
  if (!Array.isArray(caps.drop) || !caps.drop.includes('ALL')) {
    findings.push({ rule: 'capabilities', field: `${path}.securityContext.capabilities.drop`, value: caps.drop, prop: Array.isArray(caps.drop) ? `security.dropCapabilities is ${JSON.stringify(caps.drop)}` : undefined, message: 'the container keeps the default capabilities', fix: "drop ['ALL'] (the constructs' default)" });
  }
  const extra = (Array.isArray(caps.add) ? caps.add : []).filter((cap: string) => cap !== 'NET_BIND_SERVICE');
  if (extra.length) {
    findings.push({ rule: 'capabilities', field: `${path}.securityContext.capabilities.add`, value: extra, prop: `security.addCapabilities has ${extra.join(', ')}`, message: `the container adds ${extra.join(', ')}`, fix: 'add only NET_BIND_SERVICE, or set security.addCapabilities on the construct to allow more' });
  }
  const seccomp = own.seccompProfile?.type ?? pod.seccompProfile?.type;
  if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') {
    findings.push({ rule: 'seccomp-profile', field: `${path}.securityContext.seccompProfile`, value: seccomp, prop: seccomp === 'Unconfined' ? 'podSecurity.seccompProfile is Unconfined' : undefined, message: `the container runs with seccomp profile ${JSON.stringify(seccomp ?? 'unset')}`, fix: 'set the RuntimeDefault profile (the constructs\' default)' });
  }
  return findings;
}

/**
 * Record on `scope` an allowance for every security rule that the pod spec
 * its props rendered trips because a prop asked for it, with that prop as
 * the reason. Findings no prop explains are left for the validator to report.
 *
 * @param hostPathReasons the reason given for each hostPath volume, by volume name
 */
export function allowWhatPropsAsk(scope: IConstruct, podSpec: any, hostPathReasons: ReadonlyMap<string, string> = new Map()): void {
  for (const finding of podSecurityFindings(podSpec, 'spec')) {
    const reason = finding.volume !== undefined ? hostPathReasons.get(finding.volume) : finding.prop;
    if (reason === undefined) {
      continue;
    }
    const who = finding.container && reason.startsWith('security.') ? `${finding.container.list === 'initContainers' ? 'init container' : 'container'} ${finding.container.name ?? `#${finding.container.index + 1}`}: ` : '';
    const volume = finding.volume !== undefined ? `volume ${finding.volume}: ` : '';
    Allowances.of(scope).allow(finding.rule, `${who}${volume}${reason}`);
  }
}

// Which prop let the container escalate: the constructs write
// allowPrivilegeEscalation: true themselves for a container given
// CAP_SYS_ADMIN (and a privileged one), since the API server refuses false
// with either.
function escalationProp(own: any): string {
  const added: unknown[] = Array.isArray(own.capabilities?.add) ? own.capabilities.add : [];
  if (added.some((c) => c === 'SYS_ADMIN' || c === 'CAP_SYS_ADMIN')) {
    return 'security.addCapabilities has SYS_ADMIN (which may always escalate)';
  }
  return 'security.allowPrivilegeEscalation is true';
}
