import * as kplus from 'cdk8s-plus-27';
import { EnvFrom, StandalonePod } from '../lib';
import { only, synthObjects } from './helpers';

const secret = { name: 'db' } as kplus.ISecret;
const configMap = { name: 'web-config' } as kplus.IConfigMap;

/** The envFrom of a container that takes `source`. */
function written(source: EnvFrom): any {
  const objects = synthObjects((chart) => {
    new StandalonePod(chart, 'pod', { containers: [{ image: 'registry.example.com/app:1.0.0', envFrom: [source] }] });
  });
  return only(objects, 'Pod').spec.containers[0].envFrom;
}

describe.each([
  ['configMap', () => EnvFrom.configMap(configMap), { configMapRef: { name: 'web-config' } }],
  ['configMap with prefix and optional', () => EnvFrom.configMap(configMap, { prefix: 'CFG_', optional: true }), { prefix: 'CFG_', configMapRef: { name: 'web-config', optional: true } }],
  ['secret', () => EnvFrom.secret(secret), { secretRef: { name: 'db' } }],
  ['secret with prefix', () => EnvFrom.secret(secret, { prefix: 'DB_' }), { prefix: 'DB_', secretRef: { name: 'db' } }],
])('EnvFrom.%s', (_name, make, expected) => {
  test('is written as its envFrom source', () => {
    expect(written(make())).toEqual([expected]);
  });
});

test('sources keep their order', () => {
  const objects = synthObjects((chart) => {
    new StandalonePod(chart, 'pod', {
      containers: [{ image: 'registry.example.com/app:1.0.0', envFrom: [EnvFrom.secret(secret), EnvFrom.configMap(configMap)] }],
    });
  });
  expect(only(objects, 'Pod').spec.containers[0].envFrom).toEqual([{ secretRef: { name: 'db' } }, { configMapRef: { name: 'web-config' } }]);
});
