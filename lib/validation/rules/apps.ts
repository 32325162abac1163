import { parseIntOrPercent } from '../formats';
import { KubeObject, podSpecsOf } from '../manifest';
import { Problem, Rule } from '../rule';
import { arr, entries, isInt, obj, problem, show } from './util';

// apps/v1: Deployment, ReplicaSet, StatefulSet, DaemonSet
// (pkg/apis/apps/validation), and the counts of every workload kind.

const CONTROLLERS = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);

/** Count fields that must be whole numbers of at least a minimum, by where they live. */
function counts(object: KubeObject): Array<{ field: string; value: unknown; minimum: number }> {
  const found: Array<{ field: string; value: unknown; minimum: number }> = [];
  const add = (field: string, value: unknown, minimum = 0) => {
    if (value !== undefined && value !== null) {
      found.push({ field, value, minimum });
    }
  };
  const spec = obj(object.spec);
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
      add('spec.progressDeadlineSeconds', spec?.progressDeadlineSeconds);
      break;
    case 'DaemonSet':
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
  }
  for (const pod of podSpecsOf(object)) {
    add(`${pod.path}.terminationGracePeriodSeconds`, pod.spec.terminationGracePeriodSeconds);
    // On a controller's template any activeDeadlineSeconds is wrong (workload-spec says so, once).
    if (!CONTROLLERS.has(object.kind)) {
      add(`${pod.path}.activeDeadlineSeconds`, pod.spec.activeDeadlineSeconds, 1);
    }
  }
  return found;
}

/** Why the labels do not satisfy a label selector (matchLabels and matchExpressions), or `undefined`. */
function selectorMismatch(selector: Record<string, any>, labels: Record<string, unknown>): { field: string; message: string } | undefined {
  for (const [key, value] of entries(selector.matchLabels)) {
    if (labels[key] !== value) {
      return {
        field: `spec.selector.matchLabels[${key}]`,
        message: key in labels
          ? `the pod template has ${key}=${labels[key]}, so the selector ${key}=${value} does not match it`
          : `the pod template has no label ${key}, so the selector ${key}=${value} does not match it`,
      };
    }
  }
  for (const [i, expression] of arr(selector.matchExpressions).entries()) {
    const key = expression?.key;
    const values = arr(expression?.values);
    const has = typeof key === 'string' && key in labels;
    const ok = expression?.operator === 'In' ? has && values.includes(labels[key])
      : expression?.operator === 'NotIn' ? !has || !values.includes(labels[key])
        : expression?.operator === 'Exists' ? has
          : expression?.operator === 'DoesNotExist' ? !has : true;
    if (!ok) {
      return { field: `spec.selector.matchExpressions[${i}]`, message: `the pod template's labels do not satisfy ${key} ${expression.operator} ${JSON.stringify(values)}` };
    }
  }
  return undefined;
}

/** Why a rolling update's maxSurge or maxUnavailable is not valid, or `undefined`. */
function intOrPercentError(value: unknown, maxPercent?: number): string | undefined {
  const parsed = parseIntOrPercent(value);
  if (typeof parsed === 'string') {
    return parsed;
  }
  const number = 'int' in parsed ? parsed.int : parsed.percent;
  if (number < 0) {
    return `${show(value)} is negative`;
  }
  if (maxPercent !== undefined && 'percent' in parsed && parsed.percent > maxPercent) {
    return `${show(value)} is more than 100%`;
  }
  return undefined;
}

function isZero(value: unknown): boolean {
  const parsed = parseIntOrPercent(value);
  return typeof parsed !== 'string' && ('int' in parsed ? parsed.int === 0 : parsed.percent === 0);
}

function deploymentStrategy(spec: Record<string, any>): Problem[] {
  const strategy = obj(spec.strategy);
  if (!strategy) {
    return [];
  }
  const type = strategy.type ?? 'RollingUpdate';
  if (type === 'Recreate') {
    return strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null
      ? [problem('spec.strategy.rollingUpdate', strategy.rollingUpdate, 'a Recreate strategy cannot have rollingUpdate settings', 'remove rollingUpdate, or use type RollingUpdate')]
      : [];
  }
  if (type !== 'RollingUpdate') {
    return [problem('spec.strategy.type', type, `strategy type ${show(type)} is not RollingUpdate or Recreate`, 'use UpdateStrategy.rollingUpdate() or UpdateStrategy.recreate()')];
  }
  const rolling = obj(strategy.rollingUpdate) ?? {};
  const problems: Problem[] = [];
  const surge = rolling.maxSurge ?? '25%';
  const unavailable = rolling.maxUnavailable ?? '25%';
  const surgeError = intOrPercentError(surge);
  const unavailableError = intOrPercentError(unavailable, 100);
  if (surgeError) {
    problems.push(problem('spec.strategy.rollingUpdate.maxSurge', surge, `maxSurge ${surgeError}`, 'use a whole number or a percentage of 0 or more'));
  }
  if (unavailableError) {
    problems.push(problem('spec.strategy.rollingUpdate.maxUnavailable', unavailable, `maxUnavailable ${unavailableError}`, 'use a whole number or a percentage from 0% to 100%'));
  }
  if (!surgeError && !unavailableError && isZero(surge) && isZero(unavailable)) {
    problems.push(problem('spec.strategy.rollingUpdate.maxUnavailable', unavailable, 'maxUnavailable and maxSurge are both 0: the rollout could never make progress', 'allow at least one extra pod (maxSurge 1) or one unavailable pod (maxUnavailable 1)'));
  }
  return problems;
}

function daemonSetStrategy(spec: Record<string, any>): Problem[] {
  const strategy = obj(spec.updateStrategy);
  if (!strategy) {
    return [];
  }
  const type = strategy.type ?? 'RollingUpdate';
  if (type === 'OnDelete') {
    return [];
  }
  if (type !== 'RollingUpdate') {
    return [problem('spec.updateStrategy.type', type, `updateStrategy type ${show(type)} is not RollingUpdate or OnDelete`, 'use RollingUpdate or OnDelete')];
  }
  const rolling = obj(strategy.rollingUpdate) ?? {};
  // The API server's defaults: maxUnavailable 1, maxSurge 0.
  const unavailable = rolling.maxUnavailable ?? 1;
  const surge = rolling.maxSurge ?? 0;
  const problems: Problem[] = [];
  const unavailableError = intOrPercentError(unavailable, 100);
  const surgeError = intOrPercentError(surge, 100);
  if (unavailableError) {
    problems.push(problem('spec.updateStrategy.rollingUpdate.maxUnavailable', unavailable, `maxUnavailable ${unavailableError}`, 'use a whole number or a percentage from 0% to 100%'));
  }
  if (surgeError) {
    problems.push(problem('spec.updateStrategy.rollingUpdate.maxSurge', surge, `maxSurge ${surgeError}`, 'use a whole number or a percentage from 0% to 100%'));
  }
  if (!unavailableError && !surgeError) {
    if (isZero(unavailable) && isZero(surge)) {
      problems.push(problem('spec.updateStrategy.rollingUpdate.maxUnavailable', unavailable, 'maxUnavailable and maxSurge are both 0: the rollout could never make progress', 'set maxUnavailable (1 is the default) or maxSurge'));
    } else if (!isZero(unavailable) && !isZero(surge)) {
      problems.push(problem('spec.updateStrategy.rollingUpdate.maxSurge', surge, 'a DaemonSet can set maxSurge only when maxUnavailable is 0', 'set maxUnavailable: 0 with maxSurge, or leave maxSurge out'));
    }
  }
  return problems;
}

function statefulSetStrategy(spec: Record<string, any>): Problem[] {
  const strategy = obj(spec.updateStrategy);
  if (!strategy) {
    return [];
  }
  const type = strategy.type ?? 'RollingUpdate';
  if (type === 'OnDelete') {
    return strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null
      ? [problem('spec.updateStrategy.rollingUpdate', strategy.rollingUpdate, 'an OnDelete update strategy cannot have rollingUpdate settings', 'remove rollingUpdate, or use type RollingUpdate')]
      : [];
  }
  if (type !== 'RollingUpdate') {
    return [problem('spec.updateStrategy.type', type, `updateStrategy type ${show(type)} is not RollingUpdate or OnDelete`, 'use RollingUpdate or OnDelete')];
  }
  const rolling = obj(strategy.rollingUpdate) ?? {};
  const problems: Problem[] = [];
  if (rolling.partition !== undefined && (!isInt(rolling.partition) || rolling.partition < 0)) {
    problems.push(problem('spec.updateStrategy.rollingUpdate.partition', rolling.partition, `partition ${show(rolling.partition)} is not a whole number of 0 or more`, 'use a partition of 0 (update every pod) or more'));
  }
  if (rolling.maxUnavailable !== undefined) {
    const error = intOrPercentError(rolling.maxUnavailable, 100) ?? (isZero(rolling.maxUnavailable) ? `${show(rolling.maxUnavailable)} is 0` : undefined);
    if (error) {
      problems.push(problem('spec.updateStrategy.rollingUpdate.maxUnavailable', rolling.maxUnavailable, `maxUnavailable ${error}; it must be at least 1 (or 1%) and at most 100%`, 'use maxUnavailable 1 or more, or leave it out'));
    }
  }
  return problems;
}

/** Rules of apps/v1 and the counts of every workload. */
export const APPS_RULES: Rule[] = [
  {
    id: 'selector-match',
    severity: 'error',
    summary: "a controller's selector is non-empty and matches its own pod template",
    check: ({ object }) => {
      if (!CONTROLLERS.has(object.kind) && object.kind !== 'PodDisruptionBudget') {
        return [];
      }
      const spec = obj(object.spec);
      const selector = obj(spec?.selector) ?? {};
      if (Object.keys(obj(selector.matchLabels) ?? {}).length === 0 && arr(selector.matchExpressions).length === 0) {
        return [problem('spec.selector', spec?.selector, 'the selector is empty: it would select every pod of the namespace', 'select the pods by their app.kubernetes.io/name label (the constructs do this unless selectorLabels is empty)')];
      }
      if (object.kind === 'PodDisruptionBudget') {
        return [];
      }
      const mismatch = selectorMismatch(selector, obj(spec?.template?.metadata?.labels) ?? {});
      return mismatch
        ? [problem(mismatch.field, undefined, mismatch.message, 'derive the pod labels and the selector from the same labels')]
        : [];
    },
  },
  {
    id: 'update-strategy',
    severity: 'error',
    summary: 'update strategies are valid: Recreate/OnDelete without rollingUpdate; maxSurge and maxUnavailable not negative, not both 0, maxUnavailable at most 100%; a DaemonSet surges only with maxUnavailable 0; StatefulSet partition not negative',
    check: ({ object }) => {
      const spec = obj(object.spec);
      if (!spec) {
        return [];
      }
      switch (object.kind) {
        case 'Deployment':
          return deploymentStrategy(spec);
        case 'DaemonSet':
          return daemonSetStrategy(spec);
        case 'StatefulSet':
          return statefulSetStrategy(spec);
        default:
          return [];
      }
    },
  },
  {
    id: 'workload-spec',
    severity: 'error',
    summary: 'controller templates set no activeDeadlineSeconds; progressDeadlineSeconds exceeds minReadySeconds; StatefulSet podManagementPolicy, claim templates and retention policy are valid',
    check: ({ object }) => {
      const spec = obj(object.spec);
      if (!spec || !CONTROLLERS.has(object.kind)) {
        return [];
      }
      const problems: Problem[] = [];
      const deadline = spec.template?.spec?.activeDeadlineSeconds;
      if (deadline !== undefined && deadline !== null) {
        problems.push(problem('spec.template.spec.activeDeadlineSeconds', deadline, `a ${object.kind}'s pods cannot have activeDeadlineSeconds (they would be killed and restarted forever)`, 'remove activeDeadlineSeconds, or use a Job'));
      }
      if (object.kind === 'Deployment' && isInt(spec.progressDeadlineSeconds) && isInt(spec.minReadySeconds) && spec.progressDeadlineSeconds <= spec.minReadySeconds) {
        problems.push(problem('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, `progressDeadlineSeconds ${spec.progressDeadlineSeconds} must be greater than minReadySeconds ${spec.minReadySeconds}`, 'raise progressDeadlineSeconds (600 is the default) or lower minReadySeconds'));
      }
      if (object.kind === 'StatefulSet') {
        const policy = spec.podManagementPolicy;
        if (policy !== undefined && policy !== 'OrderedReady' && policy !== 'Parallel') {
          problems.push(problem('spec.podManagementPolicy', policy, `podManagementPolicy ${show(policy)} is not OrderedReady or Parallel`, 'use OrderedReady (the default) or Parallel'));
        }
        const retention = obj(spec.persistentVolumeClaimRetentionPolicy) ?? {};
        for (const when of ['whenDeleted', 'whenScaled']) {
          if (retention[when] !== undefined && retention[when] !== 'Retain' && retention[when] !== 'Delete') {
            problems.push(problem(`spec.persistentVolumeClaimRetentionPolicy.${when}`, retention[when], `${when} ${show(retention[when])} is not Retain or Delete`, 'use Retain or Delete'));
          }
        }
        const start = obj(spec.ordinals)?.start;
        if (start !== undefined && (!isInt(start) || start < 0)) {
          problems.push(problem('spec.ordinals.start', start, `ordinals.start ${show(start)} is not a whole number of 0 or more`, 'use 0 or more'));
        }
        const templates = arr(spec.volumeClaimTemplates);
        const seen = new Set<string>();
        templates.forEach((t, i) => {
          const name = t?.metadata?.name;
          if (typeof name !== 'string' || name === '') {
            problems.push(problem(`spec.volumeClaimTemplates[${i}].metadata.name`, name, 'the claim template has no name', 'name the claim template; containers mount it by that name'));
          } else if (seen.has(name)) {
            problems.push(problem(`spec.volumeClaimTemplates[${i}].metadata.name`, name, `claim template name "${name}" is used twice`, 'give each claim template its own name'));
          } else if (arr(spec.template?.spec?.volumes).some((v) => v?.name === name)) {
            problems.push(problem(`spec.volumeClaimTemplates[${i}].metadata.name`, name, `claim template "${name}" has the name of a pod volume`, 'rename the claim template or the volume'));
          }
          seen.add(name);
        });
      }
      return problems;
    },
  },
  {
    id: 'non-negative-count',
    severity: 'error',
    summary: 'replica counts, retry limits, deadlines, grace periods and history limits are whole numbers in range',
    check: ({ object }) => counts(object).flatMap(({ field, value, minimum }) => (isInt(value) && value >= minimum
      ? []
      : [problem(field, value, `${show(value)} is not a whole number of at least ${minimum}`, `use a whole number of ${minimum} or more`)])),
  },
];
