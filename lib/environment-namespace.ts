import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { Connectivity } from './connectivity';
import { ContainerLimits, LimitRange } from './limit-range';
import { NetworkPolicy } from './network-policy';
import { ManifestObject } from './private/manifest-object';
import { QuotaLimits, ResourceQuota } from './resource-quota';

/** Pod Security Standard level that the namespace enforces. */
export enum PodSecurityLevel {
  /** Hardened pods only (the level this library's defaults meet). */
  RESTRICTED = 'restricted',
  /** Blocks known privilege escalations. */
  BASELINE = 'baseline',
  /** No restriction. */
  PRIVILEGED = 'privileged',
}

/** Props of an `EnvironmentNamespace`. */
export interface EnvironmentNamespaceProps {
  /** Name of the namespace. */
  readonly name: string;

  /**
   * Value of the `environment` label.
   *
   * @default - the namespace's name
   */
  readonly environment?: string;

  /**
   * Pod Security Standard enforced by the API server (and audited and warned).
   *
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly podSecurity?: PodSecurityLevel;

  /**
   * Add a NetworkPolicy that denies all ingress to the namespace's pods, so
   * that only traffic allowed by an `AllowIngress` reaches them.
   *
   * @default false
   */
  readonly defaultDenyIngress?: boolean;

  /**
   * Add a NetworkPolicy that denies all egress from the namespace's pods,
   * and one that lets every pod query the cluster DNS (UDP and TCP 53 to
   * kube-dns in kube-system), so that pods reach only what a policy allows
   * (`Connectivity.allow`, `NetworkPolicy`) and can still resolve names.
   *
   * @default false
   */
  readonly defaultDenyEgress?: boolean;

  /**
   * A ResourceQuota: the most CPU, memory, storage and objects the
   * namespace may hold together.
   *
   * @default - no quota
   */
  readonly quota?: QuotaLimits;

  /**
   * A LimitRange: default requests and limits of containers that set none,
   * and the bounds every container must stay in.
   *
   * @default - no LimitRange
   */
  readonly limits?: ContainerLimits;

  /**
   * More labels of the namespace.
   *
   * @default - none
   */
  readonly labels?: Record<string, string>;
}

/**
 * A namespace for one environment, labelled with the environment and the Pod
 * Security Standard it enforces, optionally closed to ingress by default.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export class EnvironmentNamespace extends Construct {
  /** Name of the namespace. */
  public readonly name: string;
  /** The Namespace. */
  public readonly namespace: ApiObject;
  /** The default-deny ingress NetworkPolicy, when asked for. */
  public readonly defaultDenyIngress?: NetworkPolicy;
  /** The default-deny egress NetworkPolicy, when asked for. */
  public readonly defaultDenyEgress?: NetworkPolicy;
  /** The NetworkPolicy that lets every pod query the cluster DNS, with `defaultDenyEgress`. */
  public readonly allowDns?: NetworkPolicy;
  /** The ResourceQuota, when asked for. */
  public readonly quota?: ResourceQuota;
  /** The LimitRange, when asked for. */
  public readonly limitRange?: LimitRange;

  constructor(scope: Construct, id: string, props: EnvironmentNamespaceProps) {
    super(scope, id);
    this.name = props.name;
    const level = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    this.namespace = new ManifestObject(this, 'Resource', {
      ...k8s.KubeNamespace.GVK,
      body: {},
      metadata: {
        name: props.name,
        labels: {
          ...props.labels,
          'environment': props.environment ?? props.name,
          'pod-security.kubernetes.io/enforce': level,
          'pod-security.kubernetes.io/audit': level,
          'pod-security.kubernetes.io/warn': level,
        },
      },
    });
    // A Namespace is cluster-scoped: cdk8s gives it the chart's namespace,
    // which the API server would reject.
    if (Chart.of(this).namespace) {
      this.namespace.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
    // An empty rule list isolates the direction: nothing passes that no other policy allows.
    if (props.defaultDenyIngress) {
      this.defaultDenyIngress = new NetworkPolicy(this, 'DefaultDenyIngress', { name: 'default-deny-ingress', namespace: props.name, ingress: [] });
    }
    if (props.defaultDenyEgress) {
      this.defaultDenyEgress = new NetworkPolicy(this, 'DefaultDenyEgress', { name: 'default-deny-egress', namespace: props.name, egress: [] });
      this.allowDns = new NetworkPolicy(this, 'AllowDns', { name: 'allow-dns', namespace: props.name, egress: [Connectivity.dnsRule()] });
    }
    if (props.quota) {
      this.quota = new ResourceQuota(this, 'ResourceQuota', { name: 'resource-quota', namespace: props.name, ...props.quota });
    }
    if (props.limits) {
      this.limitRange = new LimitRange(this, 'LimitRange', { name: 'limit-range', namespace: props.name, ...props.limits });
    }
    if (props.quota) {
      this.node.addValidation({ validate: () => quotaNeedsDefaults(props.quota!, props.limits ?? {}) });
    }
  }
}

// A quota on requests.cpu (say) refuses every pod that requests no CPU,
// unless the LimitRange fills one in: say so before the first pod is refused.
function quotaNeedsDefaults(quota: QuotaLimits, limits: ContainerLimits): string[] {
  const has = (resource: 'cpu' | 'memory', ...levels: Array<keyof ContainerLimits>) => levels.some((level) => limits[level]?.[resource]);
  const problems: string[] = [];
  const check = (field: string, tracked: unknown, resource: 'cpu' | 'memory', kind: 'request' | 'limit') => {
    const filled = kind === 'request' ? has(resource, 'defaultRequest', 'default', 'min', 'max') : has(resource, 'default', 'max');
    if (tracked !== undefined && !filled) {
      problems.push(`quota.${field} makes the API server refuse every pod with a container that sets no ${resource} ${kind}; set limits.${kind === 'request' ? 'defaultRequest' : 'default'}.${resource} so that such containers get one`);
    }
  };
  check('requestsCpu', quota.requestsCpu, 'cpu', 'request');
  check('requestsMemory', quota.requestsMemory, 'memory', 'request');
  check('limitsCpu', quota.limitsCpu, 'cpu', 'limit');
  check('limitsMemory', quota.limitsMemory, 'memory', 'limit');
  return problems;
}
