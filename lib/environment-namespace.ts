import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ManifestObject } from './private/manifest-object';

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
  /** The default-deny NetworkPolicy, when asked for. */
  public readonly defaultDenyIngress?: kplus.NetworkPolicy;

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
    if (props.defaultDenyIngress) {
      this.defaultDenyIngress = new kplus.NetworkPolicy(this, 'DefaultDenyIngress', {
        metadata: { name: 'default-deny-ingress', namespace: props.name },
        selector: kplus.Pods.all(this, 'AllPods'),
        ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
      });
    }
  }
}
