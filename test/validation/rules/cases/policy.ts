import { BadInput, GoodInput } from '../harness';
import { pdb } from '../fixtures';

export const BAD: BadInput[] = [
  { name: 'fails when a PDB sets minAvailable and maxUnavailable', rule: 'pdb-spec', objects: [pdb({ maxUnavailable: 1 })], field: 'spec.maxUnavailable', message: /^minAvailable and maxUnavailable cannot both be set$/ },
  { name: 'fails when a PDB sets neither', rule: 'pdb-spec', objects: [pdb({ minAvailable: undefined })], message: /sets neither minAvailable nor maxUnavailable/ },
  { name: 'fails when minAvailable is -1', rule: 'pdb-spec', objects: [pdb({ minAvailable: -1 })], field: 'spec.minAvailable', message: /^minAvailable -1 is negative$/ },
  { name: 'fails when maxUnavailable is 120%', rule: 'pdb-spec', objects: [pdb({ minAvailable: undefined, maxUnavailable: '120%' })], message: /^maxUnavailable "120%" is more than 100%$/ },
  { name: 'fails when minAvailable is "half"', rule: 'pdb-spec', objects: [pdb({ minAvailable: 'half' })], message: /^minAvailable "half" is not valid/ },
  { name: 'fails when unhealthyPodEvictionPolicy is "Always"', rule: 'pdb-spec', objects: [pdb({ unhealthyPodEvictionPolicy: 'Always' })], message: /is not IfHealthyBudget or AlwaysAllow$/ },
  { name: 'fails when a PDB selector is empty', rule: 'selector-match', objects: [pdb({ selector: {} })], message: /^the selector is empty/ },
];

export const GOOD: GoodInput[] = [
  { name: 'maxUnavailable 0, minAvailable "100%" and AlwaysAllow', objects: [pdb({ minAvailable: undefined, maxUnavailable: 0 }), { ...pdb({ minAvailable: '100%', unhealthyPodEvictionPolicy: 'AlwaysAllow' }), metadata: { name: 'web2', namespace: 'shop' } }] },
];
