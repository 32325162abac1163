import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { Allowances } from '../allowances';
import { externalsOf, isSensitive, takeRenderProblems } from '../private/metadata';
import { ExternalDeclaration } from '../validation/inventory';
import { KubeObject, ManifestRecord } from '../validation/manifest';
import { PropError } from '../validation/prop-error';

/** A problem met while collecting: a construct's own validation or an object that failed to render. */
export interface CollectProblem {
  readonly rule: string;
  readonly path: string;
  readonly object?: KubeObject;
  readonly field?: string;
  /** The value found; never set for objects that hold credentials. */
  readonly value?: unknown;
  readonly message: string;
  readonly fix: string;
}

/** Everything a chart writes and declares, read in one walk of its construct tree. */
export interface ChartContents {
  /** Objects to write, in construct order. */
  readonly records: ManifestRecord[];
  /** Credential-holding objects not rendered in this run (no `--secrets`): only their identity. */
  readonly unrendered: KubeObject[];
  /** The same objects with their construct paths. */
  readonly withheld: Array<{ readonly object: KubeObject; readonly path: string }>;
  /** Objects declared to exist in the cluster already. */
  readonly externals: ExternalDeclaration[];
  readonly problems: CollectProblem[];
}

/** How `collectChart` walks a chart. */
export interface CollectOptions {
  /**
   * Run each construct's own validations (`node.addValidation`) and report
   * what they return. Off when cdk8s's own synth already runs them.
   *
   * @default true
   */
  readonly constructValidations?: boolean;

  /**
   * Collect the objects of charts nested in `chart` too. Off to collect what
   * cdk8s writes to the chart's own file (each object in its closest chart).
   *
   * @default true
   */
  readonly nestedCharts?: boolean;
}

// Set while `collectChart` runs constructs' validations: the chart-level
// validation hook (chart-validation.ts) must not validate the chart again
// from inside a collection that is itself the validation.
let collecting = 0;

/** Whether a `collectChart` is running construct validations right now. */
export function isCollecting(): boolean {
  return collecting > 0;
}

/**
 * Render every ApiObject under `chart` and gather what the validator needs.
 *
 * @param renderSensitive whether to render objects that hold credentials (all, or those the function accepts)
 */
export function collectChart(chart: Chart, renderSensitive: boolean | ((apiObject: ApiObject) => boolean), options: CollectOptions = {}): ChartContents {
  const contents: ChartContents = { records: [], unrendered: [], withheld: [], externals: [], problems: [] };
  const validations = options.constructValidations ?? true;
  const constructs = options.nestedCharts ?? true ? chart.node.findAll() : ownConstructs(chart);
  for (const construct of constructs) {
    if (validations) {
      collecting++;
      try {
        for (const message of construct.node.validate()) {
          contents.problems.push({ rule: 'construct', path: construct.node.path, message, fix: 'change the construct\'s props as the message says' });
        }
      } finally {
        collecting--;
      }
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

/** `chart` and everything under it but nested charts, in `findAll` order. */
function ownConstructs(chart: Chart): IConstruct[] {
  const result: IConstruct[] = [];
  const visit = (construct: IConstruct) => {
    result.push(construct);
    for (const child of construct.node.children) {
      if (!Chart.isChart(child)) {
        visit(child);
      }
    }
  };
  visit(chart);
  return result;
}

function collectObject(apiObject: ApiObject, renderSensitive: boolean | ((apiObject: ApiObject) => boolean), contents: ChartContents): void {
  const sensitive = isSensitive(apiObject);
  if (sensitive && !(typeof renderSensitive === 'function' ? renderSensitive(apiObject) : renderSensitive)) {
    const identity: KubeObject = {
      apiVersion: apiObject.apiVersion,
      kind: apiObject.kind,
      metadata: { name: apiObject.name, namespace: apiObject.metadata.namespace },
    };
    contents.unrendered.push(identity);
    contents.withheld.push({ object: identity, path: apiObject.node.path });
    return;
  }
  let object: KubeObject;
  try {
    object = apiObject.toJson() as KubeObject;
  } catch (error) {
    if (PropError.isPropError(error)) {
      contents.problems.push({ rule: error.rule, path: error.path, field: error.field, value: error.value, message: `${error.field} ${error.problem}`, fix: error.fix });
      return;
    }
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
