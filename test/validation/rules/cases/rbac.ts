import { BadInput, GoodInput } from '../harness';
import { role, roleBinding } from '../fixtures';

export const BAD: BadInput[] = [
  { name: 'fails when a rule has no verbs', rule: 'rbac-rule', objects: [role([{ apiGroups: [''], resources: ['pods'], verbs: [] }])], field: 'rules[0].verbs', message: /^the rule has no verbs, so it grants nothing$/ },
  { name: 'fails when a resource rule has no apiGroups', rule: 'rbac-rule', objects: [role([{ resources: ['pods'], verbs: ['get'] }])], field: 'rules[0].apiGroups', message: /^a resource rule needs at least one API group/ },
  { name: 'fails when a resource rule has no resources', rule: 'rbac-rule', objects: [role([{ apiGroups: [''], verbs: ['get'] }])], message: /^a resource rule needs at least one resource$/ },
  { name: 'fails when a Role grants non-resource URLs', rule: 'rbac-rule', objects: [role([{ nonResourceURLs: ['/healthz'], verbs: ['get'] }])], message: /^a Role is namespaced and cannot grant non-resource URLs$/ },
  { name: 'fails when a rule mixes resources and non-resource URLs', rule: 'rbac-rule', objects: [role([{ apiGroups: [''], resources: ['pods'], nonResourceURLs: ['/metrics'], verbs: ['get'] }], 'ClusterRole')], message: /^a rule cannot cover both resources and non-resource URLs$/ },
  { name: 'fails when roleRef apiGroup is "rbac"', rule: 'rbac-binding', objects: [roleBinding({ roleRef: { apiGroup: 'rbac', kind: 'Role', name: 'reader' } })], field: 'roleRef.apiGroup', message: /^roleRef apiGroup "rbac" is not rbac\.authorization\.k8s\.io$/ },
  { name: 'fails when a ClusterRoleBinding refers to a Role', rule: 'rbac-binding', objects: [roleBinding({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' } }, 'ClusterRoleBinding')], field: 'roleRef.kind', message: /^a ClusterRoleBinding refers to ClusterRole, not "Role"$/ },
  { name: 'fails when a ClusterRoleBinding ServiceAccount subject has no namespace', rule: 'rbac-binding', objects: [roleBinding({ subjects: [{ kind: 'ServiceAccount', name: 'web' }] }, 'ClusterRoleBinding')], field: 'subjects[0].namespace', message: /needs a namespace$/ },
  { name: 'fails when a ServiceAccount subject has an apiGroup', rule: 'rbac-binding', objects: [roleBinding({ subjects: [{ kind: 'ServiceAccount', name: 'web', apiGroup: 'rbac.authorization.k8s.io' }] })], message: /^a ServiceAccount subject has apiGroup "", not/ },
  { name: 'fails when a User subject has no apiGroup', rule: 'rbac-binding', objects: [roleBinding({ subjects: [{ kind: 'User', name: 'jane@example.com' }] })], message: /^a User subject has apiGroup rbac\.authorization\.k8s\.io, not \(unset\)$/ },
  { name: 'fails when a subject kind is "Team"', rule: 'rbac-binding', objects: [roleBinding({ subjects: [{ kind: 'Team', name: 'shop' }] })], message: /^subject kind "Team" is not ServiceAccount, User or Group$/ },
  { name: 'fails when roleRef has no name', rule: 'rbac-binding', objects: [roleBinding({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role' } })], message: /^roleRef has no name$/ },
];

export const GOOD: GoodInput[] = [
  { name: 'a RoleBinding to a ClusterRole, with User, Group and ServiceAccount subjects', objects: [roleBinding({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:aggregate-to-view' }, subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane@example.com' }, { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:authenticated' }, { kind: 'ServiceAccount', name: 'web' }] })] },
  { name: 'a ClusterRole with non-resource URLs and wildcards', objects: [role([{ nonResourceURLs: ['/healthz', '/metrics/*'], verbs: ['get'] }, { apiGroups: ['*'], resources: ['*'], verbs: ['*'] }], 'ClusterRole', 'ops:admin')] },
  { name: 'a ClusterRoleBinding with a namespaced ServiceAccount subject', objects: [roleBinding({}, 'ClusterRoleBinding')] },
];
