import { ApiObject, Chart, Testing } from 'cdk8s';
import { Grant, ServiceAccount, Worker } from '../lib';
import { findingsOf, only, synthObjects } from './helpers';

const chart = () => new Chart(Testing.app(), 'test', { namespace: 'test' });

describe('ServiceAccount', () => {
  test('defaults: a ServiceAccount that mounts no token', () => {
    const account = only(synthObjects((c) => { new ServiceAccount(c, 'reader'); }), 'ServiceAccount');
    expect(account).toMatchSnapshot();
    expect(account.automountServiceAccountToken).toBe(false);
  });

  test('grant: a Role with the rules and a RoleBinding to the account; later grants join the same Role', () => {
    const objects = synthObjects((c) => {
      const account = new ServiceAccount(c, 'reader').grant(Grant.read('configmaps'));
      account.grant(Grant.of(['create'], 'events'), Grant.readWrite(['deployments'], { apiGroup: 'apps', resourceNames: ['web'] }));
    });
    expect(only(objects, 'Role').rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['events'], verbs: ['create'] },
      { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
    ]);
    const binding = only(objects, 'RoleBinding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'reader', namespace: 'test' }]);
  });

  test('grantClusterWide: a ClusterRole and ClusterRoleBinding without namespace, named after it', () => {
    const objects = synthObjects((c) => { new ServiceAccount(c, 'reader').grantClusterWide(Grant.read('nodes')); });
    const role = only(objects, 'ClusterRole');
    expect(role.metadata).toEqual(expect.not.objectContaining({ namespace: expect.anything() }));
    expect(role.metadata.name).toBe('test-reader');
    expect(only(objects, 'ClusterRoleBinding').subjects).toEqual([{ kind: 'ServiceAccount', name: 'reader', namespace: 'test' }]);
  });

  test('a workload runs as it by reference, and the chart validates', () => {
    const build = (c: Chart) => {
      const account = new ServiceAccount(c, 'reader').grant(Grant.read('configmaps'));
      new Worker(c, 'worker', { container: { image: 'registry.example.com/w:1.0.0' }, serviceAccount: account });
    };
    expect(only(synthObjects(build), 'Deployment').spec.template.spec.serviceAccountName).toBe('reader');
    expect(findingsOf(build)).toEqual([]);
  });

  test('fromServiceAccountName and the deprecated serviceAccountName string', () => {
    const objects = synthObjects((c) => {
      new Worker(c, 'a', { container: { image: 'registry.example.com/w:1.0.0' }, serviceAccount: ServiceAccount.fromServiceAccountName('existing') });
      new Worker(c, 'b', { container: { image: 'registry.example.com/w:1.0.0' }, serviceAccountName: 'legacy' });
    });
    expect(only(objects, 'Deployment', 'a').spec.template.spec.serviceAccountName).toBe('existing');
    expect(only(objects, 'Deployment', 'b').spec.template.spec.serviceAccountName).toBe('legacy');
  });

  test('ApiObject.of gives the ServiceAccount', () => {
    const account = new ServiceAccount(chart(), 'reader');
    expect(ApiObject.of(account)).toBe(account.serviceAccount);
  });

  describe.each([
    ['configmaps', ''], ['pods/log', ''], ['deployments', 'apps'], ['deployments/scale', 'apps'], ['cronjobs', 'batch'],
    ['ingresses', 'networking.k8s.io'], ['horizontalpodautoscalers', 'autoscaling'], ['poddisruptionbudgets', 'policy'], ['leases', 'coordination.k8s.io'],
  ])('a grant on %s', (resource, group) => {
    test(`names the ${JSON.stringify(group)} API group that serves it`, () => {
      const objects = synthObjects((c) => { new ServiceAccount(c, 'reader').grant(Grant.read(resource)); });
      expect(only(objects, 'Role').rules).toEqual([{ apiGroups: [group], resources: [resource], verbs: ['get', 'list', 'watch'] }]);
    });
  });

  test('a custom resource takes the apiGroup given', () => {
    const objects = synthObjects((c) => { new ServiceAccount(c, 'reader').grant(Grant.read('certificates', { apiGroup: 'cert-manager.io' })); });
    expect(only(objects, 'Role').rules[0].apiGroups).toEqual(['cert-manager.io']);
  });

  test('fails grantClusterWide without a namespace', () => {
    const account = new ServiceAccount(new Chart(Testing.app(), 'nons'), 'reader');
    expect(() => account.grantClusterWide(Grant.read('nodes'))).toThrow(/grantClusterWide\(\) needs the chart's namespace[\s\S]*at: +nons\/reader/);
  });

  describe.each([
    ['no verbs', () => Grant.of([], 'pods'), /Grant verbs \[\]/],
    ['an unknown verb', () => Grant.of(['read'], 'pods'), /Grant verbs \["read"\]/],
    ['a kind instead of a resource', () => Grant.read('ConfigMap'), /must be plural lower-case resource names/],
    ['no resources', () => Grant.read([]), /must be plural lower-case resource names/],
    ['a resource Kubernetes does not serve and no apiGroup', () => Grant.read('certificates'), /certificates is not a resource Kubernetes 1.27 serves; for a custom resource give apiGroup/],
    ['resources of two API groups', () => Grant.read(['deployments', 'jobs']), /deployments \("apps"\), jobs \("batch"\) are served by different API groups; make one Grant per group/],
    ['deployments in the core group', () => Grant.read('deployments', { apiGroup: '' }), /deployments are served by the "apps" API group, not ""/],
  ])('a grant with %s', (_name, make, error) => {
    test('fails', () => {
      expect(make).toThrow(error);
    });
  });
});
