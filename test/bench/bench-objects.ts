// The workload of the benchmark, written three ways that must agree object
// for object: through the library (a Project of `apps` apps sharing `n` web
// services), as plain JavaScript objects (the floors), and as a Helm chart
// (the tool teams would use instead). synth-bench.ts proves they agree
// before anything is timed. No import of the library here: the floors must
// not pay for loading it.

export const SERVER = 'registry.example.com';
export const NAMESPACE = 'bench';
// The Go template of the pull secret's ExternalSecret, as the library writes it.
const ENTRY = '"username":{{ .username | toJson }},"password":{{ .password | toJson }},"auth":{{ printf "%s:%s" .username .password | b64enc | toJson }}';

/** What one run synthesizes. */
export interface Workload {
  /** Web services in all, split over the apps in contiguous blocks. */
  readonly n: number;
  /** Apps of the project. */
  readonly apps: number;
  /** Give app 0 one more replica per service: the "one app changed" run. */
  readonly changeFirstApp: boolean;
}

/** The services of app `a`: a contiguous block of indexes. */
export function servicesOf(workload: Workload, a: number): number[] {
  const size = Math.ceil(workload.n / workload.apps);
  const indexes: number[] = [];
  for (let i = a * size; i < Math.min(workload.n, (a + 1) * size); i++) {
    indexes.push(i);
  }
  return indexes;
}

export function appName(a: number): string {
  return `app-${a}`;
}

export function replicas(workload: Workload, a: number): number {
  return workload.changeFirstApp && a === 0 ? 3 : 2;
}

function appLabels(a: number): Record<string, string> {
  return { 'app.kubernetes.io/instance': `${appName(a)}-bench`, 'app.kubernetes.io/managed-by': 'cdk8s', 'app.kubernetes.io/part-of': appName(a) };
}

/** The objects of app `a` as plain JavaScript objects, in the library's apply order. */
export function plainObjects(workload: Workload, a: number): object[] {
  const objects: object[] = [{
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { labels: appLabels(a), name: `pull-${a}`, namespace: NAMESPACE },
    spec: {
      data: [
        { remoteRef: { key: 'registry', property: 'username' }, secretKey: 'username' },
        { remoteRef: { key: 'registry', property: 'password' }, secretKey: 'password' },
      ],
      refreshInterval: '3600s',
      secretStoreRef: { kind: 'SecretStore', name: 'vault' },
      target: { creationPolicy: 'Owner', name: `pull-${a}`, template: { data: { '.dockerconfigjson': `{"auths":{"${SERVER}":{${ENTRY}}}}` }, engineVersion: 'v2', type: 'kubernetes.io/dockerconfigjson' } },
    },
  }];
  const deployments: object[] = [];
  const services: object[] = [];
  const ingresses: object[] = [];
  for (const i of servicesOf(workload, a)) {
    const name = `svc-${i}`;
    const labels = { ...appLabels(a), 'app.kubernetes.io/name': name, 'app.kubernetes.io/version': `1.0.${i}` };
    const metadata = { labels, name, namespace: NAMESPACE };
    const selector = { 'app.kubernetes.io/name': name };
    deployments.push({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata,
      spec: {
        replicas: replicas(workload, a),
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            automountServiceAccountToken: false,
            containers: [{
              env: [{ name: 'SERVICE_INDEX', value: String(i) }, { name: 'LOG_LEVEL', value: 'info' }],
              image: `${SERVER}/team/${name}:1.0.${i}`,
              livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
              name,
              ports: [{ containerPort: 8080, name: 'http' }],
              readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 },
              resources: { limits: { memory: '512Mi' }, requests: { cpu: '250m', memory: '256Mi' } },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true },
            }],
            imagePullSecrets: [{ name: `pull-${a}` }],
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
          },
        },
      },
    });
    services.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata,
      spec: { ports: [{ name: 'http', port: 80, targetPort: 8080 }], selector, type: 'ClusterIP' },
    });
    ingresses.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata,
      spec: { rules: [{ host: `${name}.example.com`, http: { paths: [{ backend: { service: { name, port: { number: 80 } } }, path: '/', pathType: 'Prefix' }] } }] },
    });
  }
  const byName = (x: any, y: any) => (x.metadata.name < y.metadata.name ? -1 : 1);
  return [...objects, ...deployments.sort(byName), ...services.sort(byName), ...ingresses.sort(byName)];
}

/**
 * The same objects as a Helm chart: `values.yaml` lists the services,
 * one template renders them. What `helm template` prints is compared object
 * for object with ours before it is timed.
 */
export function helmChart(workload: Workload): Record<string, string> {
  const values: string[] = ['apps:'];
  for (let a = 0; a < workload.apps; a++) {
    values.push(`  - name: ${appName(a)}`, `    index: ${a}`, `    replicas: ${replicas(workload, a)}`, '    services:');
    for (const i of servicesOf(workload, a)) {
      values.push(`      - ${i}`);
    }
  }
  const labels = [
    '    app.kubernetes.io/instance: {{ $app.name }}-bench',
    '    app.kubernetes.io/managed-by: cdk8s',
    '    app.kubernetes.io/part-of: {{ $app.name }}',
  ];
  const serviceLabels = (indent: string) => [
    ...labels.map((l) => indent + l.slice(4)),
    `${indent}app.kubernetes.io/name: svc-{{ $i }}`,
    `${indent}app.kubernetes.io/version: 1.0.{{ $i }}`,
  ];
  // The head every service object of the template shares: kind, labels, name, namespace.
  const serviceObject = (apiVersion: string, kind: string) => [
    '---',
    `apiVersion: ${apiVersion}`,
    `kind: ${kind}`,
    'metadata:',
    '  labels:',
    ...serviceLabels('    '),
    '  name: svc-{{ $i }}',
    `  namespace: ${NAMESPACE}`,
  ];
  const template = [
    '{{- range $app := .Values.apps }}',
    '---',
    'apiVersion: external-secrets.io/v1',
    'kind: ExternalSecret',
    'metadata:',
    '  labels:',
    ...labels,
    '  name: pull-{{ $app.index }}',
    `  namespace: ${NAMESPACE}`,
    'spec:',
    '  data:',
    '    - remoteRef: {key: registry, property: username}',
    '      secretKey: username',
    '    - remoteRef: {key: registry, property: password}',
    '      secretKey: password',
    '  refreshInterval: 3600s',
    '  secretStoreRef: {kind: SecretStore, name: vault}',
    '  target:',
    '    creationPolicy: Owner',
    '    name: pull-{{ $app.index }}',
    '    template:',
    '      data:',
    // The literal Go template of the ExternalSecret, escaped for Helm.
    `        .dockerconfigjson: {{ ${JSON.stringify(`{"auths":{"${SERVER}":{${ENTRY}}}}`)} | squote }}`,
    '      engineVersion: v2',
    '      type: kubernetes.io/dockerconfigjson',
    '{{- range $i := $app.services }}',
    ...serviceObject('apps/v1', 'Deployment'),
    'spec:',
    '  replicas: {{ $app.replicas }}',
    '  selector:',
    '    matchLabels:',
    '      app.kubernetes.io/name: svc-{{ $i }}',
    '  template:',
    '    metadata:',
    '      labels:',
    ...serviceLabels('        '),
    '    spec:',
    '      automountServiceAccountToken: false',
    '      containers:',
    '        - env:',
    '            - name: SERVICE_INDEX',
    '              value: {{ $i | quote }}',
    '            - name: LOG_LEVEL',
    '              value: info',
    `          image: ${SERVER}/team/svc-{{ $i }}:1.0.{{ $i }}`,
    '          livenessProbe:',
    '            httpGet: {path: /healthz, port: 8080}',
    '            periodSeconds: 10',
    '          name: svc-{{ $i }}',
    '          ports:',
    '            - containerPort: 8080',
    '              name: http',
    '          readinessProbe:',
    '            httpGet: {path: /ready, port: 8080}',
    '            periodSeconds: 5',
    '          resources:',
    '            limits: {memory: 512Mi}',
    '            requests: {cpu: 250m, memory: 256Mi}',
    '          securityContext:',
    '            allowPrivilegeEscalation: false',
    '            capabilities: {drop: [ALL]}',
    '            privileged: false',
    '            readOnlyRootFilesystem: true',
    '            runAsNonRoot: true',
    '      imagePullSecrets:',
    '        - name: pull-{{ $app.index }}',
    '      securityContext:',
    '        runAsNonRoot: true',
    '        seccompProfile: {type: RuntimeDefault}',
    ...serviceObject('v1', 'Service'),
    'spec:',
    '  ports:',
    '    - name: http',
    '      port: 80',
    '      targetPort: 8080',
    '  selector:',
    '    app.kubernetes.io/name: svc-{{ $i }}',
    '  type: ClusterIP',
    ...serviceObject('networking.k8s.io/v1', 'Ingress'),
    'spec:',
    '  rules:',
    '    - host: svc-{{ $i }}.example.com',
    '      http:',
    '        paths:',
    '          - backend:',
    '              service:',
    '                name: svc-{{ $i }}',
    '                port: {number: 80}',
    '            path: /',
    '            pathType: Prefix',
    '{{- end }}',
    '{{- end }}',
    '',
  ];
  return {
    'Chart.yaml': 'apiVersion: v2\nname: bench\nversion: 0.1.0\n',
    'values.yaml': `${values.join('\n')}\n`,
    'templates/all.yaml': template.join('\n'),
  };
}
