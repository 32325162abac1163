import { ApiObject, Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { PodManagementPolicy, StatefulService, StatefulUpdateStrategy, Volume } from '../lib';
import { expectSecureDefaults, findingsOf, only, synthObjects } from './helpers';

const IMAGE = 'redis:7.2.4';
const chart = () => new Chart(Testing.app(), 'test', { namespace: 'test' });

describe('StatefulService', () => {
  test('defaults: a StatefulSet of 1 and its headless Service', () => {
    const objects = synthObjects((c) => { new StatefulService(c, 'cache', { container: { image: IMAGE }, ports: [{ port: 6379, name: 'redis' }] }); });
    expect(objects.map((o) => o.kind).sort()).toEqual(['Service', 'StatefulSet']);
    const set = only(objects, 'StatefulSet');
    expect(set).toMatchSnapshot();
    expect(set.spec).toMatchObject({ replicas: 1, serviceName: 'cache', selector: { matchLabels: { 'app.kubernetes.io/name': 'cache' } } });
    expect(set.spec.volumeClaimTemplates).toBeUndefined();
    expectSecureDefaults(set.spec.template.spec);
    const service = only(objects, 'Service');
    expect(service.spec).toEqual({ clusterIP: 'None', selector: { 'app.kubernetes.io/name': 'cache' }, ports: [{ name: 'redis', port: 6379 }] });
    expect(set.spec.template.spec.containers[0].ports).toEqual([{ containerPort: 6379, name: 'redis' }]);
  });

  test('validates with no finding', () => {
    expect(findingsOf((c) => {
      new StatefulService(c, 'cache', { container: { image: IMAGE }, ports: [{ port: 6379, name: 'redis' }], storage: [{ name: 'data', mountPath: '/data', size: Size.gibibytes(1) }] });
    })).toEqual([]);
  });

  test('storage: a claim template per storage, mounted into the main container', () => {
    const set = only(synthObjects((c) => {
      new StatefulService(c, 'cache', {
        container: { image: IMAGE },
        storage: [{ name: 'data', mountPath: '/data', size: Size.gibibytes(5), storageClassName: 'fast', accessModes: [kplus.PersistentVolumeAccessMode.READ_WRITE_ONCE_POD] }],
      });
    }), 'StatefulSet');
    expect(set.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data', labels: { 'app.kubernetes.io/name': 'cache' } },
      spec: { accessModes: ['ReadWriteOncePod'], storageClassName: 'fast', resources: { requests: { storage: '5Gi' } } },
    }]);
    expect(set.spec.template.spec.containers[0].volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
  });

  test('podManagementPolicy and a partitioned rolling update', () => {
    const spec = only(synthObjects((c) => {
      new StatefulService(c, 'cache', { container: { image: IMAGE }, replicas: 3, podManagementPolicy: PodManagementPolicy.PARALLEL, updateStrategy: StatefulUpdateStrategy.rollingUpdate({ partition: 2 }) });
    }), 'StatefulSet').spec;
    expect(spec).toMatchObject({ replicas: 3, podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2 } } });
  });

  test('onDelete', () => {
    const spec = only(synthObjects((c) => { new StatefulService(c, 'cache', { container: { image: IMAGE }, updateStrategy: StatefulUpdateStrategy.onDelete() }); }), 'StatefulSet').spec;
    expect(spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });

  test('ApiObject.of gives the StatefulSet', () => {
    const cache = new StatefulService(chart(), 'cache', { container: { image: IMAGE } });
    expect(ApiObject.of(cache)).toBe(cache.statefulSet);
  });

  describe.each([-1, 1.5])('partition %p', (partition) => {
    test('fails', () => {
      expect(() => StatefulUpdateStrategy.rollingUpdate({ partition })).toThrow(/partition .* must be a whole number, 0 or more/);
    });
  });

  test('fails when a storage has the name of a pod volume', () => {
    expect(() => new StatefulService(chart(), 'cache', {
      container: { image: IMAGE, mounts: [{ path: '/tmp', volume: Volume.emptyDir('data') }] },
      storage: [{ name: 'data', mountPath: '/data', size: Size.gibibytes(1) }],
    })).toThrow(/storage\[0\]\.name 'data' has the name of a volume of the pod[\s\S]*at: +test\/cache/);
  });
});
