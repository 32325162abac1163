import { BAD, GOOD } from './cases/core-config';
import { testRules } from './harness';

// rules/core-config.ts: bad inputs from what the Kubernetes 1.27 API server (or the
// kubelet and controllers) refuse, and valid-but-unusual inputs that pass.
describe('core-config rules', () => testRules(BAD, GOOD));
