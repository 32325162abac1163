import { BAD, GOOD } from './cases/policy';
import { testRules } from './harness';

// rules/policy.ts: bad inputs from what the Kubernetes 1.27 API server (or the
// kubelet and controllers) refuse, and valid-but-unusual inputs that pass.
describe('policy rules', () => testRules(BAD, GOOD));
