import { ApiObject, ApiObjectMetadata, JsonPatch } from 'cdk8s';
import { Construct } from 'constructs';
import { validateChartOf } from '../validation/chart-hook';

/** Props of a `ManifestObject`. */
export interface ManifestObjectProps {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ApiObjectMetadata;
  /** Every top-level field but apiVersion, kind and metadata, in Kubernetes JSON form (plain data, no tokens). */
  readonly body: Record<string, unknown>;
}

/**
 * An ApiObject whose content is rendered once, when the construct is made,
 * in the exact JSON form Kubernetes reads.
 *
 * Why not the generated `Kube*` classes: they keep their props in TypeScript
 * form and convert them on every `toJson()` through three deep copies, and
 * they apply JSON patches before that conversion, so an escape-hatch patch
 * sees `hostPid` instead of `hostPID` and loses quantities and unknown
 * fields. Here the stored body is the output: `toJson()` shares it instead of
 * copying it (half the memory of a large chart), and patches apply to the
 * real Kubernetes JSON.
 */
export class ManifestObject extends ApiObject {
  private readonly body: Record<string, unknown>;
  private readonly jsonPatches: JsonPatch[] = [];

  constructor(scope: Construct, id: string, props: ManifestObjectProps) {
    super(scope, id, { apiVersion: props.apiVersion, kind: props.kind, metadata: props.metadata });
    this.body = canonical(props.body, `${this.node.path}: body`) as Record<string, unknown>;
    validateChartOf(this);
  }

  /** Patch the object as written (Kubernetes JSON), after everything else. */
  public addJsonPatch(...ops: JsonPatch[]): void {
    this.jsonPatches.push(...ops);
  }

  /**
   * The object as written. Its nested values are shared with this construct:
   * treat them as read-only.
   */
  public toJson(): any {
    const json = { apiVersion: this.apiVersion, kind: this.kind, metadata: this.metadata.toJson(), ...this.body };
    // Patches work on a copy, so that the stored body never changes.
    return this.jsonPatches.length ? JsonPatch.apply(structuredClone(json), ...this.jsonPatches) : json;
  }
}

/**
 * `value` as cdk8s writes it: object keys sorted, `undefined` and `null`
 * left out, only plain data.
 */
function canonical(value: unknown, where: string): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => canonical(item, where));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) {
    throw new Error(`${where} holds a ${value.constructor?.name ?? 'non-plain'} object; a ManifestObject takes plain JSON`);
  }
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined && item !== null) {
      result[key] = canonical(item, where);
    }
  }
  return result;
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
