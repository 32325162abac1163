import { dns1123LabelError, dns1123SubdomainError, ipError, isEnvName, labelValueError, parseQuantity, portNameError, qualifiedNameError } from '../formats';
import { containersOf, KubeObject, PodSpecAt, podSpecsOf } from '../manifest';
import { Problem, Rule } from '../rule';
import { arr, duplicates, entries, isInt, obj, problem, relativePathError, show } from './util';

// Pods and pod templates (pkg/apis/core/validation: ValidatePodSpec and
// what it calls), wherever a pod spec is: Pod, Deployment, ReplicaSet,
// StatefulSet, DaemonSet, Job, CronJob.

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'] as const;
const LIFECYCLE_HANDLERS = ['httpGet', 'tcpSocket', 'exec'] as const;
const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume',
  'scaleIO', 'storageos', 'csi', 'ephemeral',
];
const ENV_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'] as const;
const FIELD_PATHS = new Set([
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP',
  'status.hostIPs', 'status.podIP', 'status.podIPs',
]);
const RESOURCE_FIELDS = /^(limits|requests)\.(cpu|memory|ephemeral-storage|hugepages-.+)$/;
const EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
const NODE_OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const MAX_MODE = 0o777;
const RESTART_POLICIES = new Set(['Always', 'OnFailure', 'Never']);

function probesOf(object: KubeObject) {
  return containersOf(object).flatMap(({ path, container }) => PROBES
    .filter((kind) => obj(container?.[kind]) !== undefined)
    .map((kind) => ({ field: `${path}.${kind}`, kind, probe: container[kind], container })));
}

/** Whether `port` is a valid port: a number from 1 to 65535 or an IANA port name. */
function portError(port: unknown): string | undefined {
  if (typeof port === 'string') {
    return portNameError(port) ? `port name "${port}" ${portNameError(port)}` : undefined;
  }
  return isInt(port) && port >= 1 && port <= 65535 ? undefined : `port ${show(port)} is not from 1 to 65535`;
}

/** The volume names a pod spec may mount: its volumes, and a StatefulSet's claim templates. */
function mountableVolumes(object: KubeObject, pod: PodSpecAt): Set<string> {
  const names = new Set<string>(arr(pod.spec.volumes).map((v) => v?.name).filter((n) => typeof n === 'string'));
  if (object.kind === 'StatefulSet') {
    for (const template of arr(obj(object.spec)?.volumeClaimTemplates)) {
      if (typeof template?.metadata?.name === 'string') {
        names.add(template.metadata.name);
      }
    }
  }
  return names;
}

/** Every node selector requirement of an object (required terms and preferences). */
function nodeExpressions(object: KubeObject): Array<{ field: string; expression: any; list: string }> {
  const found: Array<{ field: string; expression: any; list: string }> = [];
  const addTerm = (field: string, term: any) => {
    for (const list of ['matchExpressions', 'matchFields']) {
      arr(term?.[list]).forEach((expression, i) => found.push({ field: `${field}.${list}[${i}]`, expression, list }));
    }
  };
  for (const pod of podSpecsOf(object)) {
    const affinity = obj(pod.spec.affinity)?.nodeAffinity;
    const base = `${pod.path}.affinity.nodeAffinity`;
    arr(affinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).forEach((term, t) => {
      addTerm(`${base}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${t}]`, term);
    });
    arr(affinity?.preferredDuringSchedulingIgnoredDuringExecution).forEach((pref, p) => {
      addTerm(`${base}.preferredDuringSchedulingIgnoredDuringExecution[${p}].preference`, pref?.preference);
    });
  }
  return found;
}

function operatorProblem(expression: any): string | undefined {
  const { operator, values } = obj(expression) ?? {};
  const count = arr(values).length;
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
      return `operator ${show(operator)} is not one of ${[...NODE_OPERATORS].join(', ')}`;
  }
}

/** Rules on containers, names and ports inside pods. */
const CONTAINER_RULES: Rule[] = [
  {
    id: 'container-name',
    severity: 'error',
    summary: 'container (init containers included) and volume names are unique DNS-1123 labels',
    check: ({ object }) => {
      const problems: Problem[] = [];
      const seen = new Map<string, Set<string>>();
      for (const { path, container, pod } of containersOf(object)) {
        const name = container?.name;
        const names = seen.get(pod.path) ?? new Set<string>();
        seen.set(pod.path, names);
        if (typeof name !== 'string' || name === '') {
          problems.push(problem(`${path}.name`, name, 'the container has no name', 'give every sidecar a `name`'));
          continue;
        }
        const error = dns1123LabelError(name);
        if (error) {
          problems.push(problem(`${path}.name`, name, `container name "${name}" ${error}`, 'use a lower-case name of at most 63 letters, digits and "-"'));
        }
        if (names.has(name)) {
          problems.push(problem(`${path}.name`, name, `container name "${name}" is used twice in the pod (init containers included)`, 'give each container its own name'));
        }
        names.add(name);
      }
      for (const pod of podSpecsOf(object)) {
        const volumes = arr(pod.spec.volumes);
        volumes.forEach((volume, i) => {
          const error = typeof volume?.name === 'string' ? dns1123LabelError(volume.name) : 'is missing';
          if (error) {
            problems.push(problem(`${pod.path}.volumes[${i}].name`, volume?.name, `volume name ${show(volume?.name)} ${error}`, 'give the volume a short lower-case name'));
          }
        });
        for (const d of duplicates(volumes, (v) => (typeof v?.name === 'string' ? v.name : undefined))) {
          problems.push(problem(`${pod.path}.volumes[${d.index}].name`, d.key, `volume name "${d.key}" is used twice (also volumes[${d.first}])`, 'give each volume its own name'));
        }
      }
      return problems;
    },
  },
  {
    id: 'container-port-duplicate',
    severity: 'error',
    summary: "a container's port names are unique, and no two containers of a pod take the same hostPort and protocol",
    check: ({ object }) => {
      const problems: Problem[] = [];
      const hostPorts = new Map<string, Map<string, string>>();
      for (const { path, container, pod } of containersOf(object)) {
        const ports = arr(container?.ports);
        for (const d of duplicates(ports, (p) => (typeof p?.name === 'string' && p.name !== '' ? p.name : undefined))) {
          problems.push(problem(`${path}.ports[${d.index}].name`, d.key, `port name "${d.key}" is used twice in the container (also ports[${d.first}])`, 'give each port of the container its own name'));
        }
        const taken = hostPorts.get(pod.path) ?? new Map<string, string>();
        hostPorts.set(pod.path, taken);
        ports.forEach((p, i) => {
          if (!isInt(p?.hostPort) || p.hostPort === 0) {
            return;
          }
          const key = `${p.hostPort}/${p.protocol ?? 'TCP'}/${p.hostIP ?? ''}`;
          const first = taken.get(key);
          if (first) {
            problems.push(problem(`${path}.ports[${i}].hostPort`, p.hostPort, `hostPort ${p.hostPort}/${p.protocol ?? 'TCP'} is also taken by ${first}`, 'use another hostPort, or none'));
          } else {
            taken.set(key, `${path}.ports[${i}]`);
          }
        });
      }
      return problems;
    },
  },
  {
    id: 'template-restart-policy',
    severity: 'error',
    summary: 'pods of Deployments, ReplicaSets, StatefulSets and DaemonSets restart Always; a Pod\'s restartPolicy is Always, OnFailure or Never',
    check: ({ object }) => podSpecsOf(object).flatMap((pod): Problem[] => {
      const policy = pod.spec.restartPolicy;
      if (policy === undefined) {
        return [];
      }
      if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(object.kind) && policy !== 'Always') {
        return [problem(`${pod.path}.restartPolicy`, policy, `a ${object.kind}'s pods must have restartPolicy Always, not ${show(policy)}`, 'remove restartPolicy (Always is the default), or use a Job for run-to-completion work')];
      }
      return RESTART_POLICIES.has(policy) ? [] : [problem(`${pod.path}.restartPolicy`, policy, `restartPolicy ${show(policy)} is not Always, OnFailure or Never`, 'use Always, OnFailure or Never')];
    }),
  },
];

/** Rules on probes. */
const PROBE_RULES: Rule[] = [
  {
    id: 'probe-handler',
    severity: 'error',
    summary: 'a probe or lifecycle hook has exactly one handler (httpGet, tcpSocket, exec or grpc), and an exec handler has a command',
    check: ({ object }) => {
      const problems: Problem[] = [];
      const check = (field: string, handler: any, allowed: readonly string[], what: string) => {
        const present = allowed.filter((h) => handler?.[h] !== undefined && handler?.[h] !== null);
        if (present.length !== 1) {
          problems.push(problem(field, present, present.length === 0 ? `the ${what} has no handler` : `the ${what} has ${present.length} handlers (${present.join(', ')})`, `give the ${what} exactly one of ${allowed.join(', ')} (Probe.httpGet, Probe.tcpSocket or Probe.exec)`));
          return;
        }
        if (present[0] === 'exec' && arr(handler.exec?.command).length === 0) {
          problems.push(problem(`${field}.exec.command`, handler.exec?.command, `the ${what}'s exec handler has no command`, 'give the exec handler a command, such as ["cat", "/tmp/healthy"]'));
        }
      };
      for (const { field, probe, kind } of probesOf(object)) {
        check(field, probe, HANDLERS, kind);
      }
      for (const { path, container } of containersOf(object)) {
        for (const hook of ['postStart', 'preStop']) {
          const handler = obj(container?.lifecycle)?.[hook];
          if (obj(handler)) {
            check(`${path}.lifecycle.${hook}`, handler, LIFECYCLE_HANDLERS, `${hook} hook`);
          }
        }
      }
      return problems;
    },
  },
  {
    id: 'probe-port',
    severity: 'error',
    summary: 'an httpGet, tcpSocket or grpc probe targets a port the container declares',
    check: ({ object }) => probesOf(object).flatMap(({ field, probe, container }): Problem[] => {
      const handler = probe?.httpGet ? 'httpGet' : probe?.tcpSocket ? 'tcpSocket' : probe?.grpc ? 'grpc' : undefined;
      if (!handler || obj(probe[handler]) === undefined) {
        return [];
      }
      const port = probe[handler].port;
      const ports: any[] = arr(container?.ports);
      if (port === undefined) {
        return []; // the schema requires it
      }
      if (handler === 'grpc' && !isInt(port)) {
        return [problem(`${field}.grpc.port`, port, `a grpc probe's port must be a number, not ${show(port)}`, 'give the grpc probe the port number')];
      }
      const declared = typeof port === 'number'
        ? ports.some((p) => p?.containerPort === port)
        : ports.some((p) => p?.name === port);
      if (declared) {
        // A bad declared port is reported where it is declared, not again here.
        return [];
      }
      if (typeof port === 'number' && !(isInt(port) && port >= 1 && port <= 65535)) {
        return []; // port-range reports it
      }
      const error = portError(port);
      if (error) {
        return [problem(`${field}.${handler}.port`, port, `the probe's ${error}`, 'probe a declared port name')];
      }
      const offered = ports.map((p) => (p?.name ? `${p.name} (${p.containerPort})` : p?.containerPort)).join(', ') || 'none';
      return [problem(`${field}.${handler}.port`, port, `the probe calls port ${show(port)}, which the container does not declare (it declares ${offered})`, "probe a declared port, or declare this one in the container's ports")];
    }),
  },
  {
    id: 'probe-success-threshold',
    severity: 'error',
    summary: 'liveness and startup probes have successThreshold 1',
    check: ({ object }) => probesOf(object).flatMap(({ field, kind, probe }) => (kind !== 'readinessProbe' && probe?.successThreshold !== undefined && probe.successThreshold !== 1
      ? [problem(`${field}.successThreshold`, probe.successThreshold, `a ${kind} must have successThreshold 1, not ${show(probe.successThreshold)}`, 'leave successThreshold out (it defaults to 1) or set it on the readiness probe instead')]
      : [])),
  },
  {
    id: 'probe-threshold',
    severity: 'error',
    summary: 'probe delays, periods, timeouts and thresholds are not negative; a probe\'s terminationGracePeriodSeconds is above 0 and not on readiness probes; httpGet scheme is HTTP or HTTPS',
    check: ({ object }) => probesOf(object).flatMap(({ field, kind, probe }) => {
      const problems: Problem[] = [];
      for (const name of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
        const value = probe?.[name];
        if (value !== undefined && (!isInt(value) || value < 0)) {
          problems.push(problem(`${field}.${name}`, value, `${name} ${show(value)} is not a whole number of 0 or more`, `use a ${name} of 1 or more (0 means the default)`));
        }
      }
      const grace = probe?.terminationGracePeriodSeconds;
      if (grace !== undefined) {
        if (kind === 'readinessProbe') {
          problems.push(problem(`${field}.terminationGracePeriodSeconds`, grace, 'a readinessProbe cannot set terminationGracePeriodSeconds', 'remove it, or set it on the liveness or startup probe'));
        } else if (!isInt(grace) || grace <= 0) {
          problems.push(problem(`${field}.terminationGracePeriodSeconds`, grace, `terminationGracePeriodSeconds ${show(grace)} must be a whole number above 0`, 'use 1 or more seconds, or leave it out'));
        }
      }
      const scheme = probe?.httpGet?.scheme;
      if (scheme !== undefined && scheme !== 'HTTP' && scheme !== 'HTTPS') {
        problems.push(problem(`${field}.httpGet.scheme`, scheme, `scheme ${show(scheme)} is not HTTP or HTTPS`, 'use HTTP or HTTPS (upper case)'));
      }
      return problems;
    }),
  },
];

/** Rules on environment variables. */
const ENV_RULES: Rule[] = [
  {
    id: 'env-name',
    severity: 'error',
    summary: 'environment variable names (and envFrom prefixes) match [-._a-zA-Z][-._a-zA-Z0-9]*',
    check: ({ object }) => containersOf(object).flatMap(({ path, container }) => [
      ...arr(container?.env).flatMap((env, i) => (typeof env?.name === 'string' && isEnvName(env.name)
        ? []
        : [problem(`${path}.env[${i}].name`, env?.name, `environment variable name ${show(env?.name)} is not valid`, 'use letters, digits, "_", "-" and ".", not starting with a digit (SOME_ENV_KEY)')])),
      ...arr(container?.envFrom).flatMap((source, i) => (typeof source?.prefix === 'string' && source.prefix !== '' && !isEnvName(source.prefix)
        ? [problem(`${path}.envFrom[${i}].prefix`, source.prefix, `envFrom prefix "${source.prefix}" does not start a valid variable name`, 'use letters, digits, "_", "-" and ".", not starting with a digit')]
        : [])),
    ]),
  },
  {
    id: 'env-duplicate',
    severity: 'error',
    summary: 'a container sets each environment variable once',
    check: ({ object }) => containersOf(object).flatMap(({ path, container }) => duplicates(arr(container?.env), (env) => (typeof env?.name === 'string' ? env.name : undefined))
      .map((d) => problem(`${path}.env[${d.index}].name`, d.key, `environment variable ${d.key} is set twice (also env[${d.first}]); the last one silently wins`, 'set each variable once'))),
  },
  {
    id: 'env-source',
    severity: 'error',
    summary: 'an env var has value or valueFrom, not both; valueFrom and envFrom name exactly one source, with a key and a supported field',
    check: ({ object }) => containersOf(object).flatMap(({ path, container }) => {
      const problems: Problem[] = [];
      arr(container?.env).forEach((env, i) => {
        const field = `${path}.env[${i}]`;
        const from = obj(env?.valueFrom);
        if (env?.valueFrom === undefined || env?.valueFrom === null) {
          return;
        }
        if (typeof env?.value === 'string' && env.value !== '') {
          problems.push(problem(`${field}.valueFrom`, env.valueFrom, `${show(env?.name)} has both value and valueFrom`, 'keep either the value or the valueFrom'));
          return;
        }
        const sources = ENV_SOURCES.filter((s) => from?.[s] !== undefined && from?.[s] !== null);
        if (sources.length !== 1) {
          problems.push(problem(`${field}.valueFrom`, sources, sources.length === 0
            ? `valueFrom of ${show(env?.name)} names no source`
            : `valueFrom of ${show(env?.name)} names ${sources.length} sources (${sources.join(', ')})`, `name exactly one of ${ENV_SOURCES.join(', ')}`));
          return;
        }
        const source = sources[0];
        const ref = from![source];
        if ((source === 'configMapKeyRef' || source === 'secretKeyRef') && (typeof ref?.key !== 'string' || ref.key === '')) {
          problems.push(problem(`${field}.valueFrom.${source}.key`, ref?.key, `${source} of ${show(env?.name)} has no key`, 'name the key to read'));
        }
        if (source === 'fieldRef' && (typeof ref?.fieldPath !== 'string'
          || !(FIELD_PATHS.has(ref.fieldPath) || /^metadata\.(labels|annotations)\['[^']+'\]$/.test(ref.fieldPath)))) {
          problems.push(problem(`${field}.valueFrom.fieldRef.fieldPath`, ref?.fieldPath, `fieldPath ${show(ref?.fieldPath)} is not a field the downward API offers`, `use one of ${[...FIELD_PATHS].join(', ')}, or metadata.labels['key']`));
        }
        if (source === 'resourceFieldRef' && (typeof ref?.resource !== 'string' || !RESOURCE_FIELDS.test(ref.resource))) {
          problems.push(problem(`${field}.valueFrom.resourceFieldRef.resource`, ref?.resource, `resource ${show(ref?.resource)} is not limits.* or requests.* of cpu, memory or ephemeral-storage`, 'use limits.cpu, limits.memory, requests.cpu, ...'));
        }
      });
      arr(container?.envFrom).forEach((source, i) => {
        const present = ['configMapRef', 'secretRef'].filter((s) => source?.[s] !== undefined && source?.[s] !== null);
        if (present.length !== 1) {
          problems.push(problem(`${path}.envFrom[${i}]`, present, present.length === 0 ? 'envFrom names no source' : 'envFrom names both a configMapRef and a secretRef', 'give each envFrom entry exactly one of configMapRef or secretRef'));
        }
      });
      return problems;
    }),
  },
];

/** Rules on volumes and mounts. */
const VOLUME_RULES: Rule[] = [
  {
    id: 'volume-source',
    severity: 'error',
    summary: 'a volume has exactly one source; Secret, ConfigMap and claim volumes name their object; key-to-path items are relative paths without ".."; modes are 0 to 0777',
    check: ({ object }) => podSpecsOf(object).flatMap((pod) => arr(pod.spec.volumes).flatMap((volume, i) => {
      const field = `${pod.path}.volumes[${i}]`;
      const sources = VOLUME_SOURCES.filter((s) => volume?.[s] !== undefined && volume?.[s] !== null);
      if (sources.length !== 1) {
        return [problem(field, sources, sources.length === 0
          ? `volume ${show(volume?.name)} has no source`
          : `volume ${show(volume?.name)} has ${sources.length} sources (${sources.join(', ')})`, 'give the volume exactly one source (emptyDir, configMap, secret, persistentVolumeClaim, ...)')];
      }
      const problems: Problem[] = [];
      const source = sources[0];
      const body = obj(volume[source]) ?? {};
      const mode = (at: string, value: unknown) => {
        if (value !== undefined && (!isInt(value) || value < 0 || value > MAX_MODE)) {
          problems.push(problem(at, value, `mode ${show(value)} is not from 0 to 0777 (511)`, 'use an octal file mode such as 0444 (292 in decimal)'));
        }
      };
      const items = (at: string, list: unknown) => arr(list).forEach((item, j) => {
        const itemField = `${at}[${j}]`;
        if (typeof item?.key !== 'string' || item.key === '') {
          problems.push(problem(`${itemField}.key`, item?.key, 'the item has no key', 'name the key to project'));
        }
        const path = item?.path;
        const error = typeof path !== 'string' || path === '' ? 'is empty' : relativePathError(path) ?? (path.startsWith('..') ? 'starts with ".."' : undefined);
        if (error) {
          problems.push(problem(`${itemField}.path`, path, `item path ${show(path)} ${error}`, 'use a relative file name such as "config.yaml"'));
        }
        mode(`${itemField}.mode`, item?.mode);
      });
      switch (source) {
        case 'secret':
          if (typeof body.secretName !== 'string' || body.secretName === '') {
            problems.push(problem(`${field}.secret.secretName`, body.secretName, `volume "${volume.name}" names no Secret`, 'set secretName'));
          }
          mode(`${field}.secret.defaultMode`, body.defaultMode);
          items(`${field}.secret.items`, body.items);
          break;
        case 'configMap':
          if (typeof body.name !== 'string' || body.name === '') {
            problems.push(problem(`${field}.configMap.name`, body.name, `volume "${volume.name}" names no ConfigMap`, 'set the ConfigMap name'));
          }
          mode(`${field}.configMap.defaultMode`, body.defaultMode);
          items(`${field}.configMap.items`, body.items);
          break;
        case 'persistentVolumeClaim':
          if (typeof body.claimName !== 'string' || body.claimName === '') {
            problems.push(problem(`${field}.persistentVolumeClaim.claimName`, body.claimName, `volume "${volume.name}" names no claim`, 'set claimName'));
          }
          break;
        case 'projected':
          mode(`${field}.projected.defaultMode`, body.defaultMode);
          arr(body.sources).forEach((s, j) => {
            for (const kind of ['secret', 'configMap', 'downwardAPI']) {
              if (obj(s?.[kind])) {
                items(`${field}.projected.sources[${j}].${kind}.items`, s[kind].items);
              }
            }
          });
          break;
        case 'downwardAPI':
          mode(`${field}.downwardAPI.defaultMode`, body.defaultMode);
          items(`${field}.downwardAPI.items`, arr(body.items).map((item) => ({ ...item, key: item?.fieldRef?.fieldPath ?? item?.resourceFieldRef?.resource })));
          break;
        case 'emptyDir':
          if (body.medium !== undefined && body.medium !== '' && body.medium !== 'Memory') {
            problems.push(problem(`${field}.emptyDir.medium`, body.medium, `emptyDir medium ${show(body.medium)} is not "" or Memory`, 'leave medium out, or use Memory'));
          }
          break;
      }
      return problems;
    })),
  },
  {
    id: 'volume-mount',
    severity: 'error',
    summary: 'a mount names a volume of the pod, its mountPath is set and unique in the container, subPath is relative without ".." and not combined with subPathExpr',
    check: ({ object }) => containersOf(object).flatMap(({ path, container, pod }) => {
      const problems: Problem[] = [];
      const volumes = mountableVolumes(object, pod);
      const mounts = arr(container?.volumeMounts);
      mounts.forEach((mount, i) => {
        const field = `${path}.volumeMounts[${i}]`;
        if (typeof mount?.name === 'string' && mount.name !== '' && !volumes.has(mount.name)) {
          problems.push(problem(`${field}.name`, mount.name, `the mount names volume "${mount.name}", which the pod does not have (it has ${[...volumes].join(', ') || 'none'})`, 'mount one of the pod\'s volumes, or add the volume'));
        }
        if (typeof mount?.mountPath !== 'string' || mount.mountPath === '') {
          problems.push(problem(`${field}.mountPath`, mount?.mountPath, 'the mount has no mountPath', 'set mountPath, such as "/etc/config"'));
        }
        const sub = mount?.subPath;
        if (typeof sub === 'string' && sub !== '') {
          const error = relativePathError(sub);
          if (error) {
            problems.push(problem(`${field}.subPath`, sub, `subPath "${sub}" ${error}`, 'use a path inside the volume, such as "config/app.yaml"'));
          }
          if (typeof mount?.subPathExpr === 'string' && mount.subPathExpr !== '') {
            problems.push(problem(`${field}.subPathExpr`, mount.subPathExpr, 'the mount sets both subPath and subPathExpr', 'keep one of subPath or subPathExpr'));
          }
        }
        const propagation = mount?.mountPropagation;
        if (propagation !== undefined && !['None', 'HostToContainer', 'Bidirectional'].includes(propagation)) {
          problems.push(problem(`${field}.mountPropagation`, propagation, `mountPropagation ${show(propagation)} is not None, HostToContainer or Bidirectional`, 'use None or HostToContainer'));
        }
      });
      for (const d of duplicates(mounts, (m) => (typeof m?.mountPath === 'string' && m.mountPath !== '' ? m.mountPath.replace(/\/+$/, '') || '/' : undefined))) {
        problems.push(problem(`${path}.volumeMounts[${d.index}].mountPath`, mounts[d.index].mountPath, `two mounts use the path "${d.key}" (also volumeMounts[${d.first}])`, 'mount each volume at its own path'));
      }
      return problems;
    }),
  },
];

/** Rules on scheduling: affinity, tolerations, topology spread, host aliases. */
const SCHEDULING_RULES: Rule[] = [
  {
    id: 'node-affinity-operator',
    severity: 'error',
    summary: 'node requirements have valid keys and the values their operator needs: In/NotIn some, Exists/DoesNotExist none, Gt/Lt one integer',
    check: ({ object }) => nodeExpressions(object).flatMap(({ field, expression, list }) => {
      const key = expression?.key;
      const keyError = typeof key !== 'string' ? 'is missing'
        : list === 'matchFields' ? (key === 'metadata.name' ? undefined : 'must be metadata.name in matchFields')
          : qualifiedNameError(key);
      if (keyError) {
        return [problem(`${field}.key`, key, `node requirement key ${show(key)} ${keyError}`, 'use a node label key such as "kubernetes.io/arch" or "pool"')];
      }
      const error = operatorProblem(expression);
      return error
        ? [problem(field, expression, `node requirement on "${key}": ${error}`, 'build requirements with NodeRequirement.in / notIn / exists / doesNotExist / gt / lt')]
        : [];
    }),
  },
  {
    id: 'node-affinity-terms',
    severity: 'error',
    summary: 'node affinity says something: required node affinity has at least one term, and no term is empty',
    check: ({ object }) => podSpecsOf(object).flatMap((pod): Problem[] => {
      const nodeAffinity = obj(pod.spec.affinity)?.nodeAffinity;
      const affinityField = `${pod.path}.affinity.nodeAffinity`;
      if (obj(nodeAffinity) && Object.keys(nodeAffinity).length === 0) {
        return [problem(affinityField, nodeAffinity, 'node affinity is empty: it constrains nothing', 'give NodeAffinity a requirement, or leave nodeAffinity out')];
      }
      const required = obj(nodeAffinity)?.requiredDuringSchedulingIgnoredDuringExecution;
      if (!required) {
        return [];
      }
      const field = `${affinityField}.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
      const terms = arr(required.nodeSelectorTerms);
      if (terms.length === 0) {
        return [problem(field, required.nodeSelectorTerms, 'required node affinity has no terms: no node can match', 'give NodeAffinity.require at least one NodeRequirement')];
      }
      return terms.flatMap((term, t) => (arr(term?.matchExpressions).length + arr(term?.matchFields).length === 0
        ? [problem(`${field}[${t}]`, term, 'a node selector term is empty: it matches no node', 'give every term at least one NodeRequirement')]
        : []));
    }),
  },
  {
    id: 'affinity-weight',
    severity: 'error',
    summary: 'preferred affinity weights are from 1 to 100',
    check: ({ object }) => podSpecsOf(object).flatMap((pod) => {
      const affinity = obj(pod.spec.affinity) ?? {};
      return ['nodeAffinity', 'podAffinity', 'podAntiAffinity'].flatMap((kind) => arr(obj(affinity[kind])?.preferredDuringSchedulingIgnoredDuringExecution)
        .flatMap((pref, i) => (isInt(pref?.weight) && pref.weight >= 1 && pref.weight <= 100
          ? []
          : [problem(`${pod.path}.affinity.${kind}.preferredDuringSchedulingIgnoredDuringExecution[${i}].weight`, pref?.weight, `weight ${show(pref?.weight)} is not from 1 to 100`, 'use a weight from 1 to 100')])));
    }),
  },
  {
    id: 'pod-affinity-term',
    severity: 'error',
    summary: 'pod (anti-)affinity terms have a topologyKey that is a valid label key',
    check: ({ object }) => podSpecsOf(object).flatMap((pod) => {
      const affinity = obj(pod.spec.affinity) ?? {};
      const problems: Problem[] = [];
      for (const kind of ['podAffinity', 'podAntiAffinity']) {
        const base = `${pod.path}.affinity.${kind}`;
        const terms = [
          ...arr(obj(affinity[kind])?.requiredDuringSchedulingIgnoredDuringExecution).map((term, i) => ({ field: `${base}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`, term })),
          ...arr(obj(affinity[kind])?.preferredDuringSchedulingIgnoredDuringExecution).map((pref, i) => ({ field: `${base}.preferredDuringSchedulingIgnoredDuringExecution[${i}].podAffinityTerm`, term: pref?.podAffinityTerm })),
        ];
        for (const { field, term } of terms) {
          const key = term?.topologyKey;
          const error = typeof key !== 'string' || key === '' ? 'is empty' : qualifiedNameError(key);
          if (error) {
            problems.push(problem(`${field}.topologyKey`, key, `topologyKey ${show(key)} ${error}`, 'use a node label key such as "kubernetes.io/hostname" or "topology.kubernetes.io/zone"'));
          }
        }
      }
      return problems;
    }),
  },
  {
    id: 'toleration',
    severity: 'error',
    summary: 'tolerations: key a qualified name (empty only with Exists), operator Equal or Exists (no value with Exists), effect NoSchedule, PreferNoSchedule or NoExecute, tolerationSeconds only with NoExecute',
    check: ({ object }) => podSpecsOf(object).flatMap((pod) => arr(pod.spec.tolerations).flatMap((t, i) => {
      const field = `${pod.path}.tolerations[${i}]`;
      const problems: Problem[] = [];
      const key = t?.key ?? '';
      const operator = t?.operator ?? 'Equal';
      if (typeof key === 'string' && key !== '') {
        const error = qualifiedNameError(key);
        if (error) {
          problems.push(problem(`${field}.key`, key, `toleration key "${key}" ${error}`, 'use a taint key such as "dedicated" or "node.kubernetes.io/unreachable"'));
        }
      } else if (operator !== 'Exists') {
        problems.push(problem(`${field}.operator`, t?.operator, 'a toleration without a key must use operator Exists (it tolerates every taint)', 'give the toleration a key, or use operator Exists'));
      }
      if (operator === 'Exists') {
        if (t?.value !== undefined && t.value !== '') {
          problems.push(problem(`${field}.value`, t.value, 'a toleration with operator Exists takes no value', 'remove the value, or use operator Equal'));
        }
      } else if (operator === 'Equal') {
        const error = t?.value === undefined ? undefined : labelValueError(t.value);
        if (error) {
          problems.push(problem(`${field}.value`, t.value, `toleration value ${show(t.value)} ${error}`, 'use a value like a label value'));
        }
      } else {
        problems.push(problem(`${field}.operator`, operator, `operator ${show(operator)} is not Equal or Exists`, 'use Equal or Exists'));
      }
      const effect = t?.effect;
      if (effect !== undefined && effect !== '' && !EFFECTS.has(effect)) {
        problems.push(problem(`${field}.effect`, effect, `effect ${show(effect)} is not NoSchedule, PreferNoSchedule or NoExecute`, 'use NoSchedule, PreferNoSchedule or NoExecute (or leave it out for every effect)'));
      }
      if (t?.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== 'NoExecute') {
        problems.push(problem(`${field}.tolerationSeconds`, t.tolerationSeconds, 'tolerationSeconds applies only to effect NoExecute', 'set effect NoExecute, or remove tolerationSeconds'));
      }
      return problems;
    })),
  },
  {
    id: 'topology-spread',
    severity: 'error',
    summary: 'topology spread constraints: maxSkew 1 or more, a valid topologyKey, whenUnsatisfiable DoNotSchedule or ScheduleAnyway, minDomains 1 or more and only with DoNotSchedule, each topologyKey and whenUnsatisfiable pair once',
    check: ({ object }) => podSpecsOf(object).flatMap((pod) => {
      const constraints = arr(pod.spec.topologySpreadConstraints);
      const problems: Problem[] = [];
      constraints.forEach((c, i) => {
        const field = `${pod.path}.topologySpreadConstraints[${i}]`;
        if (!isInt(c?.maxSkew) || c.maxSkew < 1) {
          problems.push(problem(`${field}.maxSkew`, c?.maxSkew, `maxSkew ${show(c?.maxSkew)} must be a whole number of 1 or more`, 'use maxSkew 1 (spread evenly) or more'));
        }
        const key = c?.topologyKey;
        const keyError = typeof key !== 'string' || key === '' ? 'is empty' : qualifiedNameError(key);
        if (keyError) {
          problems.push(problem(`${field}.topologyKey`, key, `topologyKey ${show(key)} ${keyError}`, 'use a node label key such as "topology.kubernetes.io/zone"'));
        }
        const when = c?.whenUnsatisfiable;
        if (when !== 'DoNotSchedule' && when !== 'ScheduleAnyway') {
          problems.push(problem(`${field}.whenUnsatisfiable`, when, `whenUnsatisfiable ${show(when)} is not DoNotSchedule or ScheduleAnyway`, 'use DoNotSchedule or ScheduleAnyway'));
        }
        if (c?.minDomains !== undefined && c.minDomains !== null) {
          if (!isInt(c.minDomains) || c.minDomains < 1) {
            problems.push(problem(`${field}.minDomains`, c.minDomains, `minDomains ${show(c.minDomains)} must be 1 or more`, 'use minDomains 1 or more, or leave it out'));
          } else if (when !== 'DoNotSchedule') {
            problems.push(problem(`${field}.minDomains`, c.minDomains, 'minDomains applies only with whenUnsatisfiable DoNotSchedule', 'use DoNotSchedule, or remove minDomains'));
          }
        }
        for (const policy of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
          if (c?.[policy] !== undefined && c[policy] !== 'Honor' && c[policy] !== 'Ignore') {
            problems.push(problem(`${field}.${policy}`, c[policy], `${policy} ${show(c[policy])} is not Honor or Ignore`, 'use Honor or Ignore'));
          }
        }
      });
      for (const d of duplicates(constraints, (c) => (typeof c?.topologyKey === 'string' && typeof c?.whenUnsatisfiable === 'string' ? `${c.topologyKey} ${c.whenUnsatisfiable}` : undefined))) {
        problems.push(problem(`${pod.path}.topologySpreadConstraints[${d.index}]`, d.key, `topologyKey and whenUnsatisfiable "${d.key}" are used twice (also topologySpreadConstraints[${d.first}])`, 'merge the two constraints'));
      }
      return problems;
    }),
  },
  {
    id: 'host-alias',
    severity: 'error',
    summary: 'host aliases have a valid IP address and DNS-1123 subdomain host names',
    check: ({ object }) => podSpecsOf(object).flatMap((pod) => arr(pod.spec.hostAliases).flatMap((alias, i) => {
      const field = `${pod.path}.hostAliases[${i}]`;
      const problems: Problem[] = [];
      const error = ipError(alias?.ip);
      if (error) {
        problems.push(problem(`${field}.ip`, alias?.ip, `host alias IP ${show(alias?.ip)} ${error}`, 'use the IP address the host names should resolve to, such as "10.0.0.5"'));
      }
      arr(alias?.hostnames).forEach((host, h) => {
        const hostError = typeof host === 'string' ? dns1123SubdomainError(host) : 'is not a string';
        if (hostError) {
          problems.push(problem(`${field}.hostnames[${h}]`, host, `host name ${show(host)} ${hostError}`, 'use a lower-case host name such as "db-primary"'));
        }
      });
      return problems;
    })),
  },
];

/** Rules on resource requests and limits. */
const RESOURCE_RULES: Rule[] = [
  {
    id: 'quantity-format',
    severity: 'error',
    summary: 'resource quantities are non-negative Kubernetes quantities ("500m", "2Gi", not "1GB" or "1 Gi")',
    check: ({ object }) => {
      const problems: Problem[] = [];
      const check = (field: string, value: unknown) => {
        if (parseQuantity(value) === undefined) {
          problems.push(problem(field, value, `${show(value)} is not a valid quantity`, 'write a number with an optional suffix and no space: "250m", "1.5", "512Mi", "2Gi" (binary units end in "i")'));
        }
      };
      for (const { path, container } of containersOf(object)) {
        for (const kind of ['requests', 'limits']) {
          for (const [resource, value] of entries(obj(container?.resources)?.[kind])) {
            check(`${path}.resources.${kind}[${resource}]`, value);
          }
        }
      }
      for (const pod of podSpecsOf(object)) {
        arr(pod.spec.volumes).forEach((v, i) => {
          if (v?.emptyDir?.sizeLimit !== undefined) {
            check(`${pod.path}.volumes[${i}].emptyDir.sizeLimit`, v.emptyDir.sizeLimit);
          }
        });
        for (const [resource, value] of entries(pod.spec.overhead)) {
          check(`${pod.path}.overhead[${resource}]`, value);
        }
      }
      return problems;
    },
  },
  {
    id: 'resource-name',
    severity: 'error',
    summary: 'container resources are cpu, memory, ephemeral-storage, hugepages-<size> or a domain-qualified extended resource; extended resources and hugepages have whole requests equal to limits; hugepages come with cpu or memory',
    check: ({ object }) => containersOf(object).flatMap(({ path, container }) => {
      const problems: Problem[] = [];
      const resources = obj(container?.resources) ?? {};
      for (const kind of ['requests', 'limits']) {
        for (const [name, value] of entries(resources[kind])) {
          const field = `${path}.resources.${kind}[${name}]`;
          const standard = STANDARD_CONTAINER_RESOURCES.has(name) || /^hugepages-/.test(name);
          const extended = name.includes('/') && !name.startsWith('kubernetes.io/') && !name.startsWith('requests.') && qualifiedNameError(name) === undefined;
          if (!standard && !extended) {
            problems.push(problem(field, name, `"${name}" is not a container resource (cpu, memory, ephemeral-storage, hugepages-<size> or a domain-qualified extended resource such as "nvidia.com/gpu")`, 'use cpu, memory or ephemeral-storage, spelled in lower case'));
          } else if (extended && kind === 'requests') {
            const request = parseQuantity(value);
            const limit = parseQuantity(obj(resources.limits)?.[name]);
            if (request !== undefined && !Number.isInteger(request)) {
              problems.push(problem(field, value, `extended resource ${name} must be requested in whole units, not ${show(value)}`, 'request a whole number'));
            } else if (request !== undefined && limit !== undefined && request !== limit) {
              problems.push(problem(field, value, `extended resource ${name} must have its request equal to its limit (${show(obj(resources.limits)?.[name])})`, 'set the same request and limit, or only the limit'));
            }
          }
        }
      }
      // As the API server: hugepages alone (no cpu or memory request or limit) are refused.
      const names = ['requests', 'limits'].flatMap((kind) => entries(resources[kind]).map(([name]) => name));
      if (names.some((n) => n.startsWith('hugepages-')) && !names.some((n) => n === 'cpu' || n === 'memory')) {
        problems.push(problem(`${path}.resources`, undefined, 'hugepages require a cpu or memory request or limit', 'add a memory limit (and request) next to the hugepages'));
      }
      return problems;
    }),
  },
  {
    id: 'requests-within-limits',
    severity: 'error',
    summary: 'a resource request is not larger than its limit',
    check: ({ object }) => containersOf(object).flatMap(({ path, container }) => {
      const requests = obj(obj(container?.resources)?.requests) ?? {};
      const limits = obj(obj(container?.resources)?.limits) ?? {};
      return Object.keys(requests).flatMap((resource) => {
        const request = parseQuantity(requests[resource]);
        const limit = parseQuantity(limits[resource]);
        return request !== undefined && limit !== undefined && request > limit
          ? [problem(`${path}.resources.requests[${resource}]`, requests[resource], `the ${resource} request ${requests[resource]} is larger than the limit ${limits[resource]}`, `lower the ${resource} request or raise the limit`)]
          : [];
      });
    }),
  },
];

// Limits of the API server (pkg/apis/core/validation: MaxDNSNameservers,
// MaxDNSSearchPaths, MaxDNSSearchListChars; apimachinery IsValidUserID).
const DNS_POLICIES = new Set(['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']);
const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
const MAX_SEARCH_CHARS = 2048;
const MAX_ID = 2147483647;
const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;
const INIT_FORBIDDEN = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/** Problems of a uid or gid field (`runAsUser`, `fsGroup`, ...), which the API server keeps from 0 to 2147483647. */
function idProblems(context: Record<string, any> | undefined, path: string, fields: readonly string[]): Problem[] {
  return fields.flatMap((name) => {
    const value = context?.[name];
    return value === undefined || (isInt(value) && value >= 0 && value <= MAX_ID)
      ? []
      : [problem(`${path}.${name}`, value, `${name} ${show(value)} is not a whole number from 0 to ${MAX_ID}`, 'use a uid or gid from 0 to 2147483647 (a non-zero one: 0 is root)')];
  });
}

/** Problems of a seccomp profile: a Localhost profile names its file, no other type does. */
function seccompProblems(profile: unknown, path: string): Problem[] {
  const p = obj(profile);
  if (!p) {
    return [];
  }
  if (p.type === 'Localhost') {
    const file = p.localhostProfile;
    if (typeof file !== 'string' || file === '') {
      return [problem(`${path}.localhostProfile`, file, 'a Localhost seccomp profile needs localhostProfile, the file of the profile on the node', 'name the profile file relative to the kubelet\'s seccomp folder, such as "profiles/audit.json", or use RuntimeDefault')];
    }
    const error = relativePathError(file);
    return error ? [problem(`${path}.localhostProfile`, file, `localhostProfile ${show(file)} ${error}`, 'give the profile file relative to the kubelet\'s seccomp folder')] : [];
  }
  return p.localhostProfile !== undefined
    ? [problem(`${path}.localhostProfile`, p.localhostProfile, `localhostProfile can only be set when the seccomp profile type is Localhost, not ${show(p.type)}`, 'remove localhostProfile, or set type: Localhost')]
    : [];
}

/** Rules on the pod's DNS, security contexts and init containers. */
const POD_RULES: Rule[] = [
  {
    id: 'pod-dns',
    severity: 'error',
    summary: 'dnsPolicy is ClusterFirst, ClusterFirstWithHostNet, Default or None; None comes with a dnsConfig of at least one nameserver; at most 3 nameservers, all IP addresses; at most 32 search domains (2048 characters), each a DNS subdomain; DNS options have a name',
    check: ({ object }) => podSpecsOf(object).flatMap((pod): Problem[] => {
      const problems: Problem[] = [];
      const policy = pod.spec.dnsPolicy;
      const config = obj(pod.spec.dnsConfig);
      if (policy !== undefined && !DNS_POLICIES.has(policy)) {
        problems.push(problem(`${pod.path}.dnsPolicy`, policy, `dnsPolicy ${show(policy)} is not ClusterFirst, ClusterFirstWithHostNet, Default or None`, 'use ClusterFirst (the default), or None with a dnsConfig'));
      }
      if (policy === 'None' && !config) {
        return [...problems, problem(`${pod.path}.dnsConfig`, undefined, 'dnsPolicy None needs a dnsConfig: the pod would have no DNS server', 'give dnsConfig with at least one nameserver (PodDns), or use dnsPolicy ClusterFirst')];
      }
      if (!config) {
        return problems;
      }
      const nameservers = arr(config.nameservers);
      if (policy === 'None' && nameservers.length === 0) {
        problems.push(problem(`${pod.path}.dnsConfig.nameservers`, config.nameservers, 'dnsPolicy None needs at least one nameserver in dnsConfig', 'list the DNS servers the pod should use'));
      }
      if (nameservers.length > MAX_NAMESERVERS) {
        problems.push(problem(`${pod.path}.dnsConfig.nameservers`, nameservers, `${nameservers.length} nameservers are more than the ${MAX_NAMESERVERS} a pod may have`, `keep at most ${MAX_NAMESERVERS} nameservers`));
      }
      nameservers.forEach((server, i) => {
        const error = ipError(server);
        if (error) {
          problems.push(problem(`${pod.path}.dnsConfig.nameservers[${i}]`, server, `nameserver ${show(server)} ${error}`, 'give the DNS server as an IP address, such as "10.96.0.10"'));
        }
      });
      const searches = arr(config.searches);
      if (searches.length > MAX_SEARCHES) {
        problems.push(problem(`${pod.path}.dnsConfig.searches`, searches.length, `${searches.length} search domains are more than the ${MAX_SEARCHES} a pod may have`, `keep at most ${MAX_SEARCHES} search domains`));
      } else if (searches.filter((d) => typeof d === 'string').join(' ').length > MAX_SEARCH_CHARS) {
        problems.push(problem(`${pod.path}.dnsConfig.searches`, undefined, `the search domains take more than ${MAX_SEARCH_CHARS} characters`, 'keep fewer or shorter search domains'));
      }
      searches.forEach((domain, i) => {
        // A trailing dot is fine (the API server trims it before checking).
        const error = typeof domain === 'string' ? dns1123SubdomainError(domain.replace(/\.$/, '')) : 'is not a string';
        if (error) {
          problems.push(problem(`${pod.path}.dnsConfig.searches[${i}]`, domain, `search domain ${show(domain)} ${error}`, 'use a lower-case DNS name such as "shop.svc.cluster.local"'));
        }
      });
      arr(config.options).forEach((option, i) => {
        if (typeof option?.name !== 'string' || option.name === '') {
          problems.push(problem(`${pod.path}.dnsConfig.options[${i}].name`, option?.name, 'the DNS option has no name', 'give the option a name, such as "ndots"'));
        }
      });
      return problems;
    }),
  },
  {
    id: 'security-context',
    severity: 'error',
    summary: 'security contexts are well formed: uids and gids from 0 to 2147483647, a Localhost seccomp profile names its file (and only Localhost does), sysctl names valid and unique, allowPrivilegeEscalation false not with privileged or CAP_SYS_ADMIN',
    check: ({ object }) => {
      const problems: Problem[] = [];
      for (const pod of podSpecsOf(object)) {
        const at = `${pod.path}.securityContext`;
        const context = obj(pod.spec.securityContext);
        problems.push(...idProblems(context, at, ['runAsUser', 'runAsGroup', 'fsGroup']));
        arr(context?.supplementalGroups).forEach((gid, i) => {
          if (!(isInt(gid) && gid >= 0 && gid <= MAX_ID)) {
            problems.push(problem(`${at}.supplementalGroups[${i}]`, gid, `supplemental group ${show(gid)} is not a whole number from 0 to ${MAX_ID}`, 'use gids from 0 to 2147483647'));
          }
        });
        problems.push(...seccompProblems(context?.seccompProfile, `${at}.seccompProfile`));
        const sysctls = arr(context?.sysctls);
        sysctls.forEach((sysctl, i) => {
          const name = sysctl?.name;
          if (typeof name !== 'string' || name.length > 253 || !SYSCTL_NAME.test(name)) {
            problems.push(problem(`${at}.sysctls[${i}].name`, name, `sysctl name ${show(name)} is not valid: lower-case words of letters, digits, "-" and "_" joined by "." or "/"`, 'use the kernel parameter name, such as "net.ipv4.ip_local_port_range"'));
          }
        });
        for (const d of duplicates(sysctls, (x) => (typeof x?.name === 'string' ? x.name : undefined))) {
          problems.push(problem(`${at}.sysctls[${d.index}].name`, d.key, `sysctl "${d.key}" is set twice (also sysctls[${d.first}])`, 'set each sysctl once'));
        }
      }
      for (const { path, container } of containersOf(object)) {
        const at = `${path}.securityContext`;
        const context = obj(container?.securityContext);
        problems.push(...idProblems(context, at, ['runAsUser', 'runAsGroup']));
        problems.push(...seccompProblems(context?.seccompProfile, `${at}.seccompProfile`));
        if (context?.allowPrivilegeEscalation === false) {
          if (context.privileged === true) {
            problems.push(problem(`${at}.allowPrivilegeEscalation`, false, 'a privileged container cannot set allowPrivilegeEscalation: false (privileged implies escalation)', 'leave privileged out (the secure default), or leave allowPrivilegeEscalation out with it'));
          } else if (arr(obj(context.capabilities)?.add).includes('CAP_SYS_ADMIN')) {
            problems.push(problem(`${at}.allowPrivilegeEscalation`, false, 'a container that adds CAP_SYS_ADMIN cannot set allowPrivilegeEscalation: false', 'drop CAP_SYS_ADMIN, or leave allowPrivilegeEscalation out with it'));
          }
        }
      }
      return problems;
    },
  },
  {
    id: 'pod-spec',
    severity: 'error',
    summary: 'preemptionPolicy is PreemptLowerPriority or Never; readiness gates name a condition type that is a qualified name',
    check: ({ object }) => podSpecsOf(object).flatMap((pod): Problem[] => {
      const problems: Problem[] = [];
      const preemption = pod.spec.preemptionPolicy;
      if (preemption !== undefined && preemption !== 'PreemptLowerPriority' && preemption !== 'Never') {
        problems.push(problem(`${pod.path}.preemptionPolicy`, preemption, `preemptionPolicy ${show(preemption)} is not PreemptLowerPriority or Never`, 'use PreemptLowerPriority (the default) or Never'));
      }
      arr(pod.spec.readinessGates).forEach((gate, i) => {
        const type = gate?.conditionType;
        const error = typeof type === 'string' && type !== '' ? qualifiedNameError(type) : 'is missing';
        if (error) {
          problems.push(problem(`${pod.path}.readinessGates[${i}].conditionType`, type, `readiness gate condition type ${show(type)} ${error}`, 'name the pod condition, such as "example.com/load-balancer-ready"'));
        }
      });
      return problems;
    }),
  },
  {
    id: 'init-container',
    severity: 'error',
    summary: 'init containers have no lifecycle hooks and no liveness, readiness or startup probes (they run to completion)',
    check: ({ object }) => podSpecsOf(object).flatMap((pod) => arr(pod.spec.initContainers).flatMap((container, i) => INIT_FORBIDDEN
      .filter((field) => container?.[field] !== undefined && container?.[field] !== null)
      .map((field) => problem(`${pod.path}.initContainers[${i}].${field}`, undefined, `init container ${show(container?.name)} sets ${field}, which init containers cannot have: they run to completion before the pod starts`, `remove ${field} from the init container, or make it a sidecar of the pod's containers`)))),
  },
];

/** Rules on pod specs (core/v1 Pod and every pod template). */
export const CORE_POD_RULES: Rule[] = [
  ...CONTAINER_RULES,
  ...PROBE_RULES,
  ...ENV_RULES,
  ...VOLUME_RULES,
  ...SCHEDULING_RULES,
  ...RESOURCE_RULES,
  ...POD_RULES,
];

