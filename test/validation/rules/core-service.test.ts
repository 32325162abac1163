import { BAD, GOOD } from './cases/core-service';
import { testRules } from './harness';

// rules/core-service.ts: bad inputs from what the Kubernetes 1.27 API server (or the
// kubelet and controllers) refuse, and valid-but-unusual inputs that pass.
describe('core-service rules', () => testRules(BAD, GOOD));
