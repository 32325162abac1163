import { Chart } from 'cdk8s';
import { AppDefinition, Environment, EnvironmentNamespace, NodeAgent, PodSecurityLevel, Project, WebService } from '../../lib';

// Pod Security admission across the apps of a Project: the platform app
// writes the environment's Namespace (and the level it enforces), the other
// apps put their pods into it. Every pod is checked against that level,
// whichever app comes first.

const IMAGE = 'registry.example.com/agents/log-shipper:2.1.0';
type Env = 'dev';

function platform(level?: PodSecurityLevel): AppDefinition<Env> {
  return { name: 'platform', build: (chart: Chart, env) => { new EnvironmentNamespace(chart, 'namespace', { name: env.namespace, podSecurity: level }); } };
}

// A node agent reading /var/log: a hostPath volume, which the baseline and restricted levels refuse.
const agents: AppDefinition<Env> = {
  name: 'agents',
  build: (chart: Chart) => { new NodeAgent(chart, 'shipper', { container: { image: IMAGE }, hostPaths: [{ name: 'varlog', hostPath: '/var/log', reason: 'ships the node\'s container logs' }] }); },
};
const web: AppDefinition<Env> = {
  name: 'web',
  build: (chart: Chart) => { new WebService(chart, 'web', { container: { image: 'registry.example.com/shop/web:1.0.0' } }); },
};

const psaFindings = (apps: AppDefinition<Env>[]) => new Project<Env>({ environments: [new Environment({ name: 'dev' })], apps })
  .synth().findings.filter((f) => f.rule === 'pod-security-admission');

describe('Pod Security admission across the apps of a Project', () => {
  test.each([
    ['the namespace\'s app comes first', [platform(), agents]],
    ['the namespace\'s app comes after the pods\' app', [agents, platform()]],
  ])('fails a hostPath agent in a restricted namespace another app writes, when %s', (_name, apps) => {
    const findings = psaFindings(apps);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      app: 'agents',
      environment: 'dev',
      severity: 'error',
      object: 'DaemonSet dev/shipper',
      field: 'spec.template.spec.volumes[0].hostPath',
    });
    expect(findings[0].message).toMatch(/^namespace "dev" enforces the restricted Pod Security Standard, which refuses the hostPath volume "varlog"/);
    expect(findings[0].fix).toMatch(/privileged/);
  });

  test('names the app that writes the Namespace when it comes later', () => {
    expect(psaFindings([agents, platform()])[0].message).toMatch(/\(the Namespace is written by app "platform"\)$/);
  });

  test.each([
    ['a privileged namespace', [platform(PodSecurityLevel.PRIVILEGED), agents]],
    ['a privileged namespace written later', [agents, platform(PodSecurityLevel.PRIVILEGED)]],
    ['a namespace no app writes', [agents]],
    ['secure-by-default pods in a restricted namespace, either order', [web, platform(), web]],
  ])('passes %s', (_name, apps) => {
    // The same app twice would be a duplicate name: rename the second.
    const unique = apps.map((app, i) => (apps.indexOf(app) === i ? app : { ...app, name: `${app.name}-${i}` }));
    expect(psaFindings(unique)).toEqual([]);
  });
});
