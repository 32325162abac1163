import { ApiObject, Chart, Duration, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  Allowances,
  EnvFrom,
  Probe,
  RegistryCredentials,
  RegistryPullSecret,
  SessionAffinity,
  Spread,
  UpdateStrategy,
  Volume,
  WebService,
  WebServiceProps,
} from '../lib';
import { KubeObject } from '../lib/validation/manifest';
import { SECURE_CONTAINER_CONTEXT, expectSecureDefaults, only, synthObjects } from './helpers';

const IMAGE = 'registry.example.com/shop/web:1.4.2';

/** The objects of one WebService `web` in namespace `test`; props may depend on the chart. */
function render(props: Partial<WebServiceProps> | ((chart: Chart) => Partial<WebServiceProps>) = {}): KubeObject[] {
  return synthObjects((chart) => {
    const extra = typeof props === 'function' ? props(chart) : props;
    new WebService(chart, 'web', { container: { image: IMAGE }, ...extra });
  });
}

const deployment = (objects: KubeObject[]) => only(objects, 'Deployment');
const service = (objects: KubeObject[]) => only(objects, 'Service');
const podSpec = (objects: KubeObject[]) => deployment(objects).spec.template.spec;
const container = (objects: KubeObject[], name = 'web') => {
  const found = podSpec(objects).containers.filter((c: any) => c.name === name);
  expect(found).toHaveLength(1);
  return found[0];
};

describe('defaults', () => {
  const objects = render();

  test('renders a Deployment and a Service and nothing else', () => {
    expect(objects).toMatchSnapshot();
    expect(objects.map((o) => o.kind).sort()).toEqual(['Deployment', 'Service']);
  });

  test('both objects are named after the construct id', () => {
    expect(deployment(objects).metadata.name).toBe('web');
    expect(service(objects).metadata.name).toBe('web');
  });

  test('the selector is the name label, and the pods carry it', () => {
    const selector = { 'app.kubernetes.io/name': 'web' };
    expect(deployment(objects).spec.selector).toEqual({ matchLabels: selector });
    expect(service(objects).spec.selector).toEqual(selector);
    expect(deployment(objects).spec.template.metadata.labels).toMatchObject(selector);
  });

  test('runs 2 replicas', () => {
    expect(deployment(objects).spec.replicas).toBe(2);
  });

  test('the main container is named after the service', () => {
    expect(podSpec(objects).containers).toHaveLength(1);
    expect(container(objects).image).toBe(IMAGE);
  });

  test('Service port 80 sends to container port 8080, named http', () => {
    expect(service(objects).spec.type).toBe('ClusterIP');
    expect(service(objects).spec.ports).toEqual([{ name: 'http', port: 80, targetPort: 8080 }]);
    expect(container(objects).ports).toEqual([{ containerPort: 8080, name: 'http' }]);
  });

  test('the container is locked down', () => {
    expect(container(objects).securityContext).toEqual(SECURE_CONTAINER_CONTEXT);
  });

  test('the pod runs as non-root with the RuntimeDefault seccomp profile and no API token', () => {
    const spec = podSpec(objects);
    expectSecureDefaults(spec);
  });

  test('invents no resources, probes, strategy or scheduling constraint', () => {
    const c = container(objects);
    expect(c.resources).toBeUndefined();
    expect(c.startupProbe).toBeUndefined();
    expect(c.livenessProbe).toBeUndefined();
    expect(c.readinessProbe).toBeUndefined();
    expect(deployment(objects).spec.strategy).toBeUndefined();
    expect(podSpec(objects).affinity).toBeUndefined();
    expect(podSpec(objects).topologySpreadConstraints).toBeUndefined();
  });

  test('makes no Ingress, PodDisruptionBudget or HorizontalPodAutoscaler', () => {
    for (const kind of ['Ingress', 'PodDisruptionBudget', 'HorizontalPodAutoscaler']) {
      expect(objects.filter((o) => o.kind === kind)).toEqual([]);
    }
  });

  test('exposes its objects and settings as fields', () => {
    const chart = new Chart(Testing.app(), 'test');
    const web = new WebService(chart, 'web', { container: { image: IMAGE } });
    expect(web.name).toBe('web');
    expect(web.selector).toEqual({ 'app.kubernetes.io/name': 'web' });
    expect(web.deployment.name).toBe('web');
    expect(web.service.name).toBe('web');
    expect(web.ports).toEqual([{ port: 80, containerPort: 8080, name: 'http' }]);
    expect(web.ingress).toBeUndefined();
    expect(web.disruptionBudget).toBeUndefined();
    expect(web.autoscaler).toBeUndefined();
  });
});

test('name overrides the construct id for every object', () => {
  const objects = synthObjects((chart) => {
    new WebService(chart, 'Web', { name: 'storefront', container: { image: IMAGE }, ingress: { host: 'shop.example.com' } });
  });
  for (const o of objects) {
    expect(o.metadata?.name).toBe('storefront');
  }
  expect(container(objects, 'storefront')).toBeDefined();
});

describe('container', () => {
  test('image, command, args, workingDir and imagePullPolicy are written as given', () => {
    const objects = render({
      container: {
        image: 'registry.example.com/shop/web:2.0.0',
        command: ['node'],
        args: ['server.js', '--port', '8080'],
        workingDir: '/app',
        imagePullPolicy: kplus.ImagePullPolicy.ALWAYS,
      },
    });
    expect(container(objects)).toMatchObject({
      image: 'registry.example.com/shop/web:2.0.0',
      command: ['node'],
      args: ['server.js', '--port', '8080'],
      workingDir: '/app',
      imagePullPolicy: 'Always',
    });
  });

  test('a container name overrides the default', () => {
    const objects = render({ container: { name: 'app', image: IMAGE } });
    expect(podSpec(objects).containers.map((c: any) => c.name)).toEqual(['app']);
  });

  test('extra container ports follow the service ports, without duplicates', () => {
    const objects = render({
      container: { image: IMAGE, ports: [{ number: 8080 }, { number: 9090, name: 'metrics' }] },
    });
    expect(container(objects).ports).toEqual([
      { containerPort: 8080, name: 'http' },
      { containerPort: 9090, name: 'metrics' },
    ]);
  });
});

describe('env', () => {
  test('plain values, ConfigMap keys and Secret keys, in order', () => {
    const objects = render((chart) => ({
      container: {
        image: IMAGE,
        env: {
          LOG_LEVEL: kplus.EnvValue.fromValue('info'),
          FEATURE: kplus.EnvValue.fromConfigMap(kplus.ConfigMap.fromConfigMapName(chart, 'Config', 'web-config'), 'feature'),
          DB_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(chart, 'Db', 'db'), key: 'password' }),
        },
      },
    }));
    expect(container(objects).env).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'FEATURE', valueFrom: { configMapKeyRef: { name: 'web-config', key: 'feature' } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
    ]);
  });

  test('envFrom takes whole ConfigMaps and Secrets, with a prefix', () => {
    const objects = render((chart) => ({
      container: {
        image: IMAGE,
        envFrom: [
          EnvFrom.configMap(kplus.ConfigMap.fromConfigMapName(chart, 'Config', 'web-config')),
          EnvFrom.secret(kplus.Secret.fromSecretName(chart, 'Db', 'db'), { prefix: 'DB_' }),
        ],
      },
    }));
    expect(container(objects).envFrom).toEqual([
      { configMapRef: { name: 'web-config' } },
      { prefix: 'DB_', secretRef: { name: 'db' } },
    ]);
  });
});

describe('volumes', () => {
  test('Secrets and ConfigMaps are mounted read-only, an emptyDir writable', () => {
    const objects = render((chart) => ({
      container: {
        image: IMAGE,
        mounts: [
          { path: '/etc/tls', volume: Volume.fromSecret(kplus.Secret.fromSecretName(chart, 'Tls', 'web-tls')) },
          { path: '/etc/web', volume: Volume.fromConfigMap(kplus.ConfigMap.fromConfigMapName(chart, 'Config', 'web-config')) },
          { path: '/tmp', volume: Volume.emptyDir('tmp') },
        ],
      },
    }));
    expect(container(objects).volumeMounts).toEqual([
      { name: 'secret-web-tls', mountPath: '/etc/tls', readOnly: true },
      { name: 'config-web-config', mountPath: '/etc/web', readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ]);
    expect(podSpec(objects).volumes).toEqual([
      { name: 'secret-web-tls', secret: { secretName: 'web-tls' } },
      { name: 'config-web-config', configMap: { name: 'web-config' } },
      { name: 'tmp', emptyDir: {} },
    ]);
  });

  test('a volume mounted twice, or by two containers, is declared once', () => {
    const objects = render(() => {
      const tmp = Volume.emptyDir('tmp');
      return {
        container: { image: IMAGE, mounts: [{ path: '/tmp', volume: tmp }, { path: '/var/cache', volume: tmp, subPath: 'cache' }] },
        sidecars: [{ name: 'proxy', image: 'registry.example.com/proxy:1.0.0', mounts: [{ path: '/tmp', volume: tmp }] }],
      };
    });
    expect(podSpec(objects).volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
    expect(container(objects).volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'tmp', mountPath: '/var/cache', subPath: 'cache' },
    ]);
    expect(container(objects, 'proxy').volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });
});

test('sidecars run beside the main container, with the same secure defaults and no service port', () => {
  const objects = render({
    sidecars: [{ name: 'log-shipper', image: 'registry.example.com/fluent-bit:2.1.0', args: ['-c', '/etc/fb.conf'] }],
  });
  expect(podSpec(objects).containers.map((c: any) => c.name)).toEqual(['web', 'log-shipper']);
  const sidecar = container(objects, 'log-shipper');
  expect(sidecar).toMatchObject({ image: 'registry.example.com/fluent-bit:2.1.0', args: ['-c', '/etc/fb.conf'] });
  expect(sidecar.ports).toBeUndefined();
  expect(sidecar.securityContext).toEqual(container(objects).securityContext);
});

test('hostAliases are written to the pod', () => {
  const objects = render({ hostAliases: [{ ip: '10.0.0.5', hostnames: ['db.internal', 'db'] }] });
  expect(podSpec(objects).hostAliases).toEqual([{ ip: '10.0.0.5', hostnames: ['db.internal', 'db'] }]);
});

describe('probes', () => {
  test('httpGet with headers and timings, on the first container port by default', () => {
    const objects = render({
      container: {
        image: IMAGE,
        liveness: Probe.httpGet('/healthz', {
          headers: { 'X-Probe': 'liveness' },
          initialDelay: Duration.seconds(10),
          period: Duration.seconds(20),
          timeout: Duration.seconds(2),
          failureThreshold: 5,
        }),
      },
    });
    expect(container(objects).livenessProbe).toEqual({
      httpGet: { path: '/healthz', port: 8080, httpHeaders: [{ name: 'X-Probe', value: 'liveness' }] },
      initialDelaySeconds: 10,
      periodSeconds: 20,
      timeoutSeconds: 2,
      failureThreshold: 5,
    });
  });

  test('tcpSocket readiness on a named port and exec startup', () => {
    const objects = render({
      container: {
        image: IMAGE,
        readiness: Probe.tcpSocket({ port: 'http', successThreshold: 2 }),
        startup: Probe.exec(['cat', '/tmp/ready'], { period: Duration.seconds(5), failureThreshold: 30 }),
      },
    });
    const c = container(objects);
    expect(c.readinessProbe).toEqual({ tcpSocket: { port: 'http' }, successThreshold: 2 });
    expect(c.startupProbe).toEqual({ exec: { command: ['cat', '/tmp/ready'] }, periodSeconds: 5, failureThreshold: 30 });
  });

  test('the default port follows the ports prop', () => {
    const objects = render({
      ports: [{ port: 443, containerPort: 8443, name: 'https' }],
      container: { image: IMAGE, readiness: Probe.httpGet('/ready') },
    });
    expect(container(objects).readinessProbe.httpGet.port).toBe(8443);
  });
});

test('resources are written as given: whole cores as numbers, the rest as quantities', () => {
  const objects = render({
    container: {
      image: IMAGE,
      resources: {
        cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.units(2) },
        memory: { request: Size.mebibytes(512), limit: Size.gibibytes(2) },
        ephemeralStorage: { limit: Size.gibibytes(1) },
      },
    },
  });
  expect(container(objects).resources).toEqual({
    requests: { 'cpu': '500m', 'memory': '512Mi' },
    limits: { 'cpu': 2, 'memory': '2Gi', 'ephemeral-storage': '1Gi' },
  });
});

describe('rollout', () => {
  test('rolling update with counts', () => {
    const objects = render({
      strategy: UpdateStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.absolute(1),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
    });
    expect(deployment(objects).spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
  });

  test('rolling update with percents', () => {
    const objects = render({ strategy: UpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.percent(50) }) });
    expect(deployment(objects).spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '50%', maxUnavailable: '25%' },
    });
  });

  test('recreate', () => {
    const objects = render({ strategy: UpdateStrategy.recreate() });
    expect(deployment(objects).spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('revisionHistoryLimit and minReady', () => {
    const objects = render({ revisionHistoryLimit: 3, minReady: Duration.seconds(15) });
    expect(deployment(objects).spec).toMatchObject({ revisionHistoryLimit: 3, minReadySeconds: 15 });
  });

  test('replicas', () => {
    expect(deployment(render({ replicas: 5 })).spec.replicas).toBe(5);
  });
});

describe('service', () => {
  test('NodePort with a fixed node port', () => {
    const objects = render({
      service: { type: kplus.ServiceType.NODE_PORT },
      ports: [{ port: 80, containerPort: 8080, nodePort: 30080 }],
    });
    expect(service(objects).spec.type).toBe('NodePort');
    expect(service(objects).spec.ports).toEqual([{ port: 80, targetPort: 8080, nodePort: 30080 }]);
  });

  test('LoadBalancer with a fixed cluster IP and annotations', () => {
    const objects = render({
      service: {
        type: kplus.ServiceType.LOAD_BALANCER,
        clusterIP: '10.96.0.50',
        annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
      },
    });
    expect(service(objects).spec).toMatchObject({ type: 'LoadBalancer', clusterIP: '10.96.0.50' });
    expect(service(objects).metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' });
  });

  test('ClientIP session affinity', () => {
    const objects = render({ service: { sessionAffinity: SessionAffinity.CLIENT_IP } });
    expect(service(objects).spec.sessionAffinity).toBe('ClientIP');
  });

  test('several named ports, with protocols, on the Service and the container', () => {
    const objects = render({
      ports: [
        { port: 80, containerPort: 8080, name: 'http' },
        { port: 53, name: 'dns', protocol: kplus.Protocol.UDP },
      ],
    });
    expect(service(objects).spec.ports).toEqual([
      { name: 'http', port: 80, targetPort: 8080 },
      { name: 'dns', port: 53, targetPort: 53, protocol: 'UDP' },
    ]);
    expect(container(objects).ports).toEqual([
      { containerPort: 8080, name: 'http' },
      { containerPort: 53, name: 'dns', protocol: 'UDP' },
    ]);
  });
});

describe('ingress', () => {
  test('host, path, pathType, class, annotations and TLS', () => {
    const objects = render({
      ingress: {
        host: 'shop.example.com',
        path: '/api',
        pathType: kplus.HttpIngressPathType.EXACT,
        className: 'nginx',
        annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
        tls: { secretName: 'shop-tls' },
      },
    });
    const ingress = only(objects, 'Ingress');
    expect(ingress.apiVersion).toBe('networking.k8s.io/v1');
    expect(ingress.metadata).toMatchObject({ name: 'web', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' } });
    expect(ingress.spec).toEqual({
      ingressClassName: 'nginx',
      rules: [{
        host: 'shop.example.com',
        http: { paths: [{ path: '/api', pathType: 'Exact', backend: { service: { name: 'web', port: { number: 80 } } } }] },
      }],
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
    });
  });

  test('defaults to a Prefix match on / and plain HTTP', () => {
    const ingress = only(render({ ingress: { host: 'shop.example.com' } }), 'Ingress');
    expect(ingress.spec.rules[0].http.paths[0]).toMatchObject({ path: '/', pathType: 'Prefix' });
    expect(ingress.spec.tls).toBeUndefined();
    expect(ingress.spec.ingressClassName).toBeUndefined();
  });

  test('TLS hosts may differ from the host', () => {
    const ingress = only(render({
      ingress: { host: 'shop.example.com', tls: { secretName: 'wildcard', hosts: ['*.example.com'] } },
    }), 'Ingress');
    expect(ingress.spec.tls).toEqual([{ hosts: ['*.example.com'], secretName: 'wildcard' }]);
  });

  test('the backend is the Service, by name, on its first port', () => {
    const objects = synthObjects((chart) => {
      new WebService(chart, 'Web', {
        name: 'storefront',
        container: { image: IMAGE },
        ports: [{ port: 8000, containerPort: 8080, name: 'http' }, { port: 9000, name: 'admin' }],
        ingress: { host: 'shop.example.com' },
      });
    });
    const backend = only(objects, 'Ingress').spec.rules[0].http.paths[0].backend;
    expect(backend).toEqual({ service: { name: service(objects).metadata.name, port: { number: 8000 } } });
  });

  test('servicePort picks another Service port', () => {
    const objects = render({
      ports: [{ port: 80, containerPort: 8080, name: 'http' }, { port: 9000, name: 'admin' }],
      ingress: { host: 'admin.example.com', servicePort: 9000 },
    });
    expect(only(objects, 'Ingress').spec.rules[0].http.paths[0].backend.service.port).toEqual({ number: 9000 });
  });
});

describe('spread', () => {
  const selectorExpression = { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['web'] }] };

  test('oneReplicaPerNode: required pod anti-affinity on the hostname', () => {
    const objects = render({ spread: [Spread.oneReplicaPerNode()] });
    expect(podSpec(objects).affinity).toEqual({
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selectorExpression, topologyKey: 'kubernetes.io/hostname' }],
      },
    });
  });

  test('preferDifferentNodes: preferred pod anti-affinity with a weight', () => {
    const objects = render({ spread: [Spread.preferDifferentNodes(60)] });
    expect(podSpec(objects).affinity).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{
          weight: 60,
          podAffinityTerm: { labelSelector: selectorExpression, topologyKey: 'kubernetes.io/hostname' },
        }],
      },
    });
  });

  test('evenly: a topology spread constraint selecting the pods', () => {
    const objects = render({
      spread: [Spread.evenly({ topologyKey: 'topology.kubernetes.io/zone', maxSkew: 2, whenUnsatisfiable: 'DoNotSchedule' })],
    });
    expect(podSpec(objects).topologySpreadConstraints).toEqual([{
      topologyKey: 'topology.kubernetes.io/zone',
      maxSkew: 2,
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
    }]);
    expect(podSpec(objects).affinity).toBeUndefined();
  });
});

describe('disruption budget', () => {
  test('defaults to maxUnavailable 1, selecting the pods', () => {
    const pdb = only(render({ disruptionBudget: {} }), 'PodDisruptionBudget');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.metadata.name).toBe('web');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } });
  });

  test('minAvailable as a percent, without a maxUnavailable', () => {
    const pdb = only(render({ disruptionBudget: { minAvailable: kplus.PercentOrAbsolute.percent(50) } }), 'PodDisruptionBudget');
    expect(pdb.spec.minAvailable).toBe('50%');
    expect(pdb.spec.maxUnavailable).toBeUndefined();
  });
});

describe('autoscaling', () => {
  test('replicas are left to the autoscaler, which targets 80% CPU from the replicas up', () => {
    const objects = render({ replicas: 3, autoscaling: { maxReplicas: 10 } });
    expect(deployment(objects).spec.replicas).toBeUndefined();
    const hpa = only(objects, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.metadata.name).toBe('web');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 3,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
  });

  test('minReplicas defaults to 2 when replicas are not given', () => {
    const hpa = only(render({ autoscaling: { maxReplicas: 4 } }), 'HorizontalPodAutoscaler');
    expect(hpa.spec.minReplicas).toBe(2);
  });

  test('minReplicas, CPU and memory targets', () => {
    const hpa = only(render({
      autoscaling: { minReplicas: 1, maxReplicas: 6, cpuUtilization: 60, memoryUtilization: 75 },
    }), 'HorizontalPodAutoscaler');
    expect(hpa.spec.minReplicas).toBe(1);
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 75 } } },
    ]);
  });
});

describe('labels', () => {
  test('selectorLabels replace the selector everywhere, and the pods still carry the name label', () => {
    const selector = { app: 'legacy-web' };
    const objects = render({ selectorLabels: selector, disruptionBudget: {}, spread: [Spread.evenly()] });
    expect(deployment(objects).spec.selector).toEqual({ matchLabels: selector });
    expect(service(objects).spec.selector).toEqual(selector);
    expect(only(objects, 'PodDisruptionBudget').spec.selector).toEqual({ matchLabels: selector });
    expect(podSpec(objects).topologySpreadConstraints[0].labelSelector).toEqual({ matchLabels: selector });
    expect(deployment(objects).spec.template.metadata.labels).toMatchObject({ ...selector, 'app.kubernetes.io/name': 'web' });
  });

  test('component and version labels on the objects and pods, never in the selector', () => {
    const objects = render({ component: 'frontend', version: '2024.1' });
    const expected = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/component': 'frontend', 'app.kubernetes.io/version': '2024.1' };
    expect(deployment(objects).metadata.labels).toEqual(expected);
    expect(service(objects).metadata.labels).toEqual(expected);
    expect(deployment(objects).spec.template.metadata.labels).toEqual(expected);
    expect(deployment(objects).spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'web' } });
  });

  describe.each([
    ['registry.example.com/shop/web:1.4.2', '1.4.2'],
    ['registry.example.com:5000/web:v2', 'v2'],
    ['web:1.4.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', '1.4.2'],
    ['web:latest', undefined],
    ['registry.example.com:5000/web', undefined],
    ['web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', undefined],
  ])('image %s', (image, version) => {
    test(`version label ${version ?? 'not set'}`, () => {
      const objects = render({ container: { image } });
      expect(deployment(objects).metadata.labels['app.kubernetes.io/version']).toBe(version);
    });
  });

  test('chart labels reach the pod template', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'test', labels: { 'app.kubernetes.io/part-of': 'shop' } });
    new WebService(chart, 'web', { container: { image: IMAGE }, podLabels: { team: 'checkout' } });
    const objects = chart.toJson() as KubeObject[];
    expect(deployment(objects).spec.template.metadata.labels).toEqual({
      'app.kubernetes.io/part-of': 'shop',
      'app.kubernetes.io/name': 'web',
      'app.kubernetes.io/version': '1.4.2',
      'team': 'checkout',
    });
    expect(deployment(objects).spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'web' } });
  });

  test('podAnnotations are written on the pod template only', () => {
    const objects = render({ podAnnotations: { 'prometheus.io/scrape': 'true' } });
    expect(deployment(objects).spec.template.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true' });
    expect(deployment(objects).metadata.annotations).toBeUndefined();
  });
});

describe('security', () => {
  test('container overrides are written as asked', () => {
    const objects = render({
      container: {
        image: IMAGE,
        security: {
          runAsNonRoot: false,
          runAsUser: 0,
          readOnlyRootFilesystem: false,
          allowPrivilegeEscalation: true,
          privileged: true,
          addCapabilities: ['NET_ADMIN'],
          dropCapabilities: ['MKNOD'],
        },
      },
    });
    expect(container(objects).securityContext).toEqual({
      runAsNonRoot: false,
      runAsUser: 0,
      readOnlyRootFilesystem: false,
      allowPrivilegeEscalation: true,
      privileged: true,
      capabilities: { drop: ['MKNOD'], add: ['NET_ADMIN'] },
    });
  });

  test('pod overrides are written as asked', () => {
    const objects = render({
      automountServiceAccountToken: true,
      serviceAccountName: 'web-reader',
      podSecurity: { runAsNonRoot: false, runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000, hostNetwork: true },
    });
    const spec = podSpec(objects);
    expect(spec.automountServiceAccountToken).toBe(true);
    expect(spec.serviceAccountName).toBe('web-reader');
    expect(spec.hostNetwork).toBe(true);
    expect(spec.securityContext).toEqual({
      runAsNonRoot: false,
      runAsUser: 1000,
      runAsGroup: 3000,
      fsGroup: 2000,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('overrides record their allowances on the WebService', () => {
    const chart = new Chart(Testing.app(), 'test');
    const web = new WebService(chart, 'web', { container: { image: IMAGE, security: { privileged: true } } });
    expect(Allowances.collect(web.deployment).get('privileged')).toBe('container web: security.privileged is true');
  });
});

describe('imagePullSecrets', () => {
  test('a RegistryPullSecret is referenced by its Secret name', () => {
    const objects = synthObjects((chart) => {
      const pull = new RegistryPullSecret(chart, 'Pull', {
        name: 'regcred',
        server: 'registry.example.com',
        credentials: RegistryCredentials.fromExternalSecret({ storeName: 'vault', remoteKey: 'registry/shop' }),
      });
      new WebService(chart, 'web', { container: { image: IMAGE }, imagePullSecrets: [pull] });
    });
    expect(podSpec(objects).imagePullSecrets).toEqual([{ name: 'regcred' }]);
  });

  test('an existing Secret is referenced by name', () => {
    const objects = synthObjects((chart) => {
      new WebService(chart, 'web', {
        container: { image: IMAGE },
        imagePullSecrets: [RegistryPullSecret.fromSecretName(chart, 'Pull', 'existing-regcred')],
      });
    });
    expect(podSpec(objects).imagePullSecrets).toEqual([{ name: 'existing-regcred' }]);
  });
});

test('pod scheduling and lifecycle settings are written to the pod', () => {
  const objects = render({ terminationGracePeriod: Duration.seconds(60), priorityClassName: 'high' });
  expect(podSpec(objects)).toMatchObject({ terminationGracePeriodSeconds: 60, priorityClassName: 'high' });
});

describe('WebService ports and expose', () => {
  test('fails when ports is []: a Service needs a port', () => {
    expect(() => synthObjects((c) => { new WebService(c, 'web', { container: { image: 'web:1.0.0' }, ports: [] }); }))
      .toThrow(/ports is \[\]: a WebService writes a Service, which needs at least one port[\s\S]*at: +test\/web[\s\S]*use Worker/);
  });

  test('ApiObject.of gives the Deployment, whose id stays Deployment', () => {
    const objects: ApiObject[] = [];
    synthObjects((c) => { const web = new WebService(c, 'web', { container: { image: 'web:1.0.0' } }); objects.push(ApiObject.of(web), web.deployment); });
    expect(objects[0]).toBe(objects[1]);
    expect(objects[0].node.id).toBe('Deployment');
  });
});

describe('WebService ingress TLS by reference', () => {
  test('tls.secret writes the Secret\'s name', () => {
    const objects = synthObjects((c) => {
      new WebService(c, 'web', { container: { image: 'web:1.0.0' }, ingress: { host: 'shop.example.com', tls: { secret: kplus.Secret.fromSecretName(c, 'tls', 'shop-tls') } } });
    });
    expect(objects.find((o) => o.kind === 'Ingress')!.spec).toMatchObject({ tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }] });
  });

  describe.each([
    ['neither secret nor secretName', {}, /neither/],
    ['both secret and secretName', { secretName: 'a' }, /both/],
  ])('%s', (_name, extra, error) => {
    test('fails', () => {
      expect(() => synthObjects((c) => {
        const secret = Object.keys(extra).length ? { secret: kplus.Secret.fromSecretName(c, 'tls', 'b') } : {};
        new WebService(c, 'web', { container: { image: 'web:1.0.0' }, ingress: { host: 'shop.example.com', tls: { ...secret, ...extra } } });
      })).toThrow(new RegExp(`ingress.tls needs exactly one of secret and secretName; got ${error.source}[\\s\\S]*at: +test/web`));
    });
  });
});
