import { BadInput, GoodInput } from '../harness';
import { configMap, container, deployment, namespace, pdb, pod, role, roleBinding, service } from '../fixtures';

const cm = (metadata: Record<string, any>) => ({ ...configMap(), metadata: { name: 'settings', namespace: 'shop', ...metadata } });

export const BAD: BadInput[] = [
  { name: 'fails when a ConfigMap name has upper-case letters', rule: 'object-name', objects: [cm({ name: 'AppSettings' })], field: 'metadata.name', message: /^name "AppSettings" must be lower-case .*a ConfigMap name must be a DNS-1123 subdomain$/ },
  { name: 'fails when a Service name has a dot', rule: 'object-name', objects: [service({}, 'web.v1'), deployment()], field: 'metadata.name', message: /a Service name must be a DNS-1035 label/ },
  { name: 'fails when a Namespace name has an underscore', rule: 'object-name', objects: [namespace('Shop_Dev')], message: /^name "Shop_Dev" .*a Namespace name must be a DNS-1123 label/ },
  { name: 'fails when a Role name has a slash', rule: 'object-name', objects: [role(undefined, 'Role', 'team/reader')], message: /^name "team\/reader" may not contain "\/"; a Role name must be a path segment/ },
  { name: 'fails when an object has only a generateName', rule: 'object-name', objects: [cm({ name: undefined, generateName: 'settings-' })], field: 'metadata.name', message: /^the object has only a generateName; kubectl apply/ },
  { name: 'fails when a generateName has upper-case letters', rule: 'object-name', objects: [cm({ generateName: 'Settings-' })], field: 'metadata.generateName', message: /^generateName "Settings-" must be lower-case/ },
  { name: 'fails when metadata.namespace is Shop_Dev', rule: 'object-namespace', objects: [cm({ namespace: 'Shop_Dev' })], field: 'metadata.namespace', message: /^namespace "Shop_Dev" must be lower-case letters, digits and "-".*a namespace must be a DNS-1123 label$/ },
  { name: 'fails when metadata.namespace is longer than 63 characters', rule: 'object-namespace', objects: [cm({ namespace: 'n'.repeat(64) })], message: /is 64 characters long; at most 63 are allowed/ },
  { name: 'fails when serviceAccountName is not a DNS subdomain', rule: 'reference-name', objects: [pod({ serviceAccountName: 'Web_SA' })], field: 'spec.serviceAccountName', message: /^ServiceAccount name "Web_SA" must be lower-case .*no ServiceAccount can have this name/ },
  { name: 'fails when priorityClassName has upper-case letters', rule: 'reference-name', objects: [pod({ priorityClassName: 'High' })], field: 'spec.priorityClassName', message: /^PriorityClass name "High"/ },
  { name: 'fails when a configMap volume names a ConfigMap with a space', rule: 'reference-name', objects: [pod({ volumes: [{ name: 'config', configMap: { name: 'app settings' } }] })], field: 'spec.volumes[0].configMap.name', message: /^ConfigMap name "app settings"/ },
  { name: 'fails when a claimName has upper-case letters', rule: 'reference-name', objects: [pod({ volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'Data' } }] })], field: 'spec.volumes[0].persistentVolumeClaim.claimName', message: /^PersistentVolumeClaim name "Data"/ },
  { name: 'fails when a secretKeyRef names a Secret with an underscore', rule: 'reference-name', objects: [pod({ containers: [container({ env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api_token', key: 'token' } } }] })] })], field: 'spec.containers[0].env[0].valueFrom.secretKeyRef.name', message: /^Secret name "api_token"/ },
  { name: 'fails when schedulerName has a space', rule: 'reference-name', objects: [pod({ schedulerName: 'My Scheduler' })], field: 'spec.schedulerName', message: /^scheduler name "My Scheduler" must be lower-case/ },
  { name: 'fails when a pod hostname has an underscore, named once as a host', rule: 'reference-name', objects: [pod({ hostname: 'web_1' })], field: 'spec.hostname', message: /^pod host name "web_1" must be lower-case/ },
  { name: 'fails when imagePullSecrets names a Secret in upper case', rule: 'reference-name', objects: [pod({ imagePullSecrets: [{ name: 'Regcred' }] })], field: 'spec.imagePullSecrets[0].name', message: /^Secret name "Regcred"/ },
  { name: 'fails when an ingressClassName has upper-case letters', rule: 'reference-name', objects: [{ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'shop' }, spec: { ingressClassName: 'NGINX', defaultBackend: { resource: { kind: 'Bucket', name: 'static' } } } }], field: 'spec.ingressClassName', message: /^IngressClass name "NGINX"/ },
  { name: 'fails when a RoleBinding subject ServiceAccount name has upper-case letters', rule: 'reference-name', objects: [roleBinding({ subjects: [{ kind: 'ServiceAccount', name: 'Web' }] })], field: 'subjects[0].name', message: /^ServiceAccount name "Web"/ },
  { name: 'fails when a label key has two slashes', rule: 'label-key', objects: [cm({ labels: { 'example.com/team/name': 'a' } })], message: /^label key "example\.com\/team\/name": has more than one "\/"/ },
  { name: 'fails when a label value ends with a dash', rule: 'label-value', objects: [cm({ labels: { tier: 'web-' } })], field: 'metadata.labels[tier]', message: /^label value "web-" must be empty or/ },
  { name: 'fails when a selector expression key has a space', rule: 'label-selector', objects: [pdb({ selector: { matchExpressions: [{ key: 'app name', operator: 'Exists' }] } })], field: 'spec.selector.matchExpressions[0].key', message: /^selector key "app name" contains whitespace$/ },
  { name: 'fails when a selector expression In has no values', rule: 'label-selector', objects: [pdb({ selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: [] }] } })], field: 'spec.selector.matchExpressions[0].values', message: /^operator In on "tier" needs at least one value$/ },
  { name: 'fails when a selector operator is Gt', rule: 'label-selector', objects: [pdb({ selector: { matchExpressions: [{ key: 'tier', operator: 'Gt', values: ['1'] }] } })], message: /^selector operator "Gt" is not In, NotIn, Exists or DoesNotExist$/ },
  { name: 'fails when an annotation key has a space', rule: 'annotation-key', objects: [cm({ annotations: { 'owner team': 'shop' } })], field: 'metadata.annotations[owner team]', message: /^annotation key "owner team" contains whitespace$/ },
  { name: 'fails when an annotation key has two slashes', rule: 'annotation-key', objects: [cm({ annotations: { 'example.com/a/b': 'x' } })], message: /^annotation key "example\.com\/a\/b" has more than one "\/"/ },
  { name: 'fails when a pod template annotation key has an empty prefix', rule: 'annotation-key', objects: [deployment({}, {}, {})].map((d) => ({ ...d, spec: { ...d.spec, template: { ...d.spec.template, metadata: { ...d.spec.template.metadata, annotations: { '/owner': 'x' } } } } })), field: 'spec.template.metadata.annotations[/owner]', message: /has an empty prefix/ },
  { name: 'fails when the annotations total more than 256 KiB', rule: 'annotation-size', objects: [cm({ annotations: { 'a': 'x'.repeat(200 * 1024), 'b': 'y'.repeat(60 * 1024) } })], field: 'metadata.annotations', message: /^the annotations total 266242 bytes; at most 262144 \(256 KiB\) are allowed$/ },
  { name: 'fails when two ConfigMaps have the same name', rule: 'duplicate-object', objects: [configMap(), configMap()].reverse(), others: 0, message: /another object with this kind, namespace and name is written by app\/0/ },
  { name: 'fails when a ClusterRole carries a namespace', rule: 'cluster-scoped-namespace', objects: [{ ...role(undefined, 'ClusterRole'), metadata: { name: 'reader', namespace: 'shop' } }], message: /^a ClusterRole is cluster-scoped and cannot have a namespace$/ },
];

export const GOOD: GoodInput[] = [
  { name: 'every fixture on its own', objects: [configMap(), namespace(), role(), roleBinding(), role(undefined, 'ClusterRole')] },
  { name: 'a ClusterRole named system:aggregate-to-view (RBAC names are path segments)', objects: [role(undefined, 'ClusterRole', 'system:aggregate-to-view:shop')] },
  { name: 'empty label values and dotted label keys', objects: [cm({ labels: { 'example.com/flag': '', 'tier.level': 'a.b_c-d' } })] },
  { name: 'an annotation key with upper-case letters in the name part', objects: [cm({ annotations: { 'example.com/OwnerTeam': 'shop', 'kubectl.kubernetes.io/last-applied-configuration': '{}' } })] },
  { name: 'a name of exactly 253 characters with dots', objects: [cm({ name: `${'a'.repeat(62)}.${'b'.repeat(62)}.${'c'.repeat(62)}.${'d'.repeat(64)}` })] },
  { name: 'a selector with NotIn and DoesNotExist', objects: [pdb({ selector: { matchLabels: { tier: 'web' }, matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }, { key: 'legacy', operator: 'DoesNotExist' }] } })] },
];
