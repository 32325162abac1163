import { BAD, GOOD } from './cases/batch';
import { testRules } from './harness';

// rules/batch.ts: bad inputs from what the Kubernetes 1.27 API server (or the
// kubelet and controllers) refuse, and valid-but-unusual inputs that pass.
describe('batch rules', () => testRules(BAD, GOOD));
