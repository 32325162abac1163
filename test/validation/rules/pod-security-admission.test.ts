import { BAD, GOOD } from './cases/pod-security-admission';
import { testRules } from './harness';

// rules/pod-security-admission.ts: what Pod Security admission (Kubernetes
// 1.27) refuses in a namespace that enforces baseline or restricted.
describe('pod-security-admission rule', () => testRules(BAD, GOOD));
