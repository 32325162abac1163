import { BadInput, GoodInput } from '../harness';
import { hpa } from '../fixtures';

const metric = (m: Record<string, any>) => hpa({ metrics: [m] });

export const BAD: BadInput[] = [
  { name: 'fails when maxReplicas is below minReplicas', rule: 'hpa-replicas', objects: [hpa({ minReplicas: 5, maxReplicas: 3 })], field: 'spec.maxReplicas', message: /^maxReplicas 3 is below minReplicas 5$/ },
  { name: 'fails when minReplicas is 0', rule: 'hpa-replicas', objects: [hpa({ minReplicas: 0 })], field: 'spec.minReplicas', message: /^minReplicas 0 must be a whole number of 1 or more$/ },
  { name: 'fails when maxReplicas is 0', rule: 'hpa-replicas', objects: [hpa({ minReplicas: undefined, maxReplicas: 0 })], message: /^maxReplicas 0 must be/ },
  { name: 'fails when scaleTargetRef has no kind', rule: 'hpa-scale-target', objects: [hpa({ scaleTargetRef: { name: 'web' } })], field: 'spec.scaleTargetRef.kind', message: /^scaleTargetRef kind \(unset\) is missing or not valid$/ },
  { name: 'fails when averageUtilization is 0', rule: 'hpa-metric', objects: [metric({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } } })], field: 'spec.metrics[0].resource.target.averageUtilization', message: /^averageUtilization 0 must be above 0$/ },
  { name: 'fails when an averageValue target is "0"', rule: 'hpa-metric', objects: [metric({ type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '0' } } })], message: /^averageValue "0" must be above 0$/ },
  { name: 'fails when a Pods metric has a Utilization target', rule: 'hpa-metric', objects: [metric({ type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'Utilization', averageUtilization: 50 } } })], message: /^target type "Utilization" does not fit a Pods metric \(AverageValue\)$/ },
  { name: 'fails when a Resource metric has a pods block', rule: 'hpa-metric', objects: [metric({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } }, pods: { metric: { name: 'rps' } } })], message: /^a Resource metric cannot also set pods$/ },
  { name: 'fails when a Resource metric has no resource block', rule: 'hpa-metric', objects: [metric({ type: 'Resource' })], message: /^a Resource metric needs its resource block$/ },
  { name: 'fails when a metric type is "CPU"', rule: 'hpa-metric', objects: [metric({ type: 'CPU' })], message: /^metric type "CPU" is not Object, Pods, Resource/ },
  { name: 'fails when a target type needs a value it lacks', rule: 'hpa-metric', objects: [metric({ type: 'External', external: { metric: { name: 'queue' }, target: { type: 'Value' } } })], message: /^target type Value needs value$/ },
  { name: 'fails when a scaling policy period is 3600', rule: 'hpa-behavior', objects: [hpa({ behavior: { scaleDown: { policies: [{ type: 'Pods', value: 1, periodSeconds: 3600 }] } } })], field: 'spec.behavior.scaleDown.policies[0].periodSeconds', message: /^periodSeconds 3600 is not from 1 to 1800$/ },
  { name: 'fails when a stabilization window is 7200', rule: 'hpa-behavior', objects: [hpa({ behavior: { scaleUp: { stabilizationWindowSeconds: 7200 } } })], message: /^stabilizationWindowSeconds 7200 is not from 0 to 3600$/ },
  { name: 'fails when selectPolicy is "Maximum"', rule: 'hpa-behavior', objects: [hpa({ behavior: { scaleUp: { selectPolicy: 'Maximum' } } })], message: /^selectPolicy "Maximum" is not Max, Min or Disabled$/ },
  { name: 'fails when a policy value is 0', rule: 'hpa-behavior', objects: [hpa({ behavior: { scaleUp: { policies: [{ type: 'Percent', value: 0, periodSeconds: 60 }] } } })], message: /^policy value 0 must be a whole number above 0$/ },
];

export const GOOD: GoodInput[] = [
  { name: 'every metric type with a valid target, and a behavior', objects: [hpa({ minReplicas: undefined, maxReplicas: 1, metrics: [
    { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } },
    { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'web', target: { type: 'Utilization', averageUtilization: 80 } } },
    { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '0.5' } } },
    { type: 'Object', object: { metric: { name: 'hits' }, describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'web' }, target: { type: 'Value', value: '1e3' } } },
    { type: 'External', external: { metric: { name: 'queue', selector: { matchLabels: { queue: 'jobs' } } }, target: { type: 'AverageValue', averageValue: '30' } } },
  ], behavior: { scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Disabled' }, scaleUp: { policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }, { type: 'Pods', value: 4, periodSeconds: 1800 }] } } })] },
  { name: 'minReplicas equal to maxReplicas', objects: [hpa({ minReplicas: 3, maxReplicas: 3 })] },
];
