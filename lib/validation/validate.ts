import type { ChartContents } from '../synth/collect';
import { Finding } from './finding';
import { Inventory } from './inventory';
import { describeObject, ManifestRecord } from './manifest';
import { Problem, Rule } from './rule';
import { RULES } from './rules';
import { SchemaValidator } from './schema';

/** Where a set of records comes from, for the findings. */
export interface ValidationScope {
  readonly app: string;
  readonly environment: string;
}

/**
 * The findings of one collected chart: what collecting it met (construct
 * validations, objects that failed to render) and what the schema and the
 * rules find in its objects. The one engine behind the project's synth, the
 * chart validation of a plain cdk8s `app.synth()` and `Validation.findings`.
 *
 * @param inventory what the objects may refer to; by default the chart's own objects
 */
export function validateContents(
  contents: ChartContents,
  schema: SchemaValidator,
  scope: ValidationScope,
  inventory: Inventory = new Inventory(contents.records, contents.externals, contents.unrendered),
): Finding[] {
  const findings: Finding[] = contents.problems.map((p) => ({
    ...scope,
    severity: 'error',
    rule: p.rule,
    path: p.path,
    object: p.object ? describeObject(p.object) : undefined,
    field: p.field,
    value: p.value,
    message: p.message,
    fix: p.fix,
  }));
  findings.push(...validateRecords(contents.records, inventory, schema, scope));
  return findings;
}

/**
 * Check every record against the schema and every rule, skipping what the
 * record's constructs allow. Linear in the number of records: cross-object
 * rules look things up in `inventory`.
 */
/** Where a problem was found: the app, environment, construct path and object, and whether it holds credentials. */
export interface FindingPlace extends ValidationScope {
  readonly path: string;
  /** `Kind namespace/name`. */
  readonly object: string;
  readonly sensitive: boolean;
}

/** A rule's problem as a finding at `where`; objects with credentials never have their values printed. */
export function problemFinding(where: FindingPlace, severity: Finding['severity'], rule: string, problem: Problem): Finding {
  return {
    app: where.app,
    environment: where.environment,
    path: where.path,
    object: where.object,
    severity,
    rule,
    field: problem.field,
    value: where.sensitive ? undefined : problem.value,
    message: problem.message,
    fix: problem.fix,
  };
}

export function validateRecords(
  records: ReadonlyArray<ManifestRecord>,
  inventory: Inventory,
  schema: SchemaValidator,
  scope: ValidationScope,
  rules: ReadonlyArray<Rule> = RULES,
): Finding[] {
  const findings: Finding[] = [];
  for (const record of records) {
    const where: FindingPlace = { ...scope, path: record.path, object: describeObject(record.object), sensitive: record.sensitive };
    const report = (severity: Finding['severity'], rule: string, problem: Problem) => {
      findings.push(problemFinding(where, severity, rule, problem));
    };
    if (!record.allowances.has('schema')) {
      for (const problem of schema.validate(record.object)) {
        report('error', 'schema', problem);
      }
    }
    // Most objects allow nothing: skip the lookup per rule.
    const allows = record.allowances.size > 0;
    for (const rule of rules) {
      if (allows && record.allowances.has(rule.id)) {
        continue;
      }
      let problems: Problem[];
      try {
        problems = rule.check(record, inventory);
      } catch (error) {
        // A field of the wrong type (a map where a list belongs) trips the
        // rule; report it with the object instead of aborting the whole run.
        report('error', rule.id, {
          field: '',
          message: `the rule could not check the object (${(error as Error).message ?? error}); a field has the wrong type`,
          fix: 'correct the field types that the schema findings name',
        });
        continue;
      }
      for (let i = 0; i < problems.length; i++) {
        report(rule.severity, rule.id, problems[i]);
      }
    }
  }
  return findings;
}
