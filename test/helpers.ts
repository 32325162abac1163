import { ApiObject, Chart, Testing } from 'cdk8s';
import { Environment, Finding, Project, PropError } from '../lib';
import { KubeObject } from '../lib/validation/manifest';

/**
 * The objects `build` adds to a chart in namespace `test`, as written, without
 * the chart checks that `Testing.synth` runs: unit tests look at one
 * construct's output, often without the objects it refers to or with the very
 * mistake a rule must report. The checks have their own tests (test/validation/).
 */
export function synthObjects(build: (chart: Chart) => void): KubeObject[] {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'test' });
  build(chart);
  return renderObjects(chart);
}

/** Every object of `chart`, in tree order, rendered without the chart checks. */
export function renderObjects(chart: Chart): KubeObject[] {
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject).map((o) => o.toJson() as KubeObject);
}

/** The one object of `kind` (and `name`, when given) among `objects`; fails when there is not exactly one. */
export function only(objects: KubeObject[], kind: string, name?: string): any {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));
  if (found.length !== 1) {
    throw new Error(`expected one ${kind}${name ? ` named ${name}` : ''}, found ${found.length}`);
  }
  return found[0];
}

/** A one-app project in the environment `test` (namespace `test`). */
export function testProject(build: (chart: Chart) => void, name = 'app'): Project<'test'> {
  return new Project<'test'>({
    environments: [new Environment({ name: 'test' })],
    apps: [{ name, build }],
  });
}

/** Every finding of a synth of `build`. */
export function findingsOf(build: (chart: Chart) => void, options: { secrets?: boolean } = {}): Finding[] {
  return testProject(build).synth(options).findings;
}

/** What every pod of the library gets unless told otherwise: the "restricted" Pod Security Standard. */
export const SECURE_POD_CONTEXT = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };

/** What every container of the library gets unless told otherwise. */
export const SECURE_CONTAINER_CONTEXT = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
};

/** Assert the secure defaults on a pod spec and all of its containers. */
export function expectSecureDefaults(podSpec: any): void {
  expect(podSpec.automountServiceAccountToken).toBe(false);
  expect(podSpec.securityContext).toEqual(SECURE_POD_CONTEXT);
  for (const container of podSpec.containers) {
    expect(container.securityContext).toEqual(SECURE_CONTAINER_CONTEXT);
  }
}

/** The PropError `build` throws (any other error, or none, fails the test). */
export function propError(build: () => unknown): PropError {
  try {
    build();
  } catch (error) {
    if (PropError.isPropError(error)) {
      return error;
    }
    throw error;
  }
  throw new Error('nothing was thrown');
}
