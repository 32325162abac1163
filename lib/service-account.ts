import { ApiObject, Chart, JsonPatch, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ManifestObject } from './private/manifest-object';
import { PropError } from './validation/prop-error';

/** A service account pods can run as. */
export interface IServiceAccount {
  /** Its name. */
  readonly serviceAccountName: string;
}

/** Options of a `Grant` beyond the resources and verbs. */
export interface GrantOptions {
  /**
   * API group of the resources: `''` for the core group (pods, configmaps,
   * secrets), `'apps'` for deployments, and so on. Needed only for
   * resources Kubernetes itself does not serve (custom resources).
   *
   * @default - the group Kubernetes 1.27 serves the resources in (`apps` for deployments, `batch` for jobs, ...)
   */
  readonly apiGroup?: string;

  /**
   * Only the objects of these names.
   *
   * @default - every object of the resources
   */
  readonly resourceNames?: string[];
}

// The API group of every resource Kubernetes 1.27 serves (kubectl
// api-resources), so that a grant names the group that really serves it: a
// rule for `deployments` in the core group allows nothing.
const GROUPS: Record<string, string[]> = {
  '': ['pods', 'services', 'endpoints', 'configmaps', 'secrets', 'serviceaccounts', 'persistentvolumeclaims', 'persistentvolumes',
    'nodes', 'namespaces', 'events', 'limitranges', 'resourcequotas', 'replicationcontrollers', 'podtemplates', 'bindings', 'componentstatuses'],
  'apps': ['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'controllerrevisions'],
  'batch': ['jobs', 'cronjobs'],
  'autoscaling': ['horizontalpodautoscalers'],
  'policy': ['poddisruptionbudgets'],
  'networking.k8s.io': ['ingresses', 'ingressclasses', 'networkpolicies'],
  'rbac.authorization.k8s.io': ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'],
  'storage.k8s.io': ['storageclasses', 'volumeattachments', 'csidrivers', 'csinodes', 'csistoragecapacities'],
  'coordination.k8s.io': ['leases'],
  'discovery.k8s.io': ['endpointslices'],
  'apiextensions.k8s.io': ['customresourcedefinitions'],
  'admissionregistration.k8s.io': ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'],
  'certificates.k8s.io': ['certificatesigningrequests'],
  'scheduling.k8s.io': ['priorityclasses'],
  'node.k8s.io': ['runtimeclasses'],
  'authentication.k8s.io': ['tokenreviews'],
  'authorization.k8s.io': ['subjectaccessreviews', 'selfsubjectaccessreviews', 'localsubjectaccessreviews', 'selfsubjectrulesreviews'],
  'flowcontrol.apiserver.k8s.io': ['flowschemas', 'prioritylevelconfigurations'],
  'apiregistration.k8s.io': ['apiservices'],
};
const GROUP_OF = new Map(Object.entries(GROUPS).flatMap(([group, resources]) => resources.map((r) => [r, group] as const)));

/** The group Kubernetes serves `resources` in, or why it cannot be told. */
function builtInGroup(resources: ReadonlyArray<string>, given: string | undefined): string {
  const base = (r: string) => r.split('/')[0];
  const known = resources.filter((r) => r !== '*').map((r) => ({ resource: r, group: GROUP_OF.get(base(r)) }));
  if (given !== undefined) {
    // A built-in group named for a resource another built-in group serves grants nothing.
    const wrong = given in GROUPS ? known.filter((k) => k.group !== undefined && k.group !== given && !GROUPS[given].includes(base(k.resource))) : [];
    if (wrong.length) {
      throw new Error(`Grant: ${wrong.map((w) => `${w.resource} are served by the ${JSON.stringify(w.group)} API group`).join(', ')}, not ${JSON.stringify(given)}; leave apiGroup out and the group is found`);
    }
    return given;
  }
  const unknown = known.filter((k) => k.group === undefined);
  if (unknown.length) {
    throw new Error(`Grant: ${unknown.map((u) => u.resource).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a resource Kubernetes 1.27 serves; for a custom resource give apiGroup (for example { apiGroup: 'cert-manager.io' })`);
  }
  const groups = [...new Set(known.map((k) => k.group!))];
  if (groups.length > 1) {
    throw new Error(`Grant: ${known.map((k) => `${k.resource} (${JSON.stringify(k.group)})`).join(', ')} are served by different API groups; make one Grant per group`);
  }
  return groups[0] ?? '';
}

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch', 'delete'];
const VERBS = new Set([...READ, ...WRITE, 'deletecollection', 'impersonate', 'bind', 'escalate', 'use', '*']);

/**
 * Permission to use some verbs on some resources: one rule of a Role or ClusterRole.
 *
 * @example
 * serviceAccount.grant(Grant.read('configmaps'), Grant.of(['create'], ['events']));
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/
 */
export class Grant {
  /** Read (get, list, watch) `resources` (plural, lower case: `configmaps`). */
  public static read(resources: string | string[], options: GrantOptions = {}): Grant {
    return new Grant(READ, resources, options);
  }

  /** Read and change (get, list, watch, create, update, patch, delete) `resources`. */
  public static readWrite(resources: string | string[], options: GrantOptions = {}): Grant {
    return new Grant([...READ, ...WRITE], resources, options);
  }

  /** Exactly these `verbs` on `resources`. */
  public static of(verbs: string[], resources: string | string[], options: GrantOptions = {}): Grant {
    return new Grant(verbs, resources, options);
  }

  private readonly resources: string[];
  private readonly apiGroup: string;

  private constructor(private readonly verbs: string[], resources: string | string[], private readonly options: GrantOptions) {
    this.resources = typeof resources === 'string' ? [resources] : [...resources];
    if (!this.resources.length || this.resources.some((r) => !/^[a-z0-9.*-]+(\/[a-z0-9-]+)?$/.test(r))) {
      throw new Error(`Grant resources ${JSON.stringify(this.resources)} must be plural lower-case resource names such as 'configmaps' or 'pods/log'`);
    }
    const unknown = verbs.filter((v) => !VERBS.has(v));
    if (!verbs.length || unknown.length) {
      throw new Error(`Grant verbs ${JSON.stringify(verbs)}: use some of ${[...VERBS].join(', ')}`);
    }
    this.apiGroup = builtInGroup(this.resources, options.apiGroup);
  }

  /** @internal */
  public _render(): Record<string, unknown> {
    return {
      apiGroups: [this.apiGroup],
      resources: [...this.resources],
      resourceNames: this.options.resourceNames?.length ? [...this.options.resourceNames] : undefined,
      verbs: [...this.verbs],
    };
  }
}

/** Props of a `ServiceAccount`. */
export interface ServiceAccountProps {
  /**
   * Name of the ServiceAccount (and of its Role and RoleBinding).
   *
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Mount an API token into every pod that runs as this account. Pods can
   * still ask for one (`automountServiceAccountToken: true` on the workload).
   *
   * @default false
   */
  readonly automountToken?: boolean;
}

/**
 * A ServiceAccount, and the permissions granted to it: a Role and a
 * RoleBinding for namespaced grants, a ClusterRole and a ClusterRoleBinding
 * for cluster-wide ones. Workloads run as it with `serviceAccount: account`.
 *
 * @see https://kubernetes.io/docs/concepts/security/service-accounts/
 */
export class ServiceAccount extends Construct implements IServiceAccount {
  /** A service account that exists in the cluster already. */
  public static fromServiceAccountName(name: string): IServiceAccount {
    return { serviceAccountName: name };
  }

  /** Its name. */
  public readonly serviceAccountName: string;
  /** The ServiceAccount. */
  public readonly serviceAccount: ApiObject;
  private readonly grants: Grant[] = [];
  private readonly clusterGrants: Grant[] = [];

  constructor(scope: Construct, id: string, props: ServiceAccountProps = {}) {
    super(scope, id);
    this.serviceAccountName = props.name ?? id;
    this.serviceAccount = new ManifestObject(this, 'Resource', {
      ...k8s.KubeServiceAccount.GVK,
      metadata: { name: this.serviceAccountName },
      body: { automountServiceAccountToken: props.automountToken ?? false },
    });
  }

  /** Grant `grants` in the account's own namespace (a Role and a RoleBinding). */
  public grant(...grants: Grant[]): this {
    if (!this.grants.length) {
      this.bind('Role', 'RoleBinding', this.serviceAccountName, this.grants, false);
    }
    this.grants.push(...grants);
    return this;
  }

  /** Grant `grants` in every namespace (a ClusterRole and a ClusterRoleBinding). */
  public grantClusterWide(...grants: Grant[]): this {
    if (!this.clusterGrants.length) {
      const namespace = Chart.of(this).namespace;
      if (!namespace) {
        throw new PropError(this, { field: 'grantClusterWide()', message: "needs the chart's namespace, to name the account in the ClusterRoleBinding", fix: 'give the chart a namespace' });
      }
      // Cluster-scoped names are shared by every namespace: prefix with it.
      this.bind('ClusterRole', 'ClusterRoleBinding', `${namespace}-${this.serviceAccountName}`, this.clusterGrants, true);
    }
    this.clusterGrants.push(...grants);
    return this;
  }

  private bind(roleKind: 'Role' | 'ClusterRole', bindingKind: 'RoleBinding' | 'ClusterRoleBinding', name: string, grants: Grant[], clusterScoped: boolean): void {
    const role = new ManifestObject(this, roleKind, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: roleKind,
      metadata: { name },
      // Lazy: grants added later belong to the same Role.
      body: { rules: Lazy.any({ produce: () => grants.map((g) => g._render()) }) },
    });
    const binding = new ManifestObject(this, bindingKind, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: bindingKind,
      metadata: { name },
      body: {
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role.name },
        subjects: [{ kind: 'ServiceAccount', name: this.serviceAccountName, namespace: Chart.of(this).namespace }],
      },
    });
    if (clusterScoped && Chart.of(this).namespace) {
      // cdk8s gives every object the chart's namespace; the API server refuses one on cluster-scoped kinds.
      role.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
      binding.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
  }
}
