import { KubeObject } from '../validation/manifest';
import { writeYamlDocument } from './yaml-writer';

/** Settings of the Argo CD Applications written beside the manifests. */
export interface ArgoCdOptions {
  /** Git repository Argo CD reads (`https://git.example.com/team/deploy.git`). */
  readonly repoURL: string;

  /**
   * Branch, tag or commit to deploy.
   *
   * @default 'main'
   */
  readonly targetRevision?: string;

  /**
   * Path of the output folder inside the repository.
   *
   * @default - the project's outdir ('dist')
   */
  readonly path?: string;

  /**
   * Argo CD project of the Applications.
   *
   * @default 'default'
   */
  readonly project?: string;

  /**
   * Namespace Argo CD runs in (where Applications live).
   *
   * @default 'argocd'
   */
  readonly namespace?: string;

  /**
   * API server the apps are deployed to.
   *
   * @default 'https://kubernetes.default.svc' (the cluster Argo CD runs in)
   */
  readonly server?: string;

  /**
   * Sync automatically, pruning removed objects and undoing manual changes.
   *
   * @default true
   */
  readonly automated?: boolean;

  /**
   * Application name from app and environment.
   *
   * @default - `<app>-<environment>`
   */
  readonly applicationName?: (app: string, environment: string) => string;
}

/** The Argo CD Application that deploys one app's file of one environment. */
export function argoCdApplication(options: ArgoCdOptions, outdir: string, app: string, environment: string, namespace: string): KubeObject {
  const automated = options.automated ?? true;
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: options.applicationName?.(app, environment) ?? `${app}-${environment}`,
      namespace: options.namespace ?? 'argocd',
      labels: { 'app.kubernetes.io/part-of': app, 'environment': environment },
    },
    spec: {
      project: options.project ?? 'default',
      source: {
        repoURL: options.repoURL,
        targetRevision: options.targetRevision ?? 'main',
        path: `${options.path ?? outdir}/${environment}`,
        // An explicit directory source: only this app's file, even when the
        // folder also holds a kustomization.yaml.
        directory: { include: `${app}.k8s.yaml` },
      },
      destination: { server: options.server ?? 'https://kubernetes.default.svc', namespace },
      ...(automated ? { syncPolicy: { automated: { prune: true, selfHeal: true } } } : {}),
    },
  };
}

/** A kustomization.yaml that lists the files of one environment folder. */
export function kustomization(files: ReadonlyArray<string>): string {
  // The project's writer: what `yaml` wrote here (file names are short, so
  // nothing is folded), without loading `yaml` at start-up.
  return writeYamlDocument({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [...files].sort(),
  });
}
