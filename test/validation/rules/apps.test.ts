import { BAD, GOOD } from './cases/apps';
import { testRules } from './harness';

// rules/apps.ts: bad inputs from what the Kubernetes 1.27 API server (or the
// kubelet and controllers) refuse, and valid-but-unusual inputs that pass.
describe('apps rules', () => testRules(BAD, GOOD));
