import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { CRD_SCHEMAS } from './crd-schemas';
import { KubeObject } from './manifest';
import { Problem } from './rule';
import { ValidatorCache } from './validator-cache';

const SCHEMA_ID = 'urn:kubernetes:1.27';
/**
 * sha256 of imports/k8s-1.27.0-definitions.json, for the validator cache key
 * (a test keeps it in step with the file): hashing the file on every run
 * would cost more than the cache saves.
 */
export const DEFINITIONS_SHA256 = '58a37fdf0c9d45b677663b57cad9d98b73d927af583a8ebee69613d09e1365d9';
const API_DOCS = 'https://kubernetes.io/docs/reference/kubernetes-api/';

interface Definition {
  properties?: Record<string, unknown>;
  additionalProperties?: unknown;
  'x-kubernetes-group-version-kind'?: Array<{ group: string; version: string; kind: string }>;
}

/**
 * Validates objects against the Kubernetes 1.27 schema (the definitions that
 * `cdk8s import k8s@1.27.0` uses) with unknown fields rejected, and against
 * the schemas of the custom resources this library writes. Each kind is
 * compiled the first time an object of that kind is seen, and kept compiled
 * in a `ValidatorCache` on disk for later runs.
 */
export class SchemaValidator {
  /**
   * The validator for Kubernetes 1.27 and the library's custom resources,
   * shared so that each kind is compiled once per process.
   */
  public static shared(): SchemaValidator {
    SchemaValidator.sharedInstance ??= new SchemaValidator();
    return SchemaValidator.sharedInstance;
  }

  private static sharedInstance?: SchemaValidator;

  private readonly customSchemas: Readonly<Record<string, Record<string, unknown>>>;
  private compiled = new Map<string, ValidateFunction>();
  // The cached validators this process ran: the code cache of their module covers them (ValidatorCache.load).
  private readonly usedFromCache = new Set<string>();
  private schemaIndex?: { definitions: Record<string, Definition>; refByKind: Map<string, string> };
  private readonly cache?: ValidatorCache;
  private compiler?: Ajv;

  /**
   * @param extraSchemas more JSON schemas, by `apiVersion/kind`, for custom resources of your own
   * @param cacheDir folder of compiled validators; `false` for none
   */
  constructor(
    extraSchemas: Readonly<Record<string, Record<string, unknown>>> = {},
    cacheDir: string | false | undefined = ValidatorCache.fromEnvironment(),
  ) {
    this.customSchemas = { ...CRD_SCHEMAS, ...extraSchemas };
    if (cacheDir) {
      this.cache = new ValidatorCache(cacheDir, { definitions: DEFINITIONS_SHA256, custom: this.customSchemas });
      this.compiled = this.cache.load(() => this.usedFromCache);
    }
  }

  /** Whether objects of this apiVersion and kind have a schema. */
  public knows(apiVersion: string, kind: string): boolean {
    const key = `${apiVersion}/${kind}`;
    return this.compiled.has(key) || this.index().refByKind.has(key);
  }

  /** The schema problems of one object. */
  public validate(object: KubeObject): Problem[] {
    const validate = this.validatorFor(object);
    if (!validate) {
      return [{
        field: 'apiVersion',
        value: `${object.apiVersion}/${object.kind}`,
        message: `no schema for apiVersion "${object.apiVersion}" kind "${object.kind}" in Kubernetes 1.27 or the known custom resources`,
        fix: 'check apiVersion and kind, or pass the custom resource\'s schema in the project\'s extraSchemas',
      }];
    }
    return validate(object) ? [] : toProblems(validate.errors ?? []);
  }

  private validatorFor(object: KubeObject): ValidateFunction | undefined {
    const key = `${object.apiVersion}/${object.kind}`;
    const known = this.compiled.get(key);
    if (known) {
      this.usedFromCache.add(key);
      return known;
    }
    const ref = this.index().refByKind.get(key);
    if (!ref) {
      return undefined;
    }
    const ajv = this.ajv();
    const validate = ajv.getSchema(ref)!;
    this.compiled.set(key, validate);
    if (this.cache) {
      // Rewrite the cache with every kind this process knows, so that the
      // next run loads them all from one module.
      const refs = Object.fromEntries([...this.compiled.keys()].map((k) => [k, this.index().refByKind.get(k)!]));
      this.cache.save(ajv, refs);
    }
    return validate;
  }

  // Made on the first cache miss only: a run whose kinds are all cached never
  // builds it, nor loads ajv (30 ms of start-up).
  private ajv(): Ajv {
    if (!this.compiler) {
      /* eslint-disable @typescript-eslint/no-require-imports */
      const AjvClass = (require('ajv') as typeof import('ajv')).default;
      const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
      /* eslint-enable @typescript-eslint/no-require-imports */
      this.compiler = new AjvClass({
        strict: false,
        allErrors: true,
        logger: false,
        code: { source: this.cache !== undefined },
        schemas: [{ $id: SCHEMA_ID, definitions: this.index().definitions }],
      });
      addFormats(this.compiler);
      for (const [kind, schema] of Object.entries(this.customSchemas)) {
        this.compiler.addSchema(schema, `urn:crd:${kind}`);
      }
    }
    return this.compiler;
  }

  // The 1 MB of definitions are read only when a kind is not in the cache.
  private index(): { definitions: Record<string, Definition>; refByKind: Map<string, string> } {
    if (!this.schemaIndex) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const file = require('../../imports/k8s-1.27.0-definitions.json') as { definitions: Record<string, Definition> };
      const definitions = strictDefinitions(file.definitions);
      const refByKind = new Map<string, string>();
      for (const [name, definition] of Object.entries(definitions)) {
        for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
          const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
          refByKind.set(`${apiVersion}/${gvk.kind}`, `${SCHEMA_ID}#/definitions/${name}`);
        }
      }
      for (const kind of Object.keys(this.customSchemas)) {
        refByKind.set(kind, `urn:crd:${kind}`);
      }
      this.schemaIndex = { definitions, refByKind };
    }
    return this.schemaIndex;
  }
}

// The published definitions allow any extra field; the API server (and
// kubectl's strict field validation) reject them. Close every object type.
// Descriptions and the x-kubernetes-* annotations (list types, patch
// strategies) do not take part in validation: left out, they would make up
// two thirds of the compiled validators' module that every run loads (ajv's
// standalone code keeps each schema it compiles).
function strictDefinitions(definitions: Record<string, Definition>): Record<string, Definition> {
  const result: Record<string, Definition> = {};
  for (const [name, definition] of Object.entries(definitions)) {
    const lean = withoutAnnotations(definition) as Definition;
    // The index reads the kinds a definition serves (not a keyword ajv uses).
    if (definition['x-kubernetes-group-version-kind']) {
      lean['x-kubernetes-group-version-kind'] = definition['x-kubernetes-group-version-kind'];
    }
    result[name] = lean.properties && lean.additionalProperties === undefined ? { ...lean, additionalProperties: false } : lean;
  }
  return result;
}

/** A schema without `description` and `x-kubernetes-*` keywords, at any depth; property names are kept, whatever they are. */
function withoutAnnotations(schema: unknown): unknown {
  if (Array.isArray(schema)) {
    return schema.map(withoutAnnotations);
  }
  if (schema === null || typeof schema !== 'object') {
    return schema;
  }
  const lean: Record<string, unknown> = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (keyword === 'description' || keyword.startsWith('x-kubernetes-')) {
      continue;
    }
    lean[keyword] = keyword === 'properties'
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([property, sub]) => [property, withoutAnnotations(sub)]))
      : withoutAnnotations(value);
  }
  return lean;
}

/** ajv's errors as problems people can act on; one per field, noise of `oneOf` branches left out. */
function toProblems(errors: ErrorObject[]): Problem[] {
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  // A failed oneOf (int-or-string, quantity) also reports why each branch
  // failed, at the same field: keep only the oneOf's own, readable message.
  const isBranchNoise = (error: ErrorObject) => oneOfs.some((o) => o !== error
    && error.instancePath === o.instancePath
    && error.schemaPath.startsWith(`${o.schemaPath}/`));
  const problems = new Map<string, Problem>();
  for (const error of errors) {
    if (isBranchNoise(error)) {
      continue;
    }
    const problem = toProblem(error);
    problems.set(`${problem.field}\u0000${problem.message}`, problem);
  }
  return [...problems.values()];
}

function toProblem(error: ErrorObject): Problem {
  const field = fieldPath(error.instancePath);
  const at = (child: string) => (field ? `${field}.${child}` : child);
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = (error.params as { additionalProperty: string }).additionalProperty;
      return { field: at(name), message: `unknown field "${name}"`, fix: `remove it or correct its spelling; the fields of each kind are listed at ${API_DOCS} (or run kubectl explain)` };
    }
    case 'required': {
      const name = (error.params as { missingProperty: string }).missingProperty;
      return { field: at(name), message: `required field "${name}" is missing`, fix: `set ${name}` };
    }
    case 'type':
      return { field, message: `must be of type ${(error.params as { type: string }).type}`, fix: 'write the value with the type the API expects' };
    case 'enum':
      return { field, message: `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`, fix: 'use one of the allowed values' };
    case 'oneOf':
      // The API's two oneOf types: Quantity (number or string) and IntOrString.
      return error.schemaPath.includes('api.resource.Quantity')
        ? { field, message: 'must be a quantity: a number or a string', fix: 'write a quantity such as 2, 0.5, "500m" or "2Gi"' }
        : { field, message: 'must be an integer or a string', fix: 'write a number (80) or a name or percentage ("http", "25%")' };
    case 'format': {
      const format = (error.params as { format: string }).format;
      const meaning: Record<string, string> = { int32: 'a 32-bit integer', int64: 'a 64-bit integer', byte: 'base64-encoded data', 'date-time': 'an RFC 3339 date-time', double: 'a number' };
      return { field, message: `must be ${meaning[format] ?? format}`, fix: `write ${meaning[format] ?? format}` };
    }
    default:
      return { field, message: error.message ?? error.keyword, fix: 'correct the value as the API expects' };
  }
}

/** `/spec/containers/0/name` as `spec.containers[0].name`. */
function fieldPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), '');
}
