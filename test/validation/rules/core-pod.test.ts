import { BAD, GOOD } from './cases/core-pod';
import { testRules } from './harness';

// rules/core-pod.ts: bad inputs from what the Kubernetes 1.27 API server (or the
// kubelet and controllers) refuse, and valid-but-unusual inputs that pass.
describe('core-pod rules', () => testRules(BAD, GOOD));
