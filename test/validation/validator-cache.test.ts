import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { DEFINITIONS_SHA256, SchemaValidator } from '../../lib/validation/schema';
import { ValidatorCache } from '../../lib/validation/validator-cache';
import { tempDir } from '../jest/temp';

const BAD_DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replica: 2,
    selector: { matchLabels: { app: 'web' } },
    strategy: { rollingUpdate: { maxSurge: true } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1', ports: [{ containerPort: '80' }] }] } },
  },
};

function cacheDir(): string {
  return tempDir('validator-cache-');
}

function cachedFiles(dir: string): string[] {
  return fs.readdirSync(dir).flatMap((hash) => fs.readdirSync(path.join(dir, hash)));
}

const SERVICE = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }], selektor: {} } };

test('a kind compiled once is written to the cache and loaded from it by the next run, with the same findings', () => {
  const dir = cacheDir();
  const first = new SchemaValidator({}, dir);
  const problems = first.validate(BAD_DEPLOYMENT);
  const serviceProblems = first.validate(SERVICE);
  expect(cachedFiles(dir)).toEqual(['validators.js']);

  const second = new SchemaValidator({}, dir);
  expect(second.validate(BAD_DEPLOYMENT)).toEqual(problems);
  expect(second.validate(SERVICE)).toEqual(serviceProblems);
  // Nothing was compiled: the cached module served both kinds.
  expect((second as unknown as { compiler?: unknown }).compiler).toBeUndefined();
});

test('reports every problem of an object, an int-or-string problem with one message', () => {
  const problems = new SchemaValidator({}, false).validate(BAD_DEPLOYMENT);
  expect(problems.map((p) => `${p.field}: ${p.message}`).sort()).toEqual([
    'spec.replica: unknown field "replica"',
    'spec.strategy.rollingUpdate.maxSurge: must be an integer or a string',
    'spec.template.spec.containers[0].ports[0].containerPort: must be of type integer',
  ]);
});

test('a broken cache entry is compiled again and replaced', () => {
  const dir = cacheDir();
  new SchemaValidator({}, dir).validate(BAD_DEPLOYMENT);
  const [hash] = fs.readdirSync(dir);
  const file = path.join(dir, hash, 'validators.js');
  fs.writeFileSync(file, 'this is not javascript (');
  const validator = new SchemaValidator({}, dir);
  expect(validator.validate(BAD_DEPLOYMENT)).toHaveLength(3);
  expect(fs.readFileSync(file, 'utf-8')).toContain('exports["apps/v1/Deployment"]');
});

test('schemas of other content use another cache folder', () => {
  const dir = cacheDir();
  new SchemaValidator({}, dir).validate(BAD_DEPLOYMENT);
  new SchemaValidator({ 'example.com/v1/Widget': { type: 'object' } }, dir).validate(BAD_DEPLOYMENT);
  expect(fs.readdirSync(dir)).toHaveLength(2);
});

test('an unwritable cache folder is no error', () => {
  const file = path.join(cacheDir(), 'a-file');
  fs.writeFileSync(file, '');
  expect(new SchemaValidator({}, path.join(file, 'cache')).validate(BAD_DEPLOYMENT)).toHaveLength(3);
});

test('the cache folder comes from CDK8S_PLATFORM_KIT_CACHE, is off with "off", and defaults under node_modules/.cache', () => {
  expect(ValidatorCache.fromEnvironment({ CDK8S_PLATFORM_KIT_CACHE: '/tmp/x' })).toBe('/tmp/x');
  expect(ValidatorCache.fromEnvironment({ CDK8S_PLATFORM_KIT_CACHE: 'off' })).toBeUndefined();
  expect(ValidatorCache.fromEnvironment({})).toBe(path.join(process.cwd(), 'node_modules', '.cache', 'cdk8s-platform-kit'));
});

test('DEFINITIONS_SHA256, part of the cache key, is the hash of the vendored definitions', () => {
  const file = path.join(__dirname, '..', '..', 'imports', 'k8s-1.27.0-definitions.json');
  expect(createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(DEFINITIONS_SHA256);
});
