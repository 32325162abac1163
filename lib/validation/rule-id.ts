/**
 * Every check the validator runs, by id. Ids are public contract: an
 * `Allowances.of(scope).allow(id, reason)` names one of these.
 */
export const RULE_IDS = [
  // names and labels
  'object-name',
  'container-name',
  'port-name',
  'label-key',
  'label-value',
  'duplicate-object',
  'cluster-scoped-namespace',
  // ports and services
  'port-range',
  'service-port-names',
  'node-port',
  'protocol',
  'selector-match',
  'service-selector-orphan',
  // ingress
  'ingress-path-type',
  'ingress-path',
  'ingress-host',
  'ingress-backend',
  // probes
  'probe-handler',
  'probe-port',
  'probe-success-threshold',
  // resources
  'quantity-format',
  'requests-within-limits',
  // jobs and scheduling
  'job-restart-policy',
  'non-negative-count',
  'node-affinity-operator',
  'node-affinity-terms',
  'affinity-weight',
  // images
  'image-required',
  'image-tag',
  // env and references
  'env-name',
  'env-duplicate',
  'config-reference',
  // registry credentials
  'pull-secret-credentials',
  'image-pull-secret-reference',
  'pull-secret-registry',
  // pod security ("restricted" Pod Security Standard)
  'privileged',
  'privilege-escalation',
  'run-as-root',
  'host-namespaces',
  'host-path',
  'capabilities',
  'seccomp-profile',
  // secrets and git
  'secret-in-git',
  // the Kubernetes 1.27 schema, unknown fields rejected
  'schema',
] as const;

/** The id of a validation rule. */
export type RuleId = typeof RULE_IDS[number];

/** Whether `id` names a rule. */
export function isRuleId(id: string): id is RuleId {
  return (RULE_IDS as readonly string[]).includes(id);
}
