import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { EnvFrom, Volume, Worker } from '../lib';
import { CONFIG_CHECKSUM_ANNOTATION } from '../lib/private/config-checksum';
import { findingsOf, only, synthObjects } from './helpers';

const IMAGE = 'registry.example.com/shop/worker:2.0.0';

/** A chart with a ConfigMap and a Secret, and four workers using them differently. */
function build(data: Record<string, string>, secret: Record<string, string> = { token: 's3cret' }) {
  return (c: Chart) => {
    const config = new kplus.ConfigMap(c, 'config', { metadata: { name: 'config' }, data });
    const creds = new kplus.Secret(c, 'creds', { metadata: { name: 'creds' }, stringData: secret });
    const external = kplus.ConfigMap.fromConfigMapName(c, 'external-config', 'made-elsewhere');
    new Worker(c, 'env-key', { container: { image: IMAGE, env: { USED: kplus.EnvValue.fromConfigMap(config, 'used') } } });
    new Worker(c, 'env-from', { container: { image: IMAGE, envFrom: [EnvFrom.configMap(config)] } });
    new Worker(c, 'volume-item', { container: { image: IMAGE, mounts: [{ path: '/etc/app', volume: Volume.fromConfigMap(config, { items: { other: 'other.conf' } }) }] } });
    new Worker(c, 'secret', { container: { image: IMAGE, env: { TOKEN: kplus.EnvValue.fromSecretValue({ secret: creds, key: 'token' }) } } });
    new Worker(c, 'external', { container: { image: IMAGE, envFrom: [EnvFrom.configMap(external)] } });
    new Worker(c, 'none', { container: { image: IMAGE } });
  };
}
const BASE = { used: 'a', other: 'b', unused: 'c' };
const deployments = (b: (c: Chart) => void) => Object.fromEntries(synthObjects(b).filter((o) => o.kind === 'Deployment').map((o) => [o.metadata!.name, o]));
const checksum = (d: any) => d.spec.template.metadata.annotations?.[CONFIG_CHECKSUM_ANNOTATION];

describe('config checksum', () => {
  test('pods that use config carry a checksum; pods that use none, or only external objects, carry none', () => {
    const all = deployments(build(BASE));
    for (const name of ['env-key', 'env-from', 'volume-item', 'secret']) {
      expect(checksum(all[name])).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(all.external.spec.template.metadata.annotations).toBeUndefined();
    expect(all.none.spec.template.metadata.annotations).toBeUndefined();
  });

  test('changing a key no pod uses leaves every Deployment byte-identical', () => {
    const before = deployments(build(BASE));
    const after = deployments(build({ ...BASE, unused: 'changed' }));
    // env-from uses the whole object: it is the one pod that uses "unused".
    for (const name of ['env-key', 'volume-item', 'secret', 'external', 'none']) {
      expect(JSON.stringify(after[name])).toBe(JSON.stringify(before[name]));
    }
    expect(checksum(after['env-from'])).not.toBe(checksum(before['env-from']));
  });

  test('changing a used key changes only the pods that use it', () => {
    const before = deployments(build(BASE));
    const after = deployments(build({ ...BASE, used: 'changed' }));
    const changed = Object.keys(before).filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name])).sort();
    expect(changed).toEqual(['env-from', 'env-key']);
  });

  test('a Secret value change rolls its users, and the value is never written', () => {
    const before = deployments(build(BASE));
    const after = deployments(build(BASE, { token: 'rotated' }));
    expect(checksum(after.secret)).not.toBe(checksum(before.secret));
    expect(JSON.stringify(after.secret)).not.toContain('rotated');
  });

  test('computed at synth time: data added after the workload counts', () => {
    const objects = synthObjects((c) => {
      const config = new kplus.ConfigMap(c, 'config', { metadata: { name: 'config' }, data: { used: 'a' } });
      new Worker(c, 'w', { container: { image: IMAGE, envFrom: [EnvFrom.configMap(config)] } });
      config.addData('late', 'value');
    });
    const reference = synthObjects((c) => {
      const config = new kplus.ConfigMap(c, 'config', { metadata: { name: 'config' }, data: { used: 'a' } });
      new Worker(c, 'w', { container: { image: IMAGE, envFrom: [EnvFrom.configMap(config)] } });
    });
    expect(checksum(only(objects, 'Deployment'))).not.toBe(checksum(only(reference, 'Deployment')));
  });

  test('the chart validates', () => {
    expect(findingsOf(build(BASE)).filter((f) => f.rule !== 'secret-in-git')).toEqual([]);
  });
});
