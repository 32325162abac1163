import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Allowances } from '../allowances';
import { ChartContents, collectChart, isCollecting } from '../synth/collect';
import { formatFindings, style } from '../synth/report';
import { closestChart } from './chart-of';
import { Finding, failsRun } from './finding';
import { Inventory } from './inventory';
import { describeObject } from './manifest';
import { SchemaValidator } from './schema';
import { validateContents, ValidationScope } from './validate';
import type { ValidationOptions } from './validation';

// The chart-level hook behind `Validation`: which charts are checked, with
// which options, and the checks themselves. Not exported from the library.

const enabled = new WeakMap<IConstruct, ValidationOptions>();
const watched = new WeakSet<Chart>();
const watchedRoots = new WeakSet<IConstruct>();
// Findings of the current synth, by chart: the root's hook checks every
// chart at once (one inventory for the whole app, since its files are
// applied together) and each chart's hook reports its own.
const pending = new WeakMap<IConstruct, Map<Chart, Finding[]>>();
const schemas = new WeakMap<object, SchemaValidator>();

/** Check every chart under `scope` whenever it is synthesized, with `options`. */
export function enableOn(scope: IConstruct, options: ValidationOptions): void {
  enabled.set(scope, options);
  if (Chart.isChart(scope)) {
    watch(scope);
  }
  // Charts created after this call get their hook when the synth starts.
  watchRoot(scope.node.root);
}

/**
 * Check the chart that `construct` belongs to whenever it is synthesized.
 * Called by every object the library makes; registers once per chart.
 */
export function validateChartOf(construct: IConstruct): void {
  const chart = closestChart(construct);
  if (chart) {
    watch(chart);
  }
}

function watch(chart: Chart): void {
  if (watched.has(chart)) {
    return;
  }
  watched.add(chart);
  // cdk8s prefixes what a validation returns with the construct path: here the chart's.
  chart.node.addValidation({ validate: () => chartHook(chart) });
  watchRoot(chart.node.root);
}

function watchRoot(root: IConstruct): void {
  if (watchedRoots.has(root)) {
    return;
  }
  watchedRoots.add(root);
  // cdk8s validates the app root first (its construct list is in tree order),
  // then every chart: the root's hook does the work once for all charts.
  root.node.addValidation({
    validate: () => {
      if (!isCollecting()) {
        const charts = root.node.findAll().filter(Chart.isChart);
        for (const chart of charts) {
          if (chart.node.scopes.some((s) => enabled.has(s))) {
            watch(chart);
          }
        }
        pending.set(root, checkCharts(root, charts.filter((c) => watched.has(c)), { constructValidations: false }));
      }
      return [];
    },
  });
}

function chartHook(chart: Chart): string[] {
  // The project's synth collects and reports the chart itself.
  if (isCollecting()) {
    return [];
  }
  const root = chart.node.root;
  const pass = pending.get(root);
  let findings = pass?.get(chart);
  if (findings) {
    pass!.delete(chart);
  } else {
    // Validated without the root (chart.node.validate() called directly).
    findings = checkCharts(root, [chart], { constructValidations: false }).get(chart) ?? [];
  }
  const strict = optionsOf(chart).strict ?? false;
  const failing = findings.filter((f) => failsRun([f], strict));
  const warnings = findings.filter((f) => !failsRun([f], strict));
  if (warnings.length) {
    const header = `${warnings.length} warning(s) in chart ${chart.node.path} (Validation.enable(app, { strict: true }) makes them fail the synth):`;
    process.stderr.write(`${header}\n${formatFindings(warnings, style(false), false)}\n\n`);
  }
  // One entry per finding; cdk8s lists them all, after the chart path, and throws once.
  return failing.map((f) => formatFindings([f], style(false), strict).replace(/\n/g, '\n    '));
}

/** The options of the closest scope of `chart` that has some. */
function optionsOf(chart: Chart): ValidationOptions {
  const scopes = chart.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const options = enabled.get(scopes[i]);
    if (options) {
      return options;
    }
  }
  return {};
}

function schemaFor(options: ValidationOptions): SchemaValidator {
  if (!options.extraSchemas) {
    return SchemaValidator.shared();
  }
  let schema = schemas.get(options.extraSchemas);
  if (!schema) {
    schema = new SchemaValidator(options.extraSchemas);
    schemas.set(options.extraSchemas, schema);
  }
  return schema;
}

/**
 * The findings of `charts`, checked against everything under `root` (the
 * objects of every chart of the app exist together in the cluster).
 */
export function checkCharts(
  root: IConstruct,
  charts: ReadonlyArray<Chart>,
  how: { readonly constructValidations: boolean; readonly options?: ValidationOptions },
): Map<Chart, Finding[]> {
  const result = new Map<Chart, Finding[]>();
  if (charts.length === 0) {
    return result;
  }
  const checked = new Set(charts);
  const all = root.node.findAll().filter(Chart.isChart);
  const contents = new Map<Chart, ChartContents>();
  for (const chart of all) {
    const options = how.options ?? optionsOf(chart);
    const credentialsAllowed = (apiObject: ApiObject) => (options.allowCredentials ?? false) || Allowances.collect(apiObject).has('secret-in-git');
    contents.set(chart, collectChart(chart, credentialsAllowed, {
      constructValidations: how.constructValidations && checked.has(chart),
      nestedCharts: false,
    }));
  }
  const everything = [...contents.values()];
  const inventory = new Inventory(
    everything.flatMap((c) => c.records),
    everything.flatMap((c) => c.externals),
    everything.flatMap((c) => c.unrendered),
  );
  for (const chart of charts) {
    const options = how.options ?? optionsOf(chart);
    const scope: ValidationScope = { app: chart.node.path || chart.node.id || 'app', environment: chart.namespace ?? '-' };
    const chartContents = contents.get(chart)!;
    result.set(chart, [
      ...validateContents(chartContents, schemaFor(options), scope, inventory),
      ...chartContents.withheld.map(({ object, path }) => credentialFinding(object, path, scope)),
    ]);
  }
  return result;
}

/** A credential-holding object that a plain cdk8s synth would write in clear to its output folder. */
function credentialFinding(object: Parameters<typeof describeObject>[0], path: string, scope: ValidationScope): Finding {
  return {
    ...scope,
    severity: 'error',
    rule: 'secret-in-git',
    path,
    object: describeObject(object),
    field: 'data',
    message: 'the object holds credentials in clear text and cdk8s would write it to its output folder, which is usually committed',
    fix: 'use RegistryCredentials.fromExternalSecret or fromSealedSecret, RegistryPullSecret.fromSecretName for a Secret that exists, '
      + 'or the project\'s synth with --secrets (git-ignored output); to write it anyway, Validation.enable(app, { allowCredentials: true }) '
      + 'or Allowances.of(construct).allow(\'secret-in-git\', reason)',
  };
}
