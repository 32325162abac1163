import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { checkCharts, enableOn } from './chart-hook';
import { Finding } from './finding';

/** How the checks behave for a chart of a plain cdk8s app. */
export interface ValidationOptions {
  /**
   * Warnings fail the synth too.
   *
   * @default false - warnings are printed to stderr and the synth goes on
   */
  readonly strict?: boolean;

  /**
   * Let objects that hold credentials in clear (a `RegistryPullSecret` built
   * with `RegistryCredentials.fromLogin` or `fromEnvironment`) be written to
   * the cdk8s output folder. Only for output that is never committed.
   *
   * @default false - such objects fail the synth with the `secret-in-git` rule
   */
  readonly allowCredentials?: boolean;

  /**
   * JSON schemas of custom resources the charts write, by `apiVersion/kind`.
   *
   * @default - Kubernetes 1.27 kinds, ExternalSecret, SealedSecret and Application only
   */
  readonly extraSchemas?: Readonly<Record<string, Record<string, unknown>>>;
}

/**
 * The library's checks (Kubernetes 1.27 schema and every rule) for charts of
 * a plain cdk8s app. A chart that holds any of the library's constructs is
 * checked whenever it is synthesized (`app.synth()`, `app.synthYaml()`,
 * `cdk8s synth`, `Testing.synth(chart)`): errors fail the synth, listing
 * every finding; warnings are printed to stderr. `enable` turns the same
 * checks on for charts that hold none of the library's constructs (raw
 * `ApiObject`s, cdk8s-plus, `Include`, `Helm`).
 */
export class Validation {
  /**
   * Check every chart under `scope` (an App, a Chart, or any construct above
   * charts) whenever it is synthesized, with `options`.
   *
   * @example
   * const app = new App();
   * Validation.enable(app, { strict: true });
   */
  public static enable(scope: IConstruct, options: ValidationOptions = {}): void {
    enableOn(scope, options);
  }

  /**
   * Every finding of `scope`'s charts (a Chart, or an App for all of its
   * charts), errors and warnings, without throwing: for tests.
   *
   * @param options the options to check with; by default those given to `enable` for the scope, if any
   *
   * @example
   * expect(Validation.findings(chart).filter((f) => f.severity === 'error')).toEqual([]);
   */
  public static findings(scope: IConstruct, options?: ValidationOptions): Finding[] {
    const charts = Chart.isChart(scope) ? [scope] : scope.node.findAll().filter(Chart.isChart);
    const byChart = checkCharts(scope.node.root, charts, { constructValidations: true, options });
    return charts.flatMap((chart) => byChart.get(chart) ?? []);
  }

  private constructor() {}
}

