import { ApiObject, ApiObjectMetadata, ApiObjectMetadataDefinition, App, ImplicitTokenResolver, JsonPatch, Lazy, LazyResolver, NumberStringUnionResolver } from 'cdk8s';
import { Construct } from 'constructs';
import { validateChartOf } from '../validation/chart-hook';

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
  private readonly kubeBody: Record<string, unknown>;
  private readonly jsonPatches: JsonPatch[] = [];

  constructor(scope: Construct, id: string, props: ManifestObjectProps) {
    const body = checkBody(props.body, `${scope.node.path}/${id}: body`);
    super(scope, id, { apiVersion: props.apiVersion, kind: props.kind, metadata: props.metadata, ...body });
    this.kubeBody = body;
    validateChartOf(this);
  }

  /** Patch the object as written (Kubernetes JSON), after everything else. */
  public addJsonPatch(...ops: JsonPatch[]): void {
    this.jsonPatches.push(...ops);
  }

  /**
   * The object as written, a new value on every call.
   *
   * With the app's built-in resolvers only (the usual case), one walk copies,
   * resolves `Lazy` values and tokens, drops empty values and sorts keys —
   * what cdk8s's resolve-then-sanitize does in two walks and a context
   * object per value. With resolvers of the app's own, cdk8s's path runs, so
   * each resolver sees every value, as it would on any ApiObject.
   */
  public toJson(): any {
    let json: Record<string, unknown>;
    if (onlyBuiltInResolvers(App.of(this).resolvers)) {
      try {
        json = { apiVersion: this.apiVersion, kind: this.kind, metadata: metadataJson(this.metadata), ...fresh(this.kubeBody) as Record<string, unknown> };
      } catch (e) {
        throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${e}`);
      }
    } else {
      json = super.toJson();
    }
    if (!this.jsonPatches.length) {
      return json;
    }
    const patched = JsonPatch.apply(json, ...this.jsonPatches);
    const result: Record<string, unknown> = {};
    for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) {
      if (key in patched) {
        result[key] = patched[key];
      }
    }
    return result;
  }
}

function onlyBuiltInResolvers(resolvers: ReadonlyArray<unknown>): boolean {
  return resolvers.length === 3
    && resolvers[0] instanceof LazyResolver
    && resolvers[1] instanceof ImplicitTokenResolver
    && resolvers[2] instanceof NumberStringUnionResolver;
}

/**
 * `value` resolved as cdk8s's built-in resolvers and `sanitizeValue` would,
 * in one walk: a new value, object keys sorted, `undefined` and `null` left
 * out of objects, `Lazy` values and implicit tokens resolved.
 */
function fresh(value: unknown, filterEmpty = false): unknown {
  if (value === null || value === undefined) {
    return undefined;
  }
  if (typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    if (filterEmpty && value.length === 0) {
      return undefined;
    }
    return value.map((item) => fresh(item, filterEmpty));
  }
  if (value instanceof Lazy) {
    return fresh(value.produce(), filterEmpty);
  }
  if (typeof (value as { resolve?: unknown }).resolve === 'function') {
    return fresh((value as { resolve: () => unknown }).resolve(), filterEmpty);
  }
  if (value.constructor !== Object) {
    throw new Error(`can't render non-simple object of type '${value.constructor?.name}'`);
  }
  const result: Record<string, unknown> = {};
  let empty = true;
  for (const key of sortedKeys(value)) {
    const item = fresh((value as Record<string, unknown>)[key], filterEmpty);
    if (item !== undefined && item !== null) {
      result[key] = item;
      empty = false;
    }
  }
  return filterEmpty && empty ? undefined : result;
}

/**
 * The keys of `value` in code-unit order, as `Object.keys(value).sort()`
 * gives them. An object has a handful of keys: sorted in place by
 * insertion, which allocates nothing more than the keys (V8's sort copies
 * them to a work array first; at 10,000 services that copy was a tenth of
 * what rendering allocated).
 */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
}

/** What cdk8s's internals of `ApiObjectMetadataDefinition` hold (cdk8s 2.x). */
interface MetadataFields {
  readonly _additionalAttributes: Record<string, unknown>;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly finalizers: string[];
  readonly ownerReferences: unknown[];
}

/**
 * `metadata.toJson()` in one walk, as `fresh` does for the body: its
 * resolve-then-sanitize (empty maps and lists dropped at every level) made
 * a context object per value. Falls back to cdk8s's own when its internals
 * are not the ones known here.
 */
function metadataJson(metadata: ApiObjectMetadataDefinition): unknown {
  const fields = metadata as unknown as Partial<MetadataFields>;
  if (!fields._additionalAttributes || !fields.labels || !fields.annotations || !Array.isArray(fields.finalizers) || !Array.isArray(fields.ownerReferences)) {
    return metadata.toJson();
  }
  return fresh({
    ...fields._additionalAttributes,
    name: metadata.name,
    namespace: metadata.namespace,
    annotations: fields.annotations,
    finalizers: fields.finalizers,
    ownerReferences: fields.ownerReferences,
    labels: fields.labels,
  }, true);
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
    for (const key in value) {
      check((value as Record<string, unknown>)[key]);
    }
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
