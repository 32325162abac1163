import { Problem, Rule } from '../rule';
import { arr, obj, problem, show } from './util';

// rbac.authorization.k8s.io/v1 (pkg/apis/rbac/validation). Names of RBAC
// objects are path segments ("system:aggregate-to-view" is fine): see
// object-name. Reference formats are in reference-name.

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Rules of rbac.authorization.k8s.io. */
export const RBAC_RULES: Rule[] = [
  {
    id: 'rbac-rule',
    severity: 'error',
    summary: 'Role and ClusterRole rules have verbs, and either apiGroups and resources or (ClusterRole only) nonResourceURLs, not both',
    check: ({ object }) => {
      if (object.kind !== 'Role' && object.kind !== 'ClusterRole') {
        return [];
      }
      return arr(object.rules).flatMap((rule, i): Problem[] => {
        const field = `rules[${i}]`;
        const problems: Problem[] = [];
        if (arr(rule?.verbs).length === 0) {
          problems.push(problem(`${field}.verbs`, rule?.verbs, 'the rule has no verbs, so it grants nothing', 'list the verbs, such as ["get", "list", "watch"]'));
        }
        const urls = arr(rule?.nonResourceURLs);
        if (urls.length > 0) {
          if (object.kind === 'Role') {
            problems.push(problem(`${field}.nonResourceURLs`, urls, 'a Role is namespaced and cannot grant non-resource URLs', 'grant non-resource URLs in a ClusterRole'));
          }
          if (arr(rule?.resources).length > 0 || arr(rule?.apiGroups).length > 0) {
            problems.push(problem(`${field}.nonResourceURLs`, urls, 'a rule cannot cover both resources and non-resource URLs', 'split it into two rules'));
          }
          return problems;
        }
        if (arr(rule?.apiGroups).length === 0) {
          problems.push(problem(`${field}.apiGroups`, rule?.apiGroups, 'a resource rule needs at least one API group ("" is the core group)', 'list the API groups, such as [""] for pods and services or ["apps"] for deployments'));
        }
        if (arr(rule?.resources).length === 0) {
          problems.push(problem(`${field}.resources`, rule?.resources, 'a resource rule needs at least one resource', 'list the resources, such as ["pods"]'));
        }
        return problems;
      });
    },
  },
  {
    id: 'rbac-binding',
    severity: 'error',
    summary: 'bindings refer to a Role or ClusterRole (a ClusterRoleBinding only to a ClusterRole) in rbac.authorization.k8s.io; subjects are ServiceAccounts (apiGroup "", with a namespace in ClusterRoleBindings), Users or Groups (apiGroup rbac.authorization.k8s.io)',
    check: ({ object }) => {
      if (object.kind !== 'RoleBinding' && object.kind !== 'ClusterRoleBinding') {
        return [];
      }
      const problems: Problem[] = [];
      const roleRef = obj(object.roleRef) ?? {};
      if (roleRef.apiGroup !== RBAC_GROUP) {
        problems.push(problem('roleRef.apiGroup', roleRef.apiGroup, `roleRef apiGroup ${show(roleRef.apiGroup)} is not ${RBAC_GROUP}`, `set apiGroup "${RBAC_GROUP}"`));
      }
      const kinds = object.kind === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
      if (!kinds.includes(roleRef.kind)) {
        problems.push(problem('roleRef.kind', roleRef.kind, `a ${object.kind} refers to ${kinds.join(' or ')}, not ${show(roleRef.kind)}`, object.kind === 'RoleBinding' ? 'use kind Role or ClusterRole' : 'use kind ClusterRole, or a RoleBinding for a Role'));
      }
      if (typeof roleRef.name !== 'string' || roleRef.name === '') {
        problems.push(problem('roleRef.name', roleRef.name, 'roleRef has no name', 'name the role to bind'));
      }
      arr(object.subjects).forEach((subject, i) => {
        const field = `subjects[${i}]`;
        if (typeof subject?.name !== 'string' || subject.name === '') {
          problems.push(problem(`${field}.name`, subject?.name, 'the subject has no name', 'name the ServiceAccount, User or Group'));
        }
        switch (subject?.kind) {
          case 'ServiceAccount':
            if (subject.apiGroup !== undefined && subject.apiGroup !== '') {
              problems.push(problem(`${field}.apiGroup`, subject.apiGroup, `a ServiceAccount subject has apiGroup "", not ${show(subject.apiGroup)}`, 'remove apiGroup from the ServiceAccount subject'));
            }
            if (object.kind === 'ClusterRoleBinding' && (typeof subject.namespace !== 'string' || subject.namespace === '')) {
              problems.push(problem(`${field}.namespace`, subject.namespace, 'a ServiceAccount subject of a ClusterRoleBinding needs a namespace', 'set the namespace of the ServiceAccount'));
            }
            break;
          case 'User':
          case 'Group':
            if (subject.apiGroup !== RBAC_GROUP) {
              problems.push(problem(`${field}.apiGroup`, subject.apiGroup, `a ${subject.kind} subject has apiGroup ${RBAC_GROUP}, not ${show(subject.apiGroup)}`, `set apiGroup "${RBAC_GROUP}"`));
            }
            break;
          default:
            problems.push(problem(`${field}.kind`, subject?.kind, `subject kind ${show(subject?.kind)} is not ServiceAccount, User or Group`, 'use ServiceAccount, User or Group'));
        }
      });
      return problems;
    },
  },
];
