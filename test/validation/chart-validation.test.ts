import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, App, Chart, Helm, Include, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AllowIngress, Allowances, EnvFrom, Environment, Finding, Project, RegistryCredentials, RegistryPullSecret, Validation, WebService } from '../../lib';
import { renderObjects } from '../helpers';

let tmp: string;
let stderr: jest.SpyInstance;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'chart-validation-'));
  // Warnings go to stderr: captured, so that tests can read them.
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
});

afterEach(() => {
  stderr.mockRestore();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A plain cdk8s app writing to the test's temp folder, and a chart `shop` in namespace `shop`. */
function plainChart(): { app: App; chart: Chart } {
  const app = new App({ outdir: path.join(tmp, 'dist') });
  return { app, chart: new Chart(app, 'shop', { namespace: 'shop' }) };
}

function badWebService(scope: Chart): WebService {
  return new WebService(scope, 'web', { container: { image: 'web:1.0.0' }, ports: [{ port: 70000 }], replicas: -3 });
}

function written(): string[] {
  const dir = path.join(tmp, 'dist');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

function thrownBy(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the action to throw');
}

/** Rule, construct path under the chart, field and value: what must agree between every way of synthesizing. */
const essence = (findings: ReadonlyArray<Finding>) => findings
  .map((f) => `${f.severity} ${f.rule} ${f.path.split('/').slice(1).join('/')} ${f.field} ${JSON.stringify(f.value)}`)
  .sort();

const STDERR = () => stderr.mock.calls.map((c) => String(c[0])).join('');

describe('a chart that holds the library\'s constructs', () => {
  // One finding per root cause: the Service port and targetPort that repeat
  // the bad container port are not reported again.
  const EXPECTED = [
    'error non-negative-count web/Deployment spec.replicas -3',
    'error port-range web/Deployment spec.template.spec.containers[0].ports[0].containerPort 70000',
  ];

  test('fails app.synth() with every finding at once, and writes nothing', () => {
    const { app, chart } = plainChart();
    badWebService(chart);

    const message = thrownBy(() => app.synth());

    expect(message).toContain('[shop] error [port-range] port 70000 is not an integer from 1 to 65535');
    expect(message).toContain('at:     shop/web/Deployment');
    expect(message).toContain('in:     shop/shop  Deployment shop/web');
    expect(message).toContain('field:  spec.template.spec.containers[0].ports[0].containerPort = 70000');
    expect(message).toContain('field:  spec.replicas = -3');
    expect(message).toContain('fix:    use a port number from 1 to 65535');
    expect(message.match(/\[shop\] error/g)).toHaveLength(EXPECTED.length);
    expect(written()).toEqual([]);
  });

  test.each([
    ['app.synthYaml()', (app: App) => app.synthYaml()],
    ['Testing.synth(chart)', (app: App) => Testing.synth(app.node.findChild('shop') as Chart)],
  ])('fails %s with the same findings', (_, synth) => {
    const { app, chart } = plainChart();
    badWebService(chart);
    const message = thrownBy(() => synth(app));
    expect(message).toContain('spec.replicas = -3');
    expect(message.match(/\[shop\] error/g)).toHaveLength(EXPECTED.length);
  });

  test('Validation.findings, app.synth() and Project.synth refuse the same input with the same findings', () => {
    // GIVEN the same bad WebService three ways
    const { chart } = plainChart();
    badWebService(chart);
    const project = new Project({ environments: [new Environment({ name: 'test' })], apps: [{ name: 'shop', build: (c) => badWebService(c) }] });

    // WHEN
    const plain = Validation.findings(chart);
    const projected = project.synth().findings;

    // THEN
    expect(essence(plain)).toEqual(EXPECTED);
    expect(essence(projected)).toEqual(EXPECTED);
  });

  test('Project.synth reports each finding once although the chart carries its own check', () => {
    const project = new Project({
      environments: [new Environment({ name: 'test' })],
      apps: [{
        name: 'shop',
        build: (c) => {
          const web = badWebService(c);
          new AllowIngress(c, 'allow', { to: web, from: [{ podLabels: { app: 'x' } }], ports: [] });
        },
      }],
    });
    const findings = project.synth().findings;
    expect(essence(findings)).toEqual([...EXPECTED, 'error construct allow undefined undefined'].sort());
    expect(STDERR()).toBe('');
  });

  test('a construct\'s own validation is reported once by app.synth()', () => {
    const { app, chart } = plainChart();
    const web = badWebService(chart);
    new AllowIngress(chart, 'allow', { to: web, from: [{ podLabels: { app: 'x' } }], ports: [] });
    const message = thrownBy(() => app.synth());
    expect(message.match(/ports is empty/g)).toHaveLength(1);
    expect(message.match(/\[shop\] error \[port-range\]/g)).toHaveLength(1);
  });

  test('a valid chart synthesizes unchanged, with no finding and nothing printed', () => {
    const { app, chart } = plainChart();
    new WebService(chart, 'web', { container: { image: 'web:1.0.0' }, ports: [{ port: 8080 }] });

    app.synth();

    expect(Validation.findings(chart)).toEqual([]);
    expect(Testing.synth(chart)).toEqual(renderObjects(chart));
    expect(written()).toEqual(['shop.k8s.yaml']);
    expect(STDERR()).toBe('');
  });

  test('warnings are printed to stderr and do not fail', () => {
    const { app, chart } = plainChart();
    new WebService(chart, 'web', { container: { image: 'web' } });

    app.synth();

    expect(written()).toEqual(['shop.k8s.yaml']);
    expect(STDERR()).toContain('1 warning(s) in chart shop');
    expect(STDERR()).toContain('warning [image-tag] image "web" has no tag');
    expect(STDERR()).toContain('at:     shop/web/Deployment');
    expect(Validation.findings(chart).map((f) => `${f.severity} ${f.rule}`)).toEqual(['warning image-tag']);
  });

  test('fails on warnings in strict mode', () => {
    const { app, chart } = plainChart();
    Validation.enable(app, { strict: true });
    new WebService(chart, 'web', { container: { image: 'web' } });
    expect(thrownBy(() => app.synth())).toContain('[shop] warning [image-tag]');
    expect(written()).toEqual([]);
  });

  test('checks raw ApiObjects and cdk8s-plus objects beside the library\'s', () => {
    const { chart } = plainChart();
    new WebService(chart, 'web', { container: { image: 'web:1.0.0' } });
    new ApiObject(chart, 'raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' } });
    new kplus.Service(chart, 'plus', { metadata: { name: 'plus' }, ports: [{ port: 70000 }] });

    const findings = Validation.findings(chart).filter((f) => f.severity === 'error');

    expect(findings).toEqual(expect.arrayContaining([
      expect.objectContaining({ rule: 'object-name', path: 'shop/raw', object: 'ConfigMap shop/Bad_Name', field: 'metadata.name' }),
      expect.objectContaining({ rule: 'port-range', path: 'shop/plus/Resource', object: 'Service shop/plus', field: 'spec.ports[0].port', value: 70000 }),
    ]));
  });

  test('looks up references across the charts of the app, whose files are applied together', () => {
    const app = new App({ outdir: path.join(tmp, 'dist') });
    const config = new Chart(app, 'config', { namespace: 'shop' });
    const settings = new kplus.ConfigMap(config, 'settings', { metadata: { name: 'settings' }, data: { MODE: 'fast' } });
    const web = new Chart(app, 'web', { namespace: 'shop' });
    new WebService(web, 'web', { container: { image: 'web:1.0.0', envFrom: [EnvFrom.configMap(settings)] } });
    expect(Validation.findings(web)).toEqual([]);
  });
});

describe('a chart with none of the library\'s constructs', () => {
  const FOREIGN = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: Bad_Name', 'data:', '  mode: fast', ''].join('\n');

  function includeForeign(chart: Chart): void {
    const file = path.join(tmp, 'foreign.yaml');
    fs.writeFileSync(file, FOREIGN);
    new Include(chart, 'foreign', { url: file });
  }

  test('is not checked unless asked, as cdk8s does', () => {
    const { app, chart } = plainChart();
    includeForeign(chart);
    app.synth();
    expect(written()).toEqual(['shop.k8s.yaml']);
  });

  test('fails app.synth() after Validation.enable(app), naming the Include\'s object', () => {
    // GIVEN foreign YAML with a name the API server refuses
    const { app, chart } = plainChart();
    Validation.enable(app);
    includeForeign(chart);

    // WHEN
    const message = thrownBy(() => app.synth());

    // THEN
    expect(message).toContain('[shop] error [object-name]');
    expect(message).toContain('in:     shop/shop  ConfigMap shop/Bad_Name');
    expect(message).toMatch(/at: {5}shop\/foreign\/\S+/);
    expect(message).toContain('field:  metadata.name = "Bad_Name"');
    expect(written()).toEqual([]);
  });

  test('Validation.enable(chart) checks that chart only', () => {
    const { app, chart } = plainChart();
    const other = new Chart(app, 'other');
    Validation.enable(chart);
    includeForeign(chart);
    new ApiObject(other, 'raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Also_Bad' } });
    const message = thrownBy(() => app.synth());
    expect(message).toContain('Bad_Name');
    expect(message).not.toContain('Also_Bad');
  });

  test('charts added after Validation.enable(app) are checked too', () => {
    const app = new App({ outdir: path.join(tmp, 'dist') });
    Validation.enable(app);
    const late = new Chart(app, 'late');
    new ApiObject(late, 'raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Late_Name' } });
    expect(thrownBy(() => app.synthYaml())).toContain('[late] error [object-name]');
  });

  test('Validation.findings(app) gives the findings of every chart of the app', () => {
    const app = new App({ outdir: path.join(tmp, 'dist') });
    new ApiObject(new Chart(app, 'one'), 'raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'One_Bad' } });
    new ApiObject(new Chart(app, 'two'), 'raw', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Two_Bad' } });
    expect(Validation.findings(app).map((f) => `${f.app} ${f.rule} ${f.object}`)).toEqual(['one object-name ConfigMap One_Bad', 'two object-name ConfigMap Two_Bad']);
  });

  test('custom resources need their schema, given with extraSchemas', () => {
    const certificate = (chart: Chart) => new ApiObject(chart, 'cert', { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'web' }, spec: { secretName: 'web-tls' } });
    const bare = plainChart();
    Validation.enable(bare.app);
    certificate(bare.chart);
    expect(thrownBy(() => bare.app.synth())).toContain('[schema] no schema for apiVersion "cert-manager.io/v1" kind "Certificate"');

    const known = plainChart();
    Validation.enable(known.app, { extraSchemas: { 'cert-manager.io/v1/Certificate': { type: 'object', required: ['spec'] } } });
    certificate(known.chart);
    known.app.synth();
    expect(written()).toEqual(['shop.k8s.yaml']);
  });

  test('Helm output is checked like any Include: Helm is an Include whose objects are ApiObjects of the chart', () => {
    // Running Helm needs the helm binary; what the checks see is its base class's ApiObjects.
    expect(Helm.prototype).toBeInstanceOf(Include);
    const { chart } = plainChart();
    includeForeign(chart);
    const objects = chart.node.findAll().filter((c) => c instanceof ApiObject);
    expect(objects.map((o) => o.node.path)).toEqual([expect.stringMatching(/^shop\/foreign\//)]);
    expect(Validation.findings(chart).map((f) => `${f.rule} ${f.object}`)).toEqual(['object-name ConfigMap shop/Bad_Name']);
  });
});

describe('credentials', () => {
  const LOGIN = { username: 'deploy', password: 'hunter2-not-for-git' };
  const pullSecret = (chart: Chart) => new RegistryPullSecret(chart, 'regcred', { server: 'registry.example.com', credentials: RegistryCredentials.fromLogin(LOGIN) });

  test('fails app.synth() for a pull secret built from a login, naming the safe modes, without printing the credential', () => {
    const { app, chart } = plainChart();
    pullSecret(chart);

    const message = thrownBy(() => app.synth());

    expect(message).toContain('[shop] error [secret-in-git] the object holds credentials in clear text');
    expect(message).toContain('in:     shop/shop  Secret shop/regcred');
    expect(message).toContain('at:     shop/regcred/Resource');
    for (const mode of ['fromExternalSecret', 'fromSealedSecret', 'fromSecretName', '--secrets', 'allowCredentials: true']) {
      expect(message).toContain(mode);
    }
    expect(message).not.toContain(LOGIN.password);
    expect(message).not.toContain(Buffer.from(`${LOGIN.username}:${LOGIN.password}`).toString('base64'));
    expect(written()).toEqual([]);
  });

  test.each([
    ['Validation.enable(app, { allowCredentials: true })', (app: App, _: RegistryPullSecret) => Validation.enable(app, { allowCredentials: true })],
    ['an allowance of secret-in-git on the pull secret', (_: App, pull: RegistryPullSecret) => Allowances.of(pull).allow('secret-in-git', 'local kind cluster, never committed')],
  ])('are written when the caller opts in with %s', (_, optIn) => {
    const { app, chart } = plainChart();
    optIn(app, pullSecret(chart));
    app.synth();
    expect(fs.readFileSync(path.join(tmp, 'dist', 'shop.k8s.yaml'), 'utf-8')).toContain('kind: Secret');
  });

  test('a pull secret from an ExternalSecret needs no opt-in', () => {
    const { app, chart } = plainChart();
    new RegistryPullSecret(chart, 'regcred', { credentials: RegistryCredentials.fromExternalSecret({ storeName: 'vault', remoteKey: 'registry/deploy' }) });
    app.synth();
    expect(written()).toEqual(['shop.k8s.yaml']);
  });

  test('Project.synth keeps routing them to the secrets output instead', () => {
    const project = new Project({ environments: [new Environment({ name: 'test' })], apps: [{ name: 'shop', build: (c) => pullSecret(c) }] });
    const result = project.synth({ secrets: true });
    expect(result.findings).toEqual([]);
    expect(result.secretFiles.map((f) => f.path)).toEqual(['test/shop.k8s.yaml']);
  });
});

describe('every object the library writes carries the chart check', () => {
  test.each([
    ['an ExternalSecret', RegistryCredentials.fromExternalSecret({ storeName: 'vault', remoteKey: 'registry/shop' })],
    ['a SealedSecret', RegistryCredentials.fromSealedSecret({ encryptedDockerConfigJson: 'AgBy3i4OJSWK+PiTySYZZA==' })],
  ])('fails app.synth() of a chart whose only construct is a pull secret made as %s, named badly', (_, credentials) => {
    // GIVEN a chart holding nothing of the library but the pull secret
    const { app, chart } = plainChart();
    new RegistryPullSecret(chart, 'pull', { name: 'Registry_Credentials', server: 'registry.example.com', credentials });

    // WHEN / THEN
    const message = thrownBy(() => app.synth());
    expect(message).toContain('[object-name]');
    expect(message).toContain('metadata.name = "Registry_Credentials"');
    expect(written()).toEqual([]);
  });
});
