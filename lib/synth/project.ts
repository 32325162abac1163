import { App, Chart } from 'cdk8s';
import { Environment } from '../environment';
import { Finding } from '../validation/finding';
import { Inventory, objectKey } from '../validation/inventory';
import { describeObject, KubeObject, ManifestRecord, podSpecsOf } from '../validation/manifest';
import { SchemaValidator } from '../validation/schema';
import { findingOfBuildError } from '../validation/build-error';
import { problemFinding, validateContents, validateRecords } from '../validation/validate';
import { Breach, breaches, enforcedLevel, refusedBy } from '../validation/rules/pod-security-admission';
import { ChartContents, collectChart } from './collect';
import { argoCdApplication, ArgoCdOptions, kustomization } from './gitops';
import { sortForApply } from './order';
import { OutputFile } from './output-dir';
import { drainToYaml, toYaml } from './serialize';

/** One app: a chart built for each of its environments, written to `<outdir>/<env>/<name>.k8s.yaml`. */
export interface AppDefinition<N extends string = string> {
  /** File name of the app's output, a DNS label. Also the `app.kubernetes.io/part-of` label. */
  readonly name: string;

  /**
   * Environments the app is deployed to.
   *
   * @default - every environment of the project
   */
  readonly environments?: ReadonlyArray<N>;

  /** Add the app's constructs to `chart`, whose namespace is the environment's. */
  readonly build: (chart: Chart, environment: Environment<N>) => void;
}

/** Props of a `Project`. */
export interface ProjectProps<N extends string> {
  /** The environments, in output order. */
  readonly environments: ReadonlyArray<Environment<N>>;

  /** The apps. */
  readonly apps: ReadonlyArray<AppDefinition<N>>;

  /**
   * Folder of the manifests GitOps applies; committed to git.
   *
   * @default 'dist'
   */
  readonly outdir?: string;

  /**
   * Folder of objects that hold credentials (written with `--secrets`); must
   * be git-ignored.
   *
   * @default '.secrets'
   */
  readonly secretsOutdir?: string;

  /**
   * Write a kustomization.yaml in each environment folder.
   *
   * @default false
   */
  readonly kustomization?: boolean;

  /**
   * Write an Argo CD Application per app and environment to `<outdir>/argocd/`.
   *
   * @default - no Applications
   */
  readonly argoCd?: ArgoCdOptions;

  /**
   * JSON schemas of custom resources your apps write, by `apiVersion/kind`.
   *
   * @default - Kubernetes 1.27 kinds, ExternalSecret, SealedSecret and Application only
   */
  readonly extraSchemas?: Readonly<Record<string, Record<string, unknown>>>;
}

/** Options of one synth run. */
export interface SynthOptions {
  /**
   * Render objects that hold credentials, to the secrets output.
   *
   * @default false
   */
  readonly secrets?: boolean;

  /**
   * Called after each app and environment.
   *
   * @default - nothing
   */
  readonly onProgress?: (report: AppReport) => void;
}

/** What one app and environment produced. */
export interface AppReport {
  readonly app: string;
  readonly environment: string;
  /** Objects written to the git output. */
  readonly objects: number;
  /** Objects written to the secrets output. */
  readonly secretObjects: number;
  readonly errors: number;
  readonly warnings: number;
  readonly milliseconds: number;
}

/** Options of a synth run whose git output is handed over file by file. */
export interface StreamOptions extends SynthOptions {
  /**
   * Receives each file of the git output as soon as it is rendered, in
   * environment and app order (the Argo CD Applications last). The project
   * keeps no reference to it: a consumer that writes it and drops it holds
   * one app's output at a time, whatever the size of the project.
   */
  readonly onFile: (file: OutputFile) => void;
}

/** The result of a streamed synth run: what `SynthResult` holds but the git output's files. */
export interface StreamResult {
  /** How many files `onFile` received. */
  readonly fileCount: number;
  /** Files of the secrets output, relative to `secretsOutdir` (few and small: kept). */
  readonly secretFiles: OutputFile[];
  readonly findings: Finding[];
  readonly reports: AppReport[];
}

/** The result of a synth run, before anything is written. */
export interface SynthResult {
  /** Files of the git output, relative to `outdir`, sorted. */
  readonly files: OutputFile[];
  /** Files of the secrets output, relative to `secretsOutdir`. */
  readonly secretFiles: OutputFile[];
  readonly findings: Finding[];
  readonly reports: AppReport[];
}

/**
 * The apps of a repository and where their manifests go. `synth` builds every
 * app for each of its environments in a chart of its own, validates every
 * object, and returns the files, without writing anything.
 */
export class Project<N extends string = string> {
  /** Folder of the git output. */
  public readonly outdir: string;
  /** Folder of the secrets output. */
  public readonly secretsOutdir: string;
  private readonly schema: SchemaValidator;

  constructor(private readonly props: ProjectProps<N>) {
    this.outdir = props.outdir ?? 'dist';
    this.secretsOutdir = props.secretsOutdir ?? '.secrets';
    this.schema = props.extraSchemas ? new SchemaValidator(props.extraSchemas) : SchemaValidator.shared();
    validateNames(props);
  }

  /** Build, validate and render every app of every environment, into memory. */
  public synth(options: SynthOptions = {}): SynthResult {
    const files: OutputFile[] = [];
    // Not the documents' values: kept, they would hold every object of the project.
    const result = this.stream({ ...options, onFile: ({ path, content, objects }) => files.push({ path, content, objects }) });
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { files, secretFiles: result.secretFiles, findings: result.findings, reports: result.reports };
  }

  /**
   * `synth`, handing each file of the git output to `onFile` instead of
   * returning them all: what `npm run synth` uses, so that its memory is that
   * of one app however many apps there are. Validation findings arrive with
   * the result, after the last file: a consumer that writes files as they
   * come must stage them where nothing reads them until the run succeeded.
   */
  public stream(options: StreamOptions): StreamResult {
    const secretFiles: OutputFile[] = [];
    const findings: Finding[] = [];
    const reports: AppReport[] = [];
    const argoCdRecords: ManifestRecord[] = [];
    let fileCount = 0;
    const emit = (file: OutputFile) => {
      fileCount++;
      options.onFile(file);
    };

    for (const environment of this.props.environments) {
      const envFiles: string[] = [];
      // Identity of each object written so far in this environment, for the cross-app duplicate check:
      // its construct path (whose first part is the chart `<app>-<environment>`), held for the whole
      // environment, so no more than that.
      const written = new Map<string, string>();
      // Labels of the Namespaces written so far in this environment: an app's pods are checked against
      // the Pod Security Standard of a namespace another app writes (the platform app, usually first).
      const namespaces = new Map<string, Readonly<Record<string, string>>>();
      // Pods with something a Pod Security level refuses, in namespaces no app had written yet: checked
      // when a later app writes the Namespace. Secure-by-default pods refuse nothing and are not kept.
      let pending: PendingPod[] = [];
      for (const app of this.props.apps) {
        if (app.environments && !app.environments.includes(environment.name)) {
          continue;
        }
        const started = performance.now();
        const result = this.synthApp(app, environment, options.secrets ?? false, namespaces);
        findings.push(...result.findings, ...crossAppDuplicates(result.keys, written, app.name, environment.name));
        for (const [name, labels] of result.namespaces) {
          if (namespaces.has(name)) {
            continue;
          }
          namespaces.set(name, labels);
          const level = enforcedLevel(labels);
          if (level) {
            for (const pod of pending.filter((p) => p.namespace === name)) {
              const where = { app: pod.app, environment: environment.name, path: pod.path, object: pod.object, sensitive: pod.sensitive };
              findings.push(...refusedBy(level, name, pod.breaches).map((problem) => problemFinding(where, 'error', 'pod-security-admission',
                { ...problem, message: `${problem.message} (the Namespace is written by app "${app.name}")` })));
            }
          }
          pending = pending.filter((pod) => pod.namespace !== name);
        }
        pending.push(...result.pending);
        const file = `${environment.name}/${app.name}.k8s.yaml`;
        envFiles.push(`${app.name}.k8s.yaml`);
        emit({ path: file, content: result.content, objects: result.objectIds, documents: result.documents });
        if (result.secretContent !== undefined) {
          secretFiles.push({ path: file, content: result.secretContent });
        }
        if (this.props.argoCd) {
          const object = argoCdApplication(this.props.argoCd, this.outdir, app.name, environment.name, environment.namespace);
          argoCdRecords.push({ object, path: `argocd/${app.name}-${environment.name}`, allowances: new Map(), sensitive: false });
        }
        const report: AppReport = {
          app: app.name,
          environment: environment.name,
          objects: result.objects - result.secretCount,
          secretObjects: result.secretCount,
          errors: result.findings.filter((f) => f.severity === 'error').length,
          warnings: result.findings.filter((f) => f.severity === 'warning').length,
          milliseconds: performance.now() - started,
        };
        reports.push(report);
        options.onProgress?.(report);
      }
      if (this.props.kustomization && envFiles.length) {
        emit({ path: `${environment.name}/kustomization.yaml`, content: kustomization(envFiles) });
      }
    }

    if (argoCdRecords.length) {
      const inventory = new Inventory(argoCdRecords, []);
      findings.push(...validateRecords(argoCdRecords, inventory, this.schema, { app: 'argocd', environment: '-' }));
      for (const record of argoCdRecords) {
        emit({
          path: `${record.path}.k8s.yaml`,
          content: toYaml([record.object], 'Argo CD Application generated by npm run synth: do not edit'),
          objects: [describeObject(record.object)],
        });
      }
    }
    return { fileCount, secretFiles, findings, reports };
  }

  private synthApp(
    app: AppDefinition<N>,
    environment: Environment<N>,
    renderSensitive: boolean,
    namespaces: ReadonlyMap<string, Readonly<Record<string, string>>>,
  ): AppOutput {
    const scope = { app: app.name, environment: environment.name };
    const built = buildAndCollect(app, environment, renderSensitive);
    if ('error' in built) {
      return { keys: [], objects: 0, findings: [findingOfBuildError(built.error, built.chart, scope)], content: '', objectIds: [], documents: [], secretContent: undefined, secretCount: 0, namespaces: [], pending: [] };
    }

    // The construct tree is unreachable from here on: only the rendered objects remain.
    const contents = built;
    const inventory = new Inventory(contents.records, contents.externals, contents.unrendered, namespaces);
    const findings = validateContents(contents, this.schema, scope, inventory);
    const ownNamespaces: Array<[string, Readonly<Record<string, string>>]> = [];
    const pending: PendingPod[] = [];
    for (const record of contents.records) {
      const object = record.object;
      if (object.kind === 'Namespace' && typeof object.metadata?.name === 'string') {
        ownNamespaces.push([object.metadata.name, object.metadata.labels ?? {}]);
      }
      const namespace = object.metadata?.namespace;
      if (typeof namespace === 'string' && namespace !== '' && inventory.namespaceLabels(namespace) === undefined && !record.allowances.has('pod-security-admission')) {
        let found: Breach[];
        try {
          found = podSpecsOf(object).flatMap(({ spec, path }) => breaches(spec, path));
        } catch {
          // A field of the wrong type: the schema findings already name it.
          found = [];
        }
        if (found.length) {
          pending.push({ app: app.name, namespace, path: record.path, object: describeObject(object), sensitive: record.sensitive, breaches: found });
        }
      }
    }

    const keys = contents.records.map((r) => ({
      key: objectKey(r.object),
      object: describeObject(r.object),
      path: r.path,
      allowed: r.allowances.has('duplicate-object'),
    }));
    const gitObjects: KubeObject[] = [];
    const secretObjects: KubeObject[] = [];
    for (const record of sortForApply(contents.records)) {
      (record.sensitive ? secretObjects : gitObjects).push(record.object);
    }
    // The records (paths, allowances) are no longer needed: only the objects go on.
    contents.records.length = 0;
    // The identity of each document, in file order: the diff names new objects without parsing them back.
    const objectIds = gitObjects.map(describeObject);
    const header = `${app.name} in ${environment.name}: generated by npm run synth, do not edit`;
    const objects = gitObjects.length + secretObjects.length;
    const secretCount = secretObjects.length;
    return {
      keys,
      objects,
      findings,
      content: toYaml(gitObjects, header),
      objectIds,
      documents: gitObjects,
      secretContent: secretCount ? drainToYaml(secretObjects, `${header}; holds credentials, never commit`) : undefined,
      secretCount,
      namespaces: ownNamespaces,
      pending,
    };
  }
}

/** A pod that a namespace written by a later app may refuse (Pod Security admission). */
interface PendingPod {
  readonly app: string;
  readonly namespace: string;
  readonly path: string;
  readonly object: string;
  readonly sensitive: boolean;
  readonly breaches: ReadonlyArray<Breach>;
}

/** What one app and environment produced, before it is written. */
interface AppOutput {
  /** Identity of every object, for the cross-app duplicate check. */
  readonly keys: ReadonlyArray<{ key: string; object: string; path: string; allowed: boolean }>;
  readonly objects: number;
  readonly findings: Finding[];
  readonly content: string;
  /** `Kind namespace/name` of each object of `content`, in order. */
  readonly objectIds: ReadonlyArray<string>;
  /** The objects of `content`, in order: the diff compares them without parsing `content` back. */
  readonly documents: ReadonlyArray<KubeObject>;
  /** Namespaces the app writes, with their labels. */
  readonly namespaces: ReadonlyArray<[string, Readonly<Record<string, string>>]>;
  /** Its pods that a Pod Security level would refuse, in namespaces no app had written yet. */
  readonly pending: PendingPod[];
  readonly secretContent?: string;
  readonly secretCount: number;
}

/**
 * Build the app's chart in a cdk8s App of its own and render it. The chart is
 * local to this function, so its whole construct tree can be collected once
 * the objects are rendered.
 */
function buildAndCollect<N extends string>(app: AppDefinition<N>, environment: Environment<N>, renderSensitive: boolean): ChartContents | { error: unknown; chart: Chart } {
  const chart = new Chart(new App(), `${app.name}-${environment.name}`, {
    namespace: environment.namespace,
    labels: {
      'app.kubernetes.io/part-of': app.name,
      'app.kubernetes.io/instance': `${app.name}-${environment.name}`,
      'app.kubernetes.io/managed-by': 'cdk8s',
    },
  });
  try {
    app.build(chart, environment);
  } catch (error) {
    return { error, chart };
  }
  return collectChart(chart, renderSensitive);
}

/** What a Kubernetes name (and our file names) may be: a DNS-1123 label. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_LABEL_RULE = 'a DNS-1123 label: at most 63 characters, lower-case letters, digits and "-", starting and ending with a letter or digit';

/**
 * Refuse names that would build a bad path or object, before anything is
 * built: app and environment names become file and folder names
 * (`<env>/<app>.k8s.yaml`), labels and namespaces.
 */
function validateNames<N extends string>(props: ProjectProps<N>): void {
  const problems: string[] = [];
  const check = (what: string, value: unknown, use: string, of = '') => {
    if (typeof value !== 'string' || value.length > 63 || !DNS_LABEL.test(value)) {
      problems.push(`${what} ${JSON.stringify(value)}${of} is not ${DNS_LABEL_RULE}; it is used as ${use}`);
    }
  };
  const environments = new Set<string>();
  for (const environment of props.environments) {
    check('environment name', environment.name, 'the output folder <outdir>/<env>/ and the default namespace');
    check('namespace', environment.namespace, 'metadata.namespace of every object', ` of environment ${JSON.stringify(environment.name)}`);
    if (environments.has(environment.name)) {
      problems.push(`two environments are named ${JSON.stringify(environment.name)}: environment names are folder names and must be unique`);
    }
    if (props.argoCd && environment.name === 'argocd') {
      problems.push('an environment is named "argocd", the folder of the Argo CD Applications: rename the environment');
    }
    environments.add(environment.name);
  }
  const apps = new Set<string>();
  for (const app of props.apps) {
    check('app name', app.name, 'the file name <env>/<app>.k8s.yaml and the app.kubernetes.io/part-of label');
    if (apps.has(app.name)) {
      problems.push(`two apps are named "${app.name}": app names are file names and must be unique`);
    }
    apps.add(app.name);
    for (const name of app.environments ?? []) {
      if (!environments.has(name)) {
        problems.push(`app ${JSON.stringify(app.name)} lists environment ${JSON.stringify(name)}, which the project does not have`);
      }
    }
  }
  if (problems.length) {
    throw new ProjectError(`the project is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** A project whose definition is wrong (names, duplicates): nothing was built. */
export class ProjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectError';
  }
}

/** Findings for objects another app of the same environment already writes. */
function crossAppDuplicates(
  keys: AppOutput['keys'],
  written: Map<string, string>,
  app: string,
  environment: string,
): Finding[] {
  const findings: Finding[] = [];
  const own = new Set<string>();
  for (const { key, object, path, allowed } of keys) {
    const otherPath = written.get(key);
    // The chart of each app is `<app>-<environment>`: the first part of the path names the app.
    const other = otherPath === undefined ? undefined : { app: otherPath.split('/')[0].slice(0, -environment.length - 1), path: otherPath };
    if (other && other.app !== app && !own.has(key) && !allowed) {
      findings.push({
        severity: 'error',
        rule: 'duplicate-object',
        app,
        environment,
        path,
        object,
        field: 'metadata.name',
        message: `app "${other.app}" writes the same object (${other.path}); GitOps would apply one over the other`,
        fix: 'let one app own the object, or rename one of the two',
      });
    }
    own.add(key);
    if (!other) {
      written.set(key, path);
    }
  }
  return findings;
}
