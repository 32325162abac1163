import { BAD, GOOD } from './cases/meta';
import { testRules } from './harness';

// rules/meta.ts: bad inputs from what the Kubernetes 1.27 API server (or the
// kubelet and controllers) refuse, and valid-but-unusual inputs that pass.
describe('meta rules', () => testRules(BAD, GOOD));
