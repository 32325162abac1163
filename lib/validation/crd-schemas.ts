// JSON schemas of the custom resources this library writes, in the shape
// of their CRDs' openAPIV3Schema, for the fields those CRDs define that a
// manifest sets (status left out). Written from the operators' API
// references; unknown fields are rejected as for built-in kinds.

const OBJECT_META = { $ref: 'urn:kubernetes:1.27#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' };
const STRING_MAP = { type: 'object', additionalProperties: { type: 'string' } };
const DNS_SUBDOMAIN = { type: 'string', minLength: 1, maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$' };

function strict(properties: Record<string, unknown>, required: string[] = []): Record<string, unknown> {
  return { type: 'object', properties, required, additionalProperties: false };
}

function object(apiVersion: string, kind: string, spec: Record<string, unknown>, specRequired = true): Record<string, unknown> {
  return strict(
    { apiVersion: { type: 'string', enum: [apiVersion] }, kind: { type: 'string', enum: [kind] }, metadata: OBJECT_META, spec },
    ['apiVersion', 'kind', 'metadata', ...(specRequired ? ['spec'] : [])],
  );
}

const REMOTE_REF = strict({
  key: { type: 'string', minLength: 1 },
  property: { type: 'string' },
  version: { type: 'string' },
  conversionStrategy: { type: 'string', enum: ['Default', 'Unicode'] },
  decodingStrategy: { type: 'string', enum: ['Auto', 'Base64', 'Base64URL', 'None'] },
  metadataPolicy: { type: 'string', enum: ['None', 'Fetch'] },
}, ['key']);

/** external-secrets.io/v1 ExternalSecret (External Secrets Operator 0.17 and later). */
const EXTERNAL_SECRET = object('external-secrets.io/v1', 'ExternalSecret', strict({
  // Go durations; the micro sign and Greek mu as regex escapes, so the compiled validators stay ASCII.
  refreshInterval: { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(ns|us|\\u00b5s|\\u03bcs|ms|s|m|h))+$|^0$' },
  refreshPolicy: { type: 'string', enum: ['CreatedOnce', 'Periodic', 'OnChange'] },
  secretStoreRef: strict({ name: DNS_SUBDOMAIN, kind: { type: 'string', enum: ['SecretStore', 'ClusterSecretStore'] } }, ['name']),
  target: strict({
    name: DNS_SUBDOMAIN,
    creationPolicy: { type: 'string', enum: ['Owner', 'Orphan', 'Merge', 'None'] },
    deletionPolicy: { type: 'string', enum: ['Delete', 'Merge', 'Retain'] },
    immutable: { type: 'boolean' },
    template: strict({
      type: { type: 'string' },
      engineVersion: { type: 'string', enum: ['v1', 'v2'] },
      mergePolicy: { type: 'string', enum: ['Replace', 'Merge'] },
      metadata: strict({ annotations: STRING_MAP, labels: STRING_MAP }),
      data: STRING_MAP,
    }),
  }),
  data: {
    type: 'array',
    items: strict({ secretKey: { type: 'string', minLength: 1, maxLength: 253, pattern: '^[-._a-zA-Z0-9]+$' }, remoteRef: REMOTE_REF }, ['secretKey', 'remoteRef']),
  },
  dataFrom: { type: 'array', items: strict({ extract: REMOTE_REF }) },
}));

/** bitnami.com/v1alpha1 SealedSecret (Sealed Secrets controller). */
const SEALED_SECRET = object('bitnami.com/v1alpha1', 'SealedSecret', strict({
  encryptedData: STRING_MAP,
  template: strict({
    type: { type: 'string' },
    immutable: { type: 'boolean' },
    metadata: strict({ name: DNS_SUBDOMAIN, namespace: { type: 'string' }, labels: STRING_MAP, annotations: STRING_MAP }),
    data: STRING_MAP,
  }),
}, ['encryptedData']));

/** argoproj.io/v1alpha1 Application (Argo CD), for a plain directory of manifests. */
const ARGO_CD_APPLICATION = object('argoproj.io/v1alpha1', 'Application', strict({
  project: { type: 'string', minLength: 1 },
  source: strict({
    repoURL: { type: 'string', minLength: 1 },
    path: { type: 'string' },
    targetRevision: { type: 'string' },
    directory: strict({ recurse: { type: 'boolean' }, include: { type: 'string' }, exclude: { type: 'string' } }),
  }, ['repoURL']),
  destination: strict({ server: { type: 'string' }, name: { type: 'string' }, namespace: { type: 'string' } }),
  syncPolicy: strict({
    automated: strict({ prune: { type: 'boolean' }, selfHeal: { type: 'boolean' }, allowEmpty: { type: 'boolean' } }),
    syncOptions: { type: 'array', items: { type: 'string' } },
  }),
  revisionHistoryLimit: { type: 'integer', format: 'int64' },
}, ['project', 'source', 'destination']));

/** The schemas of the custom resources this library writes, by `apiVersion/kind`. */
export const CRD_SCHEMAS: Readonly<Record<string, Record<string, unknown>>> = {
  'external-secrets.io/v1/ExternalSecret': EXTERNAL_SECRET,
  'bitnami.com/v1alpha1/SealedSecret': SEALED_SECRET,
  'argoproj.io/v1alpha1/Application': ARGO_CD_APPLICATION,
};
