import { BAD, GOOD } from './cases/networking';
import { testRules } from './harness';

// rules/networking.ts: bad inputs from what the Kubernetes 1.27 API server (or the
// kubelet and controllers) refuse, and valid-but-unusual inputs that pass.
describe('networking rules', () => testRules(BAD, GOOD));
