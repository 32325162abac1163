import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Allowances, NodeAffinity, NodePinnedJob, NodeRequirement, ReplicaSet, SeccompProfile, StandalonePod, WebService } from '../lib';
import { RuleId } from '../lib/validation/rule-id';

const IMAGE = 'registry.example.com/shop/web:1.4.2';

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'test' });
}

describe('collect', () => {
  test('gathers the allowances of the construct and of every scope above it', () => {
    // GIVEN allowances on the chart, a group and a construct in it
    const c = chart();
    const group = new Construct(c, 'Group');
    const web = new WebService(group, 'web', { container: { image: IMAGE } });
    Allowances.of(c).allow('image-tag', 'the chart pins digests elsewhere');
    Allowances.of(group).allow('host-path', 'the group reads node logs');
    Allowances.of(web).allow('run-as-root', 'nginx runs as root');

    // WHEN
    const allowed = Allowances.collect(web.deployment);

    // THEN
    expect(Object.fromEntries(allowed)).toEqual({
      'image-tag': 'the chart pins digests elsewhere',
      'host-path': 'the group reads node logs',
      'run-as-root': 'nginx runs as root',
    });
  });

  test('does not see allowances of siblings or children', () => {
    const c = chart();
    const a = new Construct(c, 'A');
    const b = new Construct(c, 'B');
    const child = new Construct(a, 'Child');
    Allowances.of(b).allow('privileged', 'b only');
    Allowances.of(child).allow('capabilities', 'child only');
    expect(Allowances.collect(a).size).toBe(0);
  });

  test('the allowance closest to the construct wins', () => {
    const c = chart();
    const inner = new Construct(c, 'Inner');
    Allowances.of(c).allow('image-tag', 'outer reason');
    Allowances.of(inner).allow('image-tag', 'inner reason');
    expect(Allowances.collect(inner).get('image-tag')).toBe('inner reason');
  });

  test('allow returns the allowances, to chain', () => {
    const c = chart();
    Allowances.of(c).allow('image-tag', 'a').allow('privileged', 'b');
    expect([...Allowances.collect(c).keys()]).toEqual(['image-tag', 'privileged']);
  });
});

describe('allow', () => {
  test('fails on an unknown rule, naming it and the construct', () => {
    const c = chart();
    expect(() => Allowances.of(c).allow('no-such-rule' as RuleId, 'because')).toThrow(/error \[props\] Allowances\.allow\(rule\) is unknown rule 'no-such-rule'[\s\S]*at: +test[\s\S]*RULE_IDS/);
  });

  describe.each(['', '   '])('reason %j', (reason) => {
    test('fails without a reason', () => {
      expect(() => Allowances.of(chart()).allow('privileged', reason)).toThrow(/allow\('privileged'\) reason is empty: an allowance needs a reason/);
    });
  });
});

describe('props record their allowances', () => {
  const allowancesOf = (build: (scope: Construct) => Construct): Record<string, string> => Object.fromEntries(Allowances.collect(build(chart())));

  test('a WebService with the secure defaults records none', () => {
    expect(allowancesOf((c) => new WebService(c, 'web', { container: { image: IMAGE } }))).toEqual({});
  });

  test('security.runAsNonRoot false records run-as-root on the WebService', () => {
    const c = chart();
    const web = new WebService(c, 'web', { container: { image: IMAGE, security: { runAsNonRoot: false } } });
    expect(Object.fromEntries(Allowances.collect(web))).toEqual({ 'run-as-root': 'container web: security.runAsNonRoot is false' });
    expect(Allowances.collect(web.deployment).get('run-as-root')).toBeDefined();
    expect(Allowances.collect(web.service).get('run-as-root')).toBeDefined();
    expect(Allowances.collect(c).size).toBe(0);
  });

  describe.each([
    ['podSecurity.runAsNonRoot false', { podSecurity: { runAsNonRoot: false } }, 'run-as-root', 'podSecurity.runAsNonRoot is false'],
    ['podSecurity.hostNetwork', { podSecurity: { hostNetwork: true } }, 'host-namespaces', 'podSecurity.hostNetwork is true'],
    ['podSecurity.hostPID', { podSecurity: { hostPID: true } }, 'host-namespaces', 'podSecurity.hostPID is true'],
    ['podSecurity.hostIPC', { podSecurity: { hostIPC: true } }, 'host-namespaces', 'podSecurity.hostIPC is true'],
    ['podSecurity.seccompProfile Unconfined', { podSecurity: { seccompProfile: SeccompProfile.UNCONFINED } }, 'seccomp-profile', 'podSecurity.seccompProfile is Unconfined'],
  ])('%s', (_name, props, rule, reason) => {
    test(`records ${rule}`, () => {
      expect(allowancesOf((c) => new WebService(c, 'web', { container: { image: IMAGE }, ...props }))).toEqual({ [rule]: reason });
    });
  });

  describe.each([
    ['privileged', { privileged: true }, { privileged: 'security.privileged is true' }],
    ['allowPrivilegeEscalation', { allowPrivilegeEscalation: true }, { 'privilege-escalation': 'security.allowPrivilegeEscalation is true' }],
    ['addCapabilities', { addCapabilities: ['SYS_ADMIN'] }, {
      'capabilities': 'security.addCapabilities has SYS_ADMIN',
      'privilege-escalation': 'security.addCapabilities has SYS_ADMIN (which may always escalate)',
    }],
    ['dropCapabilities without ALL', { dropCapabilities: ['NET_RAW'] }, { capabilities: 'security.dropCapabilities is ["NET_RAW"]' }],
  ])('container security %s', (_name, security, reasons: Record<string, string>) => {
    test(`records ${Object.keys(reasons).join(' and ')} with the container's name`, () => {
      const allowed = allowancesOf((c) => new WebService(c, 'web', {
        container: { image: IMAGE },
        sidecars: [{ name: 'agent', image: 'registry.example.com/agent:1.0.0', security }],
      }));
      expect(allowed).toEqual(Object.fromEntries(Object.entries(reasons).map(([rule, reason]) => [rule, `container agent: ${reason}`])));
    });
  });

  test('runAsUser 0 with runAsNonRoot left true records nothing: the contradiction is reported, not allowed', () => {
    expect(allowancesOf((c) => new WebService(c, 'web', { container: { image: IMAGE, security: { runAsUser: 0 } } }))).toEqual({});
  });

  test('adding NET_BIND_SERVICE records nothing', () => {
    expect(allowancesOf((c) => new WebService(c, 'web', {
      container: { image: IMAGE, security: { addCapabilities: ['NET_BIND_SERVICE'] } },
    }))).toEqual({});
  });

  test('every workload construct records them', () => {
    const security = { runAsNonRoot: false };
    const batch = NodeAffinity.require(NodeRequirement.exists('batch'));
    const builds: Array<(c: Construct) => Construct> = [
      (c) => new StandalonePod(c, 'pod', { containers: [{ image: IMAGE, security }] }),
      (c) => new ReplicaSet(c, 'rs', { containers: [{ image: IMAGE, security }] }),
      (c) => new NodePinnedJob(c, 'job', { container: { image: IMAGE, security }, nodeAffinity: batch }),
    ];
    for (const build of builds) {
      expect(Object.keys(allowancesOf(build))).toEqual(['run-as-root']);
    }
  });
});
