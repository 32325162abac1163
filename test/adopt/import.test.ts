import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatNotes, importManifests, parseManifests, readManifests, runImport } from '../../lib/adopt/import';
import { GeneratedApps, inputObjects, roundTripProblems, synthGenerated } from './round-trip';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'adopt');
const HELM = path.join(FIXTURES, 'helm-web.yaml');
const LIST = path.join(FIXTURES, 'kubectl-list.yaml');

function io(stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, stdin: () => stdin },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('import of helm template output', () => {
  let apps: GeneratedApps;
  beforeAll(() => {
    apps = new GeneratedApps();
  });
  afterAll(() => apps.cleanup());

  test('a Deployment with the Service and Ingress that select it becomes one WebService', () => {
    const { result } = apps.import([HELM]);
    const web = result.notes.filter((n) => n.as === 'WebService web').map((n) => n.object);
    expect(web).toEqual(['Service web', 'Deployment web', 'Ingress web']);
    expect(result.code).toContain('new WebService(chart, "web", {');
    expect(result.code).toContain('pathType: kplus.HttpIngressPathType.PREFIX');
    expect(result.code).toContain('containerPort: 8080');
  });

  test('the report lists the fields the library adds to each object', () => {
    const { result } = apps.import([HELM]);
    const deployment = result.notes.find((n) => n.object.startsWith('Deployment'))!;
    expect(deployment.additions).toEqual(expect.arrayContaining([
      'spec.template.spec.automountServiceAccountToken',
      'spec.template.spec.containers[name=web].securityContext.readOnlyRootFilesystem',
      'spec.template.spec.securityContext.seccompProfile.type',
      'metadata.labels["app.kubernetes.io/part-of"]',
    ]));
    expect(deployment.additions.every((a) => /labels|securityContext|automountServiceAccountToken|namespace/.test(a))).toBe(true);
  });

  test('each object keeps the template it came from in a comment', () => {
    const { result } = apps.import([HELM]);
    expect(result.code).toContain('helm-web.yaml (web/templates/serviceaccount.yaml)');
  });

  test('Secrets become references and no credential reaches the code', () => {
    const { result } = apps.import([HELM]);
    expect(result.code).not.toContain('c3VwZXItc2VjcmV0LXZhbHVl');
    expect(result.code).not.toContain('eyJhdXRocyI6');
    expect(result.code).toContain('kplus.Secret.fromSecretName(chart, "Secret-web-db", "web-db")');
    expect(result.code).toContain('"regcred": RegistryPullSecret.fromSecretName(chart, "PullSecret-regcred", "regcred")');
    expect(result.code).toContain('imagePullSecrets: [pullSecrets["regcred"]]');
    expect(result.notes.find((n) => n.object.includes('web-db'))).toMatchObject({ as: 'reference: kplus.Secret.fromSecretName', why: expect.stringMatching(/holds credentials/) });
  });

  test('synthesizing the generated app gives back the input objects up to the listed additions', () => {
    const { result, file } = apps.import([HELM]);
    const input = inputObjects(HELM).filter((o) => o.kind !== 'Secret');
    expect(roundTripProblems(input, synthGenerated(file, result), result, 'dev')).toEqual([]);
  });
});

describe('import of kubectl get -o yaml output', () => {
  let apps: GeneratedApps;
  beforeAll(() => {
    apps = new GeneratedApps();
  });
  afterAll(() => apps.cleanup());

  test('server-set fields and API defaults are left out, and said so', () => {
    const { result } = apps.import([LIST]);
    const deployment = result.notes.find((n) => n.object === 'Deployment shop/api')!;
    expect(deployment.stripped).toEqual(expect.arrayContaining([
      'status', 'metadata.uid', 'metadata.resourceVersion', 'metadata.generation', 'metadata.creationTimestamp',
      'metadata.annotations["kubectl.kubernetes.io/last-applied-configuration"]', 'metadata.annotations["deployment.kubernetes.io/revision"]',
      'spec.strategy.type', 'spec.template.spec.dnsPolicy', 'spec.template.spec.containers[0].terminationMessagePath',
    ]));
    const service = result.notes.find((n) => n.object === 'Service shop/api')!;
    expect(service.stripped).toEqual(expect.arrayContaining(['spec.clusterIP', 'spec.clusterIPs', 'spec.sessionAffinity', 'spec.ipFamilies']));
    expect(result.code).not.toMatch(/10\.96\.112\.40|resourceVersion|uid|terminationMessagePath|last-applied/);
  });

  test('pods made by a ReplicaSet are skipped, with the owner named', () => {
    const { result } = apps.import([LIST]);
    expect(result.notes.find((n) => n.object.startsWith('Pod'))).toMatchObject({ as: 'skipped', why: 'made by ReplicaSet api-7d9c8b6f5d' });
    expect(result.code).not.toContain('api-7d9c8b6f5d');
  });

  test('the Deployment and its Service become a WebService in the namespace of the snapshot', () => {
    const { result, file } = apps.import([LIST]);
    expect(result.namespace).toBe('shop');
    expect(result.notes.find((n) => n.object === 'Deployment shop/api')!.as).toBe('WebService api');
    const output = synthGenerated(file, result);
    const expected = readManifests([LIST], () => '').map((i) => i.object).filter((o) => o.kind !== 'Pod');
    // What a round trip compares with: the stripped objects.
    expect(roundTripProblems(result.objects, output, result, 'shop')).toEqual([]);
    expect(output.map((o) => `${o.kind} ${o.metadata?.name}`).sort()).toEqual(expected.map((o) => `${o.kind} ${o.metadata?.name}`).sort());
  });
});

describe('fitting', () => {
  test('a Pod the validation rules refuse stays a raw object, naming the rule', () => {
    // Fitting never bends the input to a construct: a probe on a port the
    // container does not declare fails probe-port, so the object stays as it is.
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i:1', livenessProbe: { httpGet: { path: '/', port: 8080 } } }] } };
    const result = importManifests([{ object: pod, source: 'p.yaml' }]);
    expect(result.notes[0].as).toBe('ApiObject');
    expect(result.notes[0].why).toContain('[probe-port]');
    expect(result.notes[0].why).toContain('spec.containers[0].livenessProbe.httpGet.port = 8080');
  });

  test('a Deployment no Service selects stays a raw object, with the reason', () => {
    const [deployment] = parseManifests(fs.readFileSync(LIST, 'utf-8'), 'list.yaml').filter((i) => i.object.kind === 'Deployment');
    const result = importManifests([deployment]);
    expect(result.notes[0]).toMatchObject({ as: 'ApiObject', why: 'no Service selects it; WebService always writes one' });
    expect(result.code).toContain('new ApiObject(chart, "Deployment-api", {');
  });

  test('a field no prop can write keeps the object raw, naming the field', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i:1', lifecycle: { preStop: { exec: { command: ['true'] } } } }] } };
    const result = importManifests([{ object: pod, source: 'p.yaml' }]);
    expect(result.notes[0]).toMatchObject({ as: 'ApiObject', why: "spec.containers[name=c].lifecycle has no prop in the library's constructs" });
  });

  test('probes become Probe factories with their timings', () => {
    const probe = { httpGet: { path: '/healthz', port: 8080, httpHeaders: [{ name: 'X', value: 'y' }] }, initialDelaySeconds: 3, periodSeconds: 3 };
    // The probed port is declared: the probe-port rule refuses a probe on a
    // port the container does not declare (see the next test).
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'i:1', ports: [{ containerPort: 8080 }], livenessProbe: probe, readinessProbe: { exec: { command: ['true'] } } }] } };
    const result = importManifests([{ object: pod, source: 'p.yaml' }]);
    expect(result.notes[0].as).toBe('StandalonePod p');
    expect(result.code).toContain('liveness: Probe.httpGet("/healthz", { port: 8080, headers: { X: "y" }, initialDelay: Duration.seconds(3), period: Duration.seconds(3) }),');
    expect(result.code).toContain('readiness: Probe.exec(["true"]),');
  });

  test('a label the construct cannot write keeps the object raw', () => {
    const rs = {
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'r', labels: { team: 'a' } },
      spec: { replicas: 1, selector: { matchLabels: { app: 'r' } }, template: { metadata: { labels: { app: 'r' } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } } },
    };
    const result = importManifests([{ object: rs, source: 'r.yaml' }]);
    expect(result.notes[0]).toMatchObject({ as: 'ApiObject', why: 'metadata.labels.team: the construct cannot write it' });
  });

  test('a Job pinned by a required node affinity becomes a NodePinnedJob, with affinity, tolerations and resources as value classes', () => {
    const result = importManifests(readManifests([path.join(__dirname, '..', '..', 'dist', 'stg', 'reports.k8s.yaml')], () => ''));
    expect(result.notes.find((n) => n.object === 'Job stg/reports-migrate-3-2-0')!.as).toBe('NodePinnedJob reports-migrate-3-2-0');
    expect(result.code).toContain('nodeAffinity: NodeAffinity.require(NodeRequirement.in("workload-class", ["batch"])).prefer(50, NodeRequirement.in("disktype", ["ssd"])),');
    expect(result.code).toContain('Toleration.equal("dedicated", "batch", { effect: kplus.TaintEffect.NO_SCHEDULE })');
    expect(result.code).toContain('limit: Size.gibibytes(1),');
  });

  test('a Job without a required node affinity stays raw: NodePinnedJob always pins', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i:1' }] } } } };
    const result = importManifests([{ object: job, source: 'j.yaml' }]);
    expect(result.notes[0]).toMatchObject({ as: 'ApiObject', why: 'spec.template.spec.affinity.nodeAffinity has no required terms; a NodePinnedJob is pinned to nodes' });
  });

  test('a NetworkPolicy that lets peers reach pods on TCP ports becomes an AllowIngress; a deny-all one stays raw', () => {
    const result = importManifests(readManifests([path.join(__dirname, '..', '..', 'dist', 'stg')], () => ''));
    expect(result.notes.find((n) => n.object === 'NetworkPolicy stg/storefront-from-ingress-nginx')!.as).toBe('AllowIngress storefront-from-ingress-nginx');
    expect(result.code).toContain('ports: [8080],');
    expect(result.notes.find((n) => n.object === 'NetworkPolicy stg/default-deny-ingress')).toMatchObject({
      as: 'ApiObject', why: 'it has no ingress rule (a deny-all policy); AllowIngress allows peers',
    });
  });

  test('a ServiceAccount with its Role and RoleBinding becomes a ServiceAccount with grants', () => {
    const result = importManifests(readManifests([path.join(__dirname, '..', '..', 'dist', 'stg', 'orders.k8s.yaml')], () => ''));
    for (const kind of ['ServiceAccount', 'Role', 'RoleBinding']) {
      expect(result.notes.find((n) => n.object === `${kind} stg/orders-worker`)!.as).toBe('ServiceAccount orders-worker');
    }
    expect(result.code).toContain('new ServiceAccount(chart, "orders-worker", {\n    name: "orders-worker",\n  }).grant(Grant.read("configmaps", { resourceNames: ["orders-worker-settings"] }));');
  });

  describe.each<[string, Record<string, unknown>, string]>([
    ['token left unset', {}, 'automountServiceAccountToken is not set (pods get a token); ServiceAccount always writes it, false unless told'],
    ['an annotation', { metadata: { name: 'sa', annotations: { a: 'b' } }, automountServiceAccountToken: false }, 'metadata.annotations has no prop in the library\'s constructs'],
    ['image pull secrets', { automountServiceAccountToken: false, imagePullSecrets: [{ name: 'r' }] }, "imagePullSecrets has no prop in the library's constructs"],
  ])('a ServiceAccount with %s stays raw', (_what, extra, why) => {
    test('with the reason', () => {
      const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' }, ...extra };
      const result = importManifests([{ object: account, source: 'sa.yaml' }]);
      expect(result.notes[0]).toMatchObject({ as: 'ApiObject', why });
    });
  });

  test('a ServiceAccount that keeps the token becomes a ServiceAccount with automountToken', () => {
    const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sa' }, automountServiceAccountToken: true };
    const result = importManifests([{ object: account, source: 'sa.yaml' }]);
    expect(result.notes[0].as).toBe('ServiceAccount sa');
    expect(result.code).toContain('automountToken: true,');
  });

  test('cluster-scoped objects keep no namespace', () => {
    const result = importManifests([{ object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }, source: 'ns.yaml' }]);
    expect(result.code).toContain(".addJsonPatch(JsonPatch.remove('/metadata/namespace'));");
  });
});

describe('the import command', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'adopt-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('reads a folder recursively and writes the app to --out', () => {
    fs.mkdirSync(path.join(dir, 'in', 'nested'), { recursive: true });
    fs.copyFileSync(LIST, path.join(dir, 'in', 'nested', 'list.yaml'));
    fs.writeFileSync(path.join(dir, 'in', 'README.md'), 'not yaml');
    const run = io();
    expect(runImport([path.join(dir, 'in'), '--out', path.join(dir, 'out', 'app.ts'), '--name', 'shop'], run.io)).toBe(0);
    const code = fs.readFileSync(path.join(dir, 'out', 'app.ts'), 'utf-8');
    expect(code).toContain('export const app: AppDefinition = { name: "shop", build };');
    expect(run.err()).toContain('Deployment shop/api -> WebService api');
    expect(run.err()).toMatch(/wrote .*app\.ts: app "shop", 3 object\(s\)/);
  });

  test('reads a stream from stdin with -', () => {
    const run = io(fs.readFileSync(HELM, 'utf-8'));
    expect(runImport(['-'], run.io)).toBe(0);
    expect(run.out()).toContain('new WebService(chart, "web"');
  });

  test('fails with exit code 2 on an unknown option', () => {
    const run = io();
    expect(runImport(['--nope', LIST], run.io)).toBe(2);
    expect(run.err()).toContain('unknown option "--nope"');
  });

  test('fails with exit code 2 without input', () => {
    expect(runImport([], io().io)).toBe(2);
  });

  test('fails with exit code 1 on invalid YAML, naming the file', () => {
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'a: [1, 2\n');
    const run = io();
    expect(runImport([path.join(dir, 'bad.yaml')], run.io)).toBe(1);
    expect(run.err()).toContain('bad.yaml');
  });

  test.each(['Bad_Name', 'shop.v2', 'a'.repeat(64)])('fails with exit code 2 on --name %s, which is not a DNS-1123 label, writing nothing', (name) => {
    const run = io();
    const out = path.join(dir, 'app.ts');
    expect(runImport([LIST, '--out', out, '--name', name], run.io)).toBe(2);
    expect(run.err()).toContain('--name');
    expect(fs.existsSync(out)).toBe(false);
  });

  test('fails with exit code 1 and one line when --out cannot be written (a file in the way)', () => {
    fs.writeFileSync(path.join(dir, 'file'), '');
    const run = io();
    expect(runImport([LIST, '--out', path.join(dir, 'file', 'x.ts')], run.io)).toBe(1);
    expect(run.err()).toMatch(/import: cannot write .*file\/x\.ts: EEXIST[^\n]*\n$/);
    expect(run.err()).not.toContain('    at ');
  });

  test('fails with exit code 1 and one line on a file that does not exist', () => {
    const run = io();
    expect(runImport([path.join(dir, 'nope.yaml')], run.io)).toBe(1);
    expect(run.err()).toMatch(/^import: ENOENT[^\n]*nope\.yaml[^\n]*\n$/);
  });

  test('fails with exit code 1 when nothing is a Kubernetes object', () => {
    fs.writeFileSync(path.join(dir, 'fragment.yaml'), 'containers:\n- name: a\n');
    expect(runImport([path.join(dir, 'fragment.yaml')], io().io)).toBe(1);
  });
});

describe('import of objects the library\'s rules would refuse', () => {
  const NAMED_PORT = path.join(FIXTURES, 'kubectl-list-named-port.yaml');
  let apps: GeneratedApps;
  beforeAll(() => {
    apps = new GeneratedApps();
  });
  afterAll(() => apps.cleanup());

  test('a pull secret that no fitted construct uses is a plain reference, not an unread declaration', () => {
    const { result } = apps.import([NAMED_PORT]);
    expect(result.code).not.toContain('const pullSecrets');
    expect(result.code).toContain('  RegistryPullSecret.fromSecretName(chart, "PullSecret-registry-creds", "registry-creds");\n');
  });

  test('a raw Deployment without a securityContext gets one reasoned allowance per rule it trips, listed in the report', () => {
    const { result, file } = apps.import([NAMED_PORT]);
    const deployment = result.notes.find((n) => n.object === 'Deployment shop/web')!;
    expect(deployment.as).toBe('ApiObject');
    expect(deployment.allowed).toEqual(['privilege-escalation', 'run-as-root', 'capabilities', 'seccomp-profile']);
    // The pull secret is referenced, so the reference rule does not trip and is not allowed.
    expect(deployment.allowed).not.toContain('image-pull-secret-reference');
    for (const object of ['Service shop/web', 'ConfigMap shop/web-config']) {
      expect(result.notes.find((n) => n.object === object)!.allowed).toBeUndefined();
    }
    expect(result.code).toContain('.allow("run-as-root", "imported as is from ' + NAMED_PORT + ': the cluster runs it this way today; review before relying on it")');
    expect(result.code.match(/\.allow\(/g)).toHaveLength(4);
    expect(formatNotes(result.notes)).toContain('allowed, as the cluster runs it (review): privilege-escalation, run-as-root, capabilities, seccomp-profile');
    // And the app synthesizes with no error finding.
    expect(synthGenerated(file, result).map((o) => o.kind).sort()).toEqual(['ConfigMap', 'Deployment', 'Service']);
  });

  test('a Service with a named targetPort keeps its Deployment raw and says why', () => {
    const { result } = apps.import([NAMED_PORT]);
    expect(result.notes.find((n) => n.object === 'Service shop/web')!.why).toContain('targetPort is a port name');
  });

  test('a raw object that trips no rule gets no allowance', () => {
    const { result } = apps.import([LIST]);
    expect(result.notes.filter((n) => n.as === 'ApiObject' && n.allowed?.length)).toEqual([]);
    expect(result.code).not.toContain('Allowances');
  });

  test('a helm pod that may run as root (busybox, no runAsNonRoot or runAsUser) keeps runAsNonRoot false, said in the report', () => {
    const { result, file } = apps.import([path.join(FIXTURES, 'helm-insecure-pod.yaml')]);
    const pod = result.notes.find((n) => n.object === 'Pod toolbox')!;
    expect(pod.as).toBe('StandalonePod toolbox');
    expect(pod.allowed).toEqual(['run-as-root']);
    expect(pod.why).toContain('sets no runAsNonRoot or runAsUser');
    expect(result.code).toMatch(/podSecurity: \{\n\s+runAsNonRoot: false,\n\s+\}/);
    const [written] = synthGenerated(file, result).filter((o) => o.kind === 'Pod') as any[];
    // The library's runAsNonRoot: true would stop a root image from starting; the import does not add it.
    expect(written.spec.securityContext.runAsNonRoot).toBe(false);
    expect(written.spec.containers[0].securityContext.runAsNonRoot).not.toBe(true);
    expect(formatNotes(result.notes)).toContain('allowed, as the cluster runs it (review): run-as-root');
  });

  test('a pod that sets runAsNonRoot keeps the library\'s default', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { securityContext: { runAsNonRoot: true }, containers: [{ name: 'a', image: 'a:1' }] } };
    const result = importManifests([{ object: pod as any, source: 'p.yaml' }]);
    expect(result.notes[0].allowed).toBeUndefined();
    expect(result.code).not.toContain('runAsNonRoot');
  });
});
