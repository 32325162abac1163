import { BAD, GOOD } from './cases/images';
import { testRules } from './harness';

// rules/images.ts: bad inputs from what the Kubernetes 1.27 API server (or the
// kubelet and controllers) refuse, and valid-but-unusual inputs that pass.
describe('images rules', () => testRules(BAD, GOOD));
