// Runs the semantic rules on raw Kubernetes objects, without constructs:
// the bad and good inputs of test/validation/rules/cases are objects as a
// hand-written manifest (or a chart) would hold them.

import { RuleId } from '../../../lib';
import { Inventory } from '../../../lib/validation/inventory';
import { KubeObject, ManifestRecord } from '../../../lib/validation/manifest';
import { Problem } from '../../../lib/validation/rule';
import { RULE_GROUPS, RULES } from '../../../lib/validation/rules';

/** One bad input: the objects, and the one finding they must give. */
export interface BadInput {
  /** What is bad, as the test name: "fails when ...". */
  readonly name: string;
  readonly rule: RuleId;
  /** The objects; the first one holds the mistake (but for duplicates). */
  readonly objects: ReadonlyArray<Record<string, any>>;
  /** Field path of the finding in the first object. */
  readonly field?: string;
  readonly message: RegExp;
  /**
   * Findings the objects give besides the expected one. One root cause gives
   * one finding, so this is 0 unless the case says otherwise.
   * @default 0
   */
  readonly others?: number;
  /** Secrets are written to git, not to the secrets output (the harness treats them as credentials otherwise). */
  readonly secretsInGit?: boolean;
}

/** Objects that must give no finding at all. */
export interface GoodInput {
  readonly name: string;
  readonly objects: ReadonlyArray<Record<string, any>>;
}

/** A finding of the harness: a problem with its rule and object. */
export interface RuleFinding extends Problem {
  readonly rule: RuleId;
  readonly object: number;
}

// The Pod Security Standard rules (rules/security.ts) have their own tests
// through the constructs; raw objects here need not meet them.
const SECURITY = new Set(RULE_GROUPS.security.map((r) => r.id));
const CHECKED = RULES.filter((r) => !SECURITY.has(r.id));

/** Every finding of every rule but the security ones for `objects`. */
export function check(objects: ReadonlyArray<Record<string, any>>, secretsInGit = false): RuleFinding[] {
  const records: ManifestRecord[] = objects.map((object, i) => ({
    object: object as KubeObject,
    path: `app/${i}`,
    allowances: new Map(),
    sensitive: object.kind === 'Secret' && !secretsInGit,
  }));
  const inventory = new Inventory(records, []);
  return records.flatMap((record, i) => CHECKED.flatMap((rule) => rule.check(record, inventory).map((p) => ({ ...p, rule: rule.id, object: i }))));
}

function summary(findings: RuleFinding[]): string {
  return findings.map((f) => `  [${f.rule}] #${f.object} ${f.field}: ${f.message}`).join('\n') || '  (no finding)';
}

/** Test a module's tables: each bad input gives its finding (and no other), each good one none. */
export function testRules(bad: ReadonlyArray<BadInput>, good: ReadonlyArray<GoodInput>): void {
  describe('bad input', () => {
    test.each(bad)('$rule: $name', (c) => {
      const findings = check(c.objects, c.secretsInGit);
      const match = findings.find((f) => f.rule === c.rule && c.message.test(f.message)
        && (c.field === undefined || f.field === c.field));
      if (!match) {
        throw new Error(`no ${c.rule} finding with message ${c.message}${c.field ? ` at ${c.field}` : ''}; got:\n${summary(findings)}`);
      }
      expect(match.fix.trim()).not.toBe('');
      if (findings.length !== 1 + (c.others ?? 0)) {
        throw new Error(`expected ${1 + (c.others ?? 0)} finding(s), one per root cause; got:\n${summary(findings)}`);
      }
    });
  });
  describe('good input gives no finding', () => {
    test.each(good)('$name', (c) => {
      expect(summary(check(c.objects))).toBe('  (no finding)');
    });
  });
}
