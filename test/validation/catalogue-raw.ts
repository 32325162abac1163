// The catalogue of issue 8 as raw objects: each bad input as a hand-written
// manifest (a chart of `ApiObject`s) would hold it, with the field that
// holds the bad value. Shared by catalogue.test.ts.

type Obj = Record<string, any>;

export const NS = 'shop';
const LABELS = { 'app.kubernetes.io/name': 'web' };
const IMAGE = 'registry.example.com/shop/web:1.4.2';
const POD_CONTEXT = { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } };
const CONTAINER_CONTEXT = { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } };
const RESOURCES = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } };

export function container(extra: Obj = {}): Obj {
  return { name: 'web', image: IMAGE, ports: [{ name: 'http', containerPort: 8080 }], securityContext: CONTAINER_CONTEXT, resources: RESOURCES, ...extra };
}

export function podSpec(extra: Obj = {}): Obj {
  return { automountServiceAccountToken: false, securityContext: POD_CONTEXT, containers: [container()], ...extra };
}

export function deployment(spec: Obj = {}, pod: Obj = {}, metadata: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: NS, ...metadata },
    spec: { replicas: 2, selector: { matchLabels: LABELS }, template: { metadata: { labels: LABELS }, spec: podSpec(pod) }, ...spec },
  };
}

export function service(spec: Obj = {}, name = 'web'): Obj {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: NS }, spec: { selector: LABELS, ports: [{ name: 'http', port: 80, targetPort: 'http' }], ...spec } };
}

export function cronJob(spec: Obj = {}): Obj {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: NS },
    spec: { schedule: '30 2 * * *', concurrencyPolicy: 'Forbid', jobTemplate: { spec: { backoffLimit: 2, template: { spec: podSpec({ restartPolicy: 'OnFailure', containers: [container({ ports: undefined })] }) } } }, ...spec },
  };
}

export function job(name = 'migrate', pod: Obj = {}): Obj {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: NS }, spec: { backoffLimit: 2, template: { spec: podSpec({ restartPolicy: 'Never', containers: [container({ ports: undefined })], ...pod }) } } };
}

export function ingress(spec: Obj = {}): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: NS },
    spec: { ingressClassName: 'nginx', rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }], ...spec },
  };
}

const web = () => [deployment(), service()];
const withPod = (pod: Obj) => [deployment({}, pod), service()];
const withContainer = (extra: Obj) => withPod({ containers: [container(extra)] });
const T = 'spec.template.spec';
const C = `${T}.containers[0]`;

/** One bad input: the objects, and the field of the one finding they must give. */
export interface RawBad {
  readonly name: string;
  readonly objects: Obj[];
  readonly field: string;
  /** Findings besides the one expected (one root cause, one finding, so 0 unless said). */
  readonly others?: number;
  readonly message?: RegExp;
}

export const RAW_BAD: RawBad[] = [
  { name: 'namespace Shop_Dev', objects: [{ ...deployment(), metadata: { name: 'web', namespace: 'Shop_Dev' } }], field: 'metadata.namespace' },
  { name: 'serviceAccountName that is not a DNS subdomain', objects: withPod({ serviceAccountName: 'Shop_Worker' }), field: `${T}.serviceAccountName` },
  { name: 'priorityClassName that is not a DNS subdomain', objects: withPod({ priorityClassName: 'High Priority' }), field: `${T}.priorityClassName` },
  { name: 'annotation key with a space', objects: [deployment({}, {}, { annotations: { 'team owner': 'shop' } }), service()], field: 'metadata.annotations[team owner]' },
  { name: 'annotation key with two slashes', objects: [deployment({}, {}, { annotations: { 'example.com/a/b': 'x' } }), service()], field: 'metadata.annotations[example.com/a/b]' },
  { name: 'annotations over 256 KiB', objects: [deployment({}, {}, { annotations: { 'example.com/blob': 'x'.repeat(256 * 1024) } }), service()], field: 'metadata.annotations' },
  { name: 'two Service ports with the same number', objects: [deployment(), service({ ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'web', port: 80, targetPort: 'http' }] })], field: 'spec.ports[1].port' },
  { name: 'two nodePorts alike', objects: [deployment(), service({ type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 'http', nodePort: 30080 }, { name: 'admin', port: 81, targetPort: 'http', nodePort: 30080 }] })], field: 'spec.ports[1].nodePort' },
  { name: 'two container ports with the same name', objects: withContainer({ ports: [{ name: 'http', containerPort: 8080 }, { name: 'http', containerPort: 8081 }] }), field: `${C}.ports[1].name` },
  { name: 'clusterIP 10.96.0.300', objects: [deployment(), service({ clusterIP: '10.96.0.300' })], field: 'spec.clusterIP' },
  { name: 'ExternalName without externalName', objects: [{ ...service(), spec: { type: 'ExternalName' } }], field: 'spec.externalName' },
  { name: 'loadBalancerSourceRanges on a ClusterIP Service', objects: [deployment(), service({ loadBalancerSourceRanges: ['10.0.0.0/8'] })], field: 'spec.loadBalancerSourceRanges' },
  { name: 'ingress class name with upper case', objects: [...web(), ingress({ ingressClassName: 'Nginx' })], field: 'spec.ingressClassName' },
  { name: 'probe failureThreshold -1', objects: withContainer({ livenessProbe: { httpGet: { path: '/', port: 'http' }, failureThreshold: -1 } }), field: `${C}.livenessProbe.failureThreshold` },
  { name: 'exec probe with no command', objects: withContainer({ livenessProbe: { exec: {} } }), field: `${C}.livenessProbe.exec.command` },
  { name: 'env with both value and valueFrom', objects: withContainer({ env: [{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }), field: `${C}.env[0].valueFrom` },
  { name: 'two volume mounts at one path', objects: withPod({ volumes: [{ name: 'a', emptyDir: {} }, { name: 'b', emptyDir: {} }], containers: [container({ volumeMounts: [{ name: 'a', mountPath: '/data' }, { name: 'b', mountPath: '/data' }] })] }), field: `${C}.volumeMounts[1].mountPath` },
  { name: 'subPath ../etc', objects: withPod({ volumes: [{ name: 'a', emptyDir: {} }], containers: [container({ volumeMounts: [{ name: 'a', mountPath: '/data', subPath: '../etc' }] })] }), field: `${C}.volumeMounts[0].subPath` },
  { name: 'volume item path with ..', objects: [...withPod({ volumes: [{ name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'a', path: '../a' }] } }], containers: [container({ volumeMounts: [{ name: 'cfg', mountPath: '/cfg' }] })] }), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: NS }, data: { a: '1' } }], field: `${T}.volumes[0].configMap.items[0].path` },
  { name: 'cron 61 * * * *', objects: [cronJob({ schedule: '61 * * * *' })], field: 'spec.schedule' },
  { name: 'cron */0', objects: [cronJob({ schedule: '*/0 * * * *' })], field: 'spec.schedule' },
  { name: 'cron with four fields', objects: [cronJob({ schedule: '0 * * *' })], field: 'spec.schedule' },
  { name: 'time zone Mars/Olympus_Mons', objects: [cronJob({ timeZone: 'Mars/Olympus_Mons' })], field: 'spec.timeZone' },
  { name: 'node requirement key with a space', objects: withPod({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'workload class', operator: 'In', values: ['batch'] }] }] } } } }), field: `${T}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key` },
  { name: 'nodeAffinity: {} (requireAnyOf() with no term)', objects: withPod({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } } }), field: `${T}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms` },
  { name: 'toleration effect NoSchedul', objects: withPod({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedul' }] }), field: `${T}.tolerations[0].effect` },
  { name: 'maxSurge 0 with maxUnavailable 0', objects: [deployment({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }), service()], field: 'spec.strategy.rollingUpdate.maxUnavailable' },
  { name: 'Recreate with a rollingUpdate block', objects: [deployment({ strategy: { type: 'Recreate', rollingUpdate: { maxSurge: 1 } } }), service()], field: 'spec.strategy.rollingUpdate' },
  { name: 'PDB with both minAvailable and maxUnavailable', objects: [...web(), { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: NS }, spec: { minAvailable: 1, maxUnavailable: 1, selector: { matchLabels: LABELS } } }], field: 'spec.maxUnavailable' },
  { name: 'HPA target utilization 0', objects: [...web(), { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: NS }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } } }] } }], field: 'spec.metrics[0].resource.target.averageUtilization' },
  { name: 'topology spread maxSkew 0', objects: withPod({ topologySpreadConstraints: [{ maxSkew: 0, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: LABELS } }] }), field: `${T}.topologySpreadConstraints[0].maxSkew` },
  { name: 'host alias IP db-primary', objects: withPod({ hostAliases: [{ ip: 'db-primary', hostnames: ['db'] }] }), field: `${T}.hostAliases[0].ip` },
  { name: 'NetworkPolicy CIDR /33', objects: [...web(), { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web', namespace: NS }, spec: { podSelector: { matchLabels: LABELS }, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] } }], field: 'spec.ingress[0].from[0].ipBlock.cidr' },
  { name: 'NetworkPolicy except outside the CIDR', objects: [...web(), { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web', namespace: NS }, spec: { podSelector: { matchLabels: LABELS }, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24'] } }] }] } }], field: 'spec.ingress[0].from[0].ipBlock.except[0]' },
  { name: 'image reference with a space', objects: withContainer({ image: 'registry.example.com/shop/web :1.4.2' }), field: `${C}.image` },
  { name: 'image reference with upper case', objects: withContainer({ image: 'registry.example.com/Shop/Web:1.4.2' }), field: `${C}.image` },
  { name: 'Ingress host with a port', objects: [...web(), ingress({ rules: [{ host: 'shop.example.com:8443', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }] })], field: 'spec.rules[0].host', message: /port/ },
  { name: 'Ingress path /static/.', objects: [...web(), ingress({ rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/static/.', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }] })], field: 'spec.rules[0].http.paths[0].path' },
  // Gaps found against pkg/apis/core/validation (ValidatePodSpec): fixed with rules pod-dns, security-context, init-container.
  { name: 'dnsPolicy None without dnsConfig', objects: withPod({ dnsPolicy: 'None' }), field: `${T}.dnsConfig` },
  { name: 'a nameserver that is a host name', objects: withPod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['dns.local'] } }), field: `${T}.dnsConfig.nameservers[0]` },
  { name: 'an init container with a readinessProbe', objects: withPod({ initContainers: [container({ name: 'init', ports: undefined, readinessProbe: { exec: { command: ['true'] } } })] }), field: `${T}.initContainers[0].readinessProbe` },
  { name: 'runAsUser -1', objects: withContainer({ securityContext: { ...CONTAINER_CONTEXT, runAsUser: -1 } }), field: `${C}.securityContext.runAsUser` },
  { name: 'a Localhost seccomp profile without its file', objects: withPod({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Localhost' } } }), field: `${T}.securityContext.seccompProfile.localhostProfile` },
  { name: 'a sysctl name with a space', objects: withPod({ securityContext: { ...POD_CONTEXT, sysctls: [{ name: 'net ipv4', value: '1' }] } }), field: `${T}.securityContext.sysctls[0].name` },
  // From the validation_test.go tables, already refused: kept so that they stay so.
  { name: 'env name A=B', objects: withContainer({ env: [{ name: 'A=B', value: 'x' }] }), field: `${C}.env[0].name` },
  { name: 'a mount of a volume the pod does not have', objects: withContainer({ volumeMounts: [{ name: 'nope', mountPath: '/a' }] }), field: `${C}.volumeMounts[0].name` },
  { name: 'a Job with restartPolicy Always', objects: [job('migrate', { restartPolicy: 'Always' })], field: `${T}.restartPolicy` },
  { name: 'TZ= in a schedule', objects: [cronJob({ schedule: 'TZ=UTC 0 * * * *' })], field: 'spec.schedule' },
  { name: 'a CronJob name of 53 characters', objects: [{ ...cronJob(), metadata: { name: 'a'.repeat(53), namespace: NS } }], field: 'metadata.name' },
  { name: 'a probe with two handlers', objects: withContainer({ livenessProbe: { httpGet: { path: '/', port: 'http' }, tcpSocket: { port: 'http' } } }), field: `${C}.livenessProbe` },
  { name: 'liveness successThreshold 2', objects: withContainer({ livenessProbe: { httpGet: { path: '/', port: 'http' }, successThreshold: 2 } }), field: `${C}.livenessProbe.successThreshold` },
  { name: 'an Ingress host that is an IP address', objects: [...web(), ingress({ rules: [{ host: '10.0.0.1', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }] })], field: 'spec.rules[0].host' },
  { name: 'a toleration with Exists and a value', objects: withPod({ tolerations: [{ key: 'a', operator: 'Exists', value: 'b' }] }), field: `${T}.tolerations[0].value` },
  { name: 'tolerationSeconds with NoSchedule', objects: withPod({ tolerations: [{ key: 'a', operator: 'Equal', value: 'b', effect: 'NoSchedule', tolerationSeconds: 60 }] }), field: `${T}.tolerations[0].tolerationSeconds` },
  { name: 'a configMap volume defaultMode 0o1000', objects: [...withPod({ volumes: [{ name: 'a', configMap: { name: 'cfg', defaultMode: 512 } }], containers: [container({ volumeMounts: [{ name: 'a', mountPath: '/a' }] })] }), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: NS }, data: { a: '1' } }], field: `${T}.volumes[0].configMap.defaultMode` },
  { name: 'cron day of week 8', objects: [cronJob({ schedule: '0 0 * * 8' })], field: 'spec.schedule' },
  { name: 'time zone "Local"', objects: [cronJob({ timeZone: 'Local' })], field: 'spec.timeZone' },
];

export const RAW_GOOD: Array<{ name: string; objects: Obj[] }> = [
  { name: 'IPv6 clusterIP', objects: [deployment(), service({ clusterIP: 'fd00:10:96::a' })] },
  { name: 'clusterIP None', objects: [deployment(), service({ clusterIP: 'None' })] },
  { name: 'wildcard Ingress host', objects: [...web(), ingress({ rules: [{ host: '*.shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }] })] },
  { name: 'image by digest', objects: withContainer({ image: `registry.example.com/shop/web@sha256:${'a'.repeat(64)}` }) },
  { name: 'registry with a port', objects: withContainer({ image: 'registry.example.com:5000/shop/web:1.4.2' }) },
  { name: 'cron @daily', objects: [cronJob({ schedule: '@daily' })] },
  { name: 'IANA time zone', objects: [cronJob({ timeZone: 'America/Argentina/Buenos_Aires' })] },
  { name: 'quantities 0.5, 1e3, 500m, 1Ei', objects: withContainer({ resources: { requests: { cpu: '0.5', memory: '1e3' }, limits: { cpu: '500m', memory: '1Ei', 'ephemeral-storage': '1Ei' } } }) },
  { name: 'empty label value', objects: [deployment({}, {}, { labels: { 'example.com/tier': '' } }), service()] },
  { name: 'dotted env name', objects: withContainer({ env: [{ name: 'spring.profiles.active', value: 'prod' }] }) },
  { name: 'Job name with dots', objects: [job('migrate.v2')] },
  { name: 'dnsPolicy None with nameservers and searches ending in a dot', objects: withPod({ dnsPolicy: 'None', dnsConfig: { nameservers: ['10.96.0.10', 'fd00::10'], searches: ['shop.svc.cluster.local.'], options: [{ name: 'ndots', value: '2' }] } }) },
  { name: 'a Localhost seccomp profile with its file, and sysctls', objects: withPod({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' }, sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }] } }) },
  { name: 'cron @every 1h', objects: [cronJob({ schedule: '@every 1h' })] },
];
