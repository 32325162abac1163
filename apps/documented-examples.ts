import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  Allowances, AppDefinition, ContainerSecurity, EnvironmentNamespace, NodeAffinity, NodeRequirement, PodSecurityLevel,
  Probe, RegistryPullSecret, ReplicaSet, SessionAffinity, Spread, StandalonePod, UpdateStrategy, WebService,
} from '../lib';
import { EnvironmentName } from './environments';

// The public images of the documentation (node, nginx, redis, the liveness
// demo) run as root and write to their own filesystem: they get exactly that
// permission, and a namespace at the "baseline" Pod Security level.
const PUBLIC_IMAGE: ContainerSecurity = { runAsNonRoot: false, readOnlyRootFilesystem: false };
const UNTAGGED = 'the documentation shows this image without a tag';
const SAMPLE_APP = { app: 'sample-node-app' };

/** One chart per documented manifest, each in a namespace of its own so that names never clash. */
function example(scope: Construct, id: string, build: (chart: Chart) => void, untaggedImages = false): void {
  const namespace = `example-${id.slice(0, 2)}`;
  const chart = new Chart(scope, id, { namespace, labels: Chart.of(scope).labels });
  new EnvironmentNamespace(chart, 'namespace', { name: namespace, podSecurity: PodSecurityLevel.BASELINE });
  if (untaggedImages) {
    Allowances.of(chart).allow('image-tag', UNTAGGED);
  }
  build(chart);
}

/**
 * The manifests our users' documentation shows (`test/fixtures/`), each made
 * with the library's constructs. Deployed to dev only.
 */
export const documentedExamples: AppDefinition<EnvironmentName> = {
  name: 'documented-examples',
  environments: ['dev'],
  build: (chart) => {
    example(chart, '01-pod-sample-node-app', (c) => new StandalonePod(c, 'sample-node-app', {
      containers: [{ image: 'happynut/sample-node-app:0.0.1', security: PUBLIC_IMAGE }],
    }));

    example(chart, '02-pod-liveness-http', (c) => new StandalonePod(c, 'liveness-http', {
      labels: { test: 'liveness' },
      containers: [{
        name: 'liveness',
        image: 'k8s.gcr.io/liveness',
        args: ['/server'],
        ports: [{ number: 8080 }],
        liveness: Probe.httpGet('/healthz', {
          port: 8080,
          headers: { 'Custom-Header': 'Awesome' },
          initialDelay: Duration.seconds(3),
          period: Duration.seconds(3),
        }),
        security: PUBLIC_IMAGE,
      }],
    }), true);

    example(chart, '03-service-session-affinity', (c) => new WebService(c, 'sample-node-app', {
      container: { image: 'happynut/sample-node-app:0.0.1', security: PUBLIC_IMAGE },
      selectorLabels: SAMPLE_APP,
      ports: [{ port: 80, name: 'http' }],
      service: { type: kplus.ServiceType.CLUSTER_IP, sessionAffinity: SessionAffinity.CLIENT_IP },
    }));

    example(chart, '04-service-cluster-ip', (c) => new WebService(c, 'sample-node-app', {
      container: { image: 'happynut/sample-node-app:0.0.1', security: PUBLIC_IMAGE },
      selectorLabels: SAMPLE_APP,
      ports: [{ port: 80, containerPort: 80, name: 'http' }],
    }));

    example(chart, '05-service-node-port', (c) => new WebService(c, 'sample-node-app', {
      container: { image: 'happynut/sample-node-app:0.0.1', security: PUBLIC_IMAGE },
      selectorLabels: SAMPLE_APP,
      ports: [{ port: 80, name: 'http', nodePort: 30080 }],
      service: { type: kplus.ServiceType.NODE_PORT },
    }));

    example(chart, '06-service-load-balancer', (c) => new WebService(c, 'sample-node-app', {
      container: { image: 'happynut/sample-node-app:0.0.1', security: PUBLIC_IMAGE },
      selectorLabels: SAMPLE_APP,
      ports: [{ port: 80, containerPort: 80, protocol: kplus.Protocol.TCP }],
      service: { type: kplus.ServiceType.LOAD_BALANCER, clusterIP: '10.0.171.239' },
    }));

    example(chart, '07-pod-labeled-for-service', (c) => new StandalonePod(c, 'sample-node-app', {
      labels: SAMPLE_APP,
      containers: [{ image: 'happynut/sample-node-app:0.0.1', security: PUBLIC_IMAGE }],
    }));

    example(chart, '08-replicaset-sample-node-app', (c) => new ReplicaSet(c, 'sample-node-app', {
      replicas: 3,
      selectorLabels: SAMPLE_APP,
      containers: [{ image: 'happynut/sample-node-app:0.0.1', security: PUBLIC_IMAGE }],
    }));

    example(chart, '09-deployment-sample-node-app', (c) => new WebService(c, 'sample-node-app', {
      replicas: 3,
      selectorLabels: SAMPLE_APP,
      container: { image: 'happynut/sample-node-app:0.0.1', security: PUBLIC_IMAGE },
    }));

    example(chart, '10-fragment-deployment-env', (c) => new WebService(c, 'sample-node-app', {
      selectorLabels: SAMPLE_APP,
      container: {
        image: 'happynut/sample-node-app:0.0.1',
        env: { SOME_ENV_KEY: kplus.EnvValue.fromValue('SOME_ENV_VALUE') },
        security: PUBLIC_IMAGE,
      },
    }));

    example(chart, '11-deployment-image-bump', (c) => new WebService(c, 'sample-node-app', {
      replicas: 3,
      selectorLabels: SAMPLE_APP,
      container: { image: 'happynut/sample-node-app:0.0.2', security: PUBLIC_IMAGE },
    }));

    example(chart, '12-deployment-private-registry', (c) => new WebService(c, 'sample-node-app', {
      replicas: 1,
      selectorLabels: SAMPLE_APP,
      container: { image: 'happynut/sample-node-app:0.0.2', security: PUBLIC_IMAGE },
      // Made beforehand with `kubectl create secret docker-registry container-reg-cred ...`.
      imagePullSecrets: [RegistryPullSecret.fromSecretName(c, 'registry', 'container-reg-cred')],
    }));

    example(chart, '13-pod-single-container', (c) => new StandalonePod(c, 'sample-pod', {
      containers: [{ name: 'nginx-container', image: 'nginx', security: PUBLIC_IMAGE }],
    }), true);

    example(chart, '14-pod-two-containers', (c) => new StandalonePod(c, 'sample-2pod', {
      containers: [
        { name: 'nginx-container', image: 'nginx', security: PUBLIC_IMAGE },
        { name: 'redis-container', image: 'redis', security: PUBLIC_IMAGE },
      ],
    }), true);

    example(chart, '15-fragment-command-args', (c) => new StandalonePod(c, 'sleeper', {
      containers: [{ name: 'nginx-container', image: 'nginx', command: ['/bin/sleep'], args: ['3600'], security: PUBLIC_IMAGE }],
    }), true);

    example(chart, '16-fragment-host-aliases', (c) => new StandalonePod(c, 'host-aliases', {
      hostAliases: [{ ip: '8.8.8.8', hostnames: ['google-dns', 'google-public-dns'] }],
      containers: [{ name: 'nginx-container', image: 'nginx', security: PUBLIC_IMAGE }],
    }), true);

    example(chart, '17-replicaset-sample-rs', (c) => new ReplicaSet(c, 'sample-rs', {
      replicas: 3,
      selectorLabels: { app: 'sample-app' },
      containers: [{ name: 'nginx-container', image: 'nginx', security: PUBLIC_IMAGE }],
    }), true);

    example(chart, '18-deployment-sample-deployment', (c) => new WebService(c, 'sample-deployment', {
      replicas: 3,
      selectorLabels: { app: 'sample-app' },
      container: { name: 'nginx-container', image: 'nginx', security: PUBLIC_IMAGE },
    }), true);

    example(chart, '19-fragment-resources-secret-env', (c) => new StandalonePod(c, 'hubot', {
      restartPolicy: kplus.RestartPolicy.ALWAYS,
      containers: [{
        name: 'hubot-hey-cookie',
        image: 'hubot-hey-cookie',
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        env: {
          HUBOT_SLACK_TOKEN: kplus.EnvValue.fromSecretValue({
            // Created by the chat-ops team; only referenced here.
            secret: kplus.Secret.fromSecretName(c, 'slack-token', 'hubot-slack-token'),
            key: 'HUBOT_SLACK_TOKEN',
          }),
        },
        resources: {
          cpu: { request: kplus.Cpu.units(1), limit: kplus.Cpu.units(2) },
          memory: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
        },
        security: PUBLIC_IMAGE,
      }],
    }), true);

    example(chart, '20-pod-node-affinity', (c) => new StandalonePod(c, 'nginx', {
      nodeAffinity: NodeAffinity.require(NodeRequirement.in('disktype', ['ssd'])),
      containers: [{ image: 'nginx', imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT, security: PUBLIC_IMAGE }],
    }), true);

    example(chart, '21-deployment-pod-anti-affinity', (c) => new WebService(c, 'redis-cache', {
      replicas: 3,
      selectorLabels: { app: 'store' },
      spread: [Spread.oneReplicaPerNode()],
      ports: [{ port: 6379, name: 'redis' }],
      container: { name: 'redis-server', image: 'redis:3.2-alpine', security: PUBLIC_IMAGE },
    }));

    example(chart, '22-fragment-rolling-update', (c) => new WebService(c, 'rolling', {
      container: { image: 'happynut/sample-node-app:0.0.2', security: PUBLIC_IMAGE },
      strategy: UpdateStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.absolute(1),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(1),
      }),
    }));
  },
};
