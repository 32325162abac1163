import { ApiObject, Chart, Cron, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  AllowIngress, Allowances, ContainerProps, EnvFrom, EnvironmentNamespace, Finding, JobRestartPolicy, NodeAffinity,
  NodePinnedCronJob, NodePinnedCronJobProps, NodePinnedJob, NodePinnedJobProps, NodeRequirement, Probe,
  RegistryCredentials, RegistryPullSecret, ReplicaSet, RULE_IDS, RuleId, SeccompProfile, Spread, StandalonePod,
  Volume, WebService, WebServiceProps,
} from '../../lib';
import { findingsOf } from '../helpers';

// Every rule of RULE_IDS (but 'schema', see schema.test.ts) is fed bad input
// here, through the typed constructs where they can say it and through raw
// ApiObjects and JSON patches where they cannot. Each case names the rule,
// the message, the field and the construct path it expects.
//
// JSON patches on the constructs' objects apply to the Kubernetes JSON as
// written, so they can put in anything a hand-edited manifest could.

/** One bad input and the finding it must give. */
interface BadCase {
  /** What is bad, as the test name: "fails when ...". */
  readonly name: string;
  /** Adds the bad objects to the chart (namespace `test`, path `app-test`). */
  readonly build: (chart: Chart) => void;
  readonly rule: RuleId;
  /** Field path in the written object. */
  readonly field?: string | RegExp;
  readonly message: RegExp;
  /** Construct path of the object that holds the mistake; always under `app-test/`. */
  readonly path?: string;
  /** @default 'error' */
  readonly severity?: Finding['severity'];
  /** Render credential-holding objects (`synth --secrets`). */
  readonly secrets?: boolean;
  /** Environment variables set (a string) or unset (undefined) during the synth, restored after. */
  readonly env?: Record<string, string | undefined>;
}

/** Something that must not give a finding of `rule`. */
interface GoodCase {
  readonly name: string;
  readonly build: (chart: Chart) => void;
  readonly rule: RuleId;
  readonly secrets?: boolean;
}

const IMAGE = 'registry.example.com/shop/web:1.4.2';
// JSON pointers and field paths of the pod of a Deployment or Job.
const POD = '/spec/template/spec';
const C0 = `${POD}/containers/0`;
const F_POD = 'spec.template.spec';
const F_C0 = `${F_POD}.containers[0]`;
const REQUIRED = '/spec/template/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms';
const F_REQUIRED = 'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms';
const F_PREFERRED = 'spec.template.spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution';

const main = (extra: Partial<ContainerProps> = {}): ContainerProps => ({ image: IMAGE, ...extra });

function web(scope: Construct, props: Partial<WebServiceProps> = {}, id = 'web'): WebService {
  return new WebService(scope, id, { container: main(), ...props });
}

/** A WebService whose Deployment is changed by `patches` after rendering. */
function patchedWeb(scope: Construct, patches: JsonPatch[], props: Partial<WebServiceProps> = {}): WebService {
  const service = web(scope, props);
  service.deployment.addJsonPatch(...patches);
  return service;
}

const PINNED = NodeAffinity.require(NodeRequirement.in('pool', ['batch']));

function job(scope: Construct, props: Partial<NodePinnedJobProps> = {}, id = 'job'): NodePinnedJob {
  return new NodePinnedJob(scope, id, { container: main(), nodeAffinity: PINNED, ...props });
}

function cron(scope: Construct, props: Partial<NodePinnedCronJobProps> = {}, id = 'cron'): NodePinnedCronJob {
  return new NodePinnedCronJob(scope, id, { container: main(), nodeAffinity: PINNED, schedule: Cron.daily(), ...props });
}

/** A raw object, for what the typed constructs cannot write. */
function raw(scope: Construct, id: string, apiVersion: string, kind: string, body: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): ApiObject {
  return new ApiObject(scope, id, { apiVersion, kind, metadata: { name: id, ...metadata }, ...body });
}

/** A container that meets every rule, for raw pods. */
const RESTRICTED_CONTAINER = {
  name: 'main',
  image: IMAGE,
  securityContext: {
    allowPrivilegeEscalation: false,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  },
};

/** A raw Pod with `spec` merged over one restricted container. */
function rawPod(scope: Construct, id: string, spec: Record<string, unknown> = {}): ApiObject {
  return raw(scope, id, 'v1', 'Pod', { spec: { containers: [RESTRICTED_CONTAINER], ...spec } }, { labels: { app: id } });
}

// A Secret or ConfigMap the chart neither defines nor declares: only its name is known.
const undeclaredSecret = (name: string) => ({ name }) as unknown as kplus.ISecret;
const undeclaredConfigMap = (name: string) => ({ name }) as unknown as kplus.IConfigMap;

function settings(scope: Construct, data: Record<string, string> = { color: 'blue' }): kplus.ConfigMap {
  return new kplus.ConfigMap(scope, 'settings', { metadata: { name: 'settings' }, data });
}

/** `findingsOf`, with environment variables set or unset for the synth and restored after. */
function findingsWithEnv(build: (chart: Chart) => void, options: { secrets?: boolean; env?: Record<string, string | undefined> } = {}): Finding[] {
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(options.env ?? {})) {
    saved.set(name, process.env[name]);
    setEnv(name, value);
  }
  try {
    return findingsOf(build, { secrets: options.secrets });
  } finally {
    for (const [name, value] of saved) {
      setEnv(name, value);
    }
  }
}

function setEnv(name: string, value: string | undefined): void {
  if (value === undefined) {
    delete process.env[name];
  } else {
    process.env[name] = value;
  }
}

function summary(findings: Finding[]): string {
  return findings.map((f) => `  [${f.rule}] ${f.path} ${f.field ?? ''}: ${f.message}`).join('\n') || '  (no finding)';
}

// ---------------------------------------------------------------------------
// Names and labels

const NAMES: BadCase[] = [
  {
    name: 'fails when a Service name starts with a digit',
    build: (chart) => { web(chart, { name: '1web' }); },
    rule: 'object-name',
    path: 'app-test/web/Service',
    field: 'metadata.name',
    message: /^name "1web" must be lower-case letters, digits and "-", starting with a letter .*a Service name must be a DNS-1035 label/,
  },
  {
    name: 'fails when a Service name is longer than 63 characters',
    build: (chart) => { web(chart, { name: 's'.repeat(64) }); },
    rule: 'object-name',
    path: 'app-test/web/Service',
    field: 'metadata.name',
    message: /is 64 characters long; at most 63 are allowed; a Service name must be a DNS-1035 label/,
  },
  {
    name: 'fails when a ConfigMap name has upper-case letters',
    build: (chart) => { raw(chart, 'AppSettings', 'v1', 'ConfigMap', { data: { a: 'b' } }); },
    rule: 'object-name',
    path: 'app-test/AppSettings',
    field: 'metadata.name',
    message: /^name "AppSettings" must be lower-case letters, digits, "-" and "\.".*a ConfigMap name must be a DNS-1123 subdomain/,
  },
  {
    name: 'fails when a ConfigMap name is longer than 253 characters',
    build: (chart) => { raw(chart, 'c'.repeat(254), 'v1', 'ConfigMap', { data: { a: 'b' } }); },
    rule: 'object-name',
    field: 'metadata.name',
    message: /is 254 characters long; at most 253 are allowed; a ConfigMap name must be a DNS-1123 subdomain/,
  },
  {
    name: 'fails when a Secret name has an underscore',
    build: (chart) => { raw(chart, 'db_credentials', 'v1', 'Secret'); },
    rule: 'object-name',
    path: 'app-test/db_credentials',
    field: 'metadata.name',
    message: /^name "db_credentials" must be lower-case letters/,
  },
  {
    name: 'fails when a Job name is longer than 63 characters',
    build: (chart) => { job(chart, { name: `nightly-${'x'.repeat(56)}` }); },
    rule: 'object-name',
    path: 'app-test/job/Resource',
    field: 'metadata.name',
    message: /is 64 characters long; at most 63 fit the job-name label/,
  },
  {
    name: 'fails when a CronJob name is longer than 52 characters',
    build: (chart) => { cron(chart, { name: `nightly-${'x'.repeat(45)}` }); },
    rule: 'object-name',
    path: 'app-test/cron/Resource',
    field: 'metadata.name',
    message: /is 53 characters long; at most 52 are allowed \(the controller appends 11 to name each Job\)/,
  },
  {
    name: 'fails when a Namespace name has a dot',
    build: (chart) => { new EnvironmentNamespace(chart, 'ns', { name: 'shop.prod' }); },
    rule: 'object-name',
    path: 'app-test/ns/Resource',
    field: 'metadata.name',
    message: /^name "shop\.prod" .*a Namespace name must be a DNS-1123 label/,
  },
  {
    name: 'fails when an object has no name',
    build: (chart) => { raw(chart, 'settings', 'v1', 'ConfigMap').addJsonPatch(JsonPatch.remove('/metadata/name')); },
    rule: 'object-name',
    path: 'app-test/settings',
    field: 'metadata.name',
    message: /^the object has no name$/,
  },
  {
    name: 'fails when a container name has upper-case letters',
    build: (chart) => { web(chart, { container: main({ name: 'Web' }) }); },
    rule: 'container-name',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.name`,
    message: /^container name "Web" must be lower-case letters, digits and "-"/,
  },
  {
    name: 'fails when a container name is longer than 63 characters',
    build: (chart) => { web(chart, { sidecars: [main({ name: 'c'.repeat(64) })] }); },
    rule: 'container-name',
    path: 'app-test/web/Deployment',
    field: `${F_POD}.containers[1].name`,
    message: /^container name "c{64}" is 64 characters long; at most 63 are allowed/,
  },
  {
    name: 'fails when a sidecar has no name',
    build: (chart) => { web(chart, { sidecars: [main()] }); },
    rule: 'container-name',
    path: 'app-test/web/Deployment',
    field: `${F_POD}.containers[1].name`,
    message: /^the container has no name$/,
  },
  {
    name: 'fails when two containers of a pod have the same name',
    build: (chart) => { web(chart, { sidecars: [main({ name: 'web' })] }); },
    rule: 'container-name',
    path: 'app-test/web/Deployment',
    field: `${F_POD}.containers[1].name`,
    message: /^container name "web" is used twice in the pod \(init containers included\)$/,
  },
  {
    name: 'fails when a volume name has upper-case letters',
    build: (chart) => { web(chart, { container: main({ mounts: [{ path: '/tmp', volume: Volume.emptyDir('Scratch') }] }) }); },
    rule: 'container-name',
    path: 'app-test/web/Deployment',
    field: `${F_POD}.volumes[0].name`,
    message: /^volume name "Scratch" must be lower-case/,
  },
  {
    name: 'fails when a Service port name is longer than 15 characters',
    build: (chart) => { web(chart, { ports: [{ port: 80, containerPort: 8080, name: 'http-for-the-web' }] }); },
    rule: 'port-name',
    path: 'app-test/web/Service',
    field: 'spec.ports[0].name',
    message: /^port name "http-for-the-web" is 16 characters long; 1 to 15 are allowed$/,
  },
  {
    name: 'fails when a container port name has upper-case letters',
    build: (chart) => { web(chart, { container: main({ ports: [{ number: 9090, name: 'Metrics' }] }) }); },
    rule: 'port-name',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.ports[1].name`,
    message: /^port name "Metrics" must be lower-case letters, digits and single "-"/,
  },
  {
    name: 'fails when a port name has no letter ("8080")',
    build: (chart) => { new StandalonePod(chart, 'pod', { containers: [main({ ports: [{ number: 8080, name: '8080' }] })] }); },
    rule: 'port-name',
    path: 'app-test/pod/Resource',
    field: 'spec.containers[0].ports[0].name',
    message: /^port name "8080" must contain at least one letter$/,
  },
  {
    name: 'fails when a port name has a double dash',
    build: (chart) => { web(chart, { ports: [{ port: 80, containerPort: 8080, name: 'web--http' }] }); },
    rule: 'port-name',
    path: 'app-test/web/Service',
    field: 'spec.ports[0].name',
    message: /^port name "web--http" must be lower-case letters, digits and single "-"/,
  },
  {
    name: 'fails when a Service targetPort names a port in upper case',
    build: (chart) => { web(chart).service.addJsonPatch(JsonPatch.replace('/spec/ports/0/targetPort', 'HTTP')); },
    rule: 'port-name',
    path: 'app-test/web/Service',
    field: 'spec.ports[0].targetPort',
    message: /^port name "HTTP" must be lower-case/,
  },
  {
    name: 'fails when a label key prefix has upper-case letters',
    build: (chart) => { web(chart, { podLabels: { 'Example.com/team': 'shop' } }); },
    rule: 'label-key',
    path: 'app-test/web/Deployment',
    field: 'spec.template.metadata.labels[Example.com/team]',
    message: /^label key "Example\.com\/team": prefix "Example\.com" must be lower-case letters/,
  },
  {
    name: 'fails when a label key name part is longer than 63 characters',
    build: (chart) => { web(chart, { podLabels: { [`example.com/${'k'.repeat(64)}`]: 'shop' } }); },
    rule: 'label-key',
    path: 'app-test/web/Deployment',
    field: `spec.template.metadata.labels[example.com/${'k'.repeat(64)}]`,
    message: /name part "k{64}" must be 1 to 63 characters$/,
  },
  {
    name: 'fails when a label key has an empty prefix',
    build: (chart) => { raw(chart, 'cm', 'v1', 'ConfigMap', {}, { labels: { '/team': 'shop' } }); },
    rule: 'label-key',
    path: 'app-test/cm',
    field: 'metadata.labels[/team]',
    message: /^label key "\/team": prefix "" is empty$/,
  },
  {
    name: 'fails when a label key has a space',
    build: (chart) => { raw(chart, 'cm', 'v1', 'ConfigMap', {}, { labels: { 'team name': 'shop' } }); },
    rule: 'label-key',
    path: 'app-test/cm',
    field: 'metadata.labels[team name]',
    message: /^label key "team name": contains whitespace$/,
  },
  {
    name: 'fails when a nodeSelector key starts with a dash',
    build: (chart) => { patchedWeb(chart, [JsonPatch.add(`${POD}/nodeSelector`, { '-disk': 'ssd' })]); },
    rule: 'label-key',
    path: 'app-test/web/Deployment',
    field: `${F_POD}.nodeSelector[-disk]`,
    message: /^label key "-disk": name part "-disk" must be letters/,
  },
  {
    name: 'fails when a label value is longer than 63 characters',
    build: (chart) => { web(chart, { podLabels: { team: 'v'.repeat(64) } }); },
    rule: 'label-value',
    path: 'app-test/web/Deployment',
    field: 'spec.template.metadata.labels[team]',
    message: /^label value "v{64}" is 64 characters long; at most 63 are allowed$/,
  },
  {
    name: 'fails when a label value has a space',
    build: (chart) => { web(chart, { component: 'web tier' }); },
    rule: 'label-value',
    path: 'app-test/web/Deployment',
    field: 'metadata.labels[app.kubernetes.io/component]',
    message: /^label value "web tier" must be empty or letters, digits, "-", "_" and "\."/,
  },
  {
    name: 'fails when a label value ends with a dash',
    build: (chart) => { raw(chart, 'cm', 'v1', 'ConfigMap', {}, { labels: { team: 'shop-' } }); },
    rule: 'label-value',
    path: 'app-test/cm',
    field: 'metadata.labels[team]',
    message: /^label value "shop-" must be empty or letters/,
  },
  {
    name: 'fails when a label value is not a string',
    build: (chart) => { raw(chart, 'cm', 'v1', 'ConfigMap', {}, { labels: { replicas: 3 } }); },
    rule: 'label-value',
    path: 'app-test/cm',
    field: 'metadata.labels[replicas]',
    message: /^label value 3 must be a string, not number$/,
  },
  {
    name: 'fails when two ConfigMaps have the same name',
    build: (chart) => {
      new kplus.ConfigMap(chart, 'a', { metadata: { name: 'settings' }, data: { color: 'blue' } });
      new kplus.ConfigMap(chart, 'b', { metadata: { name: 'settings' }, data: { color: 'red' } });
    },
    rule: 'duplicate-object',
    path: 'app-test/b/Resource',
    field: 'metadata.name',
    message: /^another object with this kind, namespace and name is written by app-test\/a\/Resource; the second would overwrite the first$/,
  },
  {
    name: 'fails when two WebServices have the same name',
    build: (chart) => { web(chart, { name: 'shop' }, 'one'); web(chart, { name: 'shop' }, 'two'); },
    rule: 'duplicate-object',
    path: 'app-test/two/Service',
    field: 'metadata.name',
    message: /written by app-test\/one\/Service/,
  },
  {
    name: 'fails when a Namespace carries a namespace',
    build: (chart) => { raw(chart, 'shop', 'v1', 'Namespace'); },
    rule: 'cluster-scoped-namespace',
    path: 'app-test/shop',
    field: 'metadata.namespace',
    message: /^a Namespace is cluster-scoped and cannot have a namespace$/,
  },
  {
    name: 'fails when a ClusterRole carries a namespace',
    build: (chart) => { raw(chart, 'reader', 'rbac.authorization.k8s.io/v1', 'ClusterRole', { rules: [] }); },
    rule: 'cluster-scoped-namespace',
    path: 'app-test/reader',
    field: 'metadata.namespace',
    message: /^a ClusterRole is cluster-scoped and cannot have a namespace$/,
  },
];

// ---------------------------------------------------------------------------
// Ports and Services

const PORTS: BadCase[] = [
  {
    name: 'fails when a Service port is 0',
    build: (chart) => { web(chart, { ports: [{ port: 0, containerPort: 8080, name: 'http' }] }); },
    rule: 'port-range',
    path: 'app-test/web/Service',
    field: 'spec.ports[0].port',
    message: /^port 0 is not an integer from 1 to 65535$/,
  },
  {
    name: 'fails when a Service port is 70000',
    build: (chart) => { web(chart, { ports: [{ port: 70000, containerPort: 8080, name: 'http' }] }); },
    rule: 'port-range',
    path: 'app-test/web/Service',
    field: 'spec.ports[0].port',
    message: /^port 70000 is not an integer from 1 to 65535$/,
  },
  {
    name: 'fails when a container port is 70000',
    build: (chart) => { web(chart, { container: main({ ports: [{ number: 70000, name: 'admin' }] }) }); },
    rule: 'port-range',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.ports[1].containerPort`,
    message: /^port 70000 is not an integer from 1 to 65535$/,
  },
  {
    name: 'fails when a probe calls port 0',
    build: (chart) => { web(chart, { container: main({ readiness: Probe.httpGet('/ready', { port: 0 }) }) }); },
    rule: 'port-range',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.readinessProbe.httpGet.port`,
    message: /^port 0 is not an integer/,
  },
  {
    name: 'fails when a NetworkPolicy allows port 70000',
    build: (chart) => { new AllowIngress(chart, 'allow', { to: web(chart), from: [{ podLabels: { app: 'gateway' } }], ports: [70000] }); },
    rule: 'port-range',
    path: 'app-test/allow/Resource/Resource',
    field: 'spec.ingress[0].ports[0].port',
    message: /^port 70000 is not an integer/,
  },
  {
    name: 'fails when a Service has two unnamed ports',
    build: (chart) => { web(chart, { ports: [{ port: 80, containerPort: 8080 }, { port: 9090 }] }); },
    rule: 'service-port-names',
    path: 'app-test/web/Service',
    field: 'spec.ports[0].name',
    message: /^the Service has 2 ports and port 80 has no name$/,
  },
  {
    name: 'fails when two Service ports have the same name',
    build: (chart) => { web(chart, { ports: [{ port: 80, containerPort: 8080, name: 'http' }, { port: 81, name: 'http' }] }); },
    rule: 'service-port-names',
    path: 'app-test/web/Service',
    field: 'spec.ports[1].name',
    message: /^port name "http" is used twice \(also spec\.ports\[0\]\)$/,
  },
  {
    name: 'fails when a ClusterIP Service has a nodePort',
    build: (chart) => { web(chart, { ports: [{ port: 80, containerPort: 8080, name: 'http', nodePort: 30080 }] }); },
    rule: 'node-port',
    path: 'app-test/web/Service',
    field: 'spec.ports[0].nodePort',
    message: /^a ClusterIP Service cannot have a nodePort$/,
  },
  {
    name: 'fails when a NodePort Service has nodePort 8080',
    build: (chart) => {
      web(chart, { service: { type: kplus.ServiceType.NODE_PORT }, ports: [{ port: 80, containerPort: 8080, name: 'http', nodePort: 8080 }] });
    },
    rule: 'node-port',
    path: 'app-test/web/Service',
    field: 'spec.ports[0].nodePort',
    message: /^nodePort 8080 is outside the default node port range 30000-32767$/,
  },
  {
    name: 'fails when a Service port protocol is "tcp" (lower case)',
    build: (chart) => { web(chart, { ports: [{ port: 80, containerPort: 8080, name: 'http', protocol: 'tcp' as kplus.Protocol }] }); },
    rule: 'protocol',
    path: 'app-test/web/Service',
    field: 'spec.ports[0].protocol',
    message: /^protocol "tcp" is not TCP, UDP or SCTP$/,
  },
  {
    name: 'fails when a container port protocol is "HTTP"',
    build: (chart) => { web(chart, { container: main({ ports: [{ number: 9090, name: 'metrics', protocol: 'HTTP' as kplus.Protocol }] }) }); },
    rule: 'protocol',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.ports[1].protocol`,
    message: /^protocol "HTTP" is not TCP, UDP or SCTP$/,
  },
  {
    name: 'fails when a Deployment selector is empty',
    build: (chart) => { web(chart, { selectorLabels: {} }); },
    rule: 'selector-match',
    path: 'app-test/web/Deployment',
    field: 'spec.selector',
    message: /^the selector is empty: it would select every pod of the namespace$/,
  },
  {
    name: 'fails when a Deployment selector does not match its pod template labels',
    build: (chart) => { patchedWeb(chart, [JsonPatch.replace('/spec/template/metadata/labels/app.kubernetes.io~1name', 'other')]); },
    rule: 'selector-match',
    path: 'app-test/web/Deployment',
    field: 'spec.selector.matchLabels[app.kubernetes.io/name]',
    message: /^the pod template has app\.kubernetes\.io\/name=other, so the selector app\.kubernetes\.io\/name=web does not match it$/,
  },
  {
    name: 'fails when a ReplicaSet selector has a label its pods lack',
    build: (chart) => {
      new ReplicaSet(chart, 'rs', { containers: [main()] }).replicaSet.addJsonPatch(JsonPatch.add('/spec/selector/matchLabels/tier', 'web'));
    },
    rule: 'selector-match',
    path: 'app-test/rs/Resource',
    field: 'spec.selector.matchLabels[tier]',
    message: /^the pod template has no label tier, so the selector tier=web does not match it$/,
  },
  {
    name: 'fails when a PodDisruptionBudget selector is empty',
    build: (chart) => { web(chart, { disruptionBudget: {} }).disruptionBudget!.addJsonPatch(JsonPatch.replace('/spec/selector', {})); },
    rule: 'selector-match',
    path: 'app-test/web/DisruptionBudget',
    field: 'spec.selector',
    message: /^the selector is empty/,
  },
  {
    name: 'fails when a Service selector matches no pod of the chart',
    build: (chart) => { raw(chart, 'api', 'v1', 'Service', { spec: { selector: { app: 'ghost' }, ports: [{ port: 80 }] } }); },
    rule: 'service-selector-orphan',
    path: 'app-test/api',
    field: 'spec.selector',
    message: /^no pod of the chart has the labels \{"app":"ghost"\}: the Service would have no endpoints$/,
  },
  {
    name: 'fails when a Service selector is empty',
    build: (chart) => { web(chart, { selectorLabels: {} }); },
    rule: 'service-selector-orphan',
    path: 'app-test/web/Service',
    field: 'spec.selector',
    message: /^the selector is empty$/,
  },
  {
    name: 'fails when a Service selects a label value no pod has',
    build: (chart) => {
      web(chart);
      raw(chart, 'web-canary', 'v1', 'Service', { spec: { selector: { 'app.kubernetes.io/name': 'web', 'track': 'canary' }, ports: [{ port: 80 }] } });
    },
    rule: 'service-selector-orphan',
    path: 'app-test/web-canary',
    field: 'spec.selector',
    message: /no pod of the chart has the labels \{"app\.kubernetes\.io\/name":"web","track":"canary"\}/,
  },
];

// ---------------------------------------------------------------------------
// Ingress

const ingressTo = (service: string, port: Record<string, unknown>) => ({
  spec: {
    rules: [{
      host: 'shop.example.com',
      http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service, port } } }] },
    }],
  },
});

const INGRESS: BadCase[] = [
  {
    name: 'fails when an Ingress pathType is "Regex"',
    build: (chart) => { web(chart, { ingress: { host: 'shop.example.com', pathType: 'Regex' as kplus.HttpIngressPathType } }); },
    rule: 'ingress-path-type',
    path: 'app-test/web/Ingress',
    field: 'spec.rules[0].http.paths[0].pathType',
    message: /^pathType "Regex" is not Exact, Prefix or ImplementationSpecific$/,
  },
  {
    name: 'fails when an Ingress path has no pathType',
    build: (chart) => { web(chart, { ingress: { host: 'shop.example.com' } }).ingress!.addJsonPatch(JsonPatch.remove('/spec/rules/0/http/paths/0/pathType')); },
    rule: 'ingress-path-type',
    path: 'app-test/web/Ingress',
    field: 'spec.rules[0].http.paths[0].pathType',
    message: /is not Exact, Prefix or ImplementationSpecific$/,
  },
  {
    name: 'fails when an Ingress path is "api" (not absolute)',
    build: (chart) => { web(chart, { ingress: { host: 'shop.example.com', path: 'api' } }); },
    rule: 'ingress-path',
    path: 'app-test/web/Ingress',
    field: 'spec.rules[0].http.paths[0].path',
    message: /^path "api" is not absolute$/,
  },
  {
    name: 'fails when an Ingress path is "/a//b"',
    build: (chart) => { web(chart, { ingress: { host: 'shop.example.com', path: '/a//b' } }); },
    rule: 'ingress-path',
    path: 'app-test/web/Ingress',
    field: 'spec.rules[0].http.paths[0].path',
    message: /^path "\/a\/\/b" contains "\/\/"$/,
  },
  {
    name: 'fails when an Ingress path is "/a/../b"',
    build: (chart) => { web(chart, { ingress: { host: 'shop.example.com', path: '/a/../b' } }); },
    rule: 'ingress-path',
    path: 'app-test/web/Ingress',
    field: 'spec.rules[0].http.paths[0].path',
    message: /^path "\/a\/\.\.\/b" contains/,
  },
  {
    name: 'fails when an Ingress path ends with "/."',
    build: (chart) => { web(chart, { ingress: { host: 'shop.example.com', path: '/a/.', pathType: kplus.HttpIngressPathType.EXACT } }); },
    rule: 'ingress-path',
    path: 'app-test/web/Ingress',
    field: 'spec.rules[0].http.paths[0].path',
    message: /^path "\/a\/\." ends with "\/\."$/,
  },
  {
    name: 'fails when an Ingress host has upper-case letters',
    build: (chart) => { web(chart, { ingress: { host: 'Shop.Example.com' } }); },
    rule: 'ingress-host',
    path: 'app-test/web/Ingress',
    field: 'spec.rules[0].host',
    message: /^host "Shop\.Example\.com" has upper-case letters; hosts must be lower case$/,
  },
  {
    name: 'fails when an Ingress host is the IP address "10.0.0.1"',
    build: (chart) => { web(chart, { ingress: { host: '10.0.0.1' } }); },
    rule: 'ingress-host',
    path: 'app-test/web/Ingress',
    field: 'spec.rules[0].host',
    message: /^host "10\.0\.0\.1" is an IP address; Ingress hosts must be DNS names$/,
  },
  {
    name: 'fails when an Ingress TLS host has upper-case letters',
    build: (chart) => { web(chart, { ingress: { host: 'shop.example.com', tls: { secretName: 'shop-tls', hosts: ['WWW.example.com'] } } }); },
    rule: 'ingress-host',
    path: 'app-test/web/Ingress',
    field: 'spec.tls[0].hosts[0]',
    message: /^host "WWW\.example\.com" has upper-case letters/,
  },
  {
    name: 'fails when an Ingress host has an underscore',
    build: (chart) => { web(chart, { ingress: { host: 'shop_1.example.com' } }); },
    rule: 'ingress-host',
    path: 'app-test/web/Ingress',
    field: 'spec.rules[0].host',
    message: /^host "shop_1\.example\.com" must be lower-case letters, digits, "-" and "\."/,
  },
  {
    name: 'fails when an Ingress backend names a Service that does not exist',
    build: (chart) => { raw(chart, 'shop', 'networking.k8s.io/v1', 'Ingress', ingressTo('api', { number: 80 })); },
    rule: 'ingress-backend',
    path: 'app-test/shop',
    field: 'spec.rules[0].http.paths[0].backend.service.name',
    message: /^the backend Service "api" is not defined in the chart$/,
  },
  {
    name: 'fails when an Ingress backend uses a port number the Service does not have',
    build: (chart) => { web(chart, { ingress: { host: 'shop.example.com', servicePort: 8443 } }); },
    rule: 'ingress-backend',
    path: 'app-test/web/Ingress',
    field: 'spec.rules[0].http.paths[0].backend.service.port',
    message: /^Service "web" has no port 8443 \(it has http\)$/,
  },
  {
    name: 'fails when an Ingress backend uses a port name the Service does not have',
    build: (chart) => { web(chart); raw(chart, 'shop', 'networking.k8s.io/v1', 'Ingress', ingressTo('web', { name: 'grpc' })); },
    rule: 'ingress-backend',
    path: 'app-test/shop',
    field: 'spec.rules[0].http.paths[0].backend.service.port',
    message: /^Service "web" has no port "grpc" \(it has http\)$/,
  },
  {
    name: 'fails when an Ingress default backend names a Service that does not exist',
    build: (chart) => {
      raw(chart, 'shop', 'networking.k8s.io/v1', 'Ingress', { spec: { defaultBackend: { service: { name: 'fallback', port: { number: 80 } } } } });
    },
    rule: 'ingress-backend',
    path: 'app-test/shop',
    field: 'spec.defaultBackend.service.name',
    message: /^the backend Service "fallback" is not defined in the chart$/,
  },
];

// ---------------------------------------------------------------------------
// Probes and resources

const PROBES_AND_RESOURCES: BadCase[] = [
  {
    name: 'fails when a probe has two handlers (httpGet and exec)',
    build: (chart) => {
      patchedWeb(chart, [JsonPatch.add(`${C0}/livenessProbe/exec`, { command: ['true'] })], { container: main({ liveness: Probe.httpGet('/healthz') }) });
    },
    rule: 'probe-handler',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.livenessProbe`,
    message: /^the livenessProbe has 2 handlers \(httpGet, exec\)$/,
  },
  {
    name: 'fails when a probe has no handler',
    build: (chart) => {
      patchedWeb(chart, [JsonPatch.remove(`${C0}/readinessProbe/exec`)], { container: main({ readiness: Probe.exec(['true'], { period: Duration.seconds(5) }) }) });
    },
    rule: 'probe-handler',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.readinessProbe`,
    message: /^the readinessProbe has no handler$/,
  },
  {
    name: 'fails when a probe calls a port the container does not declare',
    build: (chart) => { web(chart, { container: main({ liveness: Probe.httpGet('/healthz', { port: 9090 }) }) }); },
    rule: 'probe-port',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.livenessProbe.httpGet.port`,
    message: /^the probe calls port 9090, which the container does not declare \(it declares http \(8080\)\)$/,
  },
  {
    name: 'fails when a probe calls a named port the container does not declare',
    build: (chart) => { web(chart, { container: main({ readiness: Probe.tcpSocket({ port: 'metrics' }) }) }); },
    rule: 'probe-port',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.readinessProbe.tcpSocket.port`,
    message: /^the probe calls port "metrics", which the container does not declare/,
  },
  {
    // The schema requires the port; probe-port does not say it again.
    name: 'fails when a probe has no port and the container declares none',
    build: (chart) => { new StandalonePod(chart, 'pod', { containers: [main({ liveness: Probe.tcpSocket() })] }); },
    rule: 'schema',
    path: 'app-test/pod/Resource',
    field: 'spec.containers[0].livenessProbe.tcpSocket.port',
    message: /^required field "port" is missing$/,
  },
  {
    name: 'fails when a liveness probe has successThreshold 2',
    build: (chart) => { web(chart, { container: main({ liveness: Probe.httpGet('/healthz', { successThreshold: 2 }) }) }); },
    rule: 'probe-success-threshold',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.livenessProbe.successThreshold`,
    message: /^a livenessProbe must have successThreshold 1, not 2$/,
  },
  {
    name: 'fails when a startup probe has successThreshold 3',
    build: (chart) => { web(chart, { container: main({ startup: Probe.tcpSocket({ successThreshold: 3 }) }) }); },
    rule: 'probe-success-threshold',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.startupProbe.successThreshold`,
    message: /^a startupProbe must have successThreshold 1, not 3$/,
  },
  {
    name: 'fails when a memory request is "1GB"',
    build: (chart) => { patchedWeb(chart, [JsonPatch.add(`${C0}/resources`, { requests: { memory: '1GB' } })]); },
    rule: 'quantity-format',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.resources.requests[memory]`,
    message: /^"1GB" is not a valid quantity$/,
  },
  {
    name: 'fails when a memory limit is "1 Gi" (with a space)',
    build: (chart) => { patchedWeb(chart, [JsonPatch.add(`${C0}/resources`, { limits: { memory: '1 Gi' } })]); },
    rule: 'quantity-format',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.resources.limits[memory]`,
    message: /^"1 Gi" is not a valid quantity$/,
  },
  {
    name: 'fails when a cpu limit is "-1"',
    build: (chart) => { patchedWeb(chart, [JsonPatch.add(`${C0}/resources`, { limits: { cpu: '-1' } })]); },
    rule: 'quantity-format',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.resources.limits[cpu]`,
    message: /^"-1" is not a valid quantity$/,
  },
  {
    name: 'fails when an emptyDir sizeLimit is "10GB"',
    build: (chart) => {
      patchedWeb(chart, [JsonPatch.replace(`${POD}/volumes/0/emptyDir/sizeLimit`, '10GB')], {
        container: main({ mounts: [{ path: '/tmp', volume: Volume.emptyDir('tmp', { sizeLimit: Size.gibibytes(1) }) }] }),
      });
    },
    rule: 'quantity-format',
    path: 'app-test/web/Deployment',
    field: `${F_POD}.volumes[0].emptyDir.sizeLimit`,
    message: /^"10GB" is not a valid quantity$/,
  },
  {
    name: 'fails when the memory request (2Gi) is larger than the limit (1Gi)',
    build: (chart) => { web(chart, { container: main({ resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } }) }); },
    rule: 'requests-within-limits',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.resources.requests[memory]`,
    message: /^the memory request 2Gi is larger than the limit 1Gi$/,
  },
  {
    name: 'fails when the cpu request (2) is larger than the limit (500m)',
    build: (chart) => { job(chart, { container: main({ resources: { cpu: { request: kplus.Cpu.units(2), limit: kplus.Cpu.millis(500) } } }) }); },
    rule: 'requests-within-limits',
    path: 'app-test/job/Resource',
    field: `${F_C0}.resources.requests[cpu]`,
    message: /^the cpu request 2 is larger than the limit 500m$/,
  },
];

// ---------------------------------------------------------------------------
// Jobs, counts and scheduling

const SCHEDULING: BadCase[] = [
  {
    name: 'fails when a Job has restartPolicy Always',
    build: (chart) => { job(chart, { restartPolicy: 'Always' as JobRestartPolicy }); },
    rule: 'job-restart-policy',
    path: 'app-test/job/Resource',
    field: `${F_POD}.restartPolicy`,
    message: /^a Job's pods need restartPolicy Never or OnFailure, not "Always"$/,
  },
  {
    name: "fails when a CronJob's pods have no restartPolicy (Always)",
    build: (chart) => { cron(chart).cronJob.addJsonPatch(JsonPatch.remove('/spec/jobTemplate/spec/template/spec/restartPolicy')); },
    rule: 'job-restart-policy',
    path: 'app-test/cron/Resource',
    field: 'spec.jobTemplate.spec.template.spec.restartPolicy',
    message: /not "Always \(the default\)"$/,
  },
  {
    name: 'fails when a Job backoffLimit is negative',
    build: (chart) => { job(chart, { backoffLimit: -1 }); },
    rule: 'non-negative-count',
    path: 'app-test/job/Resource',
    field: 'spec.backoffLimit',
    message: /^-1 is not a whole number of at least 0$/,
  },
  {
    name: 'fails when a WebService has negative replicas',
    build: (chart) => { web(chart, { replicas: -1 }); },
    rule: 'non-negative-count',
    path: 'app-test/web/Deployment',
    field: 'spec.replicas',
    message: /^-1 is not a whole number of at least 0$/,
  },
  {
    name: 'fails when a Job activeDeadlineSeconds is 0',
    build: (chart) => { job(chart, { activeDeadline: Duration.seconds(0) }); },
    rule: 'non-negative-count',
    path: 'app-test/job/Resource',
    field: 'spec.activeDeadlineSeconds',
    message: /^0 is not a whole number of at least 1$/,
  },
  {
    name: 'fails when a Job parallelism is negative',
    build: (chart) => { job(chart, { parallelism: -2 }); },
    rule: 'non-negative-count',
    path: 'app-test/job/Resource',
    field: 'spec.parallelism',
    message: /^-2 is not a whole number of at least 0$/,
  },
  {
    name: 'fails when a ReplicaSet has 1.5 replicas',
    build: (chart) => { new ReplicaSet(chart, 'rs', { containers: [main()], replicas: 1.5 }); },
    rule: 'non-negative-count',
    path: 'app-test/rs/Resource',
    field: 'spec.replicas',
    message: /^1\.5 is not a whole number of at least 0$/,
  },
  {
    name: 'fails when a CronJob keeps -1 failed Jobs',
    build: (chart) => { cron(chart, { failedJobsHistoryLimit: -1 }); },
    rule: 'non-negative-count',
    path: 'app-test/cron/Resource',
    field: 'spec.failedJobsHistoryLimit',
    message: /^-1 is not a whole number of at least 0$/,
  },
  {
    name: "fails when a CronJob's Job backoffLimit is negative",
    build: (chart) => { cron(chart, { backoffLimit: -3 }); },
    rule: 'non-negative-count',
    path: 'app-test/cron/Resource',
    field: 'spec.jobTemplate.spec.backoffLimit',
    message: /^-3 is not a whole number of at least 0$/,
  },
  {
    name: 'fails when an autoscaler has minReplicas 0',
    build: (chart) => { web(chart, { autoscaling: { minReplicas: 0, maxReplicas: 4 } }); },
    rule: 'hpa-replicas',
    path: 'app-test/web/Autoscaler',
    field: 'spec.minReplicas',
    message: /^minReplicas 0 must be a whole number of 1 or more$/,
  },
  {
    name: 'fails when a node requirement In has no values',
    build: (chart) => { job(chart, { nodeAffinity: NodeAffinity.require(NodeRequirement.in('disktype', [])) }); },
    rule: 'node-affinity-operator',
    path: 'app-test/job/Resource',
    field: `${F_REQUIRED}[0].matchExpressions[0]`,
    message: /^node requirement on "disktype": operator In needs at least one value$/,
  },
  {
    name: 'fails when a node requirement NotIn has no values',
    build: (chart) => { job(chart, { nodeAffinity: NodeAffinity.require(NodeRequirement.in('pool', ['batch']), NodeRequirement.notIn('zone', [])) }); },
    rule: 'node-affinity-operator',
    path: 'app-test/job/Resource',
    field: `${F_REQUIRED}[0].matchExpressions[1]`,
    message: /^node requirement on "zone": operator NotIn needs at least one value$/,
  },
  {
    name: 'fails when a node requirement Exists has values',
    build: (chart) => {
      job(chart, { nodeAffinity: NodeAffinity.require(NodeRequirement.exists('gpu')) }).job
        .addJsonPatch(JsonPatch.add(`${REQUIRED}/0/matchExpressions/0/values`, ['true']));
    },
    rule: 'node-affinity-operator',
    path: 'app-test/job/Resource',
    field: `${F_REQUIRED}[0].matchExpressions[0]`,
    message: /^node requirement on "gpu": operator Exists takes no values, got 1$/,
  },
  {
    name: 'fails when a node requirement Gt has a non-integer value',
    build: (chart) => { job(chart, { nodeAffinity: NodeAffinity.require(NodeRequirement.gt('cores', 1.5)) }); },
    rule: 'node-affinity-operator',
    path: 'app-test/job/Resource',
    field: `${F_REQUIRED}[0].matchExpressions[0]`,
    message: /^node requirement on "cores": operator Gt needs exactly one integer value$/,
  },
  {
    name: 'fails when a node requirement has an unknown operator',
    build: (chart) => { job(chart).job.addJsonPatch(JsonPatch.replace(`${REQUIRED}/0/matchExpressions/0/operator`, 'Equals')); },
    rule: 'node-affinity-operator',
    path: 'app-test/job/Resource',
    field: `${F_REQUIRED}[0].matchExpressions[0]`,
    message: /^node requirement on "pool": operator "Equals" is not one of In, NotIn, Exists, DoesNotExist, Gt, Lt$/,
  },
  {
    name: 'fails when a preferred node requirement In has no values',
    build: (chart) => { web(chart, { nodeAffinity: NodeAffinity.preferOnly().prefer(50, NodeRequirement.in('zone', [])) }); },
    rule: 'node-affinity-operator',
    path: 'app-test/web/Deployment',
    field: `${F_PREFERRED}[0].preference.matchExpressions[0]`,
    message: /^node requirement on "zone": operator In needs at least one value$/,
  },
  {
    name: 'fails when required node affinity has empty nodeSelectorTerms',
    build: (chart) => { job(chart).job.addJsonPatch(JsonPatch.replace(REQUIRED, [])); },
    rule: 'node-affinity-terms',
    path: 'app-test/job/Resource',
    field: F_REQUIRED,
    message: /^required node affinity has no terms: no node can match$/,
  },
  {
    name: 'fails when a required node selector term is empty',
    build: (chart) => { job(chart, { nodeAffinity: NodeAffinity.require() }); },
    rule: 'node-affinity-terms',
    path: 'app-test/job/Resource',
    field: `${F_REQUIRED}[0]`,
    message: /^a node selector term is empty: it matches no node$/,
  },
  {
    name: 'fails when the second of two required terms is empty',
    build: (chart) => { cron(chart, { nodeAffinity: NodeAffinity.requireAnyOf([NodeRequirement.exists('gpu')], []) }); },
    rule: 'node-affinity-terms',
    path: 'app-test/cron/Resource',
    field: 'spec.jobTemplate.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[1]',
    message: /^a node selector term is empty/,
  },
  {
    name: 'fails when a preferred node affinity weight is 0',
    build: (chart) => { job(chart, { nodeAffinity: PINNED.prefer(0, NodeRequirement.in('zone', ['a'])) }); },
    rule: 'affinity-weight',
    path: 'app-test/job/Resource',
    field: `${F_PREFERRED}[0].weight`,
    message: /^weight 0 is not from 1 to 100$/,
  },
  {
    name: 'fails when a preferred node affinity weight is 101',
    build: (chart) => { job(chart, { nodeAffinity: PINNED.prefer(101, NodeRequirement.in('zone', ['a'])) }); },
    rule: 'affinity-weight',
    path: 'app-test/job/Resource',
    field: `${F_PREFERRED}[0].weight`,
    message: /^weight 101 is not from 1 to 100$/,
  },
  {
    name: 'fails when a preferred pod anti-affinity weight is 0',
    build: (chart) => { web(chart, { spread: [Spread.preferDifferentNodes(0)] }); },
    rule: 'affinity-weight',
    path: 'app-test/web/Deployment',
    field: `${F_POD}.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight`,
    message: /^weight 0 is not from 1 to 100$/,
  },
];

// ---------------------------------------------------------------------------
// Images, environment and references

const IMAGES_AND_ENV: BadCase[] = [
  {
    name: 'fails when a container image is empty',
    build: (chart) => { web(chart, { container: main({ image: '' }) }); },
    rule: 'image-required',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.image`,
    message: /^the container has no image$/,
  },
  {
    name: 'fails when a sidecar image is blank',
    build: (chart) => { web(chart, { sidecars: [main({ name: 'proxy', image: '   ' })] }); },
    rule: 'image-required',
    path: 'app-test/web/Deployment',
    field: `${F_POD}.containers[1].image`,
    message: /^the container has no image$/,
  },
  {
    name: 'warns when an image uses the :latest tag',
    build: (chart) => { web(chart, { container: main({ image: 'nginx:latest' }) }); },
    rule: 'image-tag',
    severity: 'warning',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.image`,
    message: /^image "nginx:latest" uses the :latest tag, so rollouts are not reproducible$/,
  },
  {
    name: 'warns when an image has no tag',
    build: (chart) => { job(chart, { container: main({ image: 'busybox' }) }); },
    rule: 'image-tag',
    severity: 'warning',
    path: 'app-test/job/Resource',
    field: `${F_C0}.image`,
    message: /^image "busybox" has no tag, so it means :latest and changes under you$/,
  },
  {
    name: 'warns when an image has only a registry port, no tag',
    build: (chart) => { web(chart, { container: main({ image: 'registry.example.com:5000/shop/web' }) }); },
    rule: 'image-tag',
    severity: 'warning',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.image`,
    message: /^image "registry\.example\.com:5000\/shop\/web" has no tag/,
  },
  {
    name: 'fails when an environment variable name starts with a digit ("1BAD")',
    build: (chart) => { web(chart, { container: main({ env: { '1BAD': kplus.EnvValue.fromValue('x') } }) }); },
    rule: 'env-name',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.env[0].name`,
    message: /^environment variable name "1BAD" is not valid$/,
  },
  {
    name: 'fails when an environment variable name has a space',
    build: (chart) => { web(chart, { container: main({ env: { OK: kplus.EnvValue.fromValue('1'), 'has space': kplus.EnvValue.fromValue('x') } }) }); },
    rule: 'env-name',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.env[1].name`,
    message: /^environment variable name "has space" is not valid$/,
  },
  {
    name: 'fails when an environment variable name is empty',
    build: (chart) => { new StandalonePod(chart, 'pod', { containers: [main({ env: { '': kplus.EnvValue.fromValue('x') } })] }); },
    rule: 'env-name',
    path: 'app-test/pod/Resource',
    field: 'spec.containers[0].env[0].name',
    message: /^environment variable name "" is not valid$/,
  },
  {
    name: 'fails when an environment variable is set twice',
    build: (chart) => {
      patchedWeb(chart, [JsonPatch.add(`${C0}/env/-`, { name: 'LOG_LEVEL', value: 'debug' })], {
        container: main({ env: { LOG_LEVEL: kplus.EnvValue.fromValue('info') } }),
      });
    },
    rule: 'env-duplicate',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.env[1].name`,
    message: /^environment variable LOG_LEVEL is set twice \(also env\[0\]\); the last one silently wins$/,
  },
  {
    name: 'fails when an env secretKeyRef names a Secret neither defined nor declared',
    build: (chart) => {
      web(chart, { container: main({ env: { DB_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: undeclaredSecret('db-credentials'), key: 'password' }) } }) });
    },
    rule: 'config-reference',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.env[0].valueFrom.secretKeyRef`,
    message: /^Secret "db-credentials" is neither defined in the chart nor declared as existing$/,
  },
  {
    name: 'fails when an env configMapKeyRef names a key the ConfigMap does not have',
    build: (chart) => { web(chart, { container: main({ env: { SIZE: kplus.EnvValue.fromConfigMap(settings(chart), 'size') } }) }); },
    rule: 'config-reference',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.env[0].valueFrom.configMapKeyRef`,
    message: /^ConfigMap "settings" has no key "size" \(it has color\)$/,
  },
  {
    name: 'fails when an env secretKeyRef names a key the Secret does not have',
    build: (chart) => {
      const secret = new kplus.Secret(chart, 'db', { metadata: { name: 'db' }, stringData: { user: 'shop' } });
      Allowances.of(secret).allow('secret-in-git', 'test data, not a credential');
      web(chart, { container: main({ env: { DB_PASSWORD: kplus.EnvValue.fromSecretValue({ secret, key: 'password' }) } }) });
    },
    rule: 'config-reference',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.env[0].valueFrom.secretKeyRef`,
    message: /^Secret "db" has no key "password" \(it has user\)$/,
  },
  {
    name: 'fails when envFrom names a ConfigMap that does not exist',
    build: (chart) => { web(chart, { container: main({ envFrom: [EnvFrom.configMap(undeclaredConfigMap('shared-env'))] }) }); },
    rule: 'config-reference',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.envFrom[0].configMapRef`,
    message: /^ConfigMap "shared-env" is neither defined in the chart nor declared as existing$/,
  },
  {
    name: 'fails when envFrom names a Secret that does not exist',
    build: (chart) => { job(chart, { container: main({ envFrom: [EnvFrom.secret(undeclaredSecret('job-env'))] }) }); },
    rule: 'config-reference',
    path: 'app-test/job/Resource',
    field: `${F_C0}.envFrom[0].secretRef`,
    message: /^Secret "job-env" is neither defined in the chart nor declared as existing$/,
  },
  {
    name: 'fails when a Secret volume names a Secret that does not exist',
    build: (chart) => { web(chart, { container: main({ mounts: [{ path: '/etc/tls', volume: Volume.fromSecret(undeclaredSecret('tls-cert')) }] }) }); },
    rule: 'config-reference',
    path: 'app-test/web/Deployment',
    field: `${F_POD}.volumes[0].secret`,
    message: /^Secret "tls-cert" is neither defined in the chart nor declared as existing$/,
  },
  {
    name: 'fails when a ConfigMap volume projects a key the ConfigMap does not have',
    build: (chart) => {
      const volume = Volume.fromConfigMap(settings(chart), { items: { 'nginx.conf': 'nginx.conf' } });
      web(chart, { container: main({ mounts: [{ path: '/etc/nginx', volume }] }) });
    },
    rule: 'config-reference',
    path: 'app-test/web/Deployment',
    field: `${F_POD}.volumes[0].configMap`,
    message: /^ConfigMap "settings" has no key "nginx\.conf" \(it has color\)$/,
  },
];

// ---------------------------------------------------------------------------
// Registry credentials

const REGISTRY: BadCase[] = [
  {
    name: 'fails when RegistryCredentials.fromLogin has an empty password',
    build: (chart) => { new RegistryPullSecret(chart, 'regcred', { credentials: RegistryCredentials.fromLogin({ username: 'ci', password: '' }) }); },
    secrets: true,
    rule: 'pull-secret-credentials',
    path: 'app-test/regcred/Resource',
    field: 'data[.dockerconfigjson]',
    message: /^the password for server "https:\/\/index\.docker\.io\/v1\/" is empty$/,
  },
  {
    name: 'fails when RegistryCredentials.fromLogin has an empty username',
    build: (chart) => {
      new RegistryPullSecret(chart, 'regcred', { server: 'registry.example.com', credentials: RegistryCredentials.fromLogin({ username: '', password: 'hunter2' }) });
    },
    secrets: true,
    rule: 'pull-secret-credentials',
    path: 'app-test/regcred/Resource',
    field: 'data[.dockerconfigjson]',
    message: /^the username for server "registry\.example\.com" is empty$/,
  },
  {
    name: 'fails when the password variable of RegistryCredentials.fromEnvironment is unset',
    build: (chart) => {
      new RegistryPullSecret(chart, 'regcred', {
        credentials: RegistryCredentials.fromEnvironment({ username: 'TEST_REGISTRY_USER', password: 'TEST_REGISTRY_PASSWORD' }),
      });
    },
    secrets: true,
    env: { TEST_REGISTRY_USER: 'ci-robot', TEST_REGISTRY_PASSWORD: undefined },
    rule: 'pull-secret-credentials',
    path: 'app-test/regcred/Resource',
    field: 'data[.dockerconfigjson]',
    message: /^environment variable TEST_REGISTRY_PASSWORD is not set or empty$/,
  },
  {
    name: 'fails when the default variables of RegistryCredentials.fromEnvironment are unset',
    build: (chart) => { new RegistryPullSecret(chart, 'regcred', { credentials: RegistryCredentials.fromEnvironment() }); },
    secrets: true,
    env: { REGISTRY_USERNAME: undefined, REGISTRY_PASSWORD: undefined },
    rule: 'pull-secret-credentials',
    path: 'app-test/regcred/Resource',
    field: 'data[.dockerconfigjson]',
    message: /^environment variable REGISTRY_USERNAME is not set or empty$/,
  },
  {
    name: 'fails when the password variable of RegistryCredentials.fromEnvironment is empty',
    build: (chart) => { new RegistryPullSecret(chart, 'regcred', { credentials: RegistryCredentials.fromEnvironment() }); },
    secrets: true,
    env: { REGISTRY_USERNAME: 'ci-robot', REGISTRY_PASSWORD: '' },
    rule: 'pull-secret-credentials',
    path: 'app-test/regcred/Resource',
    field: 'data[.dockerconfigjson]',
    message: /^environment variable REGISTRY_PASSWORD is not set or empty$/,
  },
  {
    name: 'fails when an ExternalSecret pull secret has an empty remoteKey',
    build: (chart) => {
      new RegistryPullSecret(chart, 'regcred', { credentials: RegistryCredentials.fromExternalSecret({ storeName: 'vault', remoteKey: '' }) });
    },
    rule: 'pull-secret-credentials',
    path: 'app-test/regcred/Resource',
    field: 'spec.data[0].remoteRef.key',
    message: /^the remote key for "username" is empty$/,
  },
  {
    name: 'fails when a SealedSecret pull secret has an empty encrypted value',
    build: (chart) => {
      new RegistryPullSecret(chart, 'regcred', { credentials: RegistryCredentials.fromSealedSecret({ encryptedDockerConfigJson: '' }) });
    },
    rule: 'pull-secret-credentials',
    path: 'app-test/regcred/Resource',
    field: 'spec.encryptedData[.dockerconfigjson]',
    message: /^the sealed \.dockerconfigjson is empty$/,
  },
  {
    name: 'fails when a raw pull Secret has no registry in "auths"',
    build: (chart) => {
      const secret = raw(chart, 'regcred', 'v1', 'Secret', {
        type: 'kubernetes.io/dockerconfigjson',
        data: { '.dockerconfigjson': Buffer.from('{"auths":{}}').toString('base64') },
      });
      Allowances.of(secret).allow('secret-in-git', 'no credential in it');
    },
    rule: 'pull-secret-credentials',
    path: 'app-test/regcred',
    field: 'data[.dockerconfigjson]',
    message: /^\.dockerconfigjson has no registry in "auths"$/,
  },
  {
    name: 'fails when imagePullSecrets names a Secret the chart neither defines nor declares',
    build: (chart) => { web(chart, { imagePullSecrets: [{ secretName: 'regcred' }] }); },
    rule: 'image-pull-secret-reference',
    path: 'app-test/web/Deployment',
    field: `${F_POD}.imagePullSecrets[0].name`,
    message: /^pull secret "regcred" is neither defined in the chart nor declared as existing$/,
  },
  {
    name: "fails when a Job's imagePullSecrets name a Secret that does not exist",
    build: (chart) => {
      const declared = RegistryPullSecret.fromSecretName(chart, 'pull', 'registry-credentials');
      job(chart, { imagePullSecrets: [declared, { secretName: 'other-registry' }] });
    },
    rule: 'image-pull-secret-reference',
    path: 'app-test/job/Resource',
    field: `${F_POD}.imagePullSecrets[1].name`,
    message: /^pull secret "other-registry" is neither defined/,
  },
  {
    name: 'warns when a pull secret left on the default server (Docker Hub) is given to a pod whose image is on another registry',
    build: (chart) => { web(chart, { imagePullSecrets: [new RegistryPullSecret(chart, 'regcred', { credentials: RegistryCredentials.fromEnvironment() })] }); },
    rule: 'pull-secret-registry',
    severity: 'warning',
    path: 'app-test/web/Deployment',
    field: `${F_POD}.imagePullSecrets[0].name`,
    message: /^pull secret "regcred" holds credentials for https:\/\/index\.docker\.io\/v1\/, which no image of the pod is pulled from: registry\.example\.com\/shop\/web:1\.4\.2 \(registry\.example\.com\)$/,
  },
];

// ---------------------------------------------------------------------------
// Pod security and secrets in git: refused by default

const UNSAFE_PRIVILEGED = [JsonPatch.replace(`${C0}/securityContext/privileged`, true), JsonPatch.remove(`${C0}/securityContext/allowPrivilegeEscalation`)];

const SECURITY: BadCase[] = [
  {
    name: 'fails when a container is privileged',
    build: (chart) => { patchedWeb(chart, UNSAFE_PRIVILEGED); },
    rule: 'privileged',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.securityContext.privileged`,
    message: /^the container is privileged: it has every capability and device of the node$/,
  },
  {
    name: 'fails when a container sets allowPrivilegeEscalation true',
    build: (chart) => { patchedWeb(chart, [JsonPatch.replace(`${C0}/securityContext/allowPrivilegeEscalation`, true)]); },
    rule: 'privilege-escalation',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.securityContext.allowPrivilegeEscalation`,
    message: /^the container may gain more privileges than its parent process \(setuid binaries\)$/,
  },
  {
    name: 'fails when a raw pod container has no securityContext (privilege escalation)',
    build: (chart) => { rawPod(chart, 'debug', { containers: [{ name: 'main', image: IMAGE }] }); },
    rule: 'privilege-escalation',
    path: 'app-test/debug',
    field: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
    message: /^the container may gain more privileges/,
  },
  {
    name: 'fails when runAsNonRoot is missing',
    build: (chart) => {
      patchedWeb(chart, [JsonPatch.remove(`${C0}/securityContext/runAsNonRoot`), JsonPatch.remove(`${POD}/securityContext/runAsNonRoot`)]);
    },
    rule: 'run-as-root',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.securityContext.runAsNonRoot`,
    message: /^the container may run as root$/,
  },
  {
    name: 'fails when a container sets runAsNonRoot false',
    build: (chart) => { patchedWeb(chart, [JsonPatch.replace(`${C0}/securityContext/runAsNonRoot`, false)]); },
    rule: 'run-as-root',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.securityContext.runAsNonRoot`,
    message: /^the container may run as root$/,
  },
  {
    name: 'fails when a container runs as user 0',
    build: (chart) => { web(chart, { container: main({ security: { runAsUser: 0 } }) }); },
    rule: 'run-as-root',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.securityContext.runAsUser`,
    message: /^the container runs as uid 0 \(root\)$/,
  },
  {
    name: 'fails when a pod runs as user 0',
    build: (chart) => { job(chart, { podSecurity: { runAsUser: 0 } }); },
    rule: 'run-as-root',
    path: 'app-test/job/Resource',
    field: `${F_POD}.securityContext.runAsUser`,
    message: /^the pod runs its containers as uid 0 \(root\)$/,
  },
  {
    name: 'fails when a pod uses hostNetwork',
    build: (chart) => { patchedWeb(chart, [JsonPatch.add(`${POD}/hostNetwork`, true)]); },
    rule: 'host-namespaces',
    path: 'app-test/web/Deployment',
    field: `${F_POD}.hostNetwork`,
    message: /^the pod uses the node's Network namespace$/,
  },
  {
    name: 'fails when a pod uses hostPID',
    build: (chart) => { rawPod(chart, 'debug', { hostPID: true }); },
    rule: 'host-namespaces',
    path: 'app-test/debug',
    field: 'spec.hostPID',
    message: /^the pod uses the node's PID namespace$/,
  },
  {
    name: 'fails when a pod uses hostIPC',
    build: (chart) => { rawPod(chart, 'debug', { hostIPC: true }); },
    rule: 'host-namespaces',
    path: 'app-test/debug',
    field: 'spec.hostIPC',
    message: /^the pod uses the node's IPC namespace$/,
  },
  {
    name: 'fails when a pod mounts a hostPath volume',
    build: (chart) => { rawPod(chart, 'debug', { volumes: [{ name: 'docker', hostPath: { path: '/var/run/docker.sock' } }] }); },
    rule: 'host-path',
    path: 'app-test/debug',
    field: 'spec.volumes[0].hostPath',
    message: /^volume "docker" mounts the node's \/var\/run\/docker\.sock$/,
  },
  {
    name: 'fails when a container adds SYS_ADMIN',
    build: (chart) => { patchedWeb(chart, [JsonPatch.add(`${C0}/securityContext/capabilities/add`, ['NET_BIND_SERVICE', 'SYS_ADMIN'])]); },
    rule: 'capabilities',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.securityContext.capabilities.add`,
    message: /^the container adds SYS_ADMIN$/,
  },
  {
    name: 'fails when a container drops NET_RAW instead of ALL',
    build: (chart) => { patchedWeb(chart, [JsonPatch.replace(`${C0}/securityContext/capabilities/drop`, ['NET_RAW'])]); },
    rule: 'capabilities',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.securityContext.capabilities.drop`,
    message: /^the container keeps the default capabilities$/,
  },
  {
    name: 'fails when a pod runs with the Unconfined seccomp profile',
    build: (chart) => { patchedWeb(chart, [JsonPatch.replace(`${POD}/securityContext/seccompProfile/type`, 'Unconfined')]); },
    rule: 'seccomp-profile',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.securityContext.seccompProfile`,
    message: /^the container runs with seccomp profile "Unconfined"$/,
  },
  {
    name: "fails when a container's Unconfined seccomp profile overrides the pod's",
    build: (chart) => { patchedWeb(chart, [JsonPatch.add(`${C0}/securityContext/seccompProfile`, { type: 'Unconfined' })]); },
    rule: 'seccomp-profile',
    path: 'app-test/web/Deployment',
    field: `${F_C0}.securityContext.seccompProfile`,
    message: /^the container runs with seccomp profile "Unconfined"$/,
  },
  {
    name: 'fails when a pod sets no seccomp profile',
    build: (chart) => { rawPod(chart, 'debug', { containers: [{ ...RESTRICTED_CONTAINER, securityContext: { ...RESTRICTED_CONTAINER.securityContext, seccompProfile: undefined } }] }); },
    rule: 'seccomp-profile',
    path: 'app-test/debug',
    field: 'spec.containers[0].securityContext.seccompProfile',
    message: /^the container runs with seccomp profile "unset"$/,
  },
  {
    name: 'fails when a Secret with stringData is written to git',
    build: (chart) => { new kplus.Secret(chart, 'api', { metadata: { name: 'api-token' }, stringData: { token: 's3cr3t' } }); },
    rule: 'secret-in-git',
    path: 'app-test/api/Resource',
    field: 'stringData',
    message: /^Secret with 1 value\(s\) \(token\) would be committed to git in clear text \(base64 is not encryption\)$/,
  },
  {
    name: 'fails when a raw Secret with data is written to git',
    build: (chart) => { raw(chart, 'db', 'v1', 'Secret', { data: { user: 'c2hvcA==', password: 'aHVudGVyMg==' } }); },
    rule: 'secret-in-git',
    path: 'app-test/db',
    field: 'data',
    message: /^Secret with 2 value\(s\) \(password, user\) would be committed to git/,
  },
];

const GROUPS: Record<string, BadCase[]> = {
  'names and labels': NAMES,
  'ports and services': PORTS,
  'ingress': INGRESS,
  'probes and resources': PROBES_AND_RESOURCES,
  'jobs and scheduling': SCHEDULING,
  'images, env and references': IMAGES_AND_ENV,
  'registry credentials': REGISTRY,
  'pod security and secrets': SECURITY,
};
const BAD_CASES = Object.values(GROUPS).flat();

describe.each(Object.entries(GROUPS))('%s', (_group, cases) => {
  test.each(cases)('$name', (c) => {
    const findings = findingsWithEnv(c.build, { secrets: c.secrets, env: c.env });
    const ofRule = findings.filter((f) => f.rule === c.rule);
    const match = ofRule.find((f) => c.message.test(f.message)
      && (c.field === undefined || (typeof c.field === 'string' ? f.field === c.field : c.field.test(f.field ?? '')))
      && (c.path === undefined || f.path === c.path));
    if (!match) {
      throw new Error(`no ${c.rule} finding with message ${c.message}${c.field ? `, field ${c.field}` : ''}${c.path ? `, path ${c.path}` : ''}; got:\n${summary(findings)}`);
    }
    expect(match.severity).toBe(c.severity ?? 'error');
    expect(match.path.startsWith('app-test/')).toBe(true);
    expect(match.app).toBe('app');
    expect(match.environment).toBe('test');
    expect(match.object).toMatch(/^\S+ (test\/)?\S+$/);
    expect(typeof match.fix).toBe('string');
    expect(match.fix.trim()).not.toBe('');
  });
});

// ---------------------------------------------------------------------------
// Allowed: what the security rules refuse, asked for explicitly

/** Privileged, escalating, root, ... Deployment patches, each refused above. */
const UNSAFE: Record<string, JsonPatch[]> = {
  // A privileged container cannot say allowPrivilegeEscalation: false (the API server refuses it).
  'privileged': [JsonPatch.replace(`${C0}/securityContext/privileged`, true), JsonPatch.remove(`${C0}/securityContext/allowPrivilegeEscalation`)],
  'privilege-escalation': [JsonPatch.replace(`${C0}/securityContext/allowPrivilegeEscalation`, true)],
  'run-as-root': [JsonPatch.replace(`${C0}/securityContext/runAsNonRoot`, false)],
  'host-namespaces': [JsonPatch.add(`${POD}/hostNetwork`, true)],
  'capabilities': [JsonPatch.add(`${C0}/securityContext/capabilities/add`, ['SYS_ADMIN'])],
  'seccomp-profile': [JsonPatch.replace(`${POD}/securityContext/seccompProfile/type`, 'Unconfined')],
};

const ALLOWED: GoodCase[] = [
  { name: 'a container with security.privileged true', rule: 'privileged', build: (chart) => { web(chart, { container: main({ security: { privileged: true } }) }); } },
  { name: 'a sidecar with security.privileged true', rule: 'privileged', build: (chart) => { web(chart, { sidecars: [main({ name: 'vpn', security: { privileged: true } })] }); } },
  { name: 'a container with security.allowPrivilegeEscalation true', rule: 'privilege-escalation', build: (chart) => { job(chart, { container: main({ security: { allowPrivilegeEscalation: true } }) }); } },
  { name: 'a container with security.runAsNonRoot false', rule: 'run-as-root', build: (chart) => { web(chart, { container: main({ security: { runAsNonRoot: false, runAsUser: 0 } }) }); } },
  { name: 'a pod with podSecurity.runAsNonRoot false', rule: 'run-as-root', build: (chart) => { new StandalonePod(chart, 'pod', { containers: [main()], podSecurity: { runAsNonRoot: false, runAsUser: 0 } }); } },
  { name: 'a pod with podSecurity.hostNetwork true', rule: 'host-namespaces', build: (chart) => { web(chart, { podSecurity: { hostNetwork: true } }); } },
  { name: 'a pod with podSecurity.hostPID and hostIPC true', rule: 'host-namespaces', build: (chart) => { job(chart, { podSecurity: { hostPID: true, hostIPC: true } }); } },
  { name: 'a container with security.addCapabilities SYS_ADMIN', rule: 'capabilities', build: (chart) => { web(chart, { container: main({ security: { addCapabilities: ['SYS_ADMIN'] } }) }); } },
  { name: 'a container with security.dropCapabilities NET_RAW', rule: 'capabilities', build: (chart) => { web(chart, { container: main({ security: { dropCapabilities: ['NET_RAW'] } }) }); } },
  { name: 'a pod with podSecurity.seccompProfile Unconfined', rule: 'seccomp-profile', build: (chart) => { web(chart, { podSecurity: { seccompProfile: SeccompProfile.UNCONFINED } }); } },
  ...Object.entries(UNSAFE).map(([rule, patches]): GoodCase => ({
    name: `a WebService patched to break ${rule}, with Allowances.allow('${rule}')`,
    rule: rule as RuleId,
    build: (chart) => { Allowances.of(patchedWeb(chart, patches)).allow(rule as RuleId, 'needed by this image, reviewed'); },
  })),
  {
    name: "a hostPath pod with Allowances.allow('host-path')",
    rule: 'host-path',
    build: (chart) => {
      Allowances.of(rawPod(chart, 'debug', { volumes: [{ name: 'logs', hostPath: { path: '/var/log' } }] })).allow('host-path', 'reads node logs');
    },
  },
  {
    name: "an unsafe pod under a scope with Allowances.allow('privileged')",
    rule: 'privileged',
    build: (chart) => {
      const team = new Construct(chart, 'node-agents');
      Allowances.of(team).allow('privileged', 'node agents need the host');
      patchedWeb(team, UNSAFE.privileged);
    },
  },
  {
    name: "a Secret with stringData and Allowances.allow('secret-in-git')",
    rule: 'secret-in-git',
    build: (chart) => {
      const secret = new kplus.Secret(chart, 'public', { metadata: { name: 'public-config' }, stringData: { url: 'https://example.com' } });
      Allowances.of(secret).allow('secret-in-git', 'a public URL, not a credential');
    },
  },
  {
    name: "an image on :latest with Allowances.allow('image-tag')",
    rule: 'image-tag',
    build: (chart) => { Allowances.of(web(chart, { container: main({ image: 'nginx:latest' }) })).allow('image-tag', 'a throw-away preview'); },
  },
];

describe('allowed when the construct asks for it explicitly', () => {
  test.each(ALLOWED)('$rule: $name', (c) => {
    const findings = findingsOf(c.build, { secrets: c.secrets });
    expect(findings.filter((f) => f.rule === c.rule)).toEqual([]);
  });

  test('a security prop allows only its own rule', () => {
    const findings = findingsOf((chart) => {
      patchedWeb(chart, UNSAFE['host-namespaces'], { container: main({ security: { privileged: true } }) });
    });
    expect(findings.filter((f) => f.rule === 'privileged')).toEqual([]);
    expect(findings.map((f) => f.rule)).toEqual(['host-namespaces']);
  });

  test('an allowance on one construct does not reach its siblings', () => {
    const findings = findingsOf((chart) => {
      Allowances.of(patchedWeb(chart, UNSAFE.privileged)).allow('privileged', 'reviewed');
      new WebService(chart, 'other', { container: main() }).deployment.addJsonPatch(...UNSAFE.privileged);
    });
    expect(findings.map((f) => `${f.rule} ${f.path}`)).toEqual(['privileged app-test/other/Deployment']);
  });
});

// ---------------------------------------------------------------------------
// Good input: no finding of the rule

const GOOD: GoodCase[] = [
  { name: 'an image pinned to a digest', rule: 'image-tag', build: (chart) => { web(chart, { container: main({ image: `nginx@sha256:${'a'.repeat(64)}` }) }); } },
  { name: 'an image with a registry port and a tag', rule: 'image-tag', build: (chart) => { web(chart, { container: main({ image: 'registry.example.com:5000/shop/web:1.4.2' }) }); } },
  {
    name: 'a secretKeyRef to a Secret declared with kplus.Secret.fromSecretName',
    rule: 'config-reference',
    build: (chart) => {
      const secret = kplus.Secret.fromSecretName(chart, 'db', 'db-credentials');
      web(chart, { container: main({ env: { DB_PASSWORD: kplus.EnvValue.fromSecretValue({ secret, key: 'password' }) } }) });
    },
  },
  {
    name: 'an envFrom and a volume of a ConfigMap declared with kplus.ConfigMap.fromConfigMapName',
    rule: 'config-reference',
    build: (chart) => {
      const cm = kplus.ConfigMap.fromConfigMapName(chart, 'shared', 'shared-env');
      web(chart, { container: main({ envFrom: [EnvFrom.configMap(cm)], mounts: [{ path: '/etc/shared', volume: Volume.fromConfigMap(cm, { items: { any: 'any' } }) }] }) });
    },
  },
  {
    name: 'optional references to Secrets and ConfigMaps that do not exist',
    rule: 'config-reference',
    build: (chart) => {
      web(chart, {
        container: main({
          env: {
            TOKEN: kplus.EnvValue.fromSecretValue({ secret: undeclaredSecret('maybe-token'), key: 'token' }, { optional: true }),
            SIZE: kplus.EnvValue.fromConfigMap(settings(chart), 'size', { optional: true }),
          },
          envFrom: [EnvFrom.configMap(undeclaredConfigMap('maybe-env'), { optional: true })],
          mounts: [{ path: '/etc/tls', volume: Volume.fromSecret(undeclaredSecret('maybe-tls'), { optional: true }) }],
        }),
      });
    },
  },
  {
    name: 'a key that the defined ConfigMap has',
    rule: 'config-reference',
    build: (chart) => { web(chart, { container: main({ env: { COLOR: kplus.EnvValue.fromConfigMap(settings(chart), 'color') } }) }); },
  },
  {
    name: 'imagePullSecrets naming a pull secret declared with RegistryPullSecret.fromSecretName',
    rule: 'image-pull-secret-reference',
    build: (chart) => { web(chart, { imagePullSecrets: [RegistryPullSecret.fromSecretName(chart, 'pull', 'registry-credentials')] }); },
  },
  {
    name: 'imagePullSecrets naming a credential pull secret that is not rendered (no --secrets)',
    rule: 'image-pull-secret-reference',
    build: (chart) => {
      const pull = new RegistryPullSecret(chart, 'regcred', { credentials: RegistryCredentials.fromLogin({ username: 'ci', password: 'hunter2' }) });
      web(chart, { imagePullSecrets: [pull] });
    },
  },
  {
    name: 'a credential Secret from RegistryCredentials.fromLogin (it goes to the secrets output)',
    rule: 'secret-in-git',
    secrets: true,
    build: (chart) => { new RegistryPullSecret(chart, 'regcred', { credentials: RegistryCredentials.fromLogin({ username: 'ci', password: 'hunter2' }) }); },
  },
  { name: 'a readiness probe with successThreshold 2', rule: 'probe-success-threshold', build: (chart) => { web(chart, { container: main({ readiness: Probe.httpGet('/ready', { successThreshold: 2 }) }) }); } },
  { name: 'a probe on a named port the container declares', rule: 'probe-port', build: (chart) => { web(chart, { container: main({ liveness: Probe.httpGet('/healthz', { port: 'http' }) }) }); } },
  { name: 'a container that adds only NET_BIND_SERVICE', rule: 'capabilities', build: (chart) => { web(chart, { container: main({ security: { addCapabilities: ['NET_BIND_SERVICE'] } }) }); } },
  {
    name: 'a NodePort Service with nodePort 30080',
    rule: 'node-port',
    build: (chart) => { web(chart, { service: { type: kplus.ServiceType.NODE_PORT }, ports: [{ port: 80, containerPort: 8080, name: 'http', nodePort: 30080 }] }); },
  },
  { name: 'a wildcard Ingress host', rule: 'ingress-host', build: (chart) => { web(chart, { ingress: { host: '*.shop.example.com' } }); } },
  { name: 'a CronJob name of exactly 52 characters', rule: 'object-name', build: (chart) => { cron(chart, { name: `nightly-${'x'.repeat(44)}` }); } },
  { name: 'an EnvironmentNamespace in a namespaced chart', rule: 'cluster-scoped-namespace', build: (chart) => { new EnvironmentNamespace(chart, 'ns', { name: 'shop' }); } },
];

describe('good input gives no finding of the rule', () => {
  test.each(GOOD)('$rule: $name', (c) => {
    const findings = findingsOf(c.build, { secrets: c.secrets });
    expect(findings.filter((f) => f.rule === c.rule)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// The run as a whole

describe('Allowances.allow', () => {
  const chart = new Chart(Testing.app(), 'allowances');

  test('throws for an unknown rule id', () => {
    expect(() => Allowances.of(chart).allow('no-such-rule' as RuleId, 'a reason')).toThrow(/unknown rule 'no-such-rule'[\s\S]*RULE_IDS/);
  });

  test('throws for an empty or blank reason', () => {
    expect(() => Allowances.of(chart).allow('privileged', '')).toThrow(/Allowances\.allow\('privileged'\) reason is empty: an allowance needs a reason/);
    expect(() => Allowances.of(chart).allow('privileged', '   ')).toThrow(/needs a reason/);
  });
});

describe('the validator', () => {
  test('never prints a value for an object that holds credentials', () => {
    const findings = findingsOf((chart) => {
      new RegistryPullSecret(chart, 'regcred', { name: 'Regcred', credentials: RegistryCredentials.fromLogin({ username: '', password: 'hunter2' }) });
      raw(chart, 'Plain', 'v1', 'ConfigMap');
    }, { secrets: true });
    const sensitive = findings.filter((f) => f.path.startsWith('app-test/regcred/'));
    expect(sensitive.map((f) => f.rule).sort()).toEqual(['object-name', 'pull-secret-credentials']);
    for (const finding of sensitive) {
      expect(finding).not.toHaveProperty('value', expect.anything());
    }
    expect(JSON.stringify(findings)).not.toContain('hunter2');
    // The same rule on an object without credentials does show the value.
    expect(findings.find((f) => f.path === 'app-test/Plain')).toMatchObject({ rule: 'object-name', value: 'Plain' });
  });

  test('finds nothing wrong with a plain WebService with a tagged image', () => {
    expect(findingsOf((chart) => { web(chart); })).toEqual([]);
  });

  test('finds nothing wrong with a chart that uses every construct as intended', () => {
    const findings = findingsOf((chart) => {
      new EnvironmentNamespace(chart, 'ns', { name: 'shop', defaultDenyIngress: true });
      const pull = RegistryPullSecret.fromSecretName(chart, 'pull', 'registry-credentials');
      const config = settings(chart);
      const shop = web(chart, {
        imagePullSecrets: [pull],
        container: main({
          env: { COLOR: kplus.EnvValue.fromConfigMap(config, 'color') },
          liveness: Probe.httpGet('/healthz'),
          readiness: Probe.httpGet('/ready', { port: 'http' }),
          resources: { memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) } },
          mounts: [{ path: '/tmp', volume: Volume.emptyDir('tmp', { sizeLimit: Size.mebibytes(64) }) }],
        }),
        ingress: { host: 'shop.example.com', path: '/api', tls: { secretName: 'shop-tls' } },
        disruptionBudget: {},
        autoscaling: { maxReplicas: 4 },
        spread: [Spread.preferDifferentNodes(50)],
      });
      new AllowIngress(chart, 'allow', { to: shop, from: [{ podLabels: { app: 'gateway' } }], ports: [8080] });
      job(chart, { backoffLimit: 2, activeDeadline: Duration.minutes(30), nodeAffinity: PINNED.prefer(10, NodeRequirement.gt('cores', 8)) });
      cron(chart, { imagePullSecrets: [pull] });
    });
    expect(summary(findings)).toBe('  (no finding)');
  });

  test('reports a bad port once, where it is declared, not at the Service, targetPort and Ingress that repeat it', () => {
    const findings = findingsOf((chart) => { web(chart, { ports: [{ port: 70000, name: 'http' }], ingress: { host: 'shop.example.com' } }); });
    expect(findings.map((f) => `${f.rule} ${f.path} ${f.field}: ${f.message}`)).toEqual([
      `port-range app-test/web/Deployment ${F_C0}.ports[0].containerPort: port 70000 is not an integer from 1 to 65535`,
    ]);
  });

  test('reports every problem of a run together', () => {
    const findings = findingsOf((chart) => {
      web(chart, {
        replicas: -1,
        ingress: { host: 'Shop.example.com' },
        container: main({ env: { '1BAD': kplus.EnvValue.fromValue('x') } }),
      });
    });
    expect(findings.map((f) => `${f.rule} ${f.path}`).sort()).toEqual([
      'env-name app-test/web/Deployment',
      'ingress-host app-test/web/Ingress',
      'non-negative-count app-test/web/Deployment',
    ]);
  });

  // Every rule id has bad input through the constructs here or as raw
  // objects in test/validation/rules/ (see coverage.test.ts there).
  test('the rules of the pod security standard have bad-input cases here', () => {
    const covered = new Set<string>(BAD_CASES.map((c) => c.rule));
    const security = ['privileged', 'privilege-escalation', 'run-as-root', 'host-namespaces', 'host-path', 'capabilities', 'seccomp-profile'];
    expect(security.filter((id) => !covered.has(id))).toEqual([]);
    expect(RULE_IDS).toEqual(expect.arrayContaining(security));
    expect(BAD_CASES.length).toBeGreaterThanOrEqual(50);
  });

  test('bad-input case names are unique and say what fails', () => {
    const names = BAD_CASES.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^(fails|warns) when /);
    }
  });
});
