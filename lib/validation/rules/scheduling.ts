import { KubeObject, podSpecsOf } from '../manifest';
import { Problem, Rule } from '../rule';

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);

/** Count fields that must not be negative, by where they live. */
function counts(object: KubeObject): Array<{ field: string; value: unknown; minimum: number }> {
  const found: Array<{ field: string; value: unknown; minimum: number }> = [];
  const add = (field: string, value: unknown, minimum = 0) => {
    if (value !== undefined) {
      found.push({ field, value, minimum });
    }
  };
  const spec = object.spec as any;
  const jobSpec = (prefix: string, job: any) => {
    add(`${prefix}.backoffLimit`, job?.backoffLimit);
    add(`${prefix}.parallelism`, job?.parallelism);
    add(`${prefix}.completions`, job?.completions);
    add(`${prefix}.ttlSecondsAfterFinished`, job?.ttlSecondsAfterFinished);
    add(`${prefix}.activeDeadlineSeconds`, job?.activeDeadlineSeconds, 1);
  };
  switch (object.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
      add('spec.replicas', spec?.replicas);
      add('spec.revisionHistoryLimit', spec?.revisionHistoryLimit);
      add('spec.minReadySeconds', spec?.minReadySeconds);
      break;
    case 'Job':
      jobSpec('spec', spec);
      break;
    case 'CronJob':
      jobSpec('spec.jobTemplate.spec', spec?.jobTemplate?.spec);
      add('spec.successfulJobsHistoryLimit', spec?.successfulJobsHistoryLimit);
      add('spec.failedJobsHistoryLimit', spec?.failedJobsHistoryLimit);
      add('spec.startingDeadlineSeconds', spec?.startingDeadlineSeconds);
      break;
    case 'HorizontalPodAutoscaler':
      add('spec.minReplicas', spec?.minReplicas, 1);
      add('spec.maxReplicas', spec?.maxReplicas, Math.max(1, Number.isInteger(spec?.minReplicas) ? spec.minReplicas : 1));
      break;
  }
  for (const pod of podSpecsOf(object)) {
    add(`${pod.path}.terminationGracePeriodSeconds`, pod.spec.terminationGracePeriodSeconds);
  }
  return found;
}

interface Expression {
  readonly field: string;
  readonly expression: any;
}

/** Every node selector requirement of an object (required terms and preferences). */
function nodeExpressions(object: KubeObject): Expression[] {
  const found: Expression[] = [];
  const addTerm = (field: string, term: any) => {
    for (const list of ['matchExpressions', 'matchFields']) {
      (term?.[list] ?? []).forEach((expression: any, i: number) => found.push({ field: `${field}.${list}[${i}]`, expression }));
    }
  };
  for (const pod of podSpecsOf(object)) {
    const affinity = pod.spec.affinity?.nodeAffinity;
    const base = `${pod.path}.affinity.nodeAffinity`;
    (affinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []).forEach((term: any, t: number) => {
      addTerm(`${base}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${t}]`, term);
    });
    (affinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((pref: any, p: number) => {
      addTerm(`${base}.preferredDuringSchedulingIgnoredDuringExecution[${p}].preference`, pref?.preference);
    });
  }
  return found;
}

function operatorProblem(expression: any): string | undefined {
  const { operator, values } = expression ?? {};
  const count = Array.isArray(values) ? values.length : 0;
  switch (operator) {
    case 'In':
    case 'NotIn':
      return count === 0 ? `operator ${operator} needs at least one value` : undefined;
    case 'Exists':
    case 'DoesNotExist':
      return count > 0 ? `operator ${operator} takes no values, got ${count}` : undefined;
    case 'Gt':
    case 'Lt':
      return count !== 1 || !/^-?\d+$/.test(String(values[0])) ? `operator ${operator} needs exactly one integer value` : undefined;
    default:
      return `operator ${JSON.stringify(operator)} is not one of ${[...OPERATORS].join(', ')}`;
  }
}

/** Rules on Jobs, counts and scheduling. */
export const SCHEDULING_RULES: Rule[] = [
  {
    id: 'job-restart-policy',
    severity: 'error',
    summary: "a Job's pods have restartPolicy Never or OnFailure",
    check: ({ object }) => (object.kind === 'Job' || object.kind === 'CronJob'
      ? podSpecsOf(object).flatMap((pod) => (['Never', 'OnFailure'].includes(pod.spec.restartPolicy)
        ? []
        : [{ field: `${pod.path}.restartPolicy`, value: pod.spec.restartPolicy, message: `a Job's pods need restartPolicy Never or OnFailure, not ${JSON.stringify(pod.spec.restartPolicy ?? 'Always (the default)')}`, fix: 'use JobRestartPolicy.NEVER or JobRestartPolicy.ON_FAILURE' }]))
      : []),
  },
  {
    id: 'non-negative-count',
    severity: 'error',
    summary: 'replica counts, retry limits, deadlines and history limits are whole numbers in range',
    check: ({ object }) => counts(object).flatMap(({ field, value, minimum }) => (Number.isInteger(value) && (value as number) >= minimum
      ? []
      : [{ field, value, message: `${JSON.stringify(value)} is not a whole number of at least ${minimum}`, fix: `use a whole number of ${minimum} or more` }])),
  },
  {
    id: 'node-affinity-operator',
    severity: 'error',
    summary: 'node affinity operators have the values they need: In/NotIn some, Exists/DoesNotExist none, Gt/Lt one integer',
    check: ({ object }) => nodeExpressions(object).flatMap(({ field, expression }) => {
      const problem = operatorProblem(expression);
      return problem
        ? [{ field, value: expression, message: `node requirement on "${expression?.key}": ${problem}`, fix: 'build requirements with NodeRequirement.in / notIn / exists / doesNotExist / gt / lt' }]
        : [];
    }),
  },
  {
    id: 'node-affinity-terms',
    severity: 'error',
    summary: 'required node affinity has at least one term, and no term is empty',
    check: ({ object }) => podSpecsOf(object).flatMap((pod): Problem[] => {
      const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      if (!required) {
        return [];
      }
      const field = `${pod.path}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
      const terms: any[] = required.nodeSelectorTerms ?? [];
      if (terms.length === 0) {
        return [{ field, value: terms, message: 'required node affinity has no terms: no node can match', fix: 'give NodeAffinity.require at least one NodeRequirement' }];
      }
      return terms.flatMap((term, t) => ((term?.matchExpressions?.length ?? 0) + (term?.matchFields?.length ?? 0) === 0
        ? [{ field: `${field}[${t}]`, value: term, message: 'a node selector term is empty: it matches no node', fix: 'give every term at least one NodeRequirement' }]
        : []));
    }),
  },
  {
    id: 'affinity-weight',
    severity: 'error',
    summary: 'preferred affinity weights are from 1 to 100',
    check: ({ object }) => podSpecsOf(object).flatMap((pod) => {
      const affinity = pod.spec.affinity ?? {};
      return ['nodeAffinity', 'podAffinity', 'podAntiAffinity'].flatMap((kind) => (affinity[kind]?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
        .flatMap((pref: any, i: number) => (Number.isInteger(pref?.weight) && pref.weight >= 1 && pref.weight <= 100
          ? []
          : [{ field: `${pod.path}.affinity.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${i}].weight`, value: pref?.weight, message: `weight ${JSON.stringify(pref?.weight)} is not from 1 to 100`, fix: 'use a weight from 1 to 100' }])));
    }),
  },
];
