import { BadInput, GoodInput } from '../harness';
import { limitRange, pvc, quota, statefulSet } from '../fixtures';

export const BAD: BadInput[] = [
  { name: 'fails when a PVC has no access mode', rule: 'pvc-spec', objects: [pvc({ accessModes: [] })], field: 'spec.accessModes', message: /^the claim has no access mode$/ },
  { name: 'fails when an access mode is "ReadWrite"', rule: 'pvc-spec', objects: [pvc({ accessModes: ['ReadWrite'] })], field: 'spec.accessModes[0]', message: /^access mode "ReadWrite" is not ReadWriteOnce/ },
  { name: 'fails when ReadWriteOncePod goes with another mode', rule: 'pvc-spec', objects: [pvc({ accessModes: ['ReadWriteOncePod', 'ReadOnlyMany'] })], message: /^ReadWriteOncePod cannot be combined/ },
  { name: 'fails when a PVC requests no storage', rule: 'pvc-spec', objects: [pvc({ resources: { requests: {} } })], field: 'spec.resources.requests', message: /^the claim requests no storage$/ },
  { name: 'fails when a PVC requests 0 storage', rule: 'pvc-spec', objects: [pvc({ resources: { requests: { storage: '0' } } })], message: /^storage request "0" must be a quantity above 0$/ },
  { name: 'fails when a claim template volumeMode is "block"', rule: 'pvc-spec', objects: [statefulSet({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], volumeMode: 'block', resources: { requests: { storage: '1Gi' } } } }] })], field: 'spec.volumeClaimTemplates[0].spec.volumeMode', message: /^volumeMode "block" is not Filesystem or Block$/ },
  { name: 'fails when a quota names "cpus"', rule: 'resource-quota', objects: [quota({ hard: { cpus: '4' } })], field: 'spec.hard[cpus]', message: /^resource "cpus" is not a resource a quota can count$/ },
  { name: 'fails when a quota value is "4 cores"', rule: 'resource-quota', objects: [quota({ hard: { 'requests.cpu': '4 cores' } })], message: /^"4 cores" is not a non-negative quantity$/ },
  { name: 'fails when a quota scope is "Burstable"', rule: 'resource-quota', objects: [quota({ scopes: ['Burstable'] })], message: /^quota scope "Burstable" is not/ },
  { name: 'fails when a LimitRange type is "Namespace"', rule: 'limit-range', objects: [limitRange({ type: 'Namespace' })], field: 'spec.limits[0].type', message: /^limit type "Namespace" is not Pod, Container or PersistentVolumeClaim$/ },
  { name: 'fails when a default limit is above the max', rule: 'limit-range', objects: [limitRange({ default: { memory: '4Gi' } })], field: 'spec.limits[0].max[memory]', message: /^max memory 2Gi is below default 4Gi$/ },
  { name: 'fails when a default request is above the default limit', rule: 'limit-range', objects: [limitRange({ defaultRequest: { cpu: '1' } })], message: /^default cpu 500m is below defaultRequest 1$/ },
  { name: 'fails when a Pod limit has a default', rule: 'limit-range', objects: [limitRange({ type: 'Pod', defaultRequest: undefined, default: { cpu: '1' }, max: { cpu: '2' } })], message: /^default cannot be set for type Pod$/ },
  { name: 'fails when maxLimitRequestRatio is 0.5', rule: 'limit-range', objects: [limitRange({ maxLimitRequestRatio: { cpu: '0.5' } })], message: /^maxLimitRequestRatio 0\.5 is below 1$/ },
  { name: 'fails when a PVC limit has neither min nor max storage', rule: 'limit-range', objects: [limitRange({ type: 'PersistentVolumeClaim', default: undefined, defaultRequest: undefined, max: undefined })], message: /needs a min or max storage/ },
];

export const GOOD: GoodInput[] = [
  { name: 'a PVC with ReadWriteOncePod, Block and 1.5Gi', objects: [pvc({ accessModes: ['ReadWriteOncePod'], volumeMode: 'Block', storageClassName: 'fast-ssd', resources: { requests: { storage: '1.5Gi' } } })] },
  { name: 'quotas with count/, hugepages, storage class and scope selectors', objects: [quota({ hard: { 'count/deployments.apps': '10', 'requests.hugepages-2Mi': '1Gi', 'gold.storageclass.storage.k8s.io/requests.storage': '500Gi', 'services.loadbalancers': '0', 'requests.nvidia.com/gpu': '4' }, scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] } })] },
  { name: 'a LimitRange with min, max, ratio and a PVC limit', objects: [{ ...limitRange({ min: { cpu: '50m' }, maxLimitRequestRatio: { cpu: '10' } }), spec: { limits: [limitRange({ min: { cpu: '50m' }, maxLimitRequestRatio: { cpu: '10' } }).spec.limits[0], { type: 'PersistentVolumeClaim', min: { storage: '1Gi' }, max: { storage: '100Gi' } }, { type: 'Pod', max: { cpu: '4' } }] } }] },
];
