import { Rule } from '../rule';
import { IMAGE_RULES } from './images';
import { INGRESS_RULES } from './ingress';
import { NAME_RULES } from './names';
import { PORT_RULES } from './ports';
import { PROBE_RULES } from './probes';
import { PULL_SECRET_REGISTRY_RULES } from './pull-secret-registry';
import { REFERENCE_RULES } from './references';
import { REGISTRY_RULES } from './registry';
import { RESOURCE_RULES } from './resources';
import { SCHEDULING_RULES } from './scheduling';
import { SECRET_RULES } from './secrets';
import { SECURITY_RULES } from './security';

/** Every semantic rule, in the order they report. */
export const RULES: ReadonlyArray<Rule> = [
  ...NAME_RULES,
  ...PORT_RULES,
  ...INGRESS_RULES,
  ...PROBE_RULES,
  ...RESOURCE_RULES,
  ...SCHEDULING_RULES,
  ...IMAGE_RULES,
  ...REFERENCE_RULES,
  ...REGISTRY_RULES,
  ...PULL_SECRET_REGISTRY_RULES,
  ...SECURITY_RULES,
  ...SECRET_RULES,
];
