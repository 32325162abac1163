import { BAD, GOOD } from './cases/rbac';
import { testRules } from './harness';

// rules/rbac.ts: bad inputs from what the Kubernetes 1.27 API server (or the
// kubelet and controllers) refuse, and valid-but-unusual inputs that pass.
describe('rbac rules', () => testRules(BAD, GOOD));
