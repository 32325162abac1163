import { IConstruct } from 'constructs';
import { isSensitive } from '../private/metadata';
import { formatFindings, style } from '../synth/report';
import { closestChart } from './chart-of';
import { Finding } from './finding';

/** What is wrong with one prop of a construct. */
export interface PropProblem {
  /** The prop, as a path in the construct's props (`ports[0]`, `container.mounts[1].volume`). */
  readonly field: string;
  /**
   * The value received.
   *
   * @default - not printed
   */
  readonly value?: unknown;
  /** What is wrong, lower case, no trailing period. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
  /**
   * The rule broken: a rule id when one fits, else a short name of the check.
   *
   * @default 'props'
   */
  readonly rule?: string;
}

// Checked by brand rather than `instanceof`, so that an error from a second
// copy of the library (two installs in one repo) is still recognised.
const BRAND = Symbol.for('cdk8s-platform-kit.PropError');

/**
 * A construct refused its props. Carries the construct path and the prop, so
 * that the project's synth reports it like any other finding and a plain
 * `new App()` user reads the same where, what and fix in the message.
 *
 * @example
 * throw new PropError(this, { field: 'replicas', value: props.replicas, message: 'is negative', fix: 'give 0 or more' });
 */
export class PropError extends Error {
  /** Whether `error` is a `PropError` (of any copy of this library). */
  public static isPropError(error: unknown): error is PropError {
    return typeof error === 'object' && error !== null && (error as any)[BRAND] === true;
  }

  /** Construct path of the construct whose props are wrong. */
  public readonly path: string;
  public readonly field: string;
  /** The value received; left out for constructs that hold credentials. */
  public readonly value?: unknown;
  public readonly rule: string;
  /** What is wrong, without the path (the message has everything). */
  public readonly problem: string;
  public readonly fix: string;

  constructor(scope: IConstruct, problem: PropProblem) {
    super(`${scope.node.path}: ${problem.field} ${problem.message}`);
    this.name = 'PropError';
    Object.defineProperty(this, BRAND, { value: true });
    this.path = scope.node.path;
    this.field = problem.field;
    this.value = isSensitive(scope) ? undefined : problem.value;
    this.rule = problem.rule ?? 'props';
    this.problem = problem.message;
    this.fix = problem.fix;
    const chart = closestChart(scope);
    // What a plain `new App()` user sees: the CLI's layout, the chart and its namespace for app and environment.
    const where = { app: chart ? chart.node.path || chart.node.id : '-', environment: chart?.namespace ?? '-' };
    this.message = formatFindings([this.toFinding(where)], style(false), false);
  }

  /** The error as a finding of `scope` (app and environment of the run). */
  public toFinding(scope: { readonly app: string; readonly environment: string }): Finding {
    return {
      severity: 'error',
      rule: this.rule,
      app: scope.app,
      environment: scope.environment,
      path: this.path,
      field: this.field,
      value: this.value,
      message: `${this.field} ${this.problem}`,
      fix: this.fix,
    };
  }
}

/**
 * Run `build` (typically a cdk8s-plus call that checks its input), turning
 * what it throws into a `PropError` of `scope` naming `field`.
 *
 * @example
 * const block = withPropContext(this, 'from[0].cidr', 'give a CIDR such as 10.0.0.0/16', () => kplus.NetworkPolicyIpBlock.ipv4(this, 'Peer0', cidr));
 */
export function withPropContext<T>(scope: IConstruct, field: string, fix: string, build: () => T, value?: unknown): T {
  try {
    return build();
  } catch (error) {
    if (PropError.isPropError(error)) {
      throw error;
    }
    const message = String((error as Error)?.message ?? error);
    throw new PropError(scope, { field, value, message: `is refused: ${message.charAt(0).toLowerCase()}${message.slice(1)}`, fix });
  }
}
