import { BAD, GOOD } from './cases/core-storage';
import { testRules } from './harness';

// rules/core-storage.ts: bad inputs from what the Kubernetes 1.27 API server (or the
// kubelet and controllers) refuse, and valid-but-unusual inputs that pass.
describe('core-storage rules', () => testRules(BAD, GOOD));
