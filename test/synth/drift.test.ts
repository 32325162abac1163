import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defineProject } from '../../apps/project';
import { Project, runCli } from '../../lib';
import { detectDrift, DriftReport, readSnapshot } from '../../lib/synth/drift';
import { parseYaml } from '../../lib/synth/serialize';
import { KubeObject } from '../../lib/validation/manifest';

const project = defineProject();

const SNAPSHOT = path.join(__dirname, '..', 'fixtures', 'drift', 'prd');

function run(p: Project<any>, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(p, args, { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env: {} });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('drift against a hand-written prd snapshot (kubectl get -o yaml --show-managed-fields)', () => {
  let report: DriftReport;
  let written: KubeObject[];
  beforeAll(() => {
    written = project.synth().files.filter((f) => f.path.endsWith('.k8s.yaml')).flatMap((f) => parseYaml(f.content));
    report = detectDrift(written, readSnapshot(SNAPSHOT), ['platform', 'storefront', 'reports', 'orders', 'logging', 'documented-examples']);
  });

  // The snapshot is what `kubectl get` returns for prd: every Deployment,
  // Service, HorizontalPodAutoscaler, ConfigMap and NetworkPolicy of the
  // namespace, including the objects the apps gained since it was first taken
  // (catalog, orders), because that is what a real cluster the apps are
  // applied to holds. Scoping the test to the old objects instead would hide
  // the one thing drift must get right: everything synth writes for those
  // kinds is either in sync, drifted, or missing.
  test('every object synth writes for the snapshot\'s namespace and kinds is accounted for', () => {
    const kinds = new Set(['Deployment', 'Service', 'HorizontalPodAutoscaler', 'ConfigMap', 'NetworkPolicy']);
    const checked = written.filter((o) => o.metadata?.namespace === 'prd' && kinds.has(o.kind));
    expect(checked.map((o) => o.metadata?.name)).toEqual(expect.arrayContaining(['catalog', 'orders-worker', 'orders-cache', 'orders-worker-settings', 'storefront-dns']));
    expect(report.inSync + report.drifted.length + report.missing.length).toBe(checked.length);
  });

  test('the config checksum the applier wrote on the pod template is not drift', () => {
    const storefront = report.drifted.find((d) => d.object === 'apps/Deployment prd/storefront')!;
    expect(storefront.fields.map((f) => f.field)).not.toContainEqual(expect.stringContaining('annotations'));
  });

  test('a headless Service\'s clusterIPs the server copied from clusterIP is not drift', () => {
    expect(report.drifted.map((d) => d.object)).not.toContain('Service prd/orders-cache');
  });

  test('a field changed by kubectl edit is drift, naming the manager', () => {
    const storefront = report.drifted.find((d) => d.object === 'apps/Deployment prd/storefront')!;
    expect(storefront.fields).toContainEqual({
      field: 'spec.template.spec.containers[name=storefront].image',
      change: 'changed',
      written: 'registry.example.com/shop/storefront:1.14.2',
      live: 'registry.example.com/shop/storefront:1.14.3',
      owners: ['kubectl-edit'],
    });
  });

  test('a label added by hand is drift', () => {
    const storefront = report.drifted.find((d) => d.object === 'apps/Deployment prd/storefront')!;
    expect(storefront.fields).toContainEqual(expect.objectContaining({ field: 'metadata.labels.oncall', change: 'added-in-cluster', live: 'team-checkout', owners: ['kubectl-label'] }));
  });

  test('those two are the only drifted fields: server-set fields, defaults and canonical quantities are not drift', () => {
    expect(report.drifted.map((d) => [d.object, d.fields.map((f) => f.field)])).toEqual([
      ['apps/Deployment prd/storefront', ['metadata.labels.oncall', 'spec.template.spec.containers[name=storefront].image']],
    ]);
  });

  test('the autoscaler\'s replicas and another controller\'s annotation are left to them', () => {
    expect(report.otherOwners).toEqual([
      'apps/Deployment prd/storefront metadata.annotations["reloader.stakater.com/last-reloaded-from"] (Reloader)',
      'apps/Deployment prd/storefront spec.replicas (horizontal-pod-autoscaler (scale))',
    ]);
  });

  test('an object synth writes that the cluster lacks is missing', () => {
    expect(report.missing).toEqual(['networking.k8s.io/NetworkPolicy prd/storefront-from-ingress-nginx']);
  });

  test('an object with the project\'s labels that synth no longer writes is a prune candidate; others\' objects are not', () => {
    expect(report.pruneCandidates).toEqual([{ object: 'apps/Deployment prd/storefront-legacy', app: 'storefront' }]);
  });

  test('objects of namespaces and kinds the snapshot does not hold are not checked', () => {
    expect(report.inSync).toBe(15);
    expect(report.notChecked).toBe(written.length - 15 - 1 - 1);
    // The two ConfigMaps of configmaps.yaml, fetched without managedFields.
    expect(report.withoutManagedFields).toBe(2);
  });
});

describe('detectDrift', () => {
  const deployment = (image: string, extra: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'prd' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image, ...extra }] } } },
  });

  test('a field synth writes that the cluster lost is drift', () => {
    const live = deployment('w:1');
    const written = deployment('w:1', { args: ['-v'] });
    const report = detectDrift([written], [live], []);
    expect(report.drifted[0].fields).toEqual([{ field: 'spec.template.spec.containers[name=web].args', change: 'missing-in-cluster', written: ['-v'], live: undefined, owners: [] }]);
  });

  test('without managedFields, a changed field is still drift', () => {
    const report = detectDrift([deployment('w:1')], [deployment('w:2')], []);
    expect(report.drifted[0].fields.map((f) => f.field)).toEqual(['spec.template.spec.containers[name=web].image']);
    expect(report.withoutManagedFields).toBe(1);
  });

  test.each<[string, unknown, unknown]>([
    ['cpu 2 and "2"', 2, '2'],
    ['cpu 0.5 and "500m"', 0.5, '500m'],
    ['memory 1Gi and 1073741824', '1Gi', 1073741824],
  ])('equal quantities are not drift: %s', (_what, written, live) => {
    const report = detectDrift([deployment('w:1', { resources: { limits: { cpu: written } } })], [deployment('w:1', { resources: { limits: { cpu: live } } })], []);
    expect(report.drifted).toEqual([]);
  });

  test('an object of a namespace the snapshot does not hold is not checked, not reported missing', () => {
    const other = { ...deployment('w:1'), metadata: { name: 'web', namespace: 'stg' } };
    const report = detectDrift([deployment('w:1')], [other], []);
    expect(report).toMatchObject({ notChecked: 1, missing: [], drifted: [] });
  });
});

describe('npm run synth -- --drift', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('exits 1 on drift and prints it object by object', () => {
    const result = run(project, ['--drift', SNAPSHOT]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('~ apps/Deployment prd/storefront\n    metadata.labels.oncall: not written by synth, cluster has "team-checkout"  (managed by kubectl-label)');
    expect(result.stdout).toContain('- networking.k8s.io/NetworkPolicy prd/storefront-from-ingress-nginx: written by synth, missing in the cluster');
    expect(result.stdout).toContain('? apps/Deployment prd/storefront-legacy: labelled as part of storefront');
    expect(result.stdout).toMatch(/drift: 1 object\(s\) drifted, 1 missing in the cluster, 1 prune candidate\(s\), 15 in sync/);
  });

  test('exits 0 when the snapshot matches, even with server fields and other objects in it', () => {
    fs.copyFileSync(path.join(SNAPSHOT, 'configmaps.yaml'), path.join(dir, 'configmaps.yaml'));
    const result = run(project, ['--drift', path.join(dir, 'configmaps.yaml')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('drift: 0 object(s) drifted, 0 missing in the cluster, 0 prune candidate(s), 2 in sync');
  });

  test('fails with exit code 2 on a snapshot that does not exist', () => {
    const result = run(project, ['--drift', path.join(dir, 'nope.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot read the snapshot');
  });

  test('fails with exit code 2 on invalid YAML, naming the file', () => {
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'items: [\n');
    const result = run(project, ['--drift', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad.yaml: not valid YAML');
  });

  test.each([
    ['an empty file', 'empty.yaml', ''],
    ['an empty List', 'list.yaml', 'apiVersion: v1\nkind: List\nitems: []\n'],
    ['a scalar', 'x.yaml', 'x\n'],
  ])('fails with exit code 2 on a snapshot that holds no objects: %s', (_what, name, text) => {
    fs.writeFileSync(path.join(dir, name), text);
    const result = run(project, ['--drift', path.join(dir, name)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the snapshot holds no Kubernetes objects');
    expect(result.stdout).toBe('');
  });

  test('fails with exit code 2 on a folder without YAML', () => {
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'kubectl get failed\n');
    const result = run(project, ['--drift', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the snapshot holds no Kubernetes objects');
  });

  test('fails with exit code 2 without a snapshot', () => {
    expect(run(project, ['--drift']).code).toBe(2);
  });
});
