import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { PersistentVolumeClaim, StandalonePod, Volume, VolumeMode, WebService } from '../lib';
import { findingsOf, only, synthObjects } from './helpers';

const IMAGE = 'registry.example.com/shop/web:1.4.2';

// Secrets and ConfigMaps by name only: a Volume needs nothing but the name.
const secret = (name: string) => ({ name }) as kplus.ISecret;
const configMap = (name: string) => ({ name }) as kplus.IConfigMap;

/** The pod volume and the mount of a pod that mounts `volume` at /mnt. */
function mounted(volume: Volume): { volume: any; mount: any } {
  const objects = synthObjects((chart) => {
    new StandalonePod(chart, 'pod', { containers: [{ image: IMAGE, mounts: [{ path: '/mnt', volume }] }] });
  });
  const spec = only(objects, 'Pod').spec;
  expect(spec.volumes).toHaveLength(1);
  return { volume: spec.volumes[0], mount: spec.containers[0].volumeMounts[0] };
}

describe('fromSecret', () => {
  test('defaults: every key, mounted read-only, named after the Secret', () => {
    const volume = Volume.fromSecret(secret('web-tls'));
    expect(volume.name).toBe('secret-web-tls');
    expect(volume.readOnly).toBe(true);
    expect(mounted(volume)).toEqual({
      volume: { name: 'secret-web-tls', secret: { secretName: 'web-tls' } },
      mount: { name: 'secret-web-tls', mountPath: '/mnt', readOnly: true },
    });
  });

  test('name, items, defaultMode and optional', () => {
    const volume = Volume.fromSecret(secret('web-tls'), {
      name: 'tls',
      items: { 'tls.crt': 'cert.pem', 'tls.key': 'key.pem' },
      defaultMode: 0o440,
      optional: true,
    });
    expect(mounted(volume).volume).toEqual({
      name: 'tls',
      secret: {
        secretName: 'web-tls',
        items: [{ key: 'tls.crt', path: 'cert.pem' }, { key: 'tls.key', path: 'key.pem' }],
        defaultMode: 0o440,
        optional: true,
      },
    });
  });
});

describe('fromConfigMap', () => {
  test('defaults: every key, mounted read-only, named after the ConfigMap', () => {
    const volume = Volume.fromConfigMap(configMap('web-config'));
    expect(volume.readOnly).toBe(true);
    expect(mounted(volume)).toEqual({
      volume: { name: 'config-web-config', configMap: { name: 'web-config' } },
      mount: { name: 'config-web-config', mountPath: '/mnt', readOnly: true },
    });
  });

  test('items and defaultMode', () => {
    const volume = Volume.fromConfigMap(configMap('web-config'), { items: { 'app.yaml': 'config/app.yaml' }, defaultMode: 0o444 });
    expect(mounted(volume).volume.configMap).toEqual({
      name: 'web-config',
      items: [{ key: 'app.yaml', path: 'config/app.yaml' }],
      defaultMode: 0o444,
    });
  });
});

describe('default names are DNS labels', () => {
  const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

  test('dots of the object name become dashes', () => {
    expect(Volume.fromConfigMap(configMap('kube-root-ca.crt')).name).toBe('config-kube-root-ca-crt');
    expect(Volume.fromSecret(secret('shop.example.com-tls')).name).toBe('secret-shop-example-com-tls');
  });

  test('long names are cut to 63 characters and keep a hash', () => {
    const name = Volume.fromSecret(secret(`${'a'.repeat(60)}-tls`)).name;
    expect(name).toHaveLength(63);
    expect(name).toMatch(dns1123Label);
    expect(name).toMatch(/^secret-a+-[0-9a-f]{8}$/);
  });

  test('two long names with the same start do not collide', () => {
    const a = Volume.fromSecret(secret(`${'a'.repeat(60)}-one`)).name;
    const b = Volume.fromSecret(secret(`${'a'.repeat(60)}-two`)).name;
    expect(a).not.toBe(b);
  });

  test('long names with dots are labels too', () => {
    expect(Volume.fromConfigMap(configMap(`${'b'.repeat(50)}.example.com`)).name).toMatch(dns1123Label);
  });
});

describe('emptyDir', () => {
  test('defaults: writable scratch on the node disk, no limit', () => {
    const volume = Volume.emptyDir('tmp');
    expect(volume.readOnly).toBe(false);
    expect(mounted(volume)).toEqual({ volume: { name: 'tmp', emptyDir: {} }, mount: { name: 'tmp', mountPath: '/mnt' } });
  });

  test('in memory with a size limit', () => {
    expect(mounted(Volume.emptyDir('cache', { inMemory: true, sizeLimit: Size.mebibytes(64) })).volume).toEqual({
      name: 'cache',
      emptyDir: { medium: 'Memory', sizeLimit: '64Mi' },
    });
  });

  describe.each([
    [Size.kibibytes(512), '512Ki'],
    [Size.kibibytes(1536), '1536Ki'],
    [Size.mebibytes(1024), '1Gi'],
    [Size.gibibytes(2), '2Gi'],
    [Size.tebibytes(1), '1Ti'],
  ])('sizeLimit %#', (size, quantity) => {
    test(`is written as ${quantity}`, () => {
      expect(mounted(Volume.emptyDir('scratch', { sizeLimit: size })).volume.emptyDir.sizeLimit).toBe(quantity);
    });
  });
});

describe('fromPersistentVolumeClaim', () => {
  test('mounts the claim by reference, writable', () => {
    let claim!: PersistentVolumeClaim;
    const objects = synthObjects((chart) => {
      claim = new PersistentVolumeClaim(chart, 'data', { storage: Size.gibibytes(10) });
      new StandalonePod(chart, 'pod', { containers: [{ image: IMAGE, mounts: [{ path: '/var/lib/data', volume: Volume.fromPersistentVolumeClaim(claim) }] }] });
    });
    const spec = only(objects, 'Pod').spec;
    expect(spec.volumes).toEqual([{ name: 'pvc-data', persistentVolumeClaim: { claimName: only(objects, 'PersistentVolumeClaim').metadata.name } }]);
    expect(spec.containers[0].volumeMounts).toEqual([{ name: 'pvc-data', mountPath: '/var/lib/data' }]);
  });

  test('readOnly marks the volume and every mount read-only', () => {
    const { volume, mount } = mounted(Volume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName('reports-archive'), { readOnly: true, name: 'archive' }));
    expect(volume).toEqual({ name: 'archive', persistentVolumeClaim: { claimName: 'reports-archive', readOnly: true } });
    expect(mount).toMatchObject({ name: 'archive', readOnly: true });
  });

  test('a pod with a claim passes validation', () => {
    expect(findingsOf((chart) => {
      const claim = new PersistentVolumeClaim(chart, 'data', { storage: Size.gibibytes(10) });
      new WebService(chart, 'web', { container: { image: IMAGE, mounts: [{ path: '/data', volume: Volume.fromPersistentVolumeClaim(claim) }] } });
    })).toEqual([]);
  });

  test('fails on a raw block claim, which cannot be mounted at a path', () => {
    expect(() => Volume.fromPersistentVolumeClaim(PersistentVolumeClaim.fromClaimName('disk', VolumeMode.BLOCK)))
      .toThrow(/volumeMode is Block: PersistentVolumeClaim disk is a raw block device, which cannot be mounted at a path; mount a claim in VolumeMode.FILESYSTEM/);
  });
});

test('fails on a raw block claim of the chart, naming the claim', () => {
  const chart = new Chart(Testing.app(), 'test');
  const claim = new PersistentVolumeClaim(chart, 'disk', { storage: Size.gibibytes(10), volumeMode: VolumeMode.BLOCK });
  expect(() => Volume.fromPersistentVolumeClaim(claim)).toThrow(expect.objectContaining({ path: 'test/disk', field: 'volumeMode', value: 'Block' }));
});

describe('in a pod', () => {
  test('fails when two different volumes share a name', () => {
    expect(() => synthObjects((chart) => {
      new WebService(chart, 'web', {
        container: {
          image: IMAGE,
          mounts: [
            { path: '/etc/a', volume: Volume.fromSecret(secret('a'), { name: 'certs' }) },
            { path: '/etc/b', volume: Volume.fromConfigMap(configMap('b'), { name: 'certs' }) },
          ],
        },
      });
    })).toThrow(/container\.mounts\[1\]\.volume is a different volume from another one also named 'certs' in the pod/);
  });

  test('equal volumes made twice are declared once', () => {
    const objects = synthObjects((chart) => {
      new WebService(chart, 'web', {
        container: { image: IMAGE, mounts: [{ path: '/tmp', volume: Volume.emptyDir('tmp', { sizeLimit: Size.mebibytes(64) }) }] },
        sidecars: [{ name: 'proxy', image: 'registry.example.com/proxy:1.0.0', mounts: [{ path: '/tmp', volume: Volume.emptyDir('tmp', { sizeLimit: Size.mebibytes(64) }) }] }],
      });
    });
    expect(only(objects, 'Deployment').spec.template.spec.volumes).toEqual([{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }]);
  });
});
