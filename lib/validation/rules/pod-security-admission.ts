import { podSpecsOf } from '../manifest';
import { Problem, Rule } from '../rule';

// Pod Security admission (Kubernetes 1.27, k8s.io/pod-security-admission):
// a namespace labelled `pod-security.kubernetes.io/enforce: baseline` or
// `restricted` refuses every pod that breaks that level, whatever allowances
// the workload carries. The security rules (rules/security.ts) can be allowed
// per workload; this one checks the allowed workload against the namespace
// of the chart that will hold it, so that a privileged node agent is not
// written into a restricted namespace where none of its pods would start.

/** The label naming the Pod Security Standard a namespace enforces. */
export const ENFORCE = 'pod-security.kubernetes.io/enforce';
/** A Pod Security Standard level that refuses pods (privileged refuses none). */
export type Level = 'baseline' | 'restricted';

// Capabilities the baseline level lets a container add.
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);
// Volume types the restricted level admits.
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);

/** What a pod asks for that a Pod Security Standard level refuses. */
export interface Breach {
  readonly field: string;
  readonly value: unknown;
  readonly what: string;
  readonly level: Level;
}

const bare = (capability: unknown) => String(capability).replace(/^CAP_/, '');

/** Everything in a pod spec at `path` that the baseline or the restricted level refuses. */
export function breaches(spec: any, path: string): Breach[] {
  const found: Breach[] = [];
  const pod = spec?.securityContext ?? {};
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec?.[field] === true) {
      found.push({ field: `${path}.${field}`, value: true, what: `${field}: true`, level: 'baseline' });
    }
  }
  (Array.isArray(spec?.volumes) ? spec.volumes : []).forEach((volume: any, i: number) => {
    const type = Object.keys(volume ?? {}).find((key) => key !== 'name');
    if (type === 'hostPath') {
      found.push({ field: `${path}.volumes[${i}].hostPath`, value: volume.hostPath, what: `the hostPath volume ${JSON.stringify(volume.name)}`, level: 'baseline' });
    } else if (type !== undefined && !RESTRICTED_VOLUMES.has(type)) {
      found.push({ field: `${path}.volumes[${i}].${type}`, value: volume[type], what: `the ${type} volume ${JSON.stringify(volume.name)}`, level: 'restricted' });
    }
  });
  if (pod.seccompProfile?.type === 'Unconfined') {
    found.push({ field: `${path}.securityContext.seccompProfile.type`, value: 'Unconfined', what: 'an Unconfined seccomp profile', level: 'baseline' });
  }
  for (const list of ['initContainers', 'containers']) {
    (Array.isArray(spec?.[list]) ? spec[list] : []).forEach((container: any, i: number) => {
      // The container's path and quoted name are written only for a breach:
      // a Project checks every pod whose namespace it does not know yet, and nearly all breach nothing.
      const at = (): string => `${path}.${list}[${i}]`;
      const name = (): string => JSON.stringify(container?.name);
      const own = container?.securityContext ?? {};
      if (own.privileged === true) {
        found.push({ field: `${at()}.securityContext.privileged`, value: true, what: `container ${name()} is privileged`, level: 'baseline' });
      }
      const added: unknown[] = Array.isArray(own.capabilities?.add) ? own.capabilities.add : [];
      const beyondBaseline = added.filter((c) => !BASELINE_CAPABILITIES.has(bare(c)));
      if (beyondBaseline.length) {
        found.push({ field: `${at()}.securityContext.capabilities.add`, value: added, what: `container ${name()} adds ${beyondBaseline.join(', ')}`, level: 'baseline' });
      } else if (added.some((c) => bare(c) !== 'NET_BIND_SERVICE')) {
        found.push({ field: `${at()}.securityContext.capabilities.add`, value: added, what: `container ${name()} adds capabilities other than NET_BIND_SERVICE`, level: 'restricted' });
      }
      (Array.isArray(container?.ports) ? container.ports : []).forEach((port: any, p: number) => {
        if (port?.hostPort) {
          found.push({ field: `${at()}.ports[${p}].hostPort`, value: port.hostPort, what: `container ${name()} uses host port ${port.hostPort}`, level: 'baseline' });
        }
      });
      if (own.seccompProfile?.type === 'Unconfined') {
        found.push({ field: `${at()}.securityContext.seccompProfile.type`, value: 'Unconfined', what: `container ${name()} has an Unconfined seccomp profile`, level: 'baseline' });
      }
      if (own.allowPrivilegeEscalation !== false) {
        found.push({ field: `${at()}.securityContext.allowPrivilegeEscalation`, value: own.allowPrivilegeEscalation, what: `container ${name()} may escalate privileges`, level: 'restricted' });
      }
      if ((own.runAsNonRoot ?? pod.runAsNonRoot) !== true || (own.runAsUser ?? pod.runAsUser) === 0) {
        found.push({ field: `${at()}.securityContext.runAsNonRoot`, value: own.runAsNonRoot ?? pod.runAsNonRoot, what: `container ${name()} may run as root`, level: 'restricted' });
      }
      const seccomp = own.seccompProfile?.type ?? pod.seccompProfile?.type;
      if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost' && seccomp !== 'Unconfined') {
        found.push({ field: `${at()}.securityContext.seccompProfile`, value: seccomp, what: `container ${name()} has no RuntimeDefault or Localhost seccomp profile`, level: 'restricted' });
      }
      const dropped: unknown[] = Array.isArray(own.capabilities?.drop) ? own.capabilities.drop : [];
      if (!dropped.includes('ALL')) {
        found.push({ field: `${at()}.securityContext.capabilities.drop`, value: own.capabilities?.drop, what: `container ${name()} does not drop ALL capabilities`, level: 'restricted' });
      }
    });
  }
  return found;
}

/** The level a namespace's labels enforce, if it refuses any pod. */
export function enforcedLevel(labels: Readonly<Record<string, string>> | undefined): Level | undefined {
  const level = labels?.[ENFORCE];
  return level === 'baseline' || level === 'restricted' ? level : undefined;
}

/** The problems of `found` that namespace `namespace`, enforcing `level`, refuses. */
export function refusedBy(level: Level, namespace: string, found: ReadonlyArray<Breach>): Problem[] {
  return found.filter((b) => level === 'restricted' || b.level === 'baseline').map((b) => ({
    field: b.field,
    value: b.value,
    message: `namespace ${JSON.stringify(namespace)} enforces the ${level} Pod Security Standard, which refuses ${b.what}: no pod of this object would be admitted`,
    fix: `run it in a namespace that enforces ${b.level === 'baseline' ? 'privileged' : 'baseline or privileged'} (EnvironmentNamespace podSecurity), or drop what it asks for`,
  }));
}

/** The Pod Security Standard a namespace of the chart enforces on its pods. */
export const POD_SECURITY_ADMISSION_RULES: Rule[] = [
  {
    id: 'pod-security-admission',
    severity: 'error',
    summary: 'pods meet the Pod Security Standard (baseline or restricted) that a namespace of the chart enforces, whatever the workload allows itself',
    check: ({ object }, inventory) => {
      const namespace = object.metadata?.namespace;
      if (!namespace) {
        return [];
      }
      const level = enforcedLevel(inventory.namespaceLabels(namespace));
      if (!level) {
        return [];
      }
      return podSpecsOf(object).flatMap(({ spec, path }): Problem[] => refusedBy(level, namespace, breaches(spec, path)));
    },
  },
];
