import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { Allowances } from '../allowances';
import { externalsOf, isSensitive, takeRenderProblems } from '../private/metadata';
import { ExternalDeclaration } from '../validation/inventory';
import { KubeObject, ManifestRecord } from '../validation/manifest';

/** A problem met while collecting: a construct's own validation or an object that failed to render. */
export interface CollectProblem {
  readonly rule: string;
  readonly path: string;
  readonly object?: KubeObject;
  readonly field?: string;
  readonly message: string;
  readonly fix: string;
}

/** Everything a chart writes and declares, read in one walk of its construct tree. */
export interface ChartContents {
  /** Objects to write, in construct order. */
  readonly records: ManifestRecord[];
  /** Credential-holding objects not rendered in this run (no `--secrets`): only their identity. */
  readonly unrendered: KubeObject[];
  /** Objects declared to exist in the cluster already. */
  readonly externals: ExternalDeclaration[];
  readonly problems: CollectProblem[];
}

/**
 * Render every ApiObject under `chart` and gather what the validator needs.
 *
 * @param renderSensitive whether to render objects that hold credentials
 */
export function collectChart(chart: Chart, renderSensitive: boolean): ChartContents {
  const contents: ChartContents = { records: [], unrendered: [], externals: [], problems: [] };
  for (const construct of chart.node.findAll()) {
    for (const message of construct.node.validate()) {
      contents.problems.push({ rule: 'construct', path: construct.node.path, message, fix: 'change the construct\'s props as the message says' });
    }
    const namespace = Chart.of(construct).namespace ?? '';
    for (const external of externalsOf(construct)) {
      contents.externals.push({ ...external, namespace });
    }
    const imported = importedResource(construct);
    if (imported) {
      contents.externals.push({ ...imported, namespace });
    }
    if (construct instanceof ApiObject) {
      collectObject(construct, renderSensitive, contents);
    }
  }
  return contents;
}

function collectObject(apiObject: ApiObject, renderSensitive: boolean, contents: ChartContents): void {
  const sensitive = isSensitive(apiObject);
  if (sensitive && !renderSensitive) {
    contents.unrendered.push({
      apiVersion: apiObject.apiVersion,
      kind: apiObject.kind,
      metadata: { name: apiObject.name, namespace: apiObject.metadata.namespace },
    });
    return;
  }
  let object: KubeObject;
  try {
    object = apiObject.toJson() as KubeObject;
  } catch (error) {
    contents.problems.push({
      rule: 'build',
      path: apiObject.node.path,
      // A sensitive object's error could quote a credential.
      message: sensitive ? 'the object could not be rendered (details hidden: it holds credentials)' : String((error as Error).message ?? error),
      fix: 'fix the props of the construct',
    });
    return;
  }
  const renderProblems = takeRenderProblems(apiObject);
  for (const problem of renderProblems) {
    contents.problems.push({ ...problem, path: apiObject.node.path, object });
  }
  if (renderProblems.length === 0) {
    contents.records.push({ object, path: apiObject.node.path, allowances: Allowances.collect(apiObject), sensitive });
  }
}

// cdk8s-plus's `Secret.fromSecretName` and `ConfigMap.fromConfigMapName`
// make constructs that stand for existing objects: they count as declared.
function importedResource(construct: IConstruct): Omit<ExternalDeclaration, 'namespace'> | undefined {
  if (construct instanceof kplus.Resource || construct instanceof ApiObject) {
    return undefined;
  }
  const resource = construct as Partial<kplus.IApiResource> & { name?: unknown };
  if (typeof resource.name !== 'string') {
    return undefined;
  }
  if (resource.resourceType === 'secrets') {
    return { kind: 'Secret', name: resource.name };
  }
  if (resource.resourceType === 'configmaps') {
    return { kind: 'ConfigMap', name: resource.name };
  }
  return undefined;
}
