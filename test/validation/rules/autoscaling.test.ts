import { BAD, GOOD } from './cases/autoscaling';
import { testRules } from './harness';

// rules/autoscaling.ts: bad inputs from what the Kubernetes 1.27 API server (or the
// kubelet and controllers) refuse, and valid-but-unusual inputs that pass.
describe('autoscaling rules', () => testRules(BAD, GOOD));
