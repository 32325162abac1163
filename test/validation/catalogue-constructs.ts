// The catalogue of issue 8 through the library's constructs: each bad
// input built the way a user would, with the field of the one finding it
// must give (a rendered field for a value the rules refuse, or the prop
// for a `PropError`). Shared by catalogue.test.ts.

import { Chart, Cron, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  Cidr, CronJob, HostAlias, Job, LifecycleHandler, NetworkPeer, NetworkPolicy, NodeAffinity, NodeRequirement, PodDns, Probe, Service, Spread,
  Toleration, UpdateStrategy, Volume, WebService, Worker, WorkerProps, ContainerProps,
} from '../../lib';

const IMAGE = 'registry.example.com/shop/web:1.4.2';
const T = 'spec.template.spec';
const C = `${T}.containers[0]`;

export interface ConstructBad {
  readonly name: string;
  readonly build: (chart: Chart) => void;
  /** Field of the one finding: the rendered field, or the prop of a `PropError`. */
  readonly field: string;
  readonly message?: RegExp;
  readonly fix?: RegExp;
  /** Namespace of the environment. @default 'test' */
  readonly namespace?: string;
}

const worker = (extra: Partial<WorkerProps> = {}, container: Partial<ContainerProps> = {}) => (c: Chart) => {
  new Worker(c, 'queue', { container: { image: IMAGE, ...container }, ...extra });
};

export const CONSTRUCT_BAD: ConstructBad[] = [
  { name: 'serviceAccountName that is not a DNS subdomain', build: worker({ serviceAccountName: 'Shop_Worker' }), field: `${T}.serviceAccountName` },
  { name: 'priorityClassName that is not a DNS subdomain', build: worker({ priorityClassName: 'High Priority' }), field: `${T}.priorityClassName` },
  { name: 'pod annotation key with a space', build: worker({ podAnnotations: { 'team owner': 'shop' } }), field: 'spec.template.metadata.annotations[team owner]' },
  { name: 'Service annotation key with two slashes', build: (c) => { new WebService(c, 'web', { container: { image: IMAGE }, service: { annotations: { 'example.com/a/b': 'x' } } }); }, field: 'metadata.annotations[example.com/a/b]' },
  { name: 'pod annotations over 256 KiB', build: worker({ podAnnotations: { 'example.com/blob': 'x'.repeat(256 * 1024) } }), field: 'spec.template.metadata.annotations' },
  { name: 'two Service ports with the same number', build: (c) => { new WebService(c, 'web', { container: { image: IMAGE }, ports: [{ port: 80, containerPort: 8080, name: 'http' }, { port: 80, containerPort: 8081, name: 'admin' }] }); }, field: 'spec.ports[1].port' },
  { name: 'two nodePorts alike', build: (c) => { new WebService(c, 'web', { container: { image: IMAGE }, service: { type: kplus.ServiceType.NODE_PORT }, ports: [{ port: 80, containerPort: 8080, name: 'http', nodePort: 30080 }, { port: 81, containerPort: 8081, name: 'admin', nodePort: 30080 }] }); }, field: 'spec.ports[1].nodePort' },
  { name: 'two container ports with the same name', build: worker({}, { ports: [{ number: 8080, name: 'http' }, { number: 8081, name: 'http' }] }), field: `${C}.ports[1].name` },
  { name: 'clusterIP 10.96.0.300', build: (c) => { new WebService(c, 'web', { container: { image: IMAGE }, service: { clusterIP: '10.96.0.300' } }); }, field: 'spec.clusterIP' },
  { name: 'ExternalName Service with an empty externalName', build: (c) => { Service.externalName(c, 'db', { externalName: '' }); }, field: 'externalName' },
  { name: 'ExternalName Service with an IP and port', build: (c) => { Service.externalName(c, 'db', { externalName: '10.0.0.1:5432' }); }, field: 'externalName' },
  { name: 'two Service ports with the same number (Service)', build: (c) => { new Service(c, 'svc', { ports: [{ port: 80, name: 'http' }, { port: 80, name: 'web' }] }); }, field: 'ports[1].port' },
  { name: 'loadBalancerSourceRanges on a ClusterIP Service', build: (c) => { new Service(c, 'web', { ports: [{ port: 80, name: 'http' }], loadBalancerSourceRanges: [Cidr.of('10.0.0.0/8')] }); }, field: 'loadBalancerSourceRanges' },
  { name: 'ingress class name with upper case', build: (c) => { new WebService(c, 'web', { container: { image: IMAGE }, ingress: { host: 'shop.example.com', className: 'Nginx' } }); }, field: 'spec.ingressClassName' },
  { name: 'probe failureThreshold -1', build: worker({}, { ports: [{ number: 8080, name: 'http' }], liveness: Probe.httpGet('/healthz', { port: 'http', failureThreshold: -1 }) }), field: `${C}.livenessProbe.failureThreshold` },
  { name: 'exec probe with no command', build: worker({}, { liveness: Probe.exec([]) }), field: `${C}.livenessProbe.exec.command` },
  { name: 'two mounts at one path', build: worker({}, { mounts: [{ path: '/data', volume: Volume.emptyDir('a') }, { path: '/data', volume: Volume.emptyDir('b') }] }), field: `${C}.volumeMounts[1].mountPath` },
  { name: 'subPath ../etc', build: worker({}, { mounts: [{ path: '/data', volume: Volume.emptyDir('a'), subPath: '../etc' }] }), field: `${C}.volumeMounts[0].subPath` },
  { name: 'cron 61 * * * *', build: (c) => { new CronJob(c, 'report', { container: { image: IMAGE }, schedule: Cron.schedule({ minute: '61' }) }); }, field: 'spec.schedule' },
  { name: 'cron */0', build: (c) => { new CronJob(c, 'report', { container: { image: IMAGE }, schedule: Cron.schedule({ minute: '*/0' }) }); }, field: 'spec.schedule' },
  { name: 'time zone Mars/Olympus_Mons', build: (c) => { new CronJob(c, 'report', { container: { image: IMAGE }, schedule: Cron.daily(), timeZone: 'Mars/Olympus_Mons' }); }, field: 'spec.timeZone' },
  { name: 'node requirement key with a space', build: (c) => { new Job(c, 'migrate', { container: { image: IMAGE }, nodeAffinity: NodeAffinity.require(NodeRequirement.in('workload class', ['batch'])) }); }, field: `${T}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key` },
  { name: 'a volume name given to two different volumes', build: worker({}, { mounts: [{ path: '/a', volume: Volume.emptyDir('data') }, { path: '/b', volume: Volume.emptyDir('data', { inMemory: true }) }] }), field: 'container.mounts[1].volume' },
  { name: 'requireAnyOf() with no term', build: (c) => { new Job(c, 'migrate', { container: { image: IMAGE }, nodeAffinity: NodeAffinity.requireAnyOf() }); }, field: 'nodeAffinity' },
  { name: 'maxSurge 0 with maxUnavailable 0', build: worker({ strategy: UpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(0), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }) }), field: 'spec.strategy.rollingUpdate.maxUnavailable' },
  { name: 'PDB with both fields', build: (c) => { new WebService(c, 'web', { container: { image: IMAGE }, replicas: 3, disruptionBudget: { minAvailable: kplus.PercentOrAbsolute.absolute(1), maxUnavailable: kplus.PercentOrAbsolute.absolute(1) } }); }, field: 'spec.maxUnavailable' },
  { name: 'HPA target 0', build: (c) => { new WebService(c, 'web', { container: { image: IMAGE }, autoscaling: { maxReplicas: 5, cpuUtilization: 0 } }); }, field: 'spec.metrics[0].resource.target.averageUtilization' },
  { name: 'topology spread maxSkew 0', build: worker({ spread: [Spread.evenly({ maxSkew: 0 })] }), field: `${T}.topologySpreadConstraints[0].maxSkew` },
  { name: 'host alias IP db-primary', build: worker({ hostAliases: [{ ip: 'db-primary', hostnames: ['db'] } as HostAlias] }), field: `${T}.hostAliases[0].ip` },
  { name: 'NetworkPolicy except outside the CIDR', build: (c) => { new NetworkPolicy(c, 'np', { ingress: [{ peers: [NetworkPeer.ipBlock(Cidr.of('10.0.0.0/16'), [Cidr.of('10.1.0.0/24')])] }] }); }, field: 'ingress[0].peers[0].except[0]' },
  { name: 'image reference with a space', build: worker({}, { image: 'registry.example.com/shop/web :1.4.2' }), field: `${C}.image` },
  { name: 'image reference with upper case', build: worker({}, { image: 'registry.example.com/Shop/Web:1.4.2' }), field: `${C}.image` },
  { name: 'Ingress host with a port', build: (c) => { new WebService(c, 'web', { container: { image: IMAGE }, ingress: { host: 'shop.example.com:8443' } }); }, field: 'spec.rules[0].host', message: /port/ },
  { name: 'Ingress path /static/.', build: (c) => { new WebService(c, 'web', { container: { image: IMAGE }, ingress: { host: 'shop.example.com', path: '/static/.' } }); }, field: 'spec.rules[0].http.paths[0].path' },
  // Thrown construct errors, reported as findings on their prop (PropError).
  { name: 'PodDns.none() without a name server', build: worker({ dns: PodDns.none({}) }), field: 'dns' },
  { name: 'a WebService with ports []', build: (c) => { new WebService(c, 'web', { container: { image: IMAGE }, ports: [] }); }, field: 'ports' },
  { name: 'progressDeadline not above minReady', build: worker({ progressDeadline: Duration.seconds(10), minReady: Duration.seconds(10) }), field: 'progressDeadline' },
  { name: 'a privileged container with allowPrivilegeEscalation false', build: worker({}, { security: { privileged: true, allowPrivilegeEscalation: false } }), field: `${C}.securityContext.allowPrivilegeEscalation` },
  { name: 'an httpGet hook with no port to call', build: worker({}, { lifecycle: { postStart: LifecycleHandler.httpGet('/warm') } }), field: 'container', message: /needs a port: the container declares none/ },
  { name: 'podSecurity.runAsUser 0', build: worker({ podSecurity: { runAsUser: 0 } }), field: `${T}.securityContext.runAsUser`, message: /uid 0/, fix: /podSecurity\.runAsUser/ },
];

export const CONSTRUCT_GOOD: Array<{ name: string; build: (chart: Chart) => void }> = [
  { name: 'headless clusterIP None and IPv6', build: (c) => { new WebService(c, 'web', { container: { image: IMAGE }, service: { clusterIP: 'None' } }); new Service(c, 'v6', { ports: [{ port: 80, name: 'http' }], clusterIP: 'fd00:10:96::a' }); } },
  { name: 'wildcard host', build: (c) => { new WebService(c, 'web', { container: { image: IMAGE }, ingress: { host: '*.shop.example.com' } }); } },
  { name: 'image digest and registry with a port', build: (c) => { new Worker(c, 'a', { container: { image: `registry.example.com:5000/shop/web@sha256:${'a'.repeat(64)}` } }); } },
  { name: 'an IANA time zone of three parts', build: (c) => { new CronJob(c, 'report', { container: { image: IMAGE }, schedule: Cron.daily(), timeZone: 'America/Argentina/Buenos_Aires' }); } },
  { name: 'dotted env name and empty label value', build: (c) => { new Worker(c, 'a', { container: { image: IMAGE, env: { 'spring.profiles.active': kplus.EnvValue.fromValue('prod') } }, podLabels: { 'example.com/tier': '' } }); } },
  { name: 'Job name with dots', build: (c) => { new Job(c, 'migrate', { name: 'migrate.v2', container: { image: IMAGE } }); } },
  { name: 'toleration with evictAfter and tolerations of every kind', build: worker({ tolerations: [Toleration.equal('dedicated', 'batch', { effect: kplus.TaintEffect.NO_EXECUTE, evictAfter: Duration.minutes(5) }), Toleration.exists('gpu')] }) },
];
