import { Severity } from './rule';

/** One problem of a run, with everything needed to find and fix it. */
export interface Finding {
  readonly severity: Severity;
  /**
   * Rule id, `schema`, `construct` (a construct's own validation), `props`
   * (a construct refused its props: `PropError`) or `build` (the app threw).
   */
  readonly rule: string;
  /** App and environment whose output has the problem. */
  readonly app: string;
  readonly environment: string;
  /** Construct path of the object (or of the construct whose validation failed). */
  readonly path: string;
  /** `Kind namespace/name` of the object, when there is one. */
  readonly object?: string;
  /** Field path in the written object. */
  readonly field?: string;
  /** Value found; left out for objects that hold credentials. */
  readonly value?: unknown;
  readonly message: string;
  readonly fix: string;
}

/** Whether a run with these findings fails: any error, or any warning in strict mode. */
export function failsRun(findings: ReadonlyArray<Finding>, strict: boolean): boolean {
  return findings.some((f) => f.severity === 'error' || strict);
}
