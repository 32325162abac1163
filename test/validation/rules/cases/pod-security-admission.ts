import { BadInput, GoodInput } from '../harness';
import { container, namespace, pod } from '../fixtures';

// A namespace of the chart that enforces a Pod Security Standard, and pods in it.
const enforcing = (level: string) => ({ ...namespace(), metadata: { ...namespace().metadata, labels: { 'pod-security.kubernetes.io/enforce': level } } });
const RESTRICTED_CONTEXT = { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };
const securePod = (spec: Record<string, unknown> = {}, context: Record<string, unknown> = {}) => pod({
  containers: [container({ securityContext: { ...RESTRICTED_CONTEXT, ...context } })],
  ...spec,
});

export const BAD: BadInput[] = [
  { name: 'fails when a pod uses the host network in a baseline namespace', rule: 'pod-security-admission', objects: [securePod({ hostNetwork: true }), enforcing('baseline')], field: 'spec.hostNetwork', message: /^namespace "shop" enforces the baseline Pod Security Standard, which refuses hostNetwork: true: no pod of this object would be admitted$/ },
  { name: 'fails when a pod mounts a hostPath in a restricted namespace', rule: 'pod-security-admission', objects: [securePod({ volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }] }), enforcing('restricted')], field: 'spec.volumes[0].hostPath', message: /refuses the hostPath volume "logs"/ },
  { name: 'fails when a container may escalate in a restricted namespace', rule: 'pod-security-admission', objects: [securePod({}, { allowPrivilegeEscalation: true }), enforcing('restricted')], field: 'spec.containers[0].securityContext.allowPrivilegeEscalation', message: /enforces the restricted Pod Security Standard, which refuses container "web" may escalate privileges/ },
  { name: 'fails when a container adds SYS_TIME in a baseline namespace', rule: 'pod-security-admission', objects: [securePod({}, { capabilities: { drop: ['ALL'], add: ['SYS_TIME'] } }), enforcing('baseline')], field: 'spec.containers[0].securityContext.capabilities.add', message: /refuses container "web" adds SYS_TIME/ },
];

export const GOOD: GoodInput[] = [
  { name: 'a pod that meets restricted in a restricted namespace', objects: [securePod(), enforcing('restricted')] },
  { name: 'a container that may escalate in a baseline namespace (restricted only refuses it)', objects: [securePod({}, { allowPrivilegeEscalation: true }), enforcing('baseline')] },
  { name: 'the host network in a privileged namespace', objects: [securePod({ hostNetwork: true }), enforcing('privileged')] },
  { name: 'the host network where no namespace of the chart says what it enforces', objects: [securePod({ hostNetwork: true })] },
];
