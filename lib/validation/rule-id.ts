/**
 * Every check the validator runs, by id. Ids are public contract: an
 * `Allowances.of(scope).allow(id, reason)` names one of these. Grouped as the
 * modules of `rules/` are: by API group, then cross-cutting topics.
 */
export const RULE_IDS = [
  // object metadata and names (rules/meta.ts)
  'object-name',
  'object-namespace',
  'reference-name',
  'label-key',
  'label-value',
  'label-selector',
  'annotation-key',
  'annotation-size',
  'duplicate-object',
  'cluster-scoped-namespace',
  // pods and pod templates (rules/core-pod.ts)
  'container-name',
  'container-port-duplicate',
  'template-restart-policy',
  'probe-handler',
  'probe-port',
  'probe-success-threshold',
  'probe-threshold',
  'env-name',
  'env-duplicate',
  'env-source',
  'volume-source',
  'volume-mount',
  'node-affinity-operator',
  'node-affinity-terms',
  'affinity-weight',
  'pod-affinity-term',
  'toleration',
  'topology-spread',
  'host-alias',
  'quantity-format',
  'resource-name',
  'requests-within-limits',
  'pod-dns',
  'security-context',
  'init-container',
  'pod-spec',
  // ports and Services (rules/core-service.ts)
  'port-range',
  'port-name',
  'protocol',
  'service-port-names',
  'service-port-duplicate',
  'node-port',
  'service-type',
  'cluster-ip',
  'service-target-port',
  'service-selector-orphan',
  // ConfigMaps and Secrets (rules/core-config.ts)
  'config-keys',
  'secret-type',
  // claims and quotas (rules/core-storage.ts)
  'pvc-spec',
  'resource-quota',
  'limit-range',
  // apps/v1 and workload counts (rules/apps.ts)
  'selector-match',
  'update-strategy',
  'workload-spec',
  'non-negative-count',
  // batch/v1 (rules/batch.ts)
  'job-restart-policy',
  'job-spec',
  'cron-schedule',
  'cron-time-zone',
  // networking.k8s.io/v1 (rules/networking.ts)
  'ingress-spec',
  'ingress-path-type',
  'ingress-path',
  'ingress-host',
  'ingress-backend',
  'network-policy-peer',
  'network-policy-port',
  'network-policy-types',
  // policy/v1 (rules/policy.ts)
  'pdb-spec',
  // autoscaling/v2 (rules/autoscaling.ts)
  'hpa-replicas',
  'hpa-scale-target',
  'hpa-metric',
  'hpa-behavior',
  // rbac.authorization.k8s.io/v1 (rules/rbac.ts)
  'rbac-rule',
  'rbac-binding',
  // images (rules/images.ts)
  'image-required',
  'image-tag',
  'image-reference',
  'image-pull-policy',
  // Secret and ConfigMap references (rules/references.ts)
  'config-reference',
  // registry credentials (rules/registry.ts)
  'pull-secret-credentials',
  'image-pull-secret-reference',
  'pull-secret-registry',
  // the Pod Security Standard a namespace of the chart enforces (rules/pod-security-admission.ts)
  'pod-security-admission',
  // pod security ("restricted" Pod Security Standard, rules/security.ts)
  'privileged',
  'privilege-escalation',
  'run-as-root',
  'host-namespaces',
  'host-path',
  'capabilities',
  'seccomp-profile',
  // secrets and git (rules/secrets.ts)
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
