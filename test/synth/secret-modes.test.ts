import { Chart } from 'cdk8s';
import { Environment, IImagePullSecret, Project, RegistryCredentials, RegistryPullSecret, WebService } from '../../lib';
import { parseYaml } from '../../lib/synth/serialize';

// The ways a registry credential can reach the cluster without landing in git.
const MODES: Record<string, (chart: Chart) => IImagePullSecret> = {
  existing: (chart) => RegistryPullSecret.fromSecretName(chart, 'pull', 'registry-credentials'),
  environment: (chart) => new RegistryPullSecret(chart, 'pull', {
    name: 'registry-credentials', server: 'registry.example.com', credentials: RegistryCredentials.fromEnvironment(),
  }),
  externalSecret: (chart) => new RegistryPullSecret(chart, 'pull', {
    name: 'registry-credentials',
    server: 'registry.example.com',
    credentials: RegistryCredentials.fromExternalSecret({ storeName: 'vault', remoteKey: 'ci/registry' }),
  }),
  sealedSecret: (chart) => new RegistryPullSecret(chart, 'pull', {
    name: 'registry-credentials',
    server: 'registry.example.com',
    credentials: RegistryCredentials.fromSealedSecret({ encryptedDockerConfigJson: 'AgBy3i4OJSWK+PiTySYZZA==' }),
  }),
};

const saved = { ...process.env };
beforeEach(() => {
  process.env.REGISTRY_USERNAME = 'ci-robot';
  process.env.REGISTRY_PASSWORD = 'hunter2-not-in-git';
});
afterEach(() => {
  process.env = { ...saved };
});

describe.each(Object.keys(MODES))('pull secret mode %s', (mode) => {
  const project = new Project<'dev'>({
    environments: Environment.all('dev'),
    apps: [{
      name: 'shop',
      build: (chart) => {
        const pull = MODES[mode](chart);
        new WebService(chart, 'web', { container: { image: 'registry.example.com/web:1.0.0' }, imagePullSecrets: [pull] });
      },
    }],
  });

  test('synthesizes valid objects (schema and rules) with and without --secrets', () => {
    expect(project.synth().findings).toEqual([]);
    expect(project.synth({ secrets: true }).findings).toEqual([]);
  });

  test('writes no credential to the git output', () => {
    const result = project.synth({ secrets: true });
    const git = result.files.map((f) => f.content).join('\n');
    expect(git).not.toContain('hunter2-not-in-git');
    expect(git).not.toContain(Buffer.from('ci-robot:hunter2-not-in-git').toString('base64'));
    const kinds = parseYaml(result.files[0].content).map((o) => o.kind);
    expect(kinds).not.toContain('Secret');
    const pod = (parseYaml(result.files[0].content).find((o) => o.kind === 'Deployment') as any).spec.template.spec;
    expect(pod.imagePullSecrets).toEqual([{ name: 'registry-credentials' }]);
  });

  test('writes the credential-holding Secret only to the secrets output, and only in environment mode', () => {
    const secretFiles = project.synth({ secrets: true }).secretFiles;
    if (mode === 'environment') {
      expect(secretFiles.map((f) => f.path)).toEqual(['dev/shop.k8s.yaml']);
      expect(parseYaml(secretFiles[0].content).map((o) => `${o.kind}/${o.metadata?.name}`)).toEqual(['Secret/registry-credentials']);
    } else {
      expect(secretFiles).toEqual([]);
    }
  });
});
