import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { defineProject } from '../../apps/project';
import { Environment, Project, runCli, WebService } from '../../lib';
import { compareEnvironments } from '../../lib/synth/compare';

const project = defineProject();

function run(p: Project<any>, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCli(p, args, { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env: {} });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Two environments in namespaces of their own; `build` gets the environment's name. */
function twoEnvironments(build: (chart: Chart, env: string) => void): Project<'stg' | 'prd'> {
  return new Project<'stg' | 'prd'>({
    environments: [new Environment({ name: 'stg', namespace: 'shop-stg' }), new Environment({ name: 'prd', namespace: 'shop-prd' })],
    apps: [{ name: 'shop', build: (chart, env) => build(chart, env.name) }],
  });
}

const web = (chart: Chart, replicas: number) => new WebService(chart, 'web', {
  container: { image: 'registry.example.com/web:1.0.0' },
  replicas,
});

describe('compareEnvironments', () => {
  test('environments that differ only by namespace, instance label and namespace-valued fields are identical', () => {
    const p = twoEnvironments((chart, env) => {
      web(chart, 2);
      new kplus.ServiceAccount(chart, 'sa', { metadata: { name: 'web', annotations: { 'example.com/namespace': `shop-${env}` } } });
    });
    const comparison = compareEnvironments(p.synth().files, 'stg', 'prd');
    expect(comparison.objects).toEqual([]);
    expect(comparison.identical).toBe(3);
  });

  test('a field that differs is listed with both values, matched by kind and name', () => {
    const p = twoEnvironments((chart, env) => web(chart, env === 'prd' ? 4 : 2));
    const comparison = compareEnvironments(p.synth().files, 'stg', 'prd');
    expect(comparison.objects).toEqual([{
      app: 'shop',
      object: 'Deployment web',
      change: 'changed',
      fields: [{ path: [{ field: 'spec' }, { field: 'replicas' }], change: 'changed', left: 2, right: 4 }],
    }]);
  });

  test('objects named after their environment pair up: the environment name and namespace in a name read as <env>', () => {
    const p = twoEnvironments((chart, env) => {
      web(chart, 2);
      new kplus.ConfigMap(chart, 'logging', { metadata: { name: `${env}-logging` }, data: { level: 'info' } });
      new kplus.ConfigMap(chart, 'by-namespace', { metadata: { name: `cache.shop-${env}` }, data: { size: env === 'prd' ? '2' : '1' } });
      // Only whole words of the name stand for the environment.
      new kplus.ConfigMap(chart, 'other', { metadata: { name: `${env}stock` } });
    });
    const comparison = compareEnvironments(p.synth().files, 'stg', 'prd');
    expect(comparison.objects).toEqual([
      { app: 'shop', object: 'ConfigMap cache.<env>', change: 'changed', fields: [{ path: [{ field: 'data' }, { field: 'size' }], change: 'changed', left: '1', right: '2' }] },
      { app: 'shop', object: 'ConfigMap prdstock', change: 'only-right', fields: [] },
      { app: 'shop', object: 'ConfigMap stgstock', change: 'only-left', fields: [] },
    ]);
    expect(comparison.identical).toBe(3);
  });

  test('objects of one side only are listed as such', () => {
    const p = twoEnvironments((chart, env) => {
      web(chart, 2);
      if (env === 'prd') {
        new kplus.ConfigMap(chart, 'extra', { metadata: { name: 'extra' } });
      }
    });
    const comparison = compareEnvironments(p.synth().files, 'stg', 'prd');
    expect(comparison.objects).toEqual([{ app: 'shop', object: 'ConfigMap extra', change: 'only-right', fields: [] }]);
  });
});

describe('npm run synth -- --compare', () => {
  test('exits 1 and prints the differences between stg and prd, field by field', () => {
    const result = run(project, ['--compare', 'stg', 'prd']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('  ~ ConfigMap storefront-config\n      data.LOG_LEVEL: "info" -> "warn"');
    expect(result.stdout).toContain('  + HorizontalPodAutoscaler storefront  (only in prd)');
    expect(result.stdout).toContain('      spec.replicas: 2 in stg, not set in prd');
    expect(result.stdout).toContain('ignored by design: metadata.namespace, the app.kubernetes.io/instance label');
    expect(result.stdout).toContain("objects are paired by kind and name with the environment's name and namespace in names read as <env>");
    // The Namespaces of each environment (prd, prd-logging) are the same
    // objects, named after it: neither is reported on one side only.
    expect(result.stdout).not.toMatch(/Namespace (stg|prd)/);
    expect(result.stdout).not.toContain('(only in stg)');
    // The real differences of the logging app remain.
    expect(result.stdout).toMatch(/logging:\n  ~ ConfigMap fluent-bit\n/);
  });

  test('exits 0 when the two environments are the same up to the environment-derived fields', () => {
    const p = twoEnvironments((chart) => web(chart, 2));
    const result = run(p, ['--compare', 'stg', 'prd']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('stg -> prd: 0 object(s) differ, 0 only in stg, 0 only in prd, 2 identical');
  });

  test('fails with exit code 2 on an unknown environment, listing the known ones', () => {
    const result = run(project, ['--compare', 'stg', 'qa']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown environment "qa"; environments: dev, stg, prd');
  });

  test('fails with exit code 2 when an environment is not given', () => {
    expect(run(project, ['--compare', 'stg']).code).toBe(2);
  });
});
