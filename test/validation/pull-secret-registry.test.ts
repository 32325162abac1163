import { ApiObject, Chart } from 'cdk8s';
import { IImagePullSecret, RegistryCredentials, RegistryPullSecret, StandalonePod } from '../../lib';
import { imageRegistry, imageRepository, pullSecretServers, serverKey, serverServesImage } from '../../lib/validation/registry-servers';
import { findingsOf } from '../helpers';

// Which credentials the kubelet uses for which image (pkg/credentialprovider/
// keyring.go, Kubernetes 1.27), and the warning when a pod's pull secret
// serves none of its images.

describe('imageRepository, as the kubelet normalizes an image before looking credentials up', () => {
  test.each([
    ['nginx', 'docker.io/library/nginx'],
    ['nginx:1.25.3', 'docker.io/library/nginx'],
    ['library/nginx', 'docker.io/library/nginx'],
    ['bitnami/redis:7.2', 'docker.io/bitnami/redis'],
    ['docker.io/bitnami/redis', 'docker.io/bitnami/redis'],
    ['index.docker.io/bitnami/redis', 'docker.io/bitnami/redis'],
    ['registry.example.com/shop/web:1.4.2', 'registry.example.com/shop/web'],
    ['registry.example.com:5000/shop/web', 'registry.example.com:5000/shop/web'],
    ['localhost/web:1', 'localhost/web'],
    ['ghcr.io/acme/app@sha256:0123abcd', 'ghcr.io/acme/app'],
  ])('%s is %s', (image, repository) => {
    expect(imageRepository(image)).toBe(repository);
  });

  test('the registry is the first part', () => {
    expect(imageRegistry('nginx')).toBe('docker.io');
    expect(imageRegistry('registry.example.com:5000/web')).toBe('registry.example.com:5000');
  });
});

describe('serverKey drops the scheme and a /v1/ or /v2/ path, as the kubelet does', () => {
  test.each([
    ['https://index.docker.io/v1/', 'index.docker.io'],
    ['registry.example.com', 'registry.example.com'],
    ['https://registry.example.com/v2/', 'registry.example.com'],
    ['http://registry.example.com:5000', 'registry.example.com:5000'],
    ['registry.example.com/team', 'registry.example.com/team'],
  ])('%s is %s', (server, key) => {
    expect(serverKey(server)).toBe(key);
  });
});

describe('serverServesImage', () => {
  describe.each([
    // Docker Hub: kubectl's default server serves every Docker Hub image.
    ['https://index.docker.io/v1/', 'nginx:1.25'],
    ['https://index.docker.io/v1/', 'library/nginx'],
    ['https://index.docker.io/v1/', 'bitnami/redis:7.2'],
    ['https://index.docker.io/v1/', 'docker.io/bitnami/redis'],
    ['https://index.docker.io/v1/', 'index.docker.io/bitnami/redis'],
    ['index.docker.io', 'nginx'],
    ['docker.io', 'nginx'],
    // Other registries: host, port and path prefix.
    ['registry.example.com', 'registry.example.com/shop/web:1.4.2'],
    ['https://registry.example.com/v2/', 'registry.example.com/shop/web'],
    ['registry.example.com/shop', 'registry.example.com/shop/web'],
    ['registry.example.com:5000', 'registry.example.com:5000/web'],
    ['*.example.com', 'registry.example.com/web'],
  ])('%s', (server, image) => {
    test(`serves ${image}`, () => {
      expect(serverServesImage(server, image)).toBe(true);
    });
  });

  describe.each([
    ['https://index.docker.io/v1/', 'registry.example.com/shop/web:1.4.2'],
    ['https://index.docker.io/v1/', 'ghcr.io/acme/app'],
    ['registry.example.com', 'nginx'],
    ['registry.example.com', 'registry.example.com:5000/web'],
    ['registry.example.com:5000', 'registry.example.com/web'],
    ['registry.example.com/billing', 'registry.example.com/shop/web'],
    ['*.example.com', 'example.com/web'],
    ['other.example.com', 'registry.example.com/web'],
  ])('%s', (server, image) => {
    test(`does not serve ${image}`, () => {
      expect(serverServesImage(server, image)).toBe(false);
    });
  });
});

describe('pullSecretServers', () => {
  test('reads the servers of a rendered .dockerconfigjson Secret', () => {
    const data = Buffer.from('{"auths":{"registry.example.com":{"auth":"x"},"ghcr.io":{"auth":"y"}}}').toString('base64');
    expect(pullSecretServers({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'regcred' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': data } }))
      .toEqual({ name: 'regcred', servers: ['registry.example.com', 'ghcr.io'] });
  });

  test('reads the servers of the template of an ExternalSecret, not its Go template values', () => {
    const template = '{"auths":{"registry.example.com":{"username":{{ .username | toJson }},"password":{{ .password | toJson }},"auth":{{ printf "%s:%s" .username .password | b64enc | toJson }}}}}';
    expect(pullSecretServers({
      apiVersion: 'external-secrets.io/v1',
      kind: 'ExternalSecret',
      metadata: { name: 'regcred' },
      spec: { target: { name: 'regcred', template: { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': template } } } },
    })).toEqual({ name: 'regcred', servers: ['registry.example.com'] });
  });

  test('knows nothing of other objects', () => {
    expect(pullSecretServers({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'app' }, type: 'Opaque', data: {} })).toBeUndefined();
    expect(pullSecretServers({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app' } })).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------
// The rule

const credentials = {
  environment: () => RegistryCredentials.fromEnvironment(),
  login: () => RegistryCredentials.fromLogin({ username: 'ci', password: 'hunter2' }),
  externalSecret: () => RegistryCredentials.fromExternalSecret({ storeName: 'vault', remoteKey: 'ci/registry' }),
  // Encrypted, but RegistryPullSecret knows the server it was given.
  sealedSecret: () => RegistryCredentials.fromSealedSecret({ encryptedDockerConfigJson: 'AgBy3i4OJSWK+PiTySYZZA==' }),
};

/** A pod with `images`, pulled with the pull secrets `secrets` makes. */
function podWith(images: string[], secrets: (chart: Chart) => IImagePullSecret[]) {
  return (chart: Chart) => {
    new StandalonePod(chart, 'pod', { containers: images.map((image) => ({ image })), imagePullSecrets: secrets(chart) });
  };
}

function registryFindings(build: (chart: Chart) => void, secrets = false) {
  return findingsOf(build, { secrets }).filter((f) => f.rule === 'pull-secret-registry');
}

const saved = { ...process.env };
beforeEach(() => {
  process.env.REGISTRY_USERNAME = 'ci';
  process.env.REGISTRY_PASSWORD = 'hunter2';
});
afterEach(() => {
  process.env = { ...saved };
});

describe.each(Object.keys(credentials) as Array<keyof typeof credentials>)('pull secret from %s', (kind) => {
  test.each([false, true])('warns (secrets rendered: %s) when the server defaults to Docker Hub and the image is on another registry', (secrets) => {
    const findings = registryFindings(podWith(['registry.example.com/shop/web:1.4.2'], (chart) => [
      new RegistryPullSecret(chart, 'regcred', { credentials: credentials[kind]() }),
    ]), secrets);
    expect(findings).toEqual([expect.objectContaining({
      severity: 'warning',
      path: 'app-test/pod/Resource',
      object: 'Pod test/pod',
      field: 'spec.imagePullSecrets[0].name',
      value: 'regcred',
      message: 'pull secret "regcred" holds credentials for https://index.docker.io/v1/, which no image of the pod is pulled from: registry.example.com/shop/web:1.4.2 (registry.example.com)',
      fix: 'set server: \'registry.example.com\' on the RegistryPullSecret "regcred" (the server defaults to Docker Hub), or give the pod the pull secret for registry.example.com',
    })]);
  });

  test('gives no warning when the server is the image\'s registry', () => {
    expect(registryFindings(podWith(['registry.example.com/shop/web:1.4.2'], (chart) => [
      new RegistryPullSecret(chart, 'regcred', { server: 'registry.example.com', credentials: credentials[kind]() }),
    ]))).toEqual([]);
  });
});

describe('pull-secret-registry', () => {
  test.each([
    ['nginx:1.25.3'],
    ['library/nginx:1.25.3'],
    ['docker.io/library/nginx:1.25.3'],
    ['index.docker.io/library/nginx:1.25.3'],
    ['bitnami/redis:7.2'],
  ])('gives no warning for the Docker Hub image %s with the default server', (image) => {
    expect(registryFindings(podWith([image], (chart) => [
      new RegistryPullSecret(chart, 'regcred', { credentials: credentials.login() }),
    ]))).toEqual([]);
  });

  test('warns when a Docker Hub image gets a secret for another registry, suggesting Docker Hub\'s server', () => {
    const findings = registryFindings(podWith(['nginx:1.25.3'], (chart) => [
      new RegistryPullSecret(chart, 'regcred', { server: 'registry.example.com', credentials: credentials.login() }),
    ]));
    expect(findings.map((f) => [f.message, f.fix])).toEqual([[
      'pull secret "regcred" holds credentials for registry.example.com, which no image of the pod is pulled from: nginx:1.25.3 (Docker Hub)',
      'set server: \'https://index.docker.io/v1/\' on the RegistryPullSecret "regcred" (the server defaults to Docker Hub), or give the pod the pull secret for Docker Hub',
    ]]);
  });

  test('a secret that serves one image of the pod is fine, even when a public sidecar comes from elsewhere', () => {
    expect(registryFindings(podWith(['registry.example.com/shop/web:1.4.2', 'busybox:1.36'], (chart) => [
      new RegistryPullSecret(chart, 'regcred', { server: 'registry.example.com', credentials: credentials.login() }),
    ]))).toEqual([]);
  });

  test('init containers count as images of the pod', () => {
    const findings = registryFindings((chart) => {
      new RegistryPullSecret(chart, 'regcred', { server: 'registry.example.com', credentials: credentials.login() });
      new ApiObject(chart, 'pod', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'pod' },
        spec: {
          initContainers: [{ name: 'migrate', image: 'registry.example.com/shop/migrate:1.0.0' }],
          containers: [{ name: 'web', image: 'nginx:1.25.3' }],
          imagePullSecrets: [{ name: 'regcred' }],
        },
      });
    });
    expect(findings).toEqual([]);
  });

  test('only the secret that serves no image is named', () => {
    const findings = registryFindings(podWith(['registry.example.com/shop/web:1.4.2'], (chart) => [
      new RegistryPullSecret(chart, 'shop', { server: 'registry.example.com', credentials: credentials.login() }),
      new RegistryPullSecret(chart, 'ghcr', { server: 'ghcr.io', credentials: credentials.login() }),
    ]));
    expect(findings.map((f) => [f.field, f.value])).toEqual([['spec.imagePullSecrets[1].name', 'ghcr']]);
  });

  test('reads the server of a pull secret written by hand', () => {
    const findings = registryFindings(podWith(['registry.example.com/shop/web:1.4.2'], (chart) => {
      new ApiObject(chart, 'regcred', {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'regcred' },
        type: 'kubernetes.io/dockerconfigjson',
        data: { '.dockerconfigjson': Buffer.from('{"auths":{"ghcr.io":{"username":"ci","password":"x"}}}').toString('base64') },
      });
      return [{ secretName: 'regcred' }];
    }));
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/^pull secret "regcred" holds credentials for ghcr\.io, /)]);
  });

  test.each([
    ['an existing Secret (fromSecretName)', (chart: Chart) => RegistryPullSecret.fromSecretName(chart, 'regcred', 'regcred')],
    ['a SealedSecret written by hand (its servers are encrypted)', (chart: Chart) => {
      new ApiObject(chart, 'regcred', {
        apiVersion: 'bitnami.com/v1alpha1',
        kind: 'SealedSecret',
        metadata: { name: 'regcred' },
        spec: { encryptedData: { '.dockerconfigjson': 'AgBy3i4OJSWK+PiTySYZZA==' }, template: { type: 'kubernetes.io/dockerconfigjson', metadata: { name: 'regcred' } } },
      });
      return { secretName: 'regcred' };
    }],
  ])('gives no warning when the server cannot be known: %s', (_name, secret) => {
    const findings = findingsOf(podWith(['registry.example.com/shop/web:1.4.2'], (chart) => [secret(chart)]));
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(findings.filter((f) => f.rule === 'pull-secret-registry')).toEqual([]);
  });
});
