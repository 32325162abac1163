import { IConstruct } from 'constructs';
import { PropError } from './validation/prop-error';
import { isRuleId, RuleId } from './validation/rule-id';

const ALLOW_METADATA = 'platform-kit:allow';
const NOTHING_ALLOWED: ReadonlyMap<RuleId, string> = new Map();

interface AllowanceEntry {
  readonly rule: RuleId;
  readonly reason: string;
}

/**
 * Explicit, reasoned exceptions to validation rules for one construct and
 * everything under it.
 *
 * Rules such as `run-as-root` or `image-tag` refuse what is unsafe by default;
 * a construct that really needs it says so here, with a reason that reviewers
 * can read. Props that ask for the unsafe thing directly (for example
 * `security: { runAsNonRoot: false }`) record their allowance themselves.
 *
 * @example
 * Allowances.of(nginxPod).allow('run-as-root', 'the official nginx image runs as root');
 */
export class Allowances {
  /** The allowances of `scope`. */
  public static of(scope: IConstruct): Allowances {
    return new Allowances(scope);
  }

  /**
   * Every rule allowed for `construct`, by itself or by any of its scopes,
   * with the reason given.
   */
  public static collect(construct: IConstruct): ReadonlyMap<RuleId, string> {
    let allowed: Map<RuleId, string> | undefined;
    for (const scope of construct.node.scopes) {
      for (const entry of scope.node.metadata) {
        if (entry.type === ALLOW_METADATA) {
          const data = entry.data as AllowanceEntry;
          allowed ??= new Map();
          allowed.set(data.rule, data.reason);
        }
      }
    }
    // Most objects allow nothing: one shared empty map keeps large charts small.
    return allowed ?? NOTHING_ALLOWED;
  }

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Allow what `rule` would refuse, for this construct and its children.
   *
   * @param rule the rule id (see `RULE_IDS`)
   * @param reason why this is safe here; printed in reviews, required
   */
  public allow(rule: RuleId, reason: string): this {
    if (!isRuleId(rule)) {
      throw new PropError(this.scope, { field: 'Allowances.allow(rule)', value: rule, message: `is unknown rule '${rule}'`, fix: 'use one of the ids in RULE_IDS' });
    }
    if (!reason || !reason.trim()) {
      throw new PropError(this.scope, { field: `Allowances.allow('${rule}') reason`, value: reason, message: 'is empty: an allowance needs a reason', fix: 'say why it is safe here; the reason is printed in reviews' });
    }
    this.scope.node.addMetadata(ALLOW_METADATA, { rule, reason } satisfies AllowanceEntry);
    return this;
  }
}
