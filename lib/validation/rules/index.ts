import { Rule } from '../rule';
import { APPS_RULES } from './apps';
import { AUTOSCALING_RULES } from './autoscaling';
import { BATCH_RULES } from './batch';
import { CORE_CONFIG_RULES } from './core-config';
import { CORE_POD_RULES } from './core-pod';
import { CORE_SERVICE_RULES } from './core-service';
import { CORE_STORAGE_RULES } from './core-storage';
import { IMAGE_RULES } from './images';
import { META_RULES } from './meta';
import { NETWORKING_RULES } from './networking';
import { POLICY_RULES } from './policy';
import { RBAC_RULES } from './rbac';
import { POD_SECURITY_ADMISSION_RULES } from './pod-security-admission';
import { PULL_SECRET_REGISTRY_RULES } from './pull-secret-registry';
import { REFERENCE_RULES } from './references';
import { REGISTRY_RULES } from './registry';
import { SECRET_RULES } from './secrets';
import { SECURITY_RULES } from './security';

/** The rules by module (API group, or cross-cutting topic), in the order they report. */
export const RULE_GROUPS: Readonly<Record<string, ReadonlyArray<Rule>>> = {
  'meta': META_RULES,
  'core-pod': CORE_POD_RULES,
  'core-service': CORE_SERVICE_RULES,
  'core-config': CORE_CONFIG_RULES,
  'core-storage': CORE_STORAGE_RULES,
  'apps': APPS_RULES,
  'batch': BATCH_RULES,
  'networking': NETWORKING_RULES,
  'policy': POLICY_RULES,
  'autoscaling': AUTOSCALING_RULES,
  'rbac': RBAC_RULES,
  'images': IMAGE_RULES,
  'references': REFERENCE_RULES,
  'registry': REGISTRY_RULES,
  'pull-secret-registry': PULL_SECRET_REGISTRY_RULES,
  'security': SECURITY_RULES,
  'pod-security-admission': POD_SECURITY_ADMISSION_RULES,
  'secrets': SECRET_RULES,
};

/** Every semantic rule, in the order they report. */
export const RULES: ReadonlyArray<Rule> = Object.values(RULE_GROUPS).flat();
