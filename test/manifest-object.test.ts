import { Chart, JsonPatch, Lazy, Testing } from 'cdk8s';
import * as k8s from '../imports/k8s';
import { WebService } from '../lib';
import { ManifestObject } from '../lib/private/manifest-object';
import { findingsOf } from './helpers';

const chart = () => new Chart(Testing.app(), 'test', { namespace: 'test', labels: { team: 'shop' } });

describe('ManifestObject', () => {
  test('writes apiVersion, kind and metadata first, then the body with sorted keys and no empty values', () => {
    const object = new ManifestObject(chart(), 'cm', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg' },
      body: { data: { b: '2', a: '1' }, immutable: undefined, binaryData: null },
    });
    const json = object.toJson();
    expect(Object.keys(json)).toEqual(['apiVersion', 'kind', 'metadata', 'data']);
    expect(Object.keys(json.data)).toEqual(['a', 'b']);
    expect(json.metadata).toEqual({ name: 'cfg', namespace: 'test', labels: { team: 'shop' } });
  });

  test('writes the metadata as cdk8s\'s own ApiObjectMetadataDefinition.toJson does: Lazy values resolved, empty lists and maps dropped', () => {
    const object = new ManifestObject(chart(), 'cm', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg', labels: { tier: Lazy.any({ produce: () => 'web' }) as unknown as string }, annotations: {}, finalizers: [] },
      body: { data: { a: '1' } },
    });
    object.metadata.addAnnotation('note', 'kept');
    object.metadata.add('generateName', Lazy.any({ produce: () => 'cfg-' }));
    object.metadata.add('managedFields', [{ manager: 'x', fieldsV1: {} }]);
    const json = object.toJson();
    expect(json.metadata).toEqual(object.metadata.toJson());
    expect(json.metadata).toEqual({
      name: 'cfg',
      namespace: 'test',
      generateName: 'cfg-',
      labels: { team: 'shop', tier: 'web' },
      annotations: { note: 'kept' },
      managedFields: [{ manager: 'x' }],
    });
    expect(Object.keys(json.metadata)).toEqual(Object.keys(object.metadata.toJson()));
  });

  test('applies JSON patches to the Kubernetes JSON, with its own field names and plain values', () => {
    const web = new WebService(chart(), 'web', { container: { image: 'web:1.0.0' } });
    web.deployment.addJsonPatch(
      JsonPatch.add('/spec/template/spec/hostIPC', true),
      JsonPatch.add('/spec/template/spec/containers/0/resources', { limits: { memory: '1Gi' } }),
    );
    const pod = web.deployment.toJson().spec.template.spec;
    expect(pod.hostIPC).toBe(true);
    expect(pod.containers[0].resources).toEqual({ limits: { memory: '1Gi' } });
  });

  test('patches never change what the construct stores: rendering twice gives the same object', () => {
    const web = new WebService(chart(), 'web', { container: { image: 'web:1.0.0' } });
    web.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/port', 8081));
    expect(web.service.toJson().spec.ports[0].port).toBe(8081);
    expect(web.service.toJson().spec.ports[0].port).toBe(8081);
  });

  test('an unknown field added by a patch reaches the output, so the schema refuses it', () => {
    const findings = findingsOf((c) => {
      new WebService(c, 'web', { container: { image: 'web:1.0.0' } }).deployment.addJsonPatch(JsonPatch.add('/spec/replica', 3));
    });
    expect(findings).toEqual([expect.objectContaining({ rule: 'schema', field: 'spec.replica', message: 'unknown field "replica"' })]);
  });

  test('fails when the body holds something other than plain data', () => {
    expect(() => new ManifestObject(chart(), 'bad', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'bad' },
      body: { spec: { ports: [{ port: 80, targetPort: k8s.IntOrString.fromNumber(80) }] } },
    })).toThrow(/test\/bad: body holds a IntOrString object; a ManifestObject takes plain JSON/);
  });
});
