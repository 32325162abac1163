import * as path from 'path';
import { defineProject } from '../apps/project';
import { readTree } from '../lib/synth/output-dir';
import { parseYaml } from '../lib/synth/serialize';
import { SchemaValidator } from '../lib/validation/schema';

const project = defineProject();

// The committed dist/ is the snapshot of every app: it is what GitOps
// applies, reviewers read it in every pull request, and this test fails when
// it is not exactly what the apps synthesize (run `npm run synth` and commit).

const DIST = path.join(__dirname, '..', 'dist');
const result = project.synth();
const files = new Map(result.files.map((f) => [f.path, f.content]));
const objectsOf = (file: string) => parseYaml(files.get(file)!);
const objectOf = (file: string, kind: string, name: string) => objectsOf(file).find((o) => o.kind === kind && o.metadata?.name === name) as any;

test('every app synthesizes with no error and no warning', () => {
  expect(result.findings).toEqual([]);
});

test('the committed dist/ is exactly the synthesized output', () => {
  const committed = readTree(DIST);
  expect([...committed.keys()].sort()).toEqual([...files.keys()].sort());
  for (const [file, content] of files) {
    expect({ file, content: committed.get(file) }).toEqual({ file, content });
  }
});

test('one file per app and environment, plus kustomizations and Argo CD Applications', () => {
  expect([...files.keys()]).toEqual([
    'argocd/documented-examples-dev.k8s.yaml',
    'argocd/logging-dev.k8s.yaml',
    'argocd/logging-prd.k8s.yaml',
    'argocd/logging-stg.k8s.yaml',
    'argocd/orders-dev.k8s.yaml',
    'argocd/orders-prd.k8s.yaml',
    'argocd/orders-stg.k8s.yaml',
    'argocd/platform-dev.k8s.yaml',
    'argocd/platform-prd.k8s.yaml',
    'argocd/platform-stg.k8s.yaml',
    'argocd/reports-dev.k8s.yaml',
    'argocd/reports-prd.k8s.yaml',
    'argocd/reports-stg.k8s.yaml',
    'argocd/storefront-dev.k8s.yaml',
    'argocd/storefront-prd.k8s.yaml',
    'argocd/storefront-stg.k8s.yaml',
    'dev/documented-examples.k8s.yaml',
    'dev/kustomization.yaml',
    'dev/logging.k8s.yaml',
    'dev/orders.k8s.yaml',
    'dev/platform.k8s.yaml',
    'dev/reports.k8s.yaml',
    'dev/storefront.k8s.yaml',
    'prd/kustomization.yaml',
    'prd/logging.k8s.yaml',
    'prd/orders.k8s.yaml',
    'prd/platform.k8s.yaml',
    'prd/reports.k8s.yaml',
    'prd/storefront.k8s.yaml',
    'stg/kustomization.yaml',
    'stg/logging.k8s.yaml',
    'stg/orders.k8s.yaml',
    'stg/platform.k8s.yaml',
    'stg/reports.k8s.yaml',
    'stg/storefront.k8s.yaml',
  ]);
});

test('every object written validates against the Kubernetes 1.27 schema with unknown fields rejected', () => {
  const schema = SchemaValidator.shared();
  let count = 0;
  for (const [file, content] of files) {
    if (file.endsWith('kustomization.yaml')) {
      continue;
    }
    for (const object of parseYaml(content)) {
      expect({ file, object: `${object.kind}/${object.metadata?.name}`, problems: schema.validate(object) })
        .toEqual({ file, object: `${object.kind}/${object.metadata?.name}`, problems: [] });
      count++;
    }
  }
  expect(count).toBeGreaterThan(90);
});

test('a synth is byte-identical from run to run', () => {
  expect(project.synth().files).toEqual(result.files);
});

describe('storefront', () => {
  test('replicas, resources and hosts differ by environment', () => {
    const deployment = (env: string) => objectOf(`${env}/storefront.k8s.yaml`, 'Deployment', 'storefront');
    expect(deployment('dev').spec.replicas).toBe(1);
    expect(deployment('stg').spec.replicas).toBe(2);
    // In prd the autoscaler owns the replica count: GitOps must not fight it.
    expect(deployment('prd').spec.replicas).toBeUndefined();
    expect(deployment('prd').spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '500m', memory: '512Mi' },
      limits: { cpu: 2, memory: '1Gi' },
    });
    const host = (env: string) => (objectsOf(`${env}/storefront.k8s.yaml`).find((o) => o.kind === 'Ingress') as any).spec.rules[0].host;
    expect([host('dev'), host('stg'), host('prd')]).toEqual(['shop.dev.example.com', 'shop.stg.example.com', 'shop.example.com']);
  });

  test('the pull secret never reaches dist/ in clear text, and every environment refers to it', () => {
    for (const env of ['dev', 'stg', 'prd']) {
      const objects = objectsOf(`${env}/storefront.k8s.yaml`);
      expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
      for (const deployment of objects.filter((o) => o.kind === 'Deployment') as any[]) {
        expect(deployment.spec.template.spec.imagePullSecrets).toEqual([{ name: 'registry-credentials' }]);
      }
    }
    const external = objectsOf('prd/storefront.k8s.yaml').find((o) => o.kind === 'ExternalSecret') as any;
    expect(external.spec.target).toMatchObject({ name: 'registry-credentials', template: { type: 'kubernetes.io/dockerconfigjson' } });
    expect(external.spec.secretStoreRef).toEqual({ name: 'vault', kind: 'ClusterSecretStore' });
  });

  test('prd spreads over nodes and zones and has a budget and an autoscaler', () => {
    const objects = objectsOf('prd/storefront.k8s.yaml') as any[];
    const pod = objectOf('prd/storefront.k8s.yaml', 'Deployment', 'storefront').spec.template.spec;
    expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('kubernetes.io/hostname');
    expect(pod.topologySpreadConstraints[0].topologyKey).toBe('topology.kubernetes.io/zone');
    expect(objectOf('prd/storefront.k8s.yaml', 'PodDisruptionBudget', 'storefront').spec.maxUnavailable).toBe(1);
    expect(objects.find((o) => o.kind === 'HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 3, maxReplicas: 12 });
  });

  test('one host: / to the front end, /api to the catalog, with a cert-manager certificate', () => {
    const ingress = objectOf('prd/storefront.k8s.yaml', 'Ingress', 'storefront');
    expect(ingress.spec.rules).toHaveLength(1);
    expect(ingress.spec.rules[0].http.paths.map((p: any) => [p.path, p.backend.service.name])).toEqual([['/', 'storefront'], ['/api', 'catalog']]);
    expect(ingress.spec.tls).toEqual([{ hosts: ['shop.example.com'], secretName: 'storefront-tls' }]);
    expect(ingress.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
  });

  test('the front end may only call the catalog, the cluster DNS and the payment provider', () => {
    const egress = objectsOf('prd/storefront.k8s.yaml').filter((o: any) => o.kind === 'NetworkPolicy' && o.spec.policyTypes.includes('Egress')) as any[];
    expect(egress.map((p) => p.metadata.name)).toEqual(['storefront-dns', 'storefront-to-catalog', 'storefront-to-payments']);
    expect(egress.every((p) => p.spec.podSelector.matchLabels['app.kubernetes.io/name'] === 'storefront')).toBe(true);
    expect(objectOf('prd/storefront.k8s.yaml', 'NetworkPolicy', 'catalog-from-storefront').spec.ingress[0].ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
  });

  test('only the ingress controller may reach the pods', () => {
    const policy = objectOf('prd/storefront.k8s.yaml', 'NetworkPolicy', 'storefront-from-ingress-nginx');
    expect(policy.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'storefront' });
    expect(policy.spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
        podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
      }],
      ports: [{ port: 8080, protocol: 'TCP' }],
    }]);
  });
});

describe('reports', () => {
  test('the batch work is pinned to the dedicated batch nodes and tolerates their taint', () => {
    for (const object of objectsOf('prd/reports.k8s.yaml') as any[]) {
      const pod = object.kind === 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec;
      expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
        .toEqual([{ matchExpressions: [{ key: 'workload-class', operator: 'In', values: ['batch'] }] }]);
      expect(pod.tolerations).toEqual([{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }]);
      expect(['Never', 'OnFailure']).toContain(pod.restartPolicy);
    }
  });
});

describe('platform', () => {
  test('each environment has its namespace, restricted and closed to ingress by default', () => {
    for (const env of ['dev', 'stg', 'prd']) {
      const objects = objectsOf(`${env}/platform.k8s.yaml`) as any[];
      const [namespace, policy] = ['Namespace', 'NetworkPolicy'].map((kind) => objects.find((o) => o.kind === kind));
      expect(namespace).toBe(objects[0]);
      expect(namespace.metadata.namespace).toBeUndefined();
      expect(namespace.metadata.labels).toMatchObject({ 'environment': env, 'pod-security.kubernetes.io/enforce': 'restricted' });
      expect(policy).toMatchObject({ kind: 'NetworkPolicy', metadata: { namespace: env }, spec: { podSelector: {}, policyTypes: ['Ingress'] } });
    }
  });

  test('each environment has a quota, small in dev and larger in prd, and default requests for the pods it counts', () => {
    const hard = (env: string) => objectOf(`${env}/platform.k8s.yaml`, 'ResourceQuota', 'resource-quota').spec.hard;
    expect(hard('dev')).toMatchObject({ 'requests.cpu': 4, 'requests.memory': '8Gi', 'pods': 30 });
    expect(hard('prd')).toMatchObject({ 'requests.cpu': 32, 'requests.memory': '64Gi', 'pods': 150 });
    const range = objectOf('prd/platform.k8s.yaml', 'LimitRange', 'limit-range').spec.limits[0];
    expect(range.defaultRequest).toEqual({ cpu: '100m', memory: '128Mi' });
    expect(range.default).toEqual({ memory: '512Mi' });
  });
});
