import { parseIntOrPercent } from '../formats';
import { Problem, Rule } from '../rule';
import { obj, problem, show } from './util';

// policy/v1: PodDisruptionBudget (pkg/apis/policy/validation).

/** Rules of policy/v1. */
export const POLICY_RULES: Rule[] = [
  {
    id: 'pdb-spec',
    severity: 'error',
    summary: 'a PodDisruptionBudget sets exactly one of minAvailable and maxUnavailable, a whole number or a percentage from 0% to 100%; unhealthyPodEvictionPolicy is IfHealthyBudget or AlwaysAllow',
    check: ({ object }) => {
      if (object.kind !== 'PodDisruptionBudget') {
        return [];
      }
      const spec = obj(object.spec) ?? {};
      const problems: Problem[] = [];
      const set = ['minAvailable', 'maxUnavailable'].filter((f) => spec[f] !== undefined && spec[f] !== null);
      if (set.length === 2) {
        problems.push(problem('spec.maxUnavailable', spec.maxUnavailable, 'minAvailable and maxUnavailable cannot both be set', 'keep one of them (disruptionBudget.minAvailable or maxUnavailable)'));
      } else if (set.length === 0) {
        problems.push(problem('spec', undefined, 'the PodDisruptionBudget sets neither minAvailable nor maxUnavailable, so it protects nothing', 'set minAvailable or maxUnavailable'));
      }
      for (const field of set) {
        const parsed = parseIntOrPercent(spec[field]);
        const error = typeof parsed === 'string' ? parsed
          : 'int' in parsed ? (parsed.int < 0 ? 'is negative' : undefined)
            : parsed.percent < 0 ? 'is negative' : parsed.percent > 100 ? 'is more than 100%' : undefined;
        if (error) {
          problems.push(problem(`spec.${field}`, spec[field], `${field} ${show(spec[field])} ${error.startsWith('"') ? `is not valid: ${error}` : error}`, 'use a whole number of 0 or more, or a percentage from "0%" to "100%"'));
        }
      }
      const policy = spec.unhealthyPodEvictionPolicy;
      if (policy !== undefined && policy !== 'IfHealthyBudget' && policy !== 'AlwaysAllow') {
        problems.push(problem('spec.unhealthyPodEvictionPolicy', policy, `unhealthyPodEvictionPolicy ${show(policy)} is not IfHealthyBudget or AlwaysAllow`, 'use IfHealthyBudget or AlwaysAllow'));
      }
      return problems;
    },
  },
];
