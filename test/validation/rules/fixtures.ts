// Valid objects of every kind the rules know, to be changed by one field
// in each bad input. Every one of them passes every rule on its own (see
// the good inputs of meta.test.ts).

export const NS = 'shop';
export const IMAGE = 'registry.example.com/shop/web:1.4.2';
export const LABELS = { 'app.kubernetes.io/name': 'web' };

type Obj = Record<string, any>;

const meta = (name: string, extra: Obj = {}): Obj => ({ name, namespace: NS, ...extra });

/** A container with an http port on 8080. */
export function container(extra: Obj = {}): Obj {
  return { name: 'web', image: IMAGE, ports: [{ name: 'http', containerPort: 8080 }], ...extra };
}

/** A pod spec with one container (or the ones given). */
export function podSpec(extra: Obj = {}): Obj {
  return { containers: [container()], ...extra };
}

export function pod(spec: Obj = {}, metadata: Obj = {}): Obj {
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta('web', { labels: LABELS, ...metadata }), spec: podSpec(spec) };
}

const template = (spec: Obj = {}): Obj => ({ metadata: { labels: LABELS }, spec: podSpec(spec) });

export function deployment(spec: Obj = {}, pod: Obj = {}, metadata: Obj = {}): Obj {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web', metadata), spec: { replicas: 2, selector: { matchLabels: LABELS }, template: template(pod), ...spec } };
}

export function replicaSet(spec: Obj = {}, pod: Obj = {}): Obj {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta('web'), spec: { replicas: 1, selector: { matchLabels: LABELS }, template: template(pod), ...spec } };
}

export function statefulSet(spec: Obj = {}, pod: Obj = {}): Obj {
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('db'), spec: { serviceName: 'db', replicas: 3, selector: { matchLabels: LABELS }, template: template(pod), ...spec } };
}

export function daemonSet(spec: Obj = {}, pod: Obj = {}): Obj {
  return { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta('agent'), spec: { selector: { matchLabels: LABELS }, template: template(pod), ...spec } };
}

export function job(spec: Obj = {}, pod: Obj = {}, name = 'migrate'): Obj {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: meta(name), spec: { backoffLimit: 2, template: { spec: podSpec({ restartPolicy: 'Never', ...pod }) }, ...spec } };
}

export function cronJob(spec: Obj = {}, jobSpec: Obj = {}, pod: Obj = {}): Obj {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta('nightly'),
    spec: { schedule: '30 2 * * *', jobTemplate: { spec: { template: { spec: podSpec({ restartPolicy: 'OnFailure', ...pod }) }, ...jobSpec } }, ...spec },
  };
}

export function service(spec: Obj = {}, name = 'web'): Obj {
  return { apiVersion: 'v1', kind: 'Service', metadata: meta(name), spec: { selector: LABELS, ports: [{ name: 'http', port: 80, targetPort: 'http' }], ...spec } };
}

export function ingress(spec: Obj = {}): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta('web'),
    spec: {
      ingressClassName: 'nginx',
      rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }],
      ...spec,
    },
  };
}

/** An Ingress with one path, backed by the web Service on port `http`. */
export function ingressPath(path: Obj): Obj {
  return ingress({ rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } }, ...path }] } }] });
}

export function networkPolicy(spec: Obj = {}): Obj {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('web'), spec: { podSelector: { matchLabels: LABELS }, policyTypes: ['Ingress'], ...spec } };
}

/** A NetworkPolicy with one ingress rule. */
export function ingressRule(rule: Obj): Obj {
  return networkPolicy({ ingress: [rule] });
}

export function pdb(spec: Obj = {}): Obj {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('web'), spec: { selector: { matchLabels: LABELS }, minAvailable: 1, ...spec } };
}

export function hpa(spec: Obj = {}): Obj {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta('web'),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      ...spec,
    },
  };
}

export function namespace(name = NS): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function configMap(body: Obj = { data: { 'app.properties': 'color=blue' } }, name = 'settings'): Obj {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(name), ...body };
}

export function secret(body: Obj = {}, name = 'tls'): Obj {
  return { apiVersion: 'v1', kind: 'Secret', metadata: meta(name), ...body };
}

export function serviceAccount(body: Obj = {}, name = 'web'): Obj {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(name), automountServiceAccountToken: false, ...body };
}

export function pvc(spec: Obj = {}): Obj {
  return { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('data'), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, ...spec } };
}

export function quota(spec: Obj = {}): Obj {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta('compute'), spec: { hard: { 'requests.cpu': '4', 'limits.memory': '8Gi', 'pods': '20' }, ...spec } };
}

export function limitRange(limit: Obj = {}): Obj {
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: meta('defaults'),
    spec: { limits: [{ type: 'Container', default: { cpu: '500m', memory: '512Mi' }, defaultRequest: { cpu: '100m', memory: '256Mi' }, max: { memory: '2Gi' }, ...limit }] },
  };
}

export function role(rules: Obj[] = [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }], kind = 'Role', name = 'reader'): Obj {
  return { apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: kind === 'Role' ? meta(name) : { name }, rules };
}

export function roleBinding(body: Obj = {}, kind = 'RoleBinding'): Obj {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: kind === 'RoleBinding' ? meta('web-reader') : { name: 'web-reader' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: kind === 'RoleBinding' ? 'Role' : 'ClusterRole', name: 'reader' },
    subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: NS }],
    ...body,
  };
}
