import { podSecurityFindings, PodSecurityRule } from '../../private/pod-security';
import { KubeObject, lastObjectCache, podSpecsOf } from '../manifest';
import { Problem, Rule } from '../rule';

// Every rule here follows the "restricted" Pod Security Standard. What each
// one finds is decided in one place, lib/private/pod-security.ts, which the
// constructs also run on their own pods to record the allowances their props
// ask for; a construct relaxes a rule by saying so in its props or with
// Allowances.

// The findings of an object, computed once for the seven rules that read
// them (one object after the other).
const cache = lastObjectCache<ReturnType<typeof podSecurityFindings>>();

function findings(object: KubeObject, rule: PodSecurityRule): Problem[] {
  const all = cache(object, (o) => podSpecsOf(o).flatMap((pod) => podSecurityFindings(pod.spec, pod.path)));
  if (all.length === 0) {
    return [];
  }
  return all.filter((f) => f.rule === rule).map(({ field, value, message, fix }) => ({ field, value, message, fix }));
}

/** Rules of the "restricted" Pod Security Standard. */
export const SECURITY_RULES: Rule[] = [
  { id: 'privileged', severity: 'error', summary: 'containers are not privileged', check: ({ object }) => findings(object, 'privileged') },
  { id: 'privilege-escalation', severity: 'error', summary: 'containers set allowPrivilegeEscalation: false', check: ({ object }) => findings(object, 'privilege-escalation') },
  { id: 'run-as-root', severity: 'error', summary: 'containers run as non-root (runAsNonRoot: true, runAsUser not 0)', check: ({ object }) => findings(object, 'run-as-root') },
  { id: 'host-namespaces', severity: 'error', summary: "pods do not share the node's network, process or IPC namespace", check: ({ object }) => findings(object, 'host-namespaces') },
  { id: 'host-path', severity: 'error', summary: "pods do not mount the node's filesystem (hostPath)", check: ({ object }) => findings(object, 'host-path') },
  { id: 'capabilities', severity: 'error', summary: 'containers drop ALL capabilities and add none but NET_BIND_SERVICE', check: ({ object }) => findings(object, 'capabilities') },
  { id: 'seccomp-profile', severity: 'error', summary: 'pods use the RuntimeDefault or a Localhost seccomp profile', check: ({ object }) => findings(object, 'seccomp-profile') },
];
