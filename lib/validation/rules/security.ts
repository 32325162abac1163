import { containersOf, podSpecsOf } from '../manifest';
import { Problem, Rule } from '../rule';

// Every rule here follows the "restricted" Pod Security Standard; a
// construct relaxes one by saying so in its props or with Allowances.
const PSS = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted';

/** Rules of the "restricted" Pod Security Standard. */
export const SECURITY_RULES: Rule[] = [
  {
    id: 'privileged',
    severity: 'error',
    summary: 'containers are not privileged',
    check: ({ object }) => containersOf(object).flatMap(({ path, container }) => (container?.securityContext?.privileged === true
      ? [{ field: `${path}.securityContext.privileged`, value: true, message: 'the container is privileged: it has every capability and device of the node', fix: `remove privileged, or set security.privileged: true on the construct to allow it (${PSS})` }]
      : [])),
  },
  {
    id: 'privilege-escalation',
    severity: 'error',
    summary: 'containers set allowPrivilegeEscalation: false',
    check: ({ object }) => containersOf(object).flatMap(({ path, container }) => (container?.securityContext?.allowPrivilegeEscalation === false
      ? []
      : [{ field: `${path}.securityContext.allowPrivilegeEscalation`, value: container?.securityContext?.allowPrivilegeEscalation, message: 'the container may gain more privileges than its parent process (setuid binaries)', fix: 'set allowPrivilegeEscalation: false (the constructs do unless security.allowPrivilegeEscalation is true)' }])),
  },
  {
    id: 'run-as-root',
    severity: 'error',
    summary: 'containers run as non-root (runAsNonRoot: true, runAsUser not 0)',
    check: ({ object }) => containersOf(object).flatMap(({ path, container, pod }): Problem[] => {
      const own = container?.securityContext ?? {};
      const podContext = pod.spec.securityContext ?? {};
      const nonRoot = own.runAsNonRoot ?? podContext.runAsNonRoot;
      const user = own.runAsUser ?? podContext.runAsUser;
      if (user === 0) {
        return [{ field: `${path}.securityContext.runAsUser`, value: 0, message: 'the container runs as uid 0 (root)', fix: 'run as a non-zero uid, or set security.runAsNonRoot: false to allow root' }];
      }
      return nonRoot === true
        ? []
        : [{ field: `${path}.securityContext.runAsNonRoot`, value: nonRoot, message: 'the container may run as root', fix: 'set runAsNonRoot: true (the default of the constructs), or set security.runAsNonRoot: false to allow root for an image that needs it' }];
    }),
  },
  {
    id: 'host-namespaces',
    severity: 'error',
    summary: "pods do not share the node's network, process or IPC namespace",
    check: ({ object }) => podSpecsOf(object).flatMap((pod) => (['hostNetwork', 'hostPID', 'hostIPC'] as const)
      .filter((field) => pod.spec[field] === true)
      .map((field) => ({ field: `${pod.path}.${field}`, value: true, message: `the pod uses the node's ${field.slice(4)} namespace`, fix: `remove ${field}, or set podSecurity.${field}: true on the construct to allow it` }))),
  },
  {
    id: 'host-path',
    severity: 'error',
    summary: "pods do not mount the node's filesystem (hostPath)",
    check: ({ object }) => podSpecsOf(object).flatMap((pod) => (pod.spec.volumes ?? []).flatMap((volume: any, i: number) => (volume?.hostPath
      ? [{ field: `${pod.path}.volumes[${i}].hostPath`, value: volume.hostPath.path, message: `volume "${volume.name}" mounts the node's ${volume.hostPath.path}`, fix: 'use an emptyDir, a ConfigMap or a PersistentVolumeClaim, or allow the host-path rule with a reason' }]
      : []))),
  },
  {
    id: 'capabilities',
    severity: 'error',
    summary: 'containers drop ALL capabilities and add none but NET_BIND_SERVICE',
    check: ({ object }) => containersOf(object).flatMap(({ path, container }) => {
      const caps = container?.securityContext?.capabilities ?? {};
      const problems: Problem[] = [];
      if (!Array.isArray(caps.drop) || !caps.drop.includes('ALL')) {
        problems.push({ field: `${path}.securityContext.capabilities.drop`, value: caps.drop, message: 'the container keeps the default capabilities', fix: "drop ['ALL'] (the constructs' default)" });
      }
      const extra = (caps.add ?? []).filter((cap: string) => cap !== 'NET_BIND_SERVICE');
      if (extra.length) {
        problems.push({ field: `${path}.securityContext.capabilities.add`, value: extra, message: `the container adds ${extra.join(', ')}`, fix: 'add only NET_BIND_SERVICE, or set security.addCapabilities on the construct to allow more' });
      }
      return problems;
    }),
  },
  {
    id: 'seccomp-profile',
    severity: 'error',
    summary: 'pods use the RuntimeDefault or a Localhost seccomp profile',
    check: ({ object }) => containersOf(object).flatMap(({ path, container, pod }) => {
      const type = container?.securityContext?.seccompProfile?.type ?? pod.spec.securityContext?.seccompProfile?.type;
      return type === 'RuntimeDefault' || type === 'Localhost'
        ? []
        : [{ field: `${path}.securityContext.seccompProfile`, value: type, message: `the container runs with seccomp profile ${JSON.stringify(type ?? 'unset')}`, fix: 'set the RuntimeDefault profile (the constructs\' default)' }];
    }),
  },
];
