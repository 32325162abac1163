import { BadInput, GoodInput } from '../harness';
import { container, cronJob, daemonSet, deployment, job, replicaSet, statefulSet } from '../fixtures';

const strategy = (s: Record<string, any>) => deployment({ strategy: s });
const rolling = (r: Record<string, any>) => strategy({ type: 'RollingUpdate', rollingUpdate: r });
const dsRolling = (r: Record<string, any>) => daemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: r } });

export const BAD: BadInput[] = [
  { name: 'fails when a Deployment selector is empty', rule: 'selector-match', objects: [deployment({ selector: {} })], field: 'spec.selector', message: /^the selector is empty/ },
  { name: 'fails when a selector label is missing from the pod template', rule: 'selector-match', objects: [replicaSet({ selector: { matchLabels: { 'app.kubernetes.io/name': 'web', 'tier': 'web' } } })], field: 'spec.selector.matchLabels[tier]', message: /^the pod template has no label tier, so the selector tier=web does not match it$/ },
  { name: 'fails when a selector expression does not match the pod template', rule: 'selector-match', objects: [statefulSet({ selector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['db'] }] } })], field: 'spec.selector.matchExpressions[0]', message: /^the pod template's labels do not satisfy app\.kubernetes\.io\/name In \["db"\]$/ },
  { name: 'fails when maxSurge and maxUnavailable are both 0', rule: 'update-strategy', objects: [rolling({ maxSurge: 0, maxUnavailable: 0 })], field: 'spec.strategy.rollingUpdate.maxUnavailable', message: /^maxUnavailable and maxSurge are both 0/ },
  { name: 'fails when maxSurge "0%" and maxUnavailable 0', rule: 'update-strategy', objects: [rolling({ maxSurge: '0%', maxUnavailable: 0 })], message: /both 0/ },
  { name: 'fails when a Recreate strategy has rollingUpdate', rule: 'update-strategy', objects: [strategy({ type: 'Recreate', rollingUpdate: { maxSurge: 1 } })], field: 'spec.strategy.rollingUpdate', message: /^a Recreate strategy cannot have rollingUpdate settings$/ },
  { name: 'fails when maxUnavailable is 150%', rule: 'update-strategy', objects: [rolling({ maxUnavailable: '150%' })], message: /^maxUnavailable "150%" is more than 100%$/ },
  { name: 'fails when maxSurge is -1', rule: 'update-strategy', objects: [rolling({ maxSurge: -1 })], message: /^maxSurge -1 is negative$/ },
  { name: 'fails when maxSurge is "one"', rule: 'update-strategy', objects: [rolling({ maxSurge: 'one' })], message: /^maxSurge "one" must be a whole number or a percentage/ },
  { name: 'fails when a strategy type is "Rolling"', rule: 'update-strategy', objects: [strategy({ type: 'Rolling' })], message: /^strategy type "Rolling" is not RollingUpdate or Recreate$/ },
  { name: 'fails when a DaemonSet sets maxSurge and maxUnavailable', rule: 'update-strategy', objects: [dsRolling({ maxSurge: 1, maxUnavailable: 1 })], field: 'spec.updateStrategy.rollingUpdate.maxSurge', message: /^a DaemonSet can set maxSurge only when maxUnavailable is 0$/ },
  { name: 'fails when a DaemonSet sets maxUnavailable 0 without maxSurge', rule: 'update-strategy', objects: [dsRolling({ maxUnavailable: 0 })], message: /both 0/ },
  { name: 'fails when a StatefulSet OnDelete strategy has rollingUpdate', rule: 'update-strategy', objects: [statefulSet({ updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } } })], message: /^an OnDelete update strategy cannot have rollingUpdate settings$/ },
  { name: 'fails when a StatefulSet partition is -1', rule: 'update-strategy', objects: [statefulSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: -1 } } })], message: /^partition -1 is not a whole number of 0 or more$/ },
  { name: 'fails when a Deployment template has activeDeadlineSeconds 0, once', rule: 'workload-spec', objects: [deployment({}, { activeDeadlineSeconds: 0 })], field: 'spec.template.spec.activeDeadlineSeconds', message: /^a Deployment's pods cannot have activeDeadlineSeconds/ },
  { name: 'fails when a Deployment template has activeDeadlineSeconds', rule: 'workload-spec', objects: [deployment({}, { activeDeadlineSeconds: 60 })], field: 'spec.template.spec.activeDeadlineSeconds', message: /^a Deployment's pods cannot have activeDeadlineSeconds/ },
  { name: 'fails when progressDeadlineSeconds is not above minReadySeconds', rule: 'workload-spec', objects: [deployment({ minReadySeconds: 60, progressDeadlineSeconds: 60 })], message: /^progressDeadlineSeconds 60 must be greater than minReadySeconds 60$/ },
  { name: 'fails when podManagementPolicy is "Ordered"', rule: 'workload-spec', objects: [statefulSet({ podManagementPolicy: 'Ordered' })], message: /^podManagementPolicy "Ordered" is not OrderedReady or Parallel$/ },
  { name: 'fails when a claim retention policy is "Keep"', rule: 'workload-spec', objects: [statefulSet({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Keep' } })], message: /^whenDeleted "Keep" is not Retain or Delete$/ },
  { name: 'fails when two claim templates have the same name', rule: 'workload-spec', objects: [statefulSet({ volumeClaimTemplates: [0, 1].map(() => ({ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } })) })], field: 'spec.volumeClaimTemplates[1].metadata.name', message: /^claim template name "data" is used twice$/ },
  { name: 'fails when replicas are negative', rule: 'non-negative-count', objects: [deployment({ replicas: -1 })], field: 'spec.replicas', message: /^-1 is not a whole number of at least 0$/ },
  { name: 'fails when a DaemonSet minReadySeconds is -5', rule: 'non-negative-count', objects: [daemonSet({ minReadySeconds: -5 })], message: /^-5 is not a whole number/ },
  { name: 'fails when a Job ttlSecondsAfterFinished is -1', rule: 'non-negative-count', objects: [job({ ttlSecondsAfterFinished: -1 })], field: 'spec.ttlSecondsAfterFinished', message: /^-1 is not a whole number of at least 0$/ },
  { name: 'fails when a Job completions is -1', rule: 'non-negative-count', objects: [job({ completions: -1 })], message: /^-1 is not/ },
  { name: 'fails when a CronJob startingDeadlineSeconds is -10', rule: 'non-negative-count', objects: [cronJob({ startingDeadlineSeconds: -10 })], field: 'spec.startingDeadlineSeconds', message: /^-10 is not/ },
  { name: 'fails when a CronJob successfulJobsHistoryLimit is -1', rule: 'non-negative-count', objects: [cronJob({ successfulJobsHistoryLimit: -1 })], message: /^-1 is not/ },
  { name: 'fails when a pod terminationGracePeriodSeconds is -1', rule: 'non-negative-count', objects: [deployment({}, { terminationGracePeriodSeconds: -1 })], message: /^-1 is not/ },
];

export const GOOD: GoodInput[] = [
  { name: 'a Deployment with maxSurge 0 and maxUnavailable 1, and maxSurge 200%', objects: [rolling({ maxSurge: 0, maxUnavailable: 1 }), { ...rolling({ maxSurge: '200%', maxUnavailable: '0%' }), metadata: { name: 'web2', namespace: 'shop' } }] },
  { name: 'a Recreate Deployment, an OnDelete DaemonSet and a surging DaemonSet', objects: [strategy({ type: 'Recreate' }), daemonSet({ updateStrategy: { type: 'OnDelete' } }), { ...dsRolling({ maxSurge: '25%', maxUnavailable: 0 }), metadata: { name: 'agent2', namespace: 'shop' } }] },
  { name: 'a StatefulSet with Parallel pods, partition, retention policy and ordinals', objects: [statefulSet({ podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2, maxUnavailable: '50%' } }, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' }, ordinals: { start: 1 }, minReadySeconds: 10 })] },
  { name: 'replicas 0 and selectors with expressions that match', objects: [deployment({ replicas: 0, selector: { matchLabels: { 'app.kubernetes.io/name': 'web' }, matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }, { key: 'app.kubernetes.io/name', operator: 'Exists' }] } })] },
  { name: 'a Job named with dots, with zero counts', objects: [job({ completions: 0, parallelism: 0, backoffLimit: 0, ttlSecondsAfterFinished: 0 }, {}, 'db.migrate.v2')] },
  { name: 'a ReplicaSet whose pods have more labels than the selector', objects: [replicaSet({}, { containers: [container()] })] },
];
