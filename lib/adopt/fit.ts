import { App, Chart, Cron, Duration, Size } from 'cdk8s';
import { AllowIngress } from '../allow-ingress';
import * as kplus from 'cdk8s-plus-27';
import { NodeAffinity, NodeRequirement } from '../node-affinity';
import { NodePinnedCronJob } from '../node-pinned-cron-job';
import { JobRestartPolicy } from '../job';
import { NodePinnedJob } from '../node-pinned-job';
import { Probe } from '../probe';
import { RegistryPullSecret } from '../registry-pull-secret';
import { ReplicaSet } from '../replica-set';
import { Grant, ServiceAccount } from '../service-account';
import { SeccompProfile } from '../security';
import { Toleration } from '../toleration';
import { UpdateStrategy } from '../update-strategy';
import { StandalonePod } from '../standalone-pod';
import { isApiDefault, leaves } from './strip';
import { diffObjects, formatPath, isPlainObject, objectIdentity, PathStep } from '../synth/object-diff';
import { KubeObject } from '../validation/manifest';
import { SessionAffinity, WebService } from '../web-service';
import { Code, materialize, str, toSource } from './code';

/** Where the imported objects will be synthesized: the chart's namespace and labels. */
export interface ChartContext {
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** A library construct that writes some of the input objects. */
export interface ConstructFit {
  /** Class name, as imported from the library. */
  readonly construct: 'WebService' | 'StandalonePod' | 'ReplicaSet' | 'NodePinnedJob' | 'NodePinnedCronJob' | 'AllowIngress' | 'ServiceAccount';
  readonly id: string;
  /** Props, with `Code` for values that are not plain data. */
  readonly props: Record<string, unknown>;
  /** The input objects it writes. */
  readonly objects: KubeObject[];
  /** Per input object (`Kind name`), the fields the construct adds. */
  readonly additions: Map<string, string[]>;
  /** Names of the pull secrets it refers to. */
  readonly pullSecrets: string[];
  /** Method calls on the new construct (`.grant(...)`), as source, after the constructor. */
  readonly calls?: string;
}

/** Why an object has no construct. */
export class NoFit extends Error {}

const CHART_LABEL_KEYS = ['app.kubernetes.io/part-of', 'app.kubernetes.io/instance', 'app.kubernetes.io/managed-by'];

/** Which added fields a construct may write that the input did not have: its security defaults, labels and namespace. */
function allowedAddition(path: ReadonlyArray<PathStep>): boolean {
  const fields = path.map((s) => ('field' in s ? s.field : '*'));
  const text = fields.join('.');
  return /^metadata\.(labels\..+|namespace)$/.test(text)
    || /(^|\.)template\.metadata\.labels\..+$/.test(text)
    || /(^|\.)spec\.automountServiceAccountToken$/.test(text)
    || /(^|\.)spec\.securityContext(\..+)?$/.test(text)
    || /(^|\.)spec\.(containers|initContainers)\.\*\.securityContext(\..+)?$/.test(text)
    // Declared container ports only document what the container listens on.
    || /(^|\.)spec\.containers\.\*\.ports$/.test(text);
}

/**
 * The fields `output` adds to `input`, or a `NoFit` naming the first field
 * where they disagree: the construct may add its labels, namespace, security
 * defaults and explicit API defaults, and nothing else.
 */
export function additionsOver(output: KubeObject, input: KubeObject): string[] {
  const added: string[] = [];
  // A map only the output has counts field by field: its labels one by one.
  const diffs = diffObjects(output, input).flatMap((d) => (d.change === 'only-left' && isPlainObject(d.left) && Object.keys(d.left).length
    ? leaves(d.left).map((leaf) => ({ ...d, path: [...d.path, ...leaf.path], left: leaf.value }))
    : [d]));
  for (const d of diffs) {
    const field = formatPath(d.path);
    if (d.change === 'only-left' && (allowedAddition(d.path) || isApiDefault(output, d.path, d.left))) {
      added.push(field);
      continue;
    }
    const what = d.change === 'only-left' ? 'the construct adds it' : d.change === 'only-right' ? 'the construct cannot write it' : 'the construct writes another value';
    throw new NoFit(`${field}: ${what}`);
  }
  return added;
}

/** Objects `build` writes in a chart like the one the app will run in. */
function synthesize(context: ChartContext, build: (chart: Chart) => void): KubeObject[] {
  const chart = new Chart(new App(), 'import-check', { namespace: context.namespace, labels: { ...context.labels } });
  build(chart);
  return chart.toJson() as KubeObject[];
}

/** Check that `build` writes exactly `inputs`, up to allowed additions; return the additions per object. */
function verify(context: ChartContext, inputs: KubeObject[], build: (chart: Chart) => void): Map<string, string[]> {
  let outputs: KubeObject[];
  try {
    outputs = synthesize(context, build);
  } catch (error) {
    throw new NoFit(`the construct refused the props: ${String((error as Error).message).replace(/\s*\n\s*/g, ' ')}`);
  }
  const byKey = new Map(inputs.map((o) => [objectIdentity(o, false), o]));
  const additions = new Map<string, string[]>();
  for (const output of outputs) {
    const key = objectIdentity(output, false);
    const input = byKey.get(key);
    if (!input) {
      throw new NoFit(`it would also write ${output.kind} ${output.metadata?.name}`);
    }
    byKey.delete(key);
    additions.set(`${output.kind} ${output.metadata?.name}`, additionsOver(output, input));
  }
  if (byKey.size) {
    throw new NoFit(`it does not write ${[...byKey.keys()].join(', ')}`);
  }
  return additions;
}

// Pull secret references are made once per chart and shared.
const pullSecretRefs = new WeakMap<Chart, Map<string, unknown>>();
function pullSecretRef(name: string): Code {
  return new Code(`pullSecrets[${str(name)}]`, (chart) => {
    const refs = pullSecretRefs.get(chart) ?? new Map<string, unknown>();
    pullSecretRefs.set(chart, refs);
    if (!refs.has(name)) {
      refs.set(name, RegistryPullSecret.fromSecretName(chart, `PullSecret-${name}`, name));
    }
    return refs.get(name);
  });
}

function enumMember(enumName: string, values: Record<string, string>, value: unknown, field: string): Code {
  const member = Object.entries(values).find(([, v]) => v === value)?.[0];
  if (!member) {
    throw new NoFit(`${field}: ${JSON.stringify(value)} is not a ${enumName} the library knows`);
  }
  const [namespace, name] = enumName.includes('.') ? enumName.split('.') : [undefined, enumName];
  const holder = namespace ? (kplus as any)[name] : ({ SessionAffinity, SeccompProfile, JobRestartPolicy } as Record<string, any>)[name];
  return new Code(`${enumName}.${member}`, () => holder[member]);
}

function seconds(value: unknown, field: string): Code {
  if (!Number.isInteger(value) || (value as number) < 0) {
    throw new NoFit(`${field}: ${JSON.stringify(value)} is not a whole number of seconds`);
  }
  return new Code(`Duration.seconds(${value})`, () => Duration.seconds(value as number));
}

function onlyKeys(object: Record<string, unknown>, known: ReadonlyArray<string>, where: string): void {
  const extra = Object.keys(object).filter((k) => !known.includes(k));
  if (extra.length) {
    throw new NoFit(`${where ? `${where}.` : ''}${extra[0]} has no prop in the library's constructs`);
  }
}

/** Props of one container; `servicePorts` are the ports a WebService declares itself. */
function containerProps(c: any, where: string, servicePorts: ReadonlyArray<number>): Record<string, unknown> {
  const props: Record<string, unknown> = { name: c.name, image: c.image };
  onlyKeys(c, ['name', 'image', 'imagePullPolicy', 'command', 'args', 'workingDir', 'ports', 'env', 'securityContext', 'resources',
    'livenessProbe', 'readinessProbe', 'startupProbe'], where);
  for (const [field, prop] of [['livenessProbe', 'liveness'], ['readinessProbe', 'readiness'], ['startupProbe', 'startup']] as const) {
    if (c[field] !== undefined) {
      props[prop] = probe(c[field], `${where}.${field}`);
    }
  }
  if (c.resources !== undefined) {
    props.resources = resourceProps(c.resources, `${where}.resources`);
  }
  if (c.imagePullPolicy !== undefined) {
    props.imagePullPolicy = enumMember('kplus.ImagePullPolicy', kplus.ImagePullPolicy as any, c.imagePullPolicy, `${where}.imagePullPolicy`);
  }
  for (const key of ['command', 'args', 'workingDir']) {
    if (c[key] !== undefined) {
      props[key] = c[key];
    }
  }
  const ports = (c.ports ?? []).filter((p: any) => !servicePorts.includes(p.containerPort));
  if (ports.length) {
    props.ports = ports.map((p: any, i: number) => {
      onlyKeys(p, ['containerPort', 'name', 'protocol'], `${where}.ports[${i}]`);
      return {
        number: p.containerPort,
        name: p.name,
        protocol: p.protocol === undefined ? undefined : enumMember('kplus.Protocol', kplus.Protocol as any, p.protocol, `${where}.ports[${i}].protocol`),
      };
    });
  }
  if (c.env !== undefined) {
    const env: Record<string, unknown> = {};
    for (const [i, e] of (c.env as any[]).entries()) {
      if (Object.keys(e).some((k) => k !== 'name' && k !== 'value')) {
        throw new NoFit(`${where}.env[${i}] (${e.name}) takes its value from elsewhere; only plain values are imported as props`);
      }
      env[e.name] = new Code(`kplus.EnvValue.fromValue(${str(String(e.value ?? ''))})`, () => kplus.EnvValue.fromValue(String(e.value ?? '')));
    }
    props.env = env;
  }
  if (c.securityContext !== undefined) {
    props.security = containerSecurity(c.securityContext, `${where}.securityContext`);
  }
  return props;
}

/** A `Probe` from its Kubernetes form: HTTP GET, TCP socket or exec, with its timings. */
function probe(p: any, where: string): Code {
  onlyKeys(p, ['httpGet', 'tcpSocket', 'exec', 'initialDelaySeconds', 'periodSeconds', 'timeoutSeconds', 'failureThreshold', 'successThreshold'], where);
  const timing: Record<string, unknown> = {
    initialDelay: p.initialDelaySeconds === undefined ? undefined : seconds(p.initialDelaySeconds, `${where}.initialDelaySeconds`),
    period: p.periodSeconds === undefined ? undefined : seconds(p.periodSeconds, `${where}.periodSeconds`),
    timeout: p.timeoutSeconds === undefined ? undefined : seconds(p.timeoutSeconds, `${where}.timeoutSeconds`),
    failureThreshold: p.failureThreshold,
    successThreshold: p.successThreshold,
  };
  const inline = (options: Record<string, unknown>) => (Object.values(options).some((v) => v !== undefined)
    ? `, ${toSource(options).replace(/\n\s*/g, ' ').replace(/, }/g, ' }')}`
    : '');
  if (p.httpGet) {
    onlyKeys(p.httpGet, ['path', 'port', 'scheme', 'httpHeaders'], `${where}.httpGet`);
    if (p.httpGet.httpHeaders?.some((h: any, i: number) => p.httpGet.httpHeaders.findIndex((o: any) => o.name === h.name) !== i)) {
      throw new NoFit(`${where}.httpGet.httpHeaders repeats a header; Probe.httpGet takes one value per header`);
    }
    const options = {
      port: p.httpGet.port,
      headers: p.httpGet.httpHeaders ? Object.fromEntries(p.httpGet.httpHeaders.map((h: any) => [h.name, h.value])) : undefined,
      scheme: p.httpGet.scheme,
      ...timing,
    };
    const path = p.httpGet.path ?? '/';
    return new Code(`Probe.httpGet(${str(path)}${inline(options)})`, (chart) => Probe.httpGet(path, materialize(options, chart)));
  }
  if (p.tcpSocket) {
    onlyKeys(p.tcpSocket, ['port'], `${where}.tcpSocket`);
    const options = { port: p.tcpSocket.port, ...timing };
    return new Code(`Probe.tcpSocket(${inline(options).slice(2)})`, (chart) => Probe.tcpSocket(materialize(options, chart)));
  }
  if (p.exec) {
    onlyKeys(p.exec, ['command'], `${where}.exec`);
    return new Code(`Probe.exec(${JSON.stringify(p.exec.command ?? [])}${inline(timing)})`, (chart) => Probe.exec(p.exec.command ?? [], materialize(timing, chart)));
  }
  throw new NoFit(`${where} has no handler the library writes (httpGet, tcpSocket, exec)`);
}

function percentOrAbsolute(value: unknown, where: string): Code {
  if (typeof value === 'number') {
    return new Code(`kplus.PercentOrAbsolute.absolute(${value})`, () => kplus.PercentOrAbsolute.absolute(value));
  }
  const match = String(value).match(/^(\d+)%$/);
  if (!match) {
    throw new NoFit(`${where}: ${JSON.stringify(value)} is neither a number nor a percentage`);
  }
  return new Code(`kplus.PercentOrAbsolute.percent(${match[1]})`, () => kplus.PercentOrAbsolute.percent(Number(match[1])));
}

/** An `UpdateStrategy` from a Deployment's strategy. */
function updateStrategy(strategy: any): Code {
  onlyKeys(strategy, ['type', 'rollingUpdate'], 'spec.strategy');
  if (strategy.type === 'Recreate' && !strategy.rollingUpdate) {
    return new Code('UpdateStrategy.recreate()', () => UpdateStrategy.recreate());
  }
  if ((strategy.type ?? 'RollingUpdate') !== 'RollingUpdate') {
    throw new NoFit(`spec.strategy.type: ${JSON.stringify(strategy.type)} is not a strategy the library writes`);
  }
  const rolling = strategy.rollingUpdate ?? {};
  onlyKeys(rolling, ['maxSurge', 'maxUnavailable'], 'spec.strategy.rollingUpdate');
  const options: Record<string, unknown> = {
    maxSurge: rolling.maxSurge === undefined ? undefined : percentOrAbsolute(rolling.maxSurge, 'spec.strategy.rollingUpdate.maxSurge'),
    maxUnavailable: rolling.maxUnavailable === undefined ? undefined : percentOrAbsolute(rolling.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable'),
  };
  const source = Object.values(options).some((v) => v !== undefined) ? toSource(options).replace(/\n\s*/g, ' ').replace(/, }/g, ' }') : '';
  return new Code(`UpdateStrategy.rollingUpdate(${source})`, (chart) => UpdateStrategy.rollingUpdate(materialize(options, chart)));
}

const MEMORY_UNITS: Readonly<Record<string, string>> = { Ki: 'kibibytes', Mi: 'mebibytes', Gi: 'gibibytes', Ti: 'tebibytes' };

function cpu(value: unknown, where: string): Code {
  const text = String(value);
  if (/^\d+m$/.test(text)) {
    return new Code(`kplus.Cpu.millis(${parseInt(text, 10)})`, () => kplus.Cpu.millis(parseInt(text, 10)));
  }
  if (typeof value === 'number') {
    return new Code(`kplus.Cpu.units(${value})`, () => kplus.Cpu.units(value));
  }
  throw new NoFit(`${where}: ${JSON.stringify(value)} is not a CPU amount the library writes back the same way`);
}

function size(value: unknown, where: string): Code {
  const match = String(value).match(/^(\d+)(Ki|Mi|Gi|Ti)$/);
  if (!match) {
    throw new NoFit(`${where}: ${JSON.stringify(value)} is not a binary size (Ki, Mi, Gi, Ti) the library writes back the same way`);
  }
  const method = MEMORY_UNITS[match[2]];
  return new Code(`Size.${method}(${match[1]})`, () => (Size as any)[method](Number(match[1])));
}

/** `kplus.ContainerResources` from requests and limits. */
function resourceProps(resources: any, where: string): Record<string, unknown> | undefined {
  onlyKeys(resources, ['requests', 'limits'], where);
  const props: Record<string, Record<string, unknown>> = {};
  for (const kind of ['requests', 'limits'] as const) {
    const values = resources[kind] ?? {};
    onlyKeys(values, ['cpu', 'memory', 'ephemeral-storage'], `${where}.${kind}`);
    const end = kind === 'requests' ? 'request' : 'limit';
    for (const [key, prop] of [['cpu', 'cpu'], ['memory', 'memory'], ['ephemeral-storage', 'ephemeralStorage']] as const) {
      if (values[key] !== undefined) {
        props[prop] = { ...props[prop], [end]: key === 'cpu' ? cpu(values[key], `${where}.${kind}.cpu`) : size(values[key], `${where}.${kind}.${key}`) };
      }
    }
  }
  return Object.keys(props).length ? props : undefined;
}

function nodeRequirement(r: any, where: string): Code {
  onlyKeys(r, ['key', 'operator', 'values'], where);
  const key = str(r.key);
  switch (r.operator) {
    case 'In': return new Code(`NodeRequirement.in(${key}, ${JSON.stringify(r.values)})`, () => NodeRequirement.in(r.key, r.values));
    case 'NotIn': return new Code(`NodeRequirement.notIn(${key}, ${JSON.stringify(r.values)})`, () => NodeRequirement.notIn(r.key, r.values));
    case 'Exists': return new Code(`NodeRequirement.exists(${key})`, () => NodeRequirement.exists(r.key));
    case 'DoesNotExist': return new Code(`NodeRequirement.doesNotExist(${key})`, () => NodeRequirement.doesNotExist(r.key));
    case 'Gt': return new Code(`NodeRequirement.gt(${key}, ${Number(r.values?.[0])})`, () => NodeRequirement.gt(r.key, Number(r.values?.[0])));
    case 'Lt': return new Code(`NodeRequirement.lt(${key}, ${Number(r.values?.[0])})`, () => NodeRequirement.lt(r.key, Number(r.values?.[0])));
    default: throw new NoFit(`${where}.operator: ${JSON.stringify(r.operator)} is not a node selector operator`);
  }
}

// A node selector term as requirements; `matchFields` has no prop.
function term(t: any, where: string): Code[] {
  onlyKeys(t, ['matchExpressions'], where);
  return (t.matchExpressions ?? []).map((r: any, i: number) => nodeRequirement(r, `${where}.matchExpressions[${i}]`));
}

/** A `NodeAffinity` from its Kubernetes form: required terms, then preferences. */
function nodeAffinity(affinity: any, where: string): Code {
  onlyKeys(affinity ?? {}, ['requiredDuringSchedulingIgnoredDuringExecution', 'preferredDuringSchedulingIgnoredDuringExecution'], where);
  const required = affinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) {
    onlyKeys(required, ['nodeSelectorTerms'], `${where}.requiredDuringSchedulingIgnoredDuringExecution`);
  }
  const terms: Code[][] = (required?.nodeSelectorTerms ?? []).map((t: any, i: number) => term(t, `${where}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`));
  const list = (codes: Code[]) => codes.map((c) => c.source).join(', ');
  let source = terms.length === 1
    ? `NodeAffinity.require(${list(terms[0])})`
    : terms.length ? `NodeAffinity.requireAnyOf(${terms.map((t) => `[${list(t)}]`).join(', ')})` : 'NodeAffinity.preferOnly()';
  const steps: Array<(a: NodeAffinity, chart: Chart) => NodeAffinity> = [];
  for (const [i, p] of (affinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).entries()) {
    onlyKeys(p, ['weight', 'preference'], `${where}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`);
    const requirements = term(p.preference ?? {}, `${where}.preferredDuringSchedulingIgnoredDuringExecution[${i}].preference`);
    source += `.prefer(${p.weight}, ${list(requirements)})`;
    steps.push((a, chart) => a.prefer(p.weight, ...requirements.map((r) => r.make(chart) as NodeRequirement)));
  }
  return new Code(source, (chart) => {
    const made = terms.map((t) => t.map((r) => r.make(chart) as NodeRequirement));
    const base = made.length === 1 ? NodeAffinity.require(...made[0]) : made.length ? NodeAffinity.requireAnyOf(...made) : NodeAffinity.preferOnly();
    return steps.reduce((a, step) => step(a, chart), base);
  });
}

function toleration(t: any, where: string): Code {
  onlyKeys(t, ['key', 'operator', 'value', 'effect', 'tolerationSeconds'], where);
  const options: Record<string, unknown> = {
    effect: t.effect === undefined ? undefined : enumMember('kplus.TaintEffect', kplus.TaintEffect as any, t.effect, `${where}.effect`),
    evictAfter: t.tolerationSeconds === undefined ? undefined : seconds(t.tolerationSeconds, `${where}.tolerationSeconds`),
  };
  const hasOptions = Object.values(options).some((v) => v !== undefined);
  const optionSource = hasOptions ? `, ${toSource(options).replace(/\n\s*/g, ' ').replace(/, }/, ' }')}` : '';
  if ((t.operator ?? 'Equal') === 'Equal' && t.key !== undefined && t.value !== undefined) {
    return new Code(`Toleration.equal(${str(t.key)}, ${str(t.value)}${optionSource})`, (chart) => Toleration.equal(t.key, t.value, materialize(options, chart)));
  }
  if (t.operator === 'Exists' && t.key !== undefined && t.value === undefined) {
    return new Code(`Toleration.exists(${str(t.key)}${optionSource})`, (chart) => Toleration.exists(t.key, materialize(options, chart)));
  }
  throw new NoFit(`${where}: a toleration of every taint, or Equal without a value, has no factory in the library`);
}

/** `ContainerSecurity` props: only what differs from the library's secure defaults. */
function containerSecurity(sc: any, where: string): Record<string, unknown> | undefined {
  onlyKeys(sc, ['runAsUser', 'runAsGroup', 'runAsNonRoot', 'readOnlyRootFilesystem', 'allowPrivilegeEscalation', 'privileged', 'capabilities'], where);
  onlyKeys(sc.capabilities ?? {}, ['add', 'drop'], `${where}.capabilities`);
  const props: Record<string, unknown> = {
    runAsUser: sc.runAsUser,
    runAsGroup: sc.runAsGroup,
    runAsNonRoot: sc.runAsNonRoot === false ? false : undefined,
    readOnlyRootFilesystem: sc.readOnlyRootFilesystem === false ? false : undefined,
    allowPrivilegeEscalation: sc.allowPrivilegeEscalation === true ? true : undefined,
    privileged: sc.privileged === true ? true : undefined,
    addCapabilities: sc.capabilities?.add,
    dropCapabilities: sc.capabilities?.drop !== undefined && JSON.stringify(sc.capabilities.drop) !== '["ALL"]' ? sc.capabilities.drop : undefined,
  };
  return Object.values(props).some((v) => v !== undefined) ? props : undefined;
}

/**
 * Whether a container of the pod may run as root: neither it nor the pod
 * says runAsNonRoot or a user id, so the image's user applies (busybox's is
 * root). The library's default `runAsNonRoot: true` would stop such a pod
 * from starting, so the import keeps what the input means: runAsNonRoot false.
 */
export function mayRunAsRoot(spec: any): boolean {
  const pod = spec?.securityContext ?? {};
  if (pod.runAsNonRoot !== undefined || pod.runAsUser !== undefined) {
    return false;
  }
  return [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]
    .some((c: any) => c?.securityContext?.runAsNonRoot === undefined && c?.securityContext?.runAsUser === undefined);
}

/** `PodSecurity` props: only what differs from the library's secure defaults. */
function podSecurity(spec: any, where: string): Record<string, unknown> | undefined {
  const sc = spec.securityContext ?? {};
  onlyKeys(sc, ['runAsUser', 'runAsGroup', 'fsGroup', 'runAsNonRoot', 'seccompProfile'], `${where}.securityContext`);
  onlyKeys(sc.seccompProfile ?? {}, ['type'], `${where}.securityContext.seccompProfile`);
  const seccomp = sc.seccompProfile?.type;
  const props: Record<string, unknown> = {
    runAsUser: sc.runAsUser,
    runAsGroup: sc.runAsGroup,
    fsGroup: sc.fsGroup,
    runAsNonRoot: sc.runAsNonRoot === false || mayRunAsRoot(spec) ? false : undefined,
    seccompProfile: seccomp === undefined || seccomp === SeccompProfile.RUNTIME_DEFAULT ? undefined : enumMember('SeccompProfile', SeccompProfile as any, seccomp, `${where}.securityContext.seccompProfile.type`),
    hostNetwork: spec.hostNetwork,
    hostPID: spec.hostPID,
    hostIPC: spec.hostIPC,
  };
  return Object.values(props).some((v) => v !== undefined) ? props : undefined;
}

/** Props shared by every workload construct, from a pod spec. */
function podProps(spec: any, where: string, pullSecrets: string[], extraKeys: ReadonlyArray<string>): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  onlyKeys(spec, ['containers', 'serviceAccountName', 'automountServiceAccountToken', 'imagePullSecrets', 'hostAliases',
    'terminationGracePeriodSeconds', 'priorityClassName', 'securityContext', 'hostNetwork', 'hostPID', 'hostIPC', 'affinity', 'tolerations', ...extraKeys], where);
  if (spec.affinity !== undefined) {
    onlyKeys(spec.affinity, ['nodeAffinity'], `${where}.affinity`);
    props.nodeAffinity = nodeAffinity(spec.affinity.nodeAffinity, `${where}.affinity.nodeAffinity`);
  }
  if (spec.tolerations !== undefined) {
    props.tolerations = spec.tolerations.map((t: any, i: number) => toleration(t, `${where}.tolerations[${i}]`));
  }
  if (spec.serviceAccountName !== undefined) {
    props.serviceAccountName = spec.serviceAccountName;
  }
  if (spec.automountServiceAccountToken === true) {
    props.automountServiceAccountToken = true;
  }
  if (spec.imagePullSecrets?.length) {
    props.imagePullSecrets = spec.imagePullSecrets.map((s: any) => {
      pullSecrets.push(s.name);
      return pullSecretRef(s.name);
    });
  }
  if (spec.hostAliases !== undefined) {
    props.hostAliases = spec.hostAliases;
  }
  if (spec.terminationGracePeriodSeconds !== undefined) {
    props.terminationGracePeriod = seconds(spec.terminationGracePeriodSeconds, `${where}.terminationGracePeriodSeconds`);
  }
  if (spec.priorityClassName !== undefined) {
    props.priorityClassName = spec.priorityClassName;
  }
  props.podSecurity = podSecurity(spec, where);
  return props;
}

// Labels and annotations of a pod template that are not the workload's own.
function podMetadataProps(metadata: any, own: Record<string, string>, chartLabels: Readonly<Record<string, string>>): Record<string, unknown> {
  const podLabels = Object.fromEntries(Object.entries(metadata?.labels ?? {}).filter(([k, v]) => own[k] !== v && chartLabels[k] !== v));
  return {
    podLabels: Object.keys(podLabels).length ? podLabels : undefined,
    podAnnotations: metadata?.annotations,
  };
}

/** Labels the construct derives itself: selector, name, version. */
function ownLabels(selector: Record<string, string>, name: string, labels: Record<string, string>): Record<string, string> {
  const own: Record<string, string> = { ...selector, 'app.kubernetes.io/name': name };
  for (const key of ['app.kubernetes.io/version', 'app.kubernetes.io/component']) {
    if (labels[key] !== undefined) {
      own[key] = labels[key];
    }
  }
  return own;
}

function workloadLabelProps(labels: Record<string, string>): Record<string, unknown> {
  return { version: labels['app.kubernetes.io/version'], component: labels['app.kubernetes.io/component'] };
}

/** A Deployment and the Service (and Ingress) that select it, as a `WebService`. */
export function fitWebService(context: ChartContext, deployment: any, service: any, ingress: any | undefined): ConstructFit {
  const name = deployment.metadata.name;
  if (service.metadata.name !== name || (ingress && ingress.metadata.name !== name)) {
    throw new NoFit('a WebService gives its Deployment, Service and Ingress one name');
  }
  onlyKeys(deployment.spec, ['replicas', 'selector', 'template', 'revisionHistoryLimit', 'minReadySeconds', 'strategy'], 'spec');
  onlyKeys(deployment.spec.selector ?? {}, ['matchLabels'], 'spec.selector');
  const selector = deployment.spec.selector?.matchLabels ?? {};
  const labels = deployment.metadata.labels ?? {};
  const podSpec = deployment.spec.template?.spec ?? {};
  const [main, ...sidecars] = podSpec.containers ?? [];
  if (!main) {
    throw new NoFit('the Deployment has no container');
  }
  const servicePorts = (service.spec.ports ?? []).map((p: any, i: number) => {
    onlyKeys(p, ['name', 'port', 'targetPort', 'nodePort', 'protocol'], `Service spec.ports[${i}]`);
    if (p.targetPort !== undefined && typeof p.targetPort !== 'number') {
      throw new NoFit(`Service spec.ports[${i}].targetPort is a port name; WebService writes numbers`);
    }
    return {
      port: p.port,
      containerPort: p.targetPort !== undefined && p.targetPort !== p.port ? p.targetPort : undefined,
      name: p.name,
      nodePort: p.nodePort,
      protocol: p.protocol === undefined ? undefined : enumMember('kplus.Protocol', kplus.Protocol as any, p.protocol, `Service spec.ports[${i}].protocol`),
    };
  });
  onlyKeys(service.spec, ['type', 'clusterIP', 'clusterIPs', 'sessionAffinity', 'selector', 'ports'], 'Service spec');
  const pullSecrets: string[] = [];
  const own = ownLabels(selector, name, labels);
  const props: Record<string, unknown> = {
    name,
    selectorLabels: selector,
    ...workloadLabelProps(labels),
    replicas: deployment.spec.replicas ?? 1,
    revisionHistoryLimit: deployment.spec.revisionHistoryLimit,
    minReady: deployment.spec.minReadySeconds === undefined ? undefined : seconds(deployment.spec.minReadySeconds, 'spec.minReadySeconds'),
    strategy: deployment.spec.strategy === undefined ? undefined : updateStrategy(deployment.spec.strategy),
    container: containerProps(main, `spec.template.spec.containers[name=${main.name}]`, servicePorts.map((p: any) => p.containerPort ?? p.port)),
    sidecars: sidecars.length ? sidecars.map((c: any) => containerProps(c, `spec.template.spec.containers[name=${c.name}]`, [])) : undefined,
    ports: servicePorts,
    service: {
      type: service.spec.type === undefined ? undefined : enumMember('kplus.ServiceType', kplus.ServiceType as any, service.spec.type, 'Service spec.type'),
      clusterIP: service.spec.clusterIP,
      sessionAffinity: service.spec.sessionAffinity === undefined ? undefined : enumMember('SessionAffinity', SessionAffinity as any, service.spec.sessionAffinity, 'Service spec.sessionAffinity'),
      annotations: service.metadata.annotations,
    },
    ingress: ingress ? ingressProps(ingress) : undefined,
    ...podProps(podSpec, 'spec.template.spec', pullSecrets, []),
    ...podMetadataProps(deployment.spec.template?.metadata, own, context.labels),
  };
  if (service.spec.clusterIPs !== undefined && (service.spec.clusterIPs.length !== 1 || service.spec.clusterIPs[0] !== service.spec.clusterIP)) {
    throw new NoFit('Service spec.clusterIPs holds more than spec.clusterIP');
  }
  if (deployment.metadata.annotations) {
    throw new NoFit('the Deployment has annotations; WebService has no prop for them');
  }
  const objects = [deployment, service, ...(ingress ? [ingress] : [])];
  const additions = verify(context, objects, (chart) => new WebService(chart, name, materialize(props, chart)));
  return { construct: 'WebService', id: name, props, objects, additions, pullSecrets };
}

function ingressProps(ingress: any): Record<string, unknown> {
  const spec = ingress.spec ?? {};
  onlyKeys(spec, ['ingressClassName', 'rules', 'tls'], 'Ingress spec');
  const rule = spec.rules?.[0];
  const path = rule?.http?.paths?.[0];
  if (spec.rules?.length !== 1 || rule.http?.paths?.length !== 1 || !rule.host) {
    throw new NoFit('the Ingress has more than one host or path; WebService writes one');
  }
  if (spec.tls && (spec.tls.length !== 1)) {
    throw new NoFit('the Ingress has more than one TLS entry');
  }
  return {
    host: rule.host,
    path: path.path,
    pathType: enumMember('kplus.HttpIngressPathType', kplus.HttpIngressPathType as any, path.pathType, 'Ingress pathType'),
    className: spec.ingressClassName,
    annotations: ingress.metadata.annotations,
    servicePort: path.backend?.service?.port?.number,
    tls: spec.tls ? { secretName: spec.tls[0].secretName, hosts: spec.tls[0].hosts } : undefined,
  };
}

/** A bare Pod as a `StandalonePod`. */
export function fitStandalonePod(context: ChartContext, pod: any): ConstructFit {
  const name = pod.metadata.name;
  const labels = { ...(pod.metadata.labels ?? {}) };
  for (const key of Object.keys(labels)) {
    if (context.labels[key] === labels[key]) {
      delete labels[key];
    }
  }
  onlyKeys(pod, ['apiVersion', 'kind', 'metadata', 'spec'], '');
  onlyKeys(pod.metadata, ['name', 'labels', 'annotations', 'namespace'], 'metadata');
  const pullSecrets: string[] = [];
  const spec = pod.spec ?? {};
  const props: Record<string, unknown> = {
    name,
    labels: Object.keys(labels).length ? labels : undefined,
    podAnnotations: pod.metadata.annotations,
    containers: (spec.containers ?? []).map((c: any) => containerProps(c, `spec.containers[name=${c.name}]`, [])),
    restartPolicy: spec.restartPolicy === undefined ? undefined : enumMember('kplus.RestartPolicy', kplus.RestartPolicy as any, spec.restartPolicy, 'spec.restartPolicy'),
    ...podProps(spec, 'spec', pullSecrets, ['restartPolicy']),
  };
  const additions = verify(context, [pod], (chart) => new StandalonePod(chart, name, materialize(props, chart)));
  return { construct: 'StandalonePod', id: name, props, objects: [pod], additions, pullSecrets };
}

/** A ReplicaSet as the library's `ReplicaSet`. */
export function fitReplicaSet(context: ChartContext, rs: any): ConstructFit {
  const name = rs.metadata.name;
  onlyKeys(rs.spec, ['replicas', 'selector', 'template'], 'spec');
  onlyKeys(rs.spec.selector ?? {}, ['matchLabels'], 'spec.selector');
  if (rs.metadata.annotations) {
    throw new NoFit('the ReplicaSet has annotations; ReplicaSet has no prop for them');
  }
  const selector = rs.spec.selector?.matchLabels ?? {};
  const pullSecrets: string[] = [];
  const podSpec = rs.spec.template?.spec ?? {};
  const own = ownLabels(selector, name, rs.metadata.labels ?? {});
  const props: Record<string, unknown> = {
    name,
    selectorLabels: selector,
    replicas: rs.spec.replicas ?? 1,
    containers: (podSpec.containers ?? []).map((c: any) => containerProps(c, `spec.template.spec.containers[name=${c.name}]`, [])),
    ...podProps(podSpec, 'spec.template.spec', pullSecrets, []),
    ...podMetadataProps(rs.spec.template?.metadata, own, context.labels),
  };
  const additions = verify(context, [rs], (chart) => new ReplicaSet(chart, name, materialize(props, chart)));
  return { construct: 'ReplicaSet', id: name, props, objects: [rs], additions, pullSecrets };
}

export { CHART_LABEL_KEYS };

/** Props of a Job spec (a Job's own, or a CronJob's template) for `NodePinnedJob`. */
function jobProps(context: ChartContext, name: string, labels: Record<string, string>, spec: any, where: string, pullSecrets: string[]): Record<string, unknown> {
  onlyKeys(spec, ['template', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished', 'parallelism', 'completions'], where);
  const podSpec = spec.template?.spec ?? {};
  if (!podSpec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution) {
    throw new NoFit(`${where}.template.spec.affinity.nodeAffinity has no required terms; a NodePinnedJob is pinned to nodes`);
  }
  const [main, ...sidecars] = podSpec.containers ?? [];
  if (!main) {
    throw new NoFit('the Job has no container');
  }
  const own = ownLabels({}, name, labels);
  return {
    name,
    ...workloadLabelProps(labels),
    container: containerProps(main, `${where}.template.spec.containers[name=${main.name}]`, []),
    sidecars: sidecars.length ? sidecars.map((c: any) => containerProps(c, `${where}.template.spec.containers[name=${c.name}]`, [])) : undefined,
    restartPolicy: podSpec.restartPolicy === undefined || podSpec.restartPolicy === 'Never' ? undefined : enumMember('JobRestartPolicy', JobRestartPolicy as any, podSpec.restartPolicy, `${where}.template.spec.restartPolicy`),
    backoffLimit: spec.backoffLimit,
    activeDeadline: spec.activeDeadlineSeconds === undefined ? undefined : seconds(spec.activeDeadlineSeconds, `${where}.activeDeadlineSeconds`),
    ttlAfterFinished: spec.ttlSecondsAfterFinished === undefined ? undefined : seconds(spec.ttlSecondsAfterFinished, `${where}.ttlSecondsAfterFinished`),
    parallelism: spec.parallelism,
    completions: spec.completions,
    ...podProps(podSpec, `${where}.template.spec`, pullSecrets, ['restartPolicy']),
    ...podMetadataProps(spec.template?.metadata, own, context.labels),
  };
}

/** A Job pinned to nodes by a required node affinity, as a `NodePinnedJob`. */
export function fitNodePinnedJob(context: ChartContext, job: any): ConstructFit {
  const name = job.metadata.name;
  if (job.metadata.annotations) {
    throw new NoFit('the Job has annotations; NodePinnedJob has no prop for them');
  }
  const pullSecrets: string[] = [];
  const props = jobProps(context, name, job.metadata.labels ?? {}, job.spec ?? {}, 'spec', pullSecrets);
  const additions = verify(context, [job], (chart) => new NodePinnedJob(chart, name, materialize(props, chart)));
  return { construct: 'NodePinnedJob', id: name, props, objects: [job], additions, pullSecrets };
}

/** A CronJob whose Job is pinned to nodes, as a `NodePinnedCronJob`. */
export function fitNodePinnedCronJob(context: ChartContext, cronJob: any): ConstructFit {
  const name = cronJob.metadata.name;
  const spec = cronJob.spec ?? {};
  if (cronJob.metadata.annotations) {
    throw new NoFit('the CronJob has annotations; NodePinnedCronJob has no prop for them');
  }
  onlyKeys(spec, ['schedule', 'timeZone', 'concurrencyPolicy', 'startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'suspend', 'jobTemplate'], 'spec');
  const fields = String(spec.schedule ?? '').trim().split(/\s+/);
  if (fields.length !== 5) {
    throw new NoFit(`spec.schedule: ${JSON.stringify(spec.schedule)} is not a five-field cron expression`);
  }
  const [minute, hour, day, month, weekDay] = fields;
  const cron = { minute, hour, day, month, weekDay };
  const pullSecrets: string[] = [];
  const props = {
    ...jobProps(context, name, cronJob.metadata.labels ?? {}, spec.jobTemplate?.spec ?? {}, 'spec.jobTemplate.spec', pullSecrets),
    schedule: new Code(`Cron.schedule(${toSource(cron).replace(/\n\s*/g, ' ').replace(/, }/, ' }')})`, () => Cron.schedule(cron)),
    timeZone: spec.timeZone,
    concurrencyPolicy: spec.concurrencyPolicy === undefined ? undefined : enumMember('kplus.ConcurrencyPolicy', kplus.ConcurrencyPolicy as any, spec.concurrencyPolicy, 'spec.concurrencyPolicy'),
    startingDeadline: spec.startingDeadlineSeconds === undefined ? undefined : seconds(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'),
    successfulJobsHistoryLimit: spec.successfulJobsHistoryLimit,
    failedJobsHistoryLimit: spec.failedJobsHistoryLimit,
    suspend: spec.suspend,
  };
  const additions = verify(context, [cronJob], (chart) => new NodePinnedCronJob(chart, name, materialize(props, chart)));
  return { construct: 'NodePinnedCronJob', id: name, props, objects: [cronJob], additions, pullSecrets };
}

/** A NetworkPolicy that only lets some peers reach some pods on TCP ports, as an `AllowIngress`. */
export function fitAllowIngress(context: ChartContext, policy: any): ConstructFit {
  const name = policy.metadata.name;
  const spec = policy.spec ?? {};
  onlyKeys(spec, ['podSelector', 'policyTypes', 'ingress'], 'spec');
  onlyKeys(spec.podSelector ?? {}, ['matchLabels'], 'spec.podSelector');
  if (policy.metadata.annotations) {
    throw new NoFit('the NetworkPolicy has annotations; AllowIngress has no prop for them');
  }
  const rules: any[] = spec.ingress ?? [];
  if (!rules.length) {
    throw new NoFit('it has no ingress rule (a deny-all policy); AllowIngress allows peers');
  }
  const portsOf = (rule: any, i: number): number[] => (rule.ports ?? []).map((p: any, j: number) => {
    onlyKeys(p, ['port', 'protocol'], `spec.ingress[${i}].ports[${j}]`);
    if (typeof p.port !== 'number' || (p.protocol ?? 'TCP') !== 'TCP') {
      throw new NoFit(`spec.ingress[${i}].ports[${j}]: AllowIngress allows TCP port numbers only`);
    }
    return p.port;
  });
  const ports = rules.length ? portsOf(rules[0], 0) : [];
  const from = rules.flatMap((rule, i) => {
    onlyKeys(rule, ['from', 'ports'], `spec.ingress[${i}]`);
    if (JSON.stringify(portsOf(rule, i)) !== JSON.stringify(ports)) {
      throw new NoFit(`spec.ingress[${i}].ports: AllowIngress gives every peer the same ports`);
    }
    return (rule.from ?? []).map((peer: any, j: number) => {
      onlyKeys(peer, ['podSelector', 'namespaceSelector'], `spec.ingress[${i}].from[${j}]`);
      onlyKeys(peer.podSelector ?? {}, ['matchLabels'], `spec.ingress[${i}].from[${j}].podSelector`);
      onlyKeys(peer.namespaceSelector ?? {}, ['matchLabels'], `spec.ingress[${i}].from[${j}].namespaceSelector`);
      return { podLabels: peer.podSelector?.matchLabels, namespaceLabels: peer.namespaceSelector?.matchLabels };
    });
  });
  const props: Record<string, unknown> = { name, to: { selector: spec.podSelector?.matchLabels ?? {} }, from, ports };
  const additions = verify(context, [policy], (chart) => new AllowIngress(chart, name, materialize(props, chart)));
  return { construct: 'AllowIngress', id: name, props, objects: [policy], additions, pullSecrets: [] };
}

/**
 * A ServiceAccount as the library's `ServiceAccount`, with the Role and
 * RoleBinding of the same name that grant it permissions in its namespace
 * when the input has both (`grant(...)`). The account must say whether pods
 * get a token: the construct always writes `automountServiceAccountToken`,
 * and adding `false` where the input left it unset would take tokens away
 * from pods that use them.
 */
export function fitServiceAccount(context: ChartContext, account: any, role: any | undefined, binding: any | undefined): ConstructFit {
  const name = account.metadata.name;
  onlyKeys(account, ['apiVersion', 'kind', 'metadata', 'automountServiceAccountToken'], '');
  onlyKeys(account.metadata, ['name', 'labels', 'namespace'], 'metadata');
  if (typeof account.automountServiceAccountToken !== 'boolean') {
    throw new NoFit('automountServiceAccountToken is not set (pods get a token); ServiceAccount always writes it, false unless told');
  }
  const grants: Grant[] = [];
  const sources: string[] = [];
  if (role && binding) {
    onlyKeys(role, ['apiVersion', 'kind', 'metadata', 'rules'], 'Role');
    (role.rules ?? []).forEach((rule: any, i: number) => {
      const where = `Role rules[${i}]`;
      onlyKeys(rule, ['apiGroups', 'resources', 'resourceNames', 'verbs'], where);
      if (!Array.isArray(rule.apiGroups) || rule.apiGroups.length !== 1 || !Array.isArray(rule.resources) || !Array.isArray(rule.verbs)) {
        throw new NoFit(`${where}: a Grant has one API group, resources and verbs`);
      }
      const options: Record<string, unknown> = {
        apiGroup: rule.apiGroups[0] === '' ? undefined : rule.apiGroups[0],
        resourceNames: rule.resourceNames?.length ? rule.resourceNames : undefined,
      };
      const resources = rule.resources.length === 1 ? rule.resources[0] : rule.resources;
      const read = JSON.stringify(rule.verbs) === JSON.stringify(['get', 'list', 'watch']);
      const optionsSource = Object.values(options).some((v) => v !== undefined) ? `, ${toSource(options).replace(/\n\s*/g, ' ').replace(/, }/, ' }')}` : '';
      sources.push(read
        ? `Grant.read(${JSON.stringify(resources)}${optionsSource})`
        : `Grant.of(${JSON.stringify(rule.verbs)}, ${JSON.stringify(resources)}${optionsSource})`);
      try {
        grants.push(read ? Grant.read(resources, materialize(options, undefined as any)) : Grant.of(rule.verbs, resources, materialize(options, undefined as any)));
      } catch (error) {
        throw new NoFit(`${where}: ${(error as Error).message}`);
      }
    });
    if (!grants.length) {
      throw new NoFit('the Role has no rules; ServiceAccount writes a Role only for grants');
    }
  }
  const props: Record<string, unknown> = { name, automountToken: account.automountServiceAccountToken ? true : undefined };
  const objects = role && binding ? [account, role, binding] : [account];
  const additions = verify(context, objects, (chart) => {
    const construct = new ServiceAccount(chart, name, materialize(props, chart));
    if (grants.length) {
      construct.grant(...grants);
    }
  });
  return {
    construct: 'ServiceAccount',
    id: name,
    props,
    objects,
    additions,
    pullSecrets: [],
    calls: sources.length ? `.grant(${sources.length > 1 ? `\n    ${sources.join(',\n    ')},\n  ` : sources[0]})` : undefined,
  };
}
