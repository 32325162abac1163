import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { DOCKER_HUB_SERVER, RegistryCredentials, RegistryPullSecret, RegistryPullSecretProps, StandalonePod } from '../lib';
import { isSensitive, takeRenderProblems } from '../lib/private/metadata';
import { dockerConfigJson } from '../lib/registry-pull-secret';
import { KubeObject } from '../lib/validation/manifest';
import { findingsOf, only, renderObjects, synthObjects } from './helpers';

const REFERENCE = path.join(__dirname, 'fixtures', 'reference', 'kubectl-docker-registry-sample.yaml');
const LOGIN = { username: 'user', password: 'p@ss', email: 'u@example.com' };

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'test' });
}

/** The objects of one pull secret `regcred`. */
function render(props: RegistryPullSecretProps): KubeObject[] {
  return synthObjects((c) => {
    new RegistryPullSecret(c, 'regcred', props);
  });
}

const decode = (base64: string) => Buffer.from(base64, 'base64').toString('utf-8');
const dockerConfigOf = (objects: KubeObject[]) => decode(only(objects, 'Secret').data['.dockerconfigjson']);

describe('fromLogin', () => {
  test('renders a dockerconfigjson Secret', () => {
    const objects = render({ server: 'registry.example.com', credentials: RegistryCredentials.fromLogin(LOGIN) });
    expect(objects).toMatchSnapshot();
    expect(objects).toHaveLength(1);
    const secret = only(objects, 'Secret', 'regcred');
    expect(secret.type).toBe('kubernetes.io/dockerconfigjson');
    expect(Object.keys(secret.data)).toEqual(['.dockerconfigjson']);
  });

  test('the .dockerconfigjson is byte for byte the one kubectl writes', () => {
    // GIVEN the Secret `kubectl create secret docker-registry` wrote for the same login
    const reference = YAML.parse(fs.readFileSync(REFERENCE, 'utf-8'));
    expect(reference.type).toBe('kubernetes.io/dockerconfigjson');
    const expected = decode(reference.data['.dockerconfigjson']);

    // WHEN
    const objects = render({ server: 'registry.example.com', credentials: RegistryCredentials.fromLogin(LOGIN) });

    // THEN
    const secret = only(objects, 'Secret');
    expect(secret.type).toBe(reference.type);
    expect(dockerConfigOf(objects)).toBe(expected);
    expect(JSON.parse(dockerConfigOf(objects))).toEqual(JSON.parse(expected));
    expect(secret.data['.dockerconfigjson']).toBe(reference.data['.dockerconfigjson']);
  });

  test('email is left out when not given, as kubectl does', () => {
    const objects = render({
      server: 'registry.example.com',
      credentials: RegistryCredentials.fromLogin({ username: 'user', password: 'p@ss' }),
    });
    expect(dockerConfigOf(objects)).toBe('{"auths":{"registry.example.com":{"username":"user","password":"p@ss","auth":"dXNlcjpwQHNz"}}}');
  });

  test('the server defaults to Docker Hub', () => {
    const c = chart();
    const pull = new RegistryPullSecret(c, 'regcred', { credentials: RegistryCredentials.fromLogin(LOGIN) });
    expect(pull.server).toBe('https://index.docker.io/v1/');
    expect(DOCKER_HUB_SERVER).toBe('https://index.docker.io/v1/');
    const auths = JSON.parse(dockerConfigOf(renderObjects(c))).auths;
    expect(Object.keys(auths)).toEqual(['https://index.docker.io/v1/']);
  });

  test('name overrides the construct id', () => {
    const c = chart();
    const pull = new RegistryPullSecret(c, 'Pull', { name: 'regcred', credentials: RegistryCredentials.fromLogin(LOGIN) });
    expect(pull.secretName).toBe('regcred');
    expect(only(renderObjects(c), 'Secret').metadata.name).toBe('regcred');
  });

  test('the Secret is marked sensitive', () => {
    const pull = new RegistryPullSecret(chart(), 'regcred', { credentials: RegistryCredentials.fromLogin(LOGIN) });
    expect(isSensitive(pull.apiObject)).toBe(true);
  });
});

describe('dockerConfigJson', () => {
  test('auth is base64 of user:password', () => {
    const json = JSON.parse(dockerConfigJson('registry.example.com', { username: 'robot$ci', password: 'tok:en' }));
    expect(decode(json.auths['registry.example.com'].auth)).toBe('robot$ci:tok:en');
  });

  test('keys are in kubectl order and the JSON is compact', () => {
    expect(dockerConfigJson('r.example.com', LOGIN)).toBe(
      '{"auths":{"r.example.com":{"username":"user","password":"p@ss","email":"u@example.com","auth":"dXNlcjpwQHNz"}}}',
    );
  });

  test('<, > and & are escaped as Go (and so kubectl) escapes them, and still parse back', () => {
    const json = dockerConfigJson('r.example.com', { username: 'user', password: 'a&b<c>' });
    const auth = Buffer.from('user:a&b<c>').toString('base64');
    expect(json).toBe(`{"auths":{"r.example.com":{"username":"user","password":"a\\u0026b\\u003cc\\u003e","auth":"${auth}"}}}`);
    expect(JSON.parse(json).auths['r.example.com'].password).toBe('a&b<c>');
  });

  test('quotes and non-ASCII characters are escaped as JSON and encoded as UTF-8', () => {
    const json = dockerConfigJson('r.example.com', { username: 'jöhn', password: 'a"b\\c' });
    expect(JSON.parse(json).auths['r.example.com']).toEqual({
      username: 'jöhn',
      password: 'a"b\\c',
      auth: Buffer.from('jöhn:a"b\\c', 'utf-8').toString('base64'),
    });
  });
});

describe('fromEnvironment', () => {
  const saved = { ...process.env };
  const VARIABLES = ['REGISTRY_USERNAME', 'REGISTRY_PASSWORD', 'CI_REGISTRY_USER', 'CI_REGISTRY_TOKEN'];

  beforeEach(() => {
    for (const name of VARIABLES) {
      delete process.env[name];
    }
  });

  afterAll(() => {
    for (const name of VARIABLES) {
      if (saved[name] === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = saved[name];
      }
    }
  });

  test('reads REGISTRY_USERNAME and REGISTRY_PASSWORD', () => {
    process.env.REGISTRY_USERNAME = 'user';
    process.env.REGISTRY_PASSWORD = 'p@ss';
    const objects = render({ server: 'registry.example.com', credentials: RegistryCredentials.fromEnvironment() });
    expect(dockerConfigOf(objects)).toBe(dockerConfigJson('registry.example.com', { username: 'user', password: 'p@ss' }));
  });

  test('reads custom variables, with an email given as a value', () => {
    process.env.CI_REGISTRY_USER = 'ci';
    process.env.CI_REGISTRY_TOKEN = 'token';
    const objects = render({
      server: 'registry.example.com',
      credentials: RegistryCredentials.fromEnvironment({ username: 'CI_REGISTRY_USER', password: 'CI_REGISTRY_TOKEN', email: 'ci@example.com' }),
    });
    expect(JSON.parse(dockerConfigOf(objects)).auths['registry.example.com']).toEqual({
      username: 'ci',
      password: 'token',
      email: 'ci@example.com',
      auth: Buffer.from('ci:token').toString('base64'),
    });
  });

  test('reads the variables only when the object is rendered', () => {
    // GIVEN a pull secret made while the variables are not set
    const c = chart();
    const pull = new RegistryPullSecret(c, 'regcred', { server: 'registry.example.com', credentials: RegistryCredentials.fromEnvironment() });

    // WHEN they are set before the chart is rendered
    process.env.REGISTRY_USERNAME = 'user';
    process.env.REGISTRY_PASSWORD = 'p@ss';
    const objects = renderObjects(c);

    // THEN the rendered Secret holds them, and no problem was recorded
    expect(dockerConfigOf(objects)).toBe(dockerConfigJson('registry.example.com', { username: 'user', password: 'p@ss' }));
    expect(takeRenderProblems(pull.apiObject)).toEqual([]);
  });

  test('renders no data and records a problem when a variable is missing', () => {
    process.env.REGISTRY_USERNAME = 'user';
    const c = chart();
    const pull = new RegistryPullSecret(c, 'regcred', { credentials: RegistryCredentials.fromEnvironment() });
    const secret = only(renderObjects(c), 'Secret');
    expect(secret.data?.['.dockerconfigjson']).toBeUndefined();
    expect(takeRenderProblems(pull.apiObject)).toEqual([expect.objectContaining({
      rule: 'pull-secret-credentials',
      message: 'environment variable REGISTRY_PASSWORD is not set or empty',
    })]);
  });

  test('fails with one error per unset variable, and no error on the pods that use the Secret', () => {
    const findings = findingsOf((c) => {
      const pull = new RegistryPullSecret(c, 'regcred', { server: 'registry.example.com', credentials: RegistryCredentials.fromEnvironment() });
      new StandalonePod(c, 'debug', { containers: [{ image: 'registry.example.com/tools/debug:1.0.0' }], imagePullSecrets: [pull] });
    }, { secrets: true });
    expect(findings.map((f) => [f.rule, f.path, f.message])).toEqual([
      ['pull-secret-credentials', 'app-test/regcred/Resource', 'environment variable REGISTRY_USERNAME is not set or empty'],
      ['pull-secret-credentials', 'app-test/regcred/Resource', 'environment variable REGISTRY_PASSWORD is not set or empty'],
    ]);
  });

  test('the Secret is marked sensitive', () => {
    const pull = new RegistryPullSecret(chart(), 'regcred', { credentials: RegistryCredentials.fromEnvironment() });
    expect(isSensitive(pull.apiObject)).toBe(true);
  });

  test('snapshot', () => {
    process.env.REGISTRY_USERNAME = 'user';
    process.env.REGISTRY_PASSWORD = 'p@ss';
    expect(render({ server: 'registry.example.com', credentials: RegistryCredentials.fromEnvironment() })).toMatchSnapshot();
  });
});

describe('fromExternalSecret', () => {
  const credentials = () => RegistryCredentials.fromExternalSecret({ storeName: 'vault', remoteKey: 'registry/shop' });

  test('renders an ExternalSecret that builds the pull secret', () => {
    const objects = render({ server: 'registry.example.com', credentials: credentials() });
    expect(objects).toMatchSnapshot();
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const external = only(objects, 'ExternalSecret', 'regcred');
    expect(external.apiVersion).toBe('external-secrets.io/v1');
    expect(external.spec.refreshInterval).toBe('3600s');
    expect(external.spec.secretStoreRef).toEqual({ name: 'vault', kind: 'SecretStore' });
    expect(external.spec.target).toMatchObject({
      name: 'regcred',
      creationPolicy: 'Owner',
      template: { type: 'kubernetes.io/dockerconfigjson', engineVersion: 'v2' },
    });
    expect(external.spec.data).toEqual([
      { secretKey: 'username', remoteRef: { key: 'registry/shop', property: 'username' } },
      { secretKey: 'password', remoteRef: { key: 'registry/shop', property: 'password' } },
    ]);
  });

  test('the template writes the server kubectl would and refers to both remote values', () => {
    const objects = render({ server: 'registry.example.com', credentials: credentials() });
    const template = only(objects, 'ExternalSecret').spec.target.template.data['.dockerconfigjson'];
    expect(template).toBe(
      '{"auths":{"registry.example.com":{"username":{{ .username | toJson }},"password":{{ .password | toJson }},'
      + '"auth":{{ printf "%s:%s" .username .password | b64enc | toJson }}}}}',
    );
  });

  test('store kind, properties and refresh interval are configurable', () => {
    const objects = render({
      credentials: RegistryCredentials.fromExternalSecret({
        storeName: 'aws',
        storeKind: 'ClusterSecretStore',
        remoteKey: 'prod/registry',
        usernameProperty: 'user',
        passwordProperty: 'token',
        refreshInterval: Duration.minutes(15),
      }),
    });
    const external = only(objects, 'ExternalSecret');
    expect(external.spec.refreshInterval).toBe('900s');
    expect(external.spec.secretStoreRef).toEqual({ name: 'aws', kind: 'ClusterSecretStore' });
    expect(external.spec.data.map((d: any) => d.remoteRef)).toEqual([
      { key: 'prod/registry', property: 'user' },
      { key: 'prod/registry', property: 'token' },
    ]);
  });

  test('is not marked sensitive', () => {
    const pull = new RegistryPullSecret(chart(), 'regcred', { credentials: credentials() });
    expect(isSensitive(pull.apiObject)).toBe(false);
  });
});

describe('fromSealedSecret', () => {
  const ENCRYPTED = 'AgBy3i4OJSWK+PiTySYZZA==';

  test('renders a SealedSecret with the encrypted .dockerconfigjson', () => {
    const objects = render({ credentials: RegistryCredentials.fromSealedSecret({ encryptedDockerConfigJson: ENCRYPTED }) });
    expect(objects).toMatchSnapshot();
    const sealed = only(objects, 'SealedSecret', 'regcred');
    expect(sealed.apiVersion).toBe('bitnami.com/v1alpha1');
    expect(sealed.metadata.annotations).toBeUndefined();
    expect(sealed.spec).toEqual({
      encryptedData: { '.dockerconfigjson': ENCRYPTED },
      template: { type: 'kubernetes.io/dockerconfigjson', metadata: { name: 'regcred' } },
    });
  });

  describe.each(['namespace-wide', 'cluster-wide'] as const)('scope %s', (scope) => {
    test('is annotated on the SealedSecret and its template', () => {
      const objects = render({ credentials: RegistryCredentials.fromSealedSecret({ encryptedDockerConfigJson: ENCRYPTED, scope }) });
      const sealed = only(objects, 'SealedSecret');
      const annotations = { [`sealedsecrets.bitnami.com/${scope}`]: 'true' };
      expect(sealed.metadata.annotations).toEqual(annotations);
      expect(sealed.spec.template.metadata.annotations).toEqual(annotations);
    });
  });

  test('is not marked sensitive', () => {
    const pull = new RegistryPullSecret(chart(), 'regcred', {
      credentials: RegistryCredentials.fromSealedSecret({ encryptedDockerConfigJson: ENCRYPTED }),
    });
    expect(isSensitive(pull.apiObject)).toBe(false);
  });
});

describe('fromSecretName', () => {
  test('creates no object', () => {
    const objects = synthObjects((c) => {
      const pull = RegistryPullSecret.fromSecretName(c, 'Pull', 'existing-regcred');
      expect(pull.secretName).toBe('existing-regcred');
    });
    expect(objects).toEqual([]);
  });

  test('can be given to imagePullSecrets', () => {
    const objects = synthObjects((c) => {
      new StandalonePod(c, 'debug', {
        containers: [{ image: 'registry.example.com/tools/debug:1.0.0' }],
        imagePullSecrets: [RegistryPullSecret.fromSecretName(c, 'Pull', 'existing-regcred')],
      });
    });
    expect(objects.map((o) => o.kind)).toEqual(['Pod']);
    expect(only(objects, 'Pod').spec.imagePullSecrets).toEqual([{ name: 'existing-regcred' }]);
  });
});
