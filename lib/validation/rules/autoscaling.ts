import { parseQuantity, pathSegmentNameError } from '../formats';
import { KubeObject } from '../manifest';
import { Problem, Rule } from '../rule';
import { arr, isInt, obj, problem, show } from './util';

// autoscaling/v2: HorizontalPodAutoscaler (pkg/apis/autoscaling/validation).

const SOURCES: Record<string, string> = {
  Object: 'object', Pods: 'pods', Resource: 'resource', ContainerResource: 'containerResource', External: 'external',
};
const TARGET_TYPES: Record<string, string[]> = {
  Object: ['Value', 'AverageValue'],
  Pods: ['AverageValue'],
  Resource: ['Utilization', 'AverageValue'],
  ContainerResource: ['Utilization', 'AverageValue'],
  External: ['Value', 'AverageValue'],
};
const MAX_STABILIZATION = 3600;
const MAX_POLICY_PERIOD = 1800;

function hpaSpec(object: KubeObject): Record<string, any> | undefined {
  return object.kind === 'HorizontalPodAutoscaler' ? obj(object.spec) ?? {} : undefined;
}

/** Why a metric target is not valid for its metric type, or `undefined`. */
function targetProblems(field: string, metricType: string, target: any): Problem[] {
  const t = obj(target);
  if (!t) {
    return [problem(field, target, `the ${metricType} metric has no target`, 'give the metric a target: type Utilization with averageUtilization, or AverageValue with averageValue')];
  }
  const allowed = TARGET_TYPES[metricType];
  if (!allowed.includes(t.type)) {
    return [problem(`${field}.type`, t.type, `target type ${show(t.type)} does not fit a ${metricType} metric (${allowed.join(' or ')})`, `use target type ${allowed.join(' or ')}`)];
  }
  const valueField = t.type === 'Utilization' ? 'averageUtilization' : t.type === 'Value' ? 'value' : 'averageValue';
  const value = t[valueField];
  const positive = t.type === 'Utilization' ? isInt(value) && value > 0 : (parseQuantity(value) ?? 0) > 0;
  return positive
    ? []
    : [problem(`${field}.${valueField}`, value, value === undefined ? `target type ${t.type} needs ${valueField}` : `${valueField} ${show(value)} must be above 0`, `set ${valueField} above 0 (a target of 0 would scale to maxReplicas at once)`)];
}

/** Rules of autoscaling/v2. */
export const AUTOSCALING_RULES: Rule[] = [
  {
    id: 'hpa-replicas',
    severity: 'error',
    summary: 'an HPA has minReplicas 1 or more and maxReplicas not below minReplicas',
    check: ({ object }) => {
      const spec = hpaSpec(object);
      if (!spec) {
        return [];
      }
      const problems: Problem[] = [];
      const min = spec.minReplicas;
      if (min !== undefined && min !== null && (!isInt(min) || min < 1)) {
        problems.push(problem('spec.minReplicas', min, `minReplicas ${show(min)} must be a whole number of 1 or more`, 'use minReplicas 1 or more (leave it out for 1)'));
      }
      const max = spec.maxReplicas;
      if (!isInt(max) || max < 1) {
        problems.push(problem('spec.maxReplicas', max, `maxReplicas ${show(max)} must be a whole number of 1 or more`, 'set maxReplicas to the most replicas the workload may have'));
      } else if (isInt(min) && min >= 1 && max < min) {
        problems.push(problem('spec.maxReplicas', max, `maxReplicas ${max} is below minReplicas ${min}`, 'make maxReplicas at least minReplicas'));
      }
      return problems;
    },
  },
  {
    id: 'hpa-scale-target',
    severity: 'error',
    summary: "an HPA's scaleTargetRef has a kind and a name",
    check: ({ object }) => {
      const spec = hpaSpec(object);
      if (!spec) {
        return [];
      }
      const ref = obj(spec.scaleTargetRef) ?? {};
      const problems: Problem[] = [];
      if (typeof ref.kind !== 'string' || ref.kind === '' || pathSegmentNameError(ref.kind)) {
        problems.push(problem('spec.scaleTargetRef.kind', ref.kind, `scaleTargetRef kind ${show(ref.kind)} is missing or not valid`, 'name the kind to scale, such as Deployment'));
      }
      if (typeof ref.name !== 'string' || ref.name === '') {
        problems.push(problem('spec.scaleTargetRef.name', ref.name, 'scaleTargetRef has no name', 'name the workload to scale'));
      }
      return problems;
    },
  },
  {
    id: 'hpa-metric',
    severity: 'error',
    summary: 'HPA metrics have a known type with its own source only, a resource or metric name, and a target of the right type above 0',
    check: ({ object }) => arr(hpaSpec(object)?.metrics).flatMap((metric, i): Problem[] => {
      const field = `spec.metrics[${i}]`;
      const type = metric?.type;
      const source = SOURCES[type];
      if (!source) {
        return [problem(`${field}.type`, type, `metric type ${show(type)} is not ${Object.keys(SOURCES).join(', ')}`, 'use Resource for cpu and memory, Pods, Object or External for custom metrics')];
      }
      const others = Object.values(SOURCES).filter((s) => s !== source && metric?.[s] !== undefined && metric?.[s] !== null);
      if (others.length) {
        return [problem(`${field}.${others[0]}`, undefined, `a ${type} metric cannot also set ${others.join(', ')}`, `keep only the ${source} block`)];
      }
      const body = obj(metric?.[source]);
      if (!body) {
        return [problem(`${field}.${source}`, metric?.[source], `a ${type} metric needs its ${source} block`, `set ${source}`)];
      }
      const problems: Problem[] = [];
      if (type === 'Resource' || type === 'ContainerResource') {
        if (typeof body.name !== 'string' || body.name === '') {
          problems.push(problem(`${field}.${source}.name`, body.name, 'the metric names no resource', 'name the resource: cpu or memory'));
        }
        if (type === 'ContainerResource' && (typeof body.container !== 'string' || body.container === '')) {
          problems.push(problem(`${field}.${source}.container`, body.container, 'the metric names no container', 'name the container to measure'));
        }
      } else if (typeof obj(body.metric)?.name !== 'string' || body.metric.name === '') {
        problems.push(problem(`${field}.${source}.metric.name`, obj(body.metric)?.name, 'the metric has no name', 'name the metric'));
      }
      if (type === 'Object' && (typeof obj(body.describedObject)?.kind !== 'string' || typeof obj(body.describedObject)?.name !== 'string')) {
        problems.push(problem(`${field}.object.describedObject`, body.describedObject, 'an Object metric needs describedObject with a kind and a name', 'name the object the metric describes'));
      }
      return [...problems, ...targetProblems(`${field}.${source}.target`, type, body.target)];
    }),
  },
  {
    id: 'hpa-behavior',
    severity: 'error',
    summary: 'HPA scaling behavior: stabilizationWindowSeconds 0 to 3600, selectPolicy Max, Min or Disabled, policies of type Pods or Percent with a value above 0 and a period of 1 to 1800 seconds',
    check: ({ object }) => {
      const behavior = obj(hpaSpec(object)?.behavior);
      if (!behavior) {
        return [];
      }
      const problems: Problem[] = [];
      for (const direction of ['scaleUp', 'scaleDown']) {
        const rules = obj(behavior[direction]);
        if (!rules) {
          continue;
        }
        const at = `spec.behavior.${direction}`;
        const window = rules.stabilizationWindowSeconds;
        if (window !== undefined && window !== null && (!isInt(window) || window < 0 || window > MAX_STABILIZATION)) {
          problems.push(problem(`${at}.stabilizationWindowSeconds`, window, `stabilizationWindowSeconds ${show(window)} is not from 0 to ${MAX_STABILIZATION}`, 'use 0 to 3600 seconds'));
        }
        if (rules.selectPolicy !== undefined && !['Max', 'Min', 'Disabled'].includes(rules.selectPolicy)) {
          problems.push(problem(`${at}.selectPolicy`, rules.selectPolicy, `selectPolicy ${show(rules.selectPolicy)} is not Max, Min or Disabled`, 'use Max, Min or Disabled'));
        }
        arr(rules.policies).forEach((policy, p) => {
          const field = `${at}.policies[${p}]`;
          if (policy?.type !== 'Pods' && policy?.type !== 'Percent') {
            problems.push(problem(`${field}.type`, policy?.type, `policy type ${show(policy?.type)} is not Pods or Percent`, 'use Pods or Percent'));
          }
          if (!isInt(policy?.value) || policy.value <= 0) {
            problems.push(problem(`${field}.value`, policy?.value, `policy value ${show(policy?.value)} must be a whole number above 0`, 'use a value of 1 or more'));
          }
          if (!isInt(policy?.periodSeconds) || policy.periodSeconds <= 0 || policy.periodSeconds > MAX_POLICY_PERIOD) {
            problems.push(problem(`${field}.periodSeconds`, policy?.periodSeconds, `periodSeconds ${show(policy?.periodSeconds)} is not from 1 to ${MAX_POLICY_PERIOD}`, 'use 1 to 1800 seconds'));
          }
        });
      }
      return problems;
    },
  },
];
