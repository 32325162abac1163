import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { Allowances, Environment, Finding, Project, RegistryCredentials, RegistryPullSecret, SchemaValidator, WebService } from '../../lib';
import { KubeObject } from '../../lib/validation/manifest';
import { findingsOf } from '../helpers';

// The 'schema' rule: every object against the Kubernetes 1.27 schema (and
// the schemas of ExternalSecret, SealedSecret and Argo CD Application) with
// unknown fields rejected. Raw ApiObjects are used because the typed
// k8s.Kube* constructs drop fields they do not know when they render.

/** One object the schema must refuse, and the finding it must give. */
interface SchemaCase {
  readonly name: string;
  readonly build: (chart: Chart) => void;
  readonly field: string;
  readonly message: RegExp;
  /** Construct path of the object; always under `app-test/`. */
  readonly path: string;
}

const IMAGE = 'registry.example.com/shop/web:1.4.2';

const CONTAINER = {
  name: 'web',
  image: IMAGE,
  securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } },
};

/** A raw Deployment whose spec, template spec and container are changed by the callbacks. */
function deployment(scope: Construct, id: string, change: { spec?: object; pod?: object; container?: object } = {}): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: id },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: id } },
      template: {
        metadata: { labels: { app: id } },
        spec: { containers: [{ ...CONTAINER, ...change.container }], ...change.pod },
      },
      ...change.spec,
    },
  });
}

function raw(scope: Construct, id: string, apiVersion: string, kind: string, body: Record<string, unknown>): ApiObject {
  return new ApiObject(scope, id, { apiVersion, kind, metadata: { name: id }, ...body });
}

function application(scope: Construct, id: string, spec: Record<string, unknown>): ApiObject {
  return raw(scope, id, 'argoproj.io/v1alpha1', 'Application', {
    spec: {
      project: 'default',
      source: { repoURL: 'https://git.example.com/team/deploy.git', path: 'dist/test', targetRevision: 'main' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'test' },
      ...spec,
    },
  });
}

function summary(findings: Finding[]): string {
  return findings.map((f) => `  [${f.rule}] ${f.path} ${f.field ?? ''}: ${f.message}`).join('\n') || '  (no finding)';
}

const CASES: SchemaCase[] = [
  {
    name: 'fails when a Deployment spec has the unknown field "replica"',
    build: (chart) => { deployment(chart, 'web', { spec: { replica: 3 } }); },
    path: 'app-test/web',
    field: 'spec.replica',
    message: /^unknown field "replica"$/,
  },
  {
    name: 'fails when a container has an unknown field',
    build: (chart) => { deployment(chart, 'web', { container: { imagePolicy: 'Always' } }); },
    path: 'app-test/web',
    field: 'spec.template.spec.containers[0].imagePolicy',
    message: /^unknown field "imagePolicy"$/,
  },
  {
    name: 'fails when a container port has an unknown field',
    build: (chart) => { deployment(chart, 'web', { container: { ports: [{ containerPort: 8080, portName: 'http' }] } }); },
    path: 'app-test/web',
    field: 'spec.template.spec.containers[0].ports[0].portName',
    message: /^unknown field "portName"$/,
  },
  {
    name: 'fails when a pod spec has an unknown field',
    build: (chart) => { deployment(chart, 'web', { pod: { restartPolicyy: 'Always' } }); },
    path: 'app-test/web',
    field: 'spec.template.spec.restartPolicyy',
    message: /^unknown field "restartPolicyy"$/,
  },
  {
    name: 'fails when metadata has an unknown field',
    build: (chart) => { raw(chart, 'settings', 'v1', 'ConfigMap', { data: { a: 'b' } }).addJsonPatch(JsonPatch.add('/metadata/label', { a: 'b' })); },
    path: 'app-test/settings',
    field: 'metadata.label',
    message: /^unknown field "label"$/,
  },
  {
    name: 'fails when replicas is the string "3"',
    build: (chart) => { deployment(chart, 'web', { spec: { replicas: '3' } }); },
    path: 'app-test/web',
    field: 'spec.replicas',
    message: /^must be of type integer$/,
  },
  {
    name: 'fails when a WebService replicas is patched to the string "3"',
    build: (chart) => { new WebService(chart, 'web', { container: { image: IMAGE } }).deployment.addJsonPatch(JsonPatch.replace('/spec/replicas', '3')); },
    path: 'app-test/web/Deployment',
    field: 'spec.replicas',
    message: /^must be of type integer$/,
  },
  {
    name: 'fails when a container args is a string, not a list',
    build: (chart) => { deployment(chart, 'web', { container: { args: '--port=8080' } }); },
    path: 'app-test/web',
    field: 'spec.template.spec.containers[0].args',
    message: /^must be of type array$/,
  },
  {
    name: 'fails when a nodePort is larger than a 32-bit integer',
    build: (chart) => { raw(chart, 'web', 'v1', 'Service', { spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 2 ** 40 }] } }); },
    path: 'app-test/web',
    field: 'spec.ports[0].nodePort',
    message: /^must be a 32-bit integer$/,
  },
  {
    name: 'fails when a container has no name',
    build: (chart) => { deployment(chart, 'web', { container: { name: undefined } }); },
    path: 'app-test/web',
    field: 'spec.template.spec.containers[0].name',
    message: /^required field "name" is missing$/,
  },
  {
    name: 'fails when a Deployment has no selector',
    build: (chart) => { deployment(chart, 'web').addJsonPatch(JsonPatch.remove('/spec/selector')); },
    path: 'app-test/web',
    field: 'spec.selector',
    message: /^required field "selector" is missing$/,
  },
  {
    name: 'fails when a Service targetPort is a boolean (int-or-string)',
    build: (chart) => { raw(chart, 'web', 'v1', 'Service', { spec: { ports: [{ port: 80, targetPort: true }] } }); },
    path: 'app-test/web',
    field: 'spec.ports[0].targetPort',
    message: /^must be an integer or a string$/,
  },
  {
    name: 'fails when a cpu limit is a boolean (quantity)',
    build: (chart) => { deployment(chart, 'web', { container: { resources: { limits: { cpu: true } } } }); },
    path: 'app-test/web',
    field: 'spec.template.spec.containers[0].resources.limits.cpu',
    message: /^must be a quantity: a number or a string$/,
  },
  {
    name: 'fails when the apiVersion and kind are unknown',
    build: (chart) => { raw(chart, 'gadget', 'example.com/v1', 'Widget', { spec: {} }); },
    path: 'app-test/gadget',
    field: 'apiVersion',
    message: /^no schema for apiVersion "example\.com\/v1" kind "Widget" in Kubernetes 1\.27 or the known custom resources$/,
  },
  {
    name: 'fails when a kind is misspelled',
    build: (chart) => { raw(chart, 'web', 'apps/v1', 'Deploymnet', { spec: {} }); },
    path: 'app-test/web',
    field: 'apiVersion',
    message: /^no schema for apiVersion "apps\/v1" kind "Deploymnet"/,
  },
  {
    name: 'fails when a kind is used with a removed apiVersion',
    build: (chart) => { raw(chart, 'web', 'extensions/v1beta1', 'Ingress', { spec: {} }); },
    path: 'app-test/web',
    field: 'apiVersion',
    message: /^no schema for apiVersion "extensions\/v1beta1" kind "Ingress"/,
  },
  {
    name: 'fails when an ExternalSecret has a made-up field',
    build: (chart) => {
      new RegistryPullSecret(chart, 'regcred', { credentials: RegistryCredentials.fromExternalSecret({ storeName: 'vault', remoteKey: 'ci/registry' }) })
        .apiObject.addJsonPatch(JsonPatch.add('/spec/refreshEvery', '1h'));
    },
    path: 'app-test/regcred/Resource',
    field: 'spec.refreshEvery',
    message: /^unknown field "refreshEvery"$/,
  },
  {
    name: 'fails when an ExternalSecret store kind is not SecretStore or ClusterSecretStore',
    build: (chart) => {
      new RegistryPullSecret(chart, 'regcred', { credentials: RegistryCredentials.fromExternalSecret({ storeName: 'vault', remoteKey: 'ci/registry' }) })
        .apiObject.addJsonPatch(JsonPatch.replace('/spec/secretStoreRef/kind', 'VaultStore'));
    },
    path: 'app-test/regcred/Resource',
    field: 'spec.secretStoreRef.kind',
    message: /^must be one of "SecretStore", "ClusterSecretStore"$/,
  },
  {
    name: 'fails when a SealedSecret has a made-up field',
    build: (chart) => {
      new RegistryPullSecret(chart, 'regcred', { credentials: RegistryCredentials.fromSealedSecret({ encryptedDockerConfigJson: 'AgBy3i4OJSWK+PiTySYZZA==' }) })
        .apiObject.addJsonPatch(JsonPatch.add('/spec/template/metadata/owner', 'team-shop'));
    },
    path: 'app-test/regcred/Resource',
    field: 'spec.template.metadata.owner',
    message: /^unknown field "owner"$/,
  },
  {
    name: 'fails when a SealedSecret has no encryptedData',
    build: (chart) => {
      new RegistryPullSecret(chart, 'regcred', { credentials: RegistryCredentials.fromSealedSecret({ encryptedDockerConfigJson: 'AgBy3i4OJSWK+PiTySYZZA==' }) })
        .apiObject.addJsonPatch(JsonPatch.remove('/spec/encryptedData'));
    },
    path: 'app-test/regcred/Resource',
    field: 'spec.encryptedData',
    message: /^required field "encryptedData" is missing$/,
  },
  {
    name: 'fails when an Argo CD Application has a made-up field',
    build: (chart) => { application(chart, 'shop', { syncPolicy: { automated: { prune: true, selfheal: true } } }); },
    path: 'app-test/shop',
    field: 'spec.syncPolicy.automated.selfheal',
    message: /^unknown field "selfheal"$/,
  },
  {
    name: 'fails when an Argo CD Application has no destination',
    build: (chart) => { application(chart, 'shop', {}).addJsonPatch(JsonPatch.remove('/spec/destination')); },
    path: 'app-test/shop',
    field: 'spec.destination',
    message: /^required field "destination" is missing$/,
  },
];

describe('schema', () => {
  test.each(CASES)('$name', (c) => {
    const findings = findingsOf(c.build);
    const match = findings.find((f) => f.rule === 'schema' && f.field === c.field && c.message.test(f.message));
    if (!match) {
      throw new Error(`no schema finding at ${c.field} with message ${c.message}; got:\n${summary(findings)}`);
    }
    expect(match.severity).toBe('error');
    expect(match.path).toBe(c.path);
    expect(match.path.startsWith('app-test/')).toBe(true);
    expect(match.app).toBe('app');
    expect(match.environment).toBe('test');
    expect(typeof match.fix).toBe('string');
    expect(match.fix.trim()).not.toBe('');
  });

  test('a container without a name also fails the container-name rule', () => {
    const findings = findingsOf((chart) => { deployment(chart, 'web', { container: { name: undefined } }); });
    expect(findings.map((f) => `${f.rule} ${f.field}: ${f.message}`).sort()).toEqual([
      'container-name spec.template.spec.containers[0].name: the container has no name',
      'schema spec.template.spec.containers[0].name: required field "name" is missing',
    ]);
  });

  test('an int-or-string given a boolean gives one readable message, not one per branch', () => {
    const findings = findingsOf((chart) => { raw(chart, 'web', 'v1', 'Service', { spec: { ports: [{ port: 80, targetPort: true }] } }); })
      .filter((f) => f.rule === 'schema');
    expect(findings.map((f) => `${f.field}: ${f.message}`)).toEqual(['spec.ports[0].targetPort: must be an integer or a string']);
  });

  test('every schema problem of an object is reported, each once', () => {
    const findings = findingsOf((chart) => {
      deployment(chart, 'web', { spec: { replicas: '3', replica: 3 }, container: { livenessProbe: { httpGet: { port: true } }, ports: [{ containerPort: '80' }] } });
    }).filter((f) => f.rule === 'schema');
    expect(findings.map((f) => `${f.field}: ${f.message}`).sort()).toEqual([
      'spec.replica: unknown field "replica"',
      'spec.replicas: must be of type integer',
      'spec.template.spec.containers[0].livenessProbe.httpGet.port: must be an integer or a string',
      'spec.template.spec.containers[0].ports[0].containerPort: must be of type integer',
    ]);
  });

  test('a list of the wrong type is reported by the schema and does not abort the run', () => {
    const findings = findingsOf((chart) => {
      deployment(chart, 'web', { container: { ports: { containerPort: 8080 }, env: { A: '1' } }, pod: { volumes: { tmp: {} } } });
      deployment(chart, 'other', { spec: { replica: 1 } });
    });
    const schema = findings.filter((f) => f.rule === 'schema').map((f) => `${f.path} ${f.field}: ${f.message}`).sort();
    expect(schema).toEqual([
      'app-test/other spec.replica: unknown field "replica"',
      'app-test/web spec.template.spec.containers[0].env: must be of type array',
      'app-test/web spec.template.spec.containers[0].ports: must be of type array',
      'app-test/web spec.template.spec.volumes: must be of type array',
    ]);
    // The rules read wrong types as absent and leave them to the schema; one
    // that could not read the object would say so, as an error of that object.
    const tripped = findings.filter((f) => f.rule !== 'schema');
    expect(tripped.map((f) => f.rule)).not.toEqual(expect.arrayContaining(['port-name']));
    expect(tripped.map((f) => f.rule)).not.toEqual(expect.arrayContaining(['env-name']));
    for (const finding of tripped) {
      expect(finding).toMatchObject({ severity: 'error', path: 'app-test/web', message: expect.stringMatching(/^the rule could not check the object/) });
    }
  });

  test("Allowances.allow('schema') turns the schema off for the construct", () => {
    const build = (allow: boolean) => (chart: Chart) => {
      const object = deployment(chart, 'web', { spec: { replica: 3 } });
      if (allow) {
        Allowances.of(object).allow('schema', 'a field of a newer Kubernetes version');
      }
    };
    expect(findingsOf(build(false)).map((f) => f.rule)).toEqual(['schema']);
    expect(findingsOf(build(true))).toEqual([]);
  });

  test('the Argo CD Applications a project writes are valid', () => {
    const project = new Project<'test'>({
      environments: [new Environment({ name: 'test' })],
      apps: [{ name: 'app', build: (chart) => { new WebService(chart, 'web', { container: { image: IMAGE } }); } }],
      argoCd: { repoURL: 'https://git.example.com/team/deploy.git' },
    });
    const result = project.synth();
    expect(result.files.map((f) => f.path)).toContain('argocd/app-test.k8s.yaml');
    expect(result.findings).toEqual([]);
  });

  test('extraSchemas teach the project a custom resource, with unknown fields refused', () => {
    const widget = {
      type: 'object',
      additionalProperties: false,
      required: ['apiVersion', 'kind', 'metadata', 'spec'],
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { type: 'object' },
        spec: { type: 'object', additionalProperties: false, properties: { size: { type: 'integer' } } },
      },
    };
    const synth = (spec: Record<string, unknown>) => new Project<'test'>({
      environments: [new Environment({ name: 'test' })],
      apps: [{ name: 'app', build: (chart) => { raw(chart, 'gadget', 'example.com/v1', 'Widget', { spec }); } }],
      extraSchemas: { 'example.com/v1/Widget': widget },
    }).synth().findings;
    expect(synth({ size: 3 })).toEqual([]);
    expect(synth({ colour: 'red' }).map((f) => `${f.rule} ${f.field}: ${f.message}`)).toEqual(['schema spec.colour: unknown field "colour"']);
  });
});

describe('SchemaValidator', () => {
  const validator = SchemaValidator.shared();

  test('is shared', () => {
    expect(SchemaValidator.shared()).toBe(validator);
  });

  test.each([
    ['apps/v1', 'Deployment'],
    ['v1', 'Service'],
    ['networking.k8s.io/v1', 'Ingress'],
    ['batch/v1', 'CronJob'],
    ['autoscaling/v2', 'HorizontalPodAutoscaler'],
    ['external-secrets.io/v1', 'ExternalSecret'],
    ['bitnami.com/v1alpha1', 'SealedSecret'],
    ['argoproj.io/v1alpha1', 'Application'],
  ])('knows %s %s', (apiVersion, kind) => {
    expect(validator.knows(apiVersion, kind)).toBe(true);
  });

  test.each([
    ['example.com/v1', 'Widget'],
    ['apps/v1', 'Service'],
    ['extensions/v1beta1', 'Ingress'],
    ['batch/v1beta1', 'CronJob'],
  ])('does not know %s %s', (apiVersion, kind) => {
    expect(validator.knows(apiVersion, kind)).toBe(false);
  });

  test('accepts a valid object and refuses a made-up field', () => {
    const object: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { color: 'blue' } };
    expect(validator.validate(object)).toEqual([]);
    expect(validator.validate({ ...object, date: {} })).toEqual([
      expect.objectContaining({ field: 'date', message: 'unknown field "date"' }),
    ]);
  });
});
