import { Inventory } from './inventory';
import { ManifestRecord } from './manifest';
import { RuleId } from './rule-id';

/** Errors fail the run; warnings are printed and fail it only in strict mode. */
export type Severity = 'error' | 'warning';

/** One thing a rule found wrong with an object. */
export interface Problem {
  /** The field, as a path in the written object (`spec.template.spec.containers[0].image`). */
  readonly field: string;
  /** The value found there (never printed for objects that hold credentials). */
  readonly value?: unknown;
  /** What is wrong, lower case, no trailing period. */
  readonly message: string;
  /** What to do about it. */
  readonly fix: string;
}

/**
 * A validation rule: data, checked once per object. Each rule lives in one
 * place, in one of the files of `rules/`, and has its own tests.
 */
export interface Rule {
  readonly id: RuleId;
  readonly severity: Severity;
  /** What the rule enforces, in one line. */
  readonly summary: string;
  /** The problems of one object; `inventory` knows the rest of the chart. */
  readonly check: (record: ManifestRecord, inventory: Inventory) => Problem[];
}
