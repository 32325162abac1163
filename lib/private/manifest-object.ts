import { ApiObject, ApiObjectMetadata, Lazy } from 'cdk8s';
import { Construct } from 'constructs';

/** Props of a `ManifestObject`. */
export interface ManifestObjectProps {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ApiObjectMetadata;
  /**
   * Every top-level field but apiVersion, kind and metadata, in Kubernetes
   * JSON form: plain data, `Lazy` values, or implicit tokens (objects with a
   * `resolve()` method).
   */
  readonly body: Record<string, unknown>;
}

/**
 * An ApiObject whose body is built once, when the construct is made, in the
 * exact JSON form Kubernetes reads, and rendered by cdk8s's own
 * `ApiObject.toJson()`.
 *
 * Why not the generated `Kube*` classes: they keep their props in TypeScript
 * form and convert them on every `toJson()`, after applying JSON patches, so
 * an escape-hatch patch sees `hostPid` instead of `hostPID` and loses
 * quantities and unknown fields. Here the body is stored in Kubernetes form
 * and cdk8s's `toJson()` does the rest, as for any ApiObject: it resolves
 * `Lazy` values and runs the app's resolvers, drops empty values, sorts keys
 * and applies patches — into a fresh value on every call, so a caller that
 * edits what `toJson()` (or `Testing.synth`) returns never changes the
 * construct.
 */
export class ManifestObject extends ApiObject {
  constructor(scope: Construct, id: string, props: ManifestObjectProps) {
    super(scope, id, { apiVersion: props.apiVersion, kind: props.kind, metadata: props.metadata, ...checkBody(props.body, `${scope.node.path}/${id}: body`) });
  }
}

/**
 * `body` when it holds only what cdk8s can render: plain data, `Lazy` values
 * and implicit tokens. A generated value class (`k8s.IntOrString`,
 * `k8s.Quantity`) would otherwise be written as `{ value: ... }`.
 */
function checkBody(body: Record<string, unknown>, where: string): Record<string, unknown> {
  const check = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(check);
      return;
    }
    if (value === null || typeof value !== 'object' || value instanceof Lazy || typeof (value as { resolve?: unknown }).resolve === 'function') {
      return;
    }
    if (Object.getPrototypeOf(value) !== Object.prototype) {
      throw new Error(`${where} holds a ${value.constructor?.name ?? 'non-plain'} object; a ManifestObject takes plain JSON, Lazy values or tokens`);
    }
    Object.values(value).forEach(check);
  };
  check(body);
  return body;
}

/**
 * A `ManifestObject` of kind `gvk` whose `spec` is built in the generated,
 * type-checked form (`k8s.DeploymentSpec`) and converted once by its
 * generated converter (`k8s.toJson_DeploymentSpec`).
 */
export function specObject<S>(
  scope: Construct,
  id: string,
  gvk: { readonly apiVersion: string; readonly kind: string },
  metadata: ApiObjectMetadata,
  toJson: (spec: S | undefined) => Record<string, unknown> | undefined,
  spec: S,
): ManifestObject {
  return new ManifestObject(scope, id, { ...gvk, metadata, body: { spec: toJson(spec) } });
}
