import { App, ApiObject, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Environment } from '../environment';
import { RegistryPullSecret } from '../registry-pull-secret';
import { formatPath } from '../synth/object-diff';
import { Project } from '../synth/project';
import { isRuleId } from '../validation/rule-id';
import { KubeObject } from '../validation/manifest';
import { str, toSource } from './code';
import { additionsOver, ChartContext, ConstructFit, fitAllowIngress, fitNodePinnedCronJob, fitNodePinnedJob, fitReplicaSet, fitServiceAccount, fitStandalonePod, fitWebService, mayRunAsRoot, NoFit } from './fit';
import { stripServerFields } from './strip';

/** One object read from the input, with where it came from. */
export interface InputObject {
  readonly object: KubeObject;
  /** File name, plus Helm's `# Source:` template when there is one. */
  readonly source: string;
}

/** Options of an import. */
export interface ImportOptions {
  /**
   * Name of the app (`AppDefinition.name`, the `app.kubernetes.io/part-of` label).
   *
   * @default - the part-of label most input objects carry, else 'imported'
   */
  readonly appName?: string;

  /**
   * Module the generated code imports the library from.
   *
   * @default 'cdk8s-platform-kit'
   */
  readonly library?: string;

  /**
   * Environment the input was taken from (only to recognise the
   * `app.kubernetes.io/instance: <app>-<env>` label synth adds).
   *
   * @default - from the instance label, else the namespace, else 'dev'
   */
  readonly environment?: string;
}

/** What happened to one input object. */
export interface ImportNote {
  /** `Kind namespace/name`. */
  readonly object: string;
  /** `WebService storefront`, `ApiObject`, `reference`, or `skipped`. */
  readonly as: string;
  /** Why this and not a construct, or what was skipped. */
  readonly why?: string;
  /** Fields the library adds to the object, by design. */
  readonly additions: string[];
  /** Server-set fields and API defaults left out. */
  readonly stripped: string[];
  /**
   * Rules the object, kept as it is, trips and that the generated code
   * allows with a reason: what to review first.
   */
  readonly allowed?: string[];
}

/** The generated app and what the import did. */
export interface ImportResult {
  /** TypeScript source of the app file. */
  readonly code: string;
  readonly appName: string;
  readonly environment: string;
  /** Namespace most objects were in: the environment's namespace to use. */
  readonly namespace?: string;
  readonly notes: ImportNote[];
  /** The objects synth writes back, before the chart's labels and namespace: what a round trip compares against. */
  readonly objects: KubeObject[];
}

/** Kinds without a namespace. */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass',
  'IngressClass', 'PriorityClass', 'RuntimeClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'APIService', 'Node', 'CSIDriver', 'VolumeSnapshotClass', 'ClusterIssuer',
]);

// Made by controllers from other objects; applying them from git would fight the controller.
const CONTROLLER_MADE = new Set(['Event', 'Endpoints', 'EndpointSlice', 'ControllerRevision', 'Lease']);

// Kinds a construct could write that this importer does not try to fit yet: said plainly in the report.
const NOT_TRIED: Readonly<Record<string, string>> = {
  HorizontalPodAutoscaler: 'written by a WebService with autoscaling; the importer does not fit autoscaling yet',
  PodDisruptionBudget: 'written by a WebService with a disruptionBudget; the importer does not fit it yet',
};

const PULL_SECRET_TYPE = 'kubernetes.io/dockerconfigjson';

/**
 * Turn manifests into a TypeScript app: library constructs where their
 * output equals the input up to the fields they add by design, raw
 * `ApiObject`s otherwise, Secrets as references.
 */
export function importManifests(inputs: ReadonlyArray<InputObject>, options: ImportOptions = {}): ImportResult {
  const notes: ImportNote[] = [];
  const candidates: Array<{ object: any; source: string; stripped: string[] }> = [];
  for (const { object: input, source } of inputs) {
    const object = input as any;
    const describe = describeInput(object);
    if (!object || typeof object !== 'object' || typeof object.kind !== 'string' || typeof object.apiVersion !== 'string') {
      notes.push({ object: describe, as: 'skipped', why: `${source}: not a Kubernetes object (no apiVersion or kind)`, additions: [], stripped: [] });
      continue;
    }
    if (typeof object.metadata?.name !== 'string') {
      notes.push({ object: describe, as: 'skipped', why: `${source}: no metadata.name (a fragment, or generateName, which GitOps cannot track)`, additions: [], stripped: [] });
      continue;
    }
    const owner = (object.metadata?.ownerReferences ?? []).find((r: any) => r.controller);
    if (owner || CONTROLLER_MADE.has(object.kind)) {
      notes.push({ object: describe, as: 'skipped', why: owner ? `made by ${owner.kind} ${owner.name}` : `${object.kind} objects are made by controllers`, additions: [], stripped: [] });
      continue;
    }
    const recorded = ['uid', 'resourceVersion', 'managedFields', 'creationTimestamp'].some((k) => object.metadata?.[k]);
    const stripped = stripServerFields(dropNulls(object), { defaults: recorded }, formatPath);
    candidates.push({ object: stripped.object, source, stripped: [...stripped.serverSet, ...stripped.defaults] });
  }

  const appName = options.appName ?? mostCommon(candidates.map((c) => c.object.metadata?.labels?.['app.kubernetes.io/part-of'])) ?? 'imported';
  const namespace = mostCommon(candidates.map((c) => c.object.metadata?.namespace));
  const instance = mostCommon(candidates.map((c) => c.object.metadata?.labels?.['app.kubernetes.io/instance']));
  const environment = options.environment
    ?? (instance?.startsWith(`${appName}-`) ? instance.slice(appName.length + 1) : undefined)
    ?? namespace ?? 'dev';
  const chartLabels = {
    'app.kubernetes.io/part-of': appName,
    'app.kubernetes.io/instance': `${appName}-${environment}`,
    'app.kubernetes.io/managed-by': 'cdk8s',
  };
  const context: ChartContext = { namespace: namespace ?? environment, labels: chartLabels };

  // What the chart gives every object is left to the chart.
  for (const c of candidates) {
    const metadata = c.object.metadata ?? {};
    if (metadata.namespace === namespace) {
      delete metadata.namespace;
    }
    for (const [key, value] of Object.entries(chartLabels)) {
      if (metadata.labels?.[key] === value) {
        delete metadata.labels[key];
      }
    }
    if (metadata.labels && !Object.keys(metadata.labels).length) {
      delete metadata.labels;
    }
  }

  const statements: string[] = [];
  const pullSecrets = new Set<string>();
  const secretRefs: string[] = [];
  const objects: KubeObject[] = [];
  const ids = new Set<string>();
  const uniqueId = (id: string) => {
    let candidate = id;
    for (let n = 2; ids.has(candidate); n++) {
      candidate = `${id}-${n}`;
    }
    ids.add(candidate);
    return candidate;
  };
  const fits = new Map<any, ConstructFit>();
  const refusals = new Map<any, string>();
  const local = (o: any) => o.metadata?.namespace === undefined;

  const tryFit = (objectsOfFit: any[], fit: () => ConstructFit) => {
    try {
      const result = fit();
      for (const o of objectsOfFit) {
        fits.set(o, result);
      }
    } catch (error) {
      if (!(error instanceof NoFit)) {
        throw error;
      }
      for (const o of objectsOfFit) {
        refusals.set(o, error.message);
      }
    }
  };

  const all = candidates.map((c) => c.object);
  for (const deployment of all.filter((o) => o.kind === 'Deployment' && local(o))) {
    const matchLabels = deployment.spec?.selector?.matchLabels;
    const services = all.filter((o) => o.kind === 'Service' && local(o) && !fits.has(o) && matchLabels && sameMap(o.spec?.selector, matchLabels));
    if (services.length !== 1) {
      refusals.set(deployment, services.length ? 'more than one Service selects it' : 'no Service selects it; WebService always writes one');
      continue;
    }
    const service = services[0];
    const ingresses = all.filter((o) => o.kind === 'Ingress' && local(o) && (o.spec?.rules ?? []).some((r: any) => (r.http?.paths ?? []).some((p: any) => p.backend?.service?.name === service.metadata.name)));
    if (ingresses.length > 1) {
      refusals.set(deployment, 'more than one Ingress routes to its Service');
      continue;
    }
    tryFit([deployment, service, ...ingresses], () => fitWebService(context, deployment, service, ingresses[0]));
  }
  for (const pod of all.filter((o) => o.kind === 'Pod' && local(o))) {
    tryFit([pod], () => fitStandalonePod(context, pod));
  }
  for (const rs of all.filter((o) => o.kind === 'ReplicaSet' && local(o))) {
    tryFit([rs], () => fitReplicaSet(context, rs));
  }
  for (const job of all.filter((o) => o.kind === 'Job' && local(o))) {
    tryFit([job], () => fitNodePinnedJob(context, job));
  }
  for (const cronJob of all.filter((o) => o.kind === 'CronJob' && local(o))) {
    tryFit([cronJob], () => fitNodePinnedCronJob(context, cronJob));
  }
  for (const policy of all.filter((o) => o.kind === 'NetworkPolicy' && local(o))) {
    tryFit([policy], () => fitAllowIngress(context, policy));
  }
  for (const account of all.filter((o) => o.kind === 'ServiceAccount' && local(o))) {
    // The Role and RoleBinding of the same name that bind only this account are its grants.
    const name = account.metadata?.name;
    const role = all.find((o) => o.kind === 'Role' && local(o) && o.metadata?.name === name);
    const binding = all.find((o) => o.kind === 'RoleBinding' && local(o) && o.metadata?.name === name
      && o.roleRef?.kind === 'Role' && o.roleRef?.name === name
      && (o.subjects ?? []).length === 1 && o.subjects[0].kind === 'ServiceAccount' && o.subjects[0].name === name);
    const grants = role && binding ? [role, binding] : [];
    tryFit([account, ...grants], () => fitServiceAccount(context, account, grants[0], grants[1]));
  }

  const written = new Set<ConstructFit>();
  const raws: RawObject[] = [];
  for (const candidate of candidates) {
    const object = candidate.object;
    const describe = describeInput(object, namespace);
    const sourceComment = `  // ${object.kind} ${object.metadata?.name} from ${candidate.source}`;
    if (object.kind === 'Secret') {
      const name = object.metadata?.name;
      const hasData = Object.keys(object.data ?? {}).length + Object.keys(object.stringData ?? {}).length > 0;
      const why = `${hasData ? 'holds credentials: ' : ''}never written into code; create it in the cluster (External Secrets, Sealed Secrets or kubectl) and refer to it by name`;
      if (object.type === PULL_SECRET_TYPE) {
        pullSecrets.add(name);
        notes.push({ object: describe, as: 'reference: RegistryPullSecret.fromSecretName', why, additions: [], stripped: candidate.stripped });
      } else {
        secretRefs.push(`${sourceComment}: ${hasData ? 'holds credentials, imported as a reference' : 'imported as a reference'}\n  kplus.Secret.fromSecretName(chart, ${str(uniqueId(`Secret-${name}`))}, ${str(name)});`);
        notes.push({ object: describe, as: 'reference: kplus.Secret.fromSecretName', why, additions: [], stripped: candidate.stripped });
      }
      continue;
    }
    const fit = fits.get(object);
    if (fit) {
      fit.pullSecrets.forEach((s) => pullSecrets.add(s));
      const key = `${object.kind} ${object.metadata?.name}`;
      const podSpec = object.kind === 'Pod' ? object.spec : object.kind === 'CronJob' ? object.spec?.jobTemplate?.spec?.template?.spec : object.spec?.template?.spec;
      const why = podSpec && mayRunAsRoot(podSpec)
        ? 'it sets no runAsNonRoot or runAsUser, so the image may run as root: podSecurity.runAsNonRoot is false (allowing run-as-root) to keep it starting as it does today; review'
        : undefined;
      notes.push({ object: describe, as: `${fit.construct} ${fit.id}`, ...(why ? { why, allowed: ['run-as-root'] } : {}), additions: fit.additions.get(key) ?? [], stripped: candidate.stripped });
      objects.push(object);
      if (!written.has(fit)) {
        written.add(fit);
        const sources = fit.objects.map((o) => `${o.kind} ${o.metadata?.name}`).join(', ');
        statements.push(`  // ${sources} from ${candidate.source}\n  new ${fit.construct}(chart, ${str(uniqueId(fit.id))}, ${toSource(fit.props, '  ')})${fit.calls ?? ''};`);
      }
      continue;
    }
    const why = refusals.get(object) ?? (local(object) ? NOT_TRIED[object.kind] ?? `no construct of the library writes a ${object.kind}` : `it is in namespace ${object.metadata.namespace}, not the app's`);
    const id = uniqueId(`${object.kind}-${object.metadata?.name ?? 'unnamed'}`);
    const additions = rawAdditions(context, object);
    const note = { object: describe, as: 'ApiObject', why, additions, stripped: candidate.stripped };
    notes.push(note);
    objects.push(object);
    raws.push({ object, id, source: candidate.source, note, at: statements.length, comment: `${sourceComment}${why ? `: ${why.replace(/\n/g, ' ')}` : ''}` });
    statements.push('');
  }

  // A raw object is what the cluster runs today; where the library's rules
  // would refuse it, the app says so with one reasoned allowance per rule it
  // trips (found by running synth's own validation on it), never more.
  const rawObjects = new Set(raws.map((r) => r.object));
  const secretNames = candidates.filter((c) => c.object.kind === 'Secret').map((c) => ({ name: c.object.metadata.name as string, pull: c.object.type === PULL_SECRET_TYPE }));
  const trips = rulesTripped(raws, objects.filter((o) => !rawObjects.has(o)), secretNames, context, appName, environment);
  for (const raw of raws) {
    const rules = trips.get(raw.id) ?? [];
    if (rules.length) {
      (raw.note as { allowed?: string[] }).allowed = rules;
    }
    const reason = `imported as is from ${raw.source}: the cluster runs it this way today; review before relying on it`;
    statements[raw.at] = `${raw.comment}\n${rawStatement(raw.object, raw.id, rules.map((r) => `.allow(${str(r)}, ${str(reason)})`))}`;
  }

  const library = options.library ?? 'cdk8s-platform-kit';
  // Only a construct the import fitted refers to a pull secret (`pullSecrets["name"]`); a
  // pull secret nothing fitted uses is a plain reference, so that no declaration goes unread.
  const usedPullSecrets = statements.some((st) => st.includes('pullSecrets['));
  const pullSecretRefs = [...pullSecrets].map((n) => `RegistryPullSecret.fromSecretName(chart, ${str(`PullSecret-${n}`)}, ${str(n)})`);
  const body = [
    ...(pullSecrets.size && usedPullSecrets ? [`  // Pull secrets that exist in the cluster: credentials are never written into code.\n  const pullSecrets = {\n${[...pullSecrets].map((n, i) => `    ${JSON.stringify(n)}: ${pullSecretRefs[i]},`).join('\n')}\n  };`] : []),
    ...(pullSecrets.size && !usedPullSecrets ? [`  // Pull secrets that exist in the cluster (credentials are never written into code); the raw objects name them.\n${pullSecretRefs.map((r) => `  ${r};`).join('\n')}`] : []),
    ...secretRefs,
    ...statements,
  ].join('\n\n');
  // Used as `new X(` or `X.`: a name in a comment is not a use.
  const uses = (symbol: string) => new RegExp(`(new ${symbol}\\(|\\b${symbol}\\.)`).test(body);
  const cdk8sSymbols = ['ApiObject', 'Cron', 'Duration', 'JsonPatch', 'Size'].filter(uses);
  const librarySymbols = ['AllowIngress', 'Allowances', 'Grant', 'JobRestartPolicy', 'NodeAffinity', 'NodePinnedCronJob', 'NodePinnedJob', 'NodeRequirement', 'Probe', 'RegistryPullSecret',
    'ReplicaSet', 'SeccompProfile', 'ServiceAccount', 'SessionAffinity', 'StandalonePod', 'Toleration', 'UpdateStrategy', 'WebService'].filter(uses);
  const sources = [...new Set(inputs.map((i) => i.source.replace(/ \(.*$/, '')))];
  const code = [
    `// Generated by \`cdk8s-platform-kit import\` from ${sources.join(', ')}.`,
    '// Review before use: the library adds labels and security defaults to what it writes',
    '// (the import report lists them per object); Secrets are references, never values.',
    `import { ${['Chart', ...cdk8sSymbols].sort().join(', ')} } from 'cdk8s';`,
    ...(/\bkplus\./.test(body) ? ["import * as kplus from 'cdk8s-plus-27';"] : []),
    `import { ${['AppDefinition', ...librarySymbols].join(', ')} } from ${str(library)};`,
    '',
    '/** Adds the imported objects to `chart`. */',
    `export function build(${body ? 'chart' : '_chart'}: Chart): void {`,
    body,
    '}',
    '',
    `/** The imported app: add it to your Project's apps. */`,
    `export const app: AppDefinition = { name: ${str(appName)}, build };`,
    '',
  ].join('\n');
  return { code, appName, environment, namespace, notes, objects };
}

interface RawObject {
  readonly object: any;
  readonly id: string;
  readonly source: string;
  readonly note: ImportNote;
  /** Index of its statement. */
  readonly at: number;
  readonly comment: string;
}

function rawStatement(object: any, id: string, allowances: ReadonlyArray<string> = []): string {
  // cdk8s gives every object the chart's namespace; a cluster-scoped object must have none.
  const patch = CLUSTER_SCOPED.has(object.kind) && !object.metadata?.namespace;
  if (!allowances.length) {
    const create = `new ApiObject(chart, ${str(id)}, ${toSource(object, '  ')})`;
    return patch ? `  ${create}.addJsonPatch(JsonPatch.remove('/metadata/namespace'));` : `  ${create};`;
  }
  const allow = allowances.map((a) => `\n      ${a}`).join('');
  if (!patch) {
    return `  Allowances.of(new ApiObject(chart, ${str(id)}, ${toSource(object, '  ')}))${allow};`;
  }
  return `  {\n    const object = new ApiObject(chart, ${str(id)}, ${toSource(object, '    ')});\n    object.addJsonPatch(JsonPatch.remove('/metadata/namespace'));\n    Allowances.of(object)${allow};\n  }`;
}

/**
 * The rule ids each raw object trips, by its id: the raw objects built in a
 * chart of the import's environment and validated by `Project.synth`, the
 * same rules `npm run synth` runs. Findings that cannot be allowed (the
 * schema, a construct's own checks) are left for synth to report.
 */
function rulesTripped(
  raws: ReadonlyArray<RawObject>,
  fitted: ReadonlyArray<any>,
  secrets: ReadonlyArray<{ name: string; pull: boolean }>,
  context: ChartContext,
  appName: string,
  environment: string,
): Map<string, string[]> {
  const tripped = new Map<string, string[]>();
  if (!raws.length) {
    return tripped;
  }
  const paths = new Map<string, string>();
  let findings;
  try {
    const project = new Project({
      environments: [new Environment({ name: environment, namespace: context.namespace })],
      apps: [{
        name: appName,
        build: (chart: Chart) => {
          // What the raw objects may refer to: the Secrets (references, as in the generated
          // code) and the objects the constructs write (as they are: their own findings are theirs).
          for (const [i, secret] of secrets.entries()) {
            if (secret.pull) {
              RegistryPullSecret.fromSecretName(chart, `PullSecret-${i}`, secret.name);
            } else {
              kplus.Secret.fromSecretName(chart, `Secret-${i}`, secret.name);
            }
          }
          for (const [i, object] of fitted.entries()) {
            new ApiObject(chart, `fitted-${i}`, object);
          }
          for (const raw of raws) {
            const apiObject = new ApiObject(chart, raw.id, raw.object);
            if (CLUSTER_SCOPED.has(raw.object.kind) && !raw.object.metadata?.namespace) {
              apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
            }
            paths.set(apiObject.node.path, raw.id);
          }
        },
      }],
    });
    findings = project.synth().findings;
  } catch {
    // A name Project refuses: nothing to learn here; synth of the app reports it.
    return tripped;
  }
  for (const finding of findings) {
    const id = paths.get(finding.path);
    if (id !== undefined && finding.severity === 'error' && isRuleId(finding.rule)) {
      const rules = tripped.get(id) ?? [];
      if (!rules.includes(finding.rule)) {
        rules.push(finding.rule);
      }
      tripped.set(id, rules);
    }
  }
  return tripped;
}

// The fields a raw object gets from the chart: its labels and namespace.
function rawAdditions(context: ChartContext, object: any): string[] {
  const chart = new Chart(new App(), 'import-check', { namespace: context.namespace, labels: { ...context.labels } });
  const apiObject = new ApiObject(chart, 'raw', object);
  if (CLUSTER_SCOPED.has(object.kind) && !object.metadata?.namespace) {
    apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  try {
    return additionsOver(apiObject.toJson(), object);
  } catch (error) {
    return [`(warning: ${(error as Error).message})`];
  }
}

/** `Kind namespace/name`; objects without one are in the app's namespace, unless cluster-scoped. */
export function describeInput(object: any, defaultNamespace?: string): string {
  const ns = object?.metadata?.namespace ?? (CLUSTER_SCOPED.has(object?.kind) ? undefined : defaultNamespace);
  return `${object?.kind ?? '(no kind)'} ${ns ? `${ns}/` : ''}${object?.metadata?.name ?? '(unnamed)'}`;
}

function mostCommon(values: ReadonlyArray<string | undefined>): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) {
    if (typeof v === 'string') {
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function sameMap(a: unknown, b: Record<string, unknown>): boolean {
  return !!a && typeof a === 'object' && JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());
}

// cdk8s leaves nulls out of what it writes; so does the import.
function dropNulls(value: any): any {
  if (Array.isArray(value)) {
    return value.map(dropNulls);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, dropNulls(v)]));
  }
  return value;
}
