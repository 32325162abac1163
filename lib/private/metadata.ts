import { IConstruct } from 'constructs';
import { validateChartOf } from '../validation/chart-hook';

// Construct metadata is how constructs tell the synth engine what the
// objects alone do not say. It never reaches the written YAML.
const SENSITIVE = 'platform-kit:sensitive';
const EXTERNAL = 'platform-kit:external';

/** An object the chart uses but does not create: it already exists in the cluster. */
export interface ExternalObject {
  readonly kind: 'Secret' | 'ConfigMap';
  readonly name: string;
  /** For a pull secret: the registry server its credentials are for. */
  readonly registryServer?: string;
}

/**
 * Mark an object as holding credentials: it is written only to the secrets
 * output (never to the git-tracked folder) and its values are never printed.
 */
export function markSensitive(construct: IConstruct): void {
  construct.node.addMetadata(SENSITIVE, true);
  // A chart with credentials is checked even when nothing else of the
  // library is in it: a plain cdk8s synth must not write them silently.
  validateChartOf(construct);
}

/** Whether `construct` holds credentials. */
export function isSensitive(construct: IConstruct): boolean {
  return construct.node.metadata.some((m) => m.type === SENSITIVE);
}

/** Declare that the chart uses an object that exists in the cluster already. */
export function declareExternal(scope: IConstruct, object: ExternalObject): void {
  scope.node.addMetadata(EXTERNAL, object);
  validateChartOf(scope);
}

/** The external objects `construct` itself declares. */
export function externalsOf(construct: IConstruct): ExternalObject[] {
  return construct.node.metadata.filter((m) => m.type === EXTERNAL).map((m) => m.data as ExternalObject);
}

/** A problem found while an object was rendered, such as a credential missing from the environment. */
export interface RenderProblem {
  readonly rule: string;
  readonly field: string;
  readonly message: string;
  readonly fix: string;
}

// Filled while objects are rendered (inside cdk8s's toJson, which would wrap
// a thrown error into a plain message), read once by the synth engine.
const renderProblems = new WeakMap<IConstruct, RenderProblem[]>();

/** Record a problem of `construct`'s object, found while rendering it. */
export function reportRenderProblem(construct: IConstruct, problem: RenderProblem): void {
  const problems = renderProblems.get(construct) ?? [];
  if (!problems.some((p) => p.message === problem.message)) {
    problems.push(problem);
  }
  renderProblems.set(construct, problems);
}

/** The problems recorded while rendering `construct`, cleared as they are read. */
export function takeRenderProblems(construct: IConstruct): RenderProblem[] {
  const problems = renderProblems.get(construct) ?? [];
  renderProblems.delete(construct);
  return problems;
}
