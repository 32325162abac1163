import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Allowances, EnvironmentNamespace, HostPathType, NodeAgent, PodSecurityLevel, Toleration } from '../lib';
import { expectSecureDefaults, findingsOf, only, synthObjects } from './helpers';

const IMAGE = 'cr.fluentbit.io/fluent/fluent-bit:2.2.2';
const chart = () => new Chart(Testing.app(), 'test', { namespace: 'test' });
const VARLOG = { name: 'varlog', hostPath: '/var/log', reason: 'ships the node\'s container logs' };

describe('NodeAgent', () => {
  test('defaults: a DaemonSet, secure, no host access', () => {
    const objects = synthObjects((c) => { new NodeAgent(c, 'agent', { container: { image: IMAGE } }); });
    expect(objects.map((o) => o.kind)).toEqual(['DaemonSet']);
    const set = only(objects, 'DaemonSet');
    expect(set).toMatchSnapshot();
    expect(set.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'agent' });
    expectSecureDefaults(set.spec.template.spec);
    expect(set.spec.template.spec.volumes).toBeUndefined();
    expect(findingsOf((c) => { new NodeAgent(c, 'agent', { container: { image: IMAGE } }); })).toEqual([]);
  });

  test('hostPaths: a hostPath volume mounted read-only, allowed with its reason, and nothing else allowed', () => {
    const c = chart();
    const agent = new NodeAgent(c, 'agent', { container: { image: IMAGE }, hostPaths: [VARLOG, { name: 'state', hostPath: '/var/lib/agent', mountPath: '/state', readOnly: false, type: HostPathType.DIRECTORY_OR_CREATE, reason: 'keeps read positions' }] });
    const pod = agent.daemonSet.toJson().spec.template.spec;
    expect(pod.volumes).toEqual([
      { name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } },
      { name: 'state', hostPath: { path: '/var/lib/agent', type: 'DirectoryOrCreate' } },
    ]);
    expect(pod.containers[0].volumeMounts).toEqual([{ name: 'varlog', mountPath: '/var/log', readOnly: true }, { name: 'state', mountPath: '/state', readOnly: false }]);
    expect(Object.fromEntries(Allowances.collect(agent.daemonSet))).toEqual({ 'host-path': 'volume state: hostPaths /var/lib/agent: keeps read positions' });
  });

  test('a hostPaths agent validates; the same volume added by a patch is refused', () => {
    expect(findingsOf((c) => { new NodeAgent(c, 'agent', { container: { image: IMAGE }, hostPaths: [VARLOG] }); })).toEqual([]);
  });

  describe.each([
    ['security.privileged', { privileged: true }],
    ['CAP_SYS_ADMIN', { addCapabilities: ['SYS_ADMIN'] }],
  ])('a container with %s', (_name, security) => {
    test('may escalate, as the API server requires, and validates with its allowances', () => {
      const objects = synthObjects((c) => { new NodeAgent(c, 'agent', { container: { image: IMAGE, security } }); });
      expect(only(objects, 'DaemonSet').spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation).toBe(true);
      expect(findingsOf((c) => { new NodeAgent(c, 'agent', { container: { image: IMAGE, security } }); })).toEqual([]);
    });
  });

  test('maxUnavailable and tolerations of every taint', () => {
    const spec = only(synthObjects((c) => {
      new NodeAgent(c, 'agent', { container: { image: IMAGE }, maxUnavailable: kplus.PercentOrAbsolute.percent(10), tolerations: [Toleration.all()] });
    }), 'DaemonSet').spec;
    expect(spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } });
    expect(spec.template.spec.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  test('ApiObject.of gives the DaemonSet', () => {
    const agent = new NodeAgent(chart(), 'agent', { container: { image: IMAGE } });
    expect(ApiObject.of(agent)).toBe(agent.daemonSet);
  });

  describe.each([
    ['without a reason', { ...VARLOG, reason: '' }, /hostPaths\[0\]\.reason of hostPaths 'varlog' \(\/var\/log\) is empty: it needs a reason/],
    ['with a blank reason', { ...VARLOG, reason: '  ' }, /is empty: it needs a reason/],
    ['with a relative path', { ...VARLOG, hostPath: 'var/log' }, /hostPaths\[0\]\.hostPath of hostPaths 'varlog' must be an absolute path/],
  ])('a host path %s', (_name, hostPath, error) => {
    test('fails', () => {
      expect(() => new NodeAgent(chart(), 'agent', { container: { image: IMAGE }, hostPaths: [hostPath] })).toThrow(error);
    });
  });
});

describe('a NodeAgent and the namespace it runs in', () => {
  test('fails when the chart puts a host-path agent into a namespace that enforces restricted', () => {
    const findings = findingsOf((c) => {
      new EnvironmentNamespace(c, 'ns', { name: 'test' });
      new NodeAgent(c, 'agent', { container: { image: IMAGE }, hostPaths: [VARLOG] });
    });
    expect(findings).toEqual([expect.objectContaining({
      rule: 'pod-security-admission',
      field: 'spec.template.spec.volumes[0].hostPath',
      message: expect.stringMatching(/^namespace "test" enforces the restricted Pod Security Standard, which refuses the hostPath volume "varlog"/),
    })]);
  });

  test('a namespace that enforces privileged admits it', () => {
    expect(findingsOf((c) => {
      new EnvironmentNamespace(c, 'ns', { name: 'test', podSecurity: PodSecurityLevel.PRIVILEGED });
      new NodeAgent(c, 'agent', { container: { image: IMAGE }, hostPaths: [VARLOG] });
    })).toEqual([]);
  });
});
