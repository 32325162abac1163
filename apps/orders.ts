import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  Affinity, AllowIngress, AppDefinition, EnvFrom, LifecycleHandler, PodManagementPolicy, Probe, RegistryPullSecret,
  Grant, ServiceAccount, StatefulService, StatefulUpdateStrategy, Topology, Volume, Worker,
} from '../lib';
import { EnvironmentName, REGISTRY } from './environments';

const VERSION = '2.4.1';
const CACHE_VERSION = '7.2.4';

/**
 * Order processing behind the storefront: a queue worker that takes orders
 * from the message queue (no port, so no Service), and the Redis cache it
 * keeps reservations in, with a volume per replica. Changing the worker's
 * settings in its ConfigMap rolls the workers, and only them.
 */
export const orders: AppDefinition<EnvironmentName> = {
  name: 'orders',
  build: (chart, env) => {
    const pullSecret = RegistryPullSecret.fromSecretName(chart, 'registry', 'registry-credentials');

    const cache = new StatefulService(chart, 'orders-cache', {
      container: {
        image: `redis:${CACHE_VERSION}`,
        args: ['redis-server', '--appendonly', 'yes', '--dir', '/data'],
        readiness: Probe.tcpSocket({ period: Duration.seconds(5) }),
        liveness: Probe.tcpSocket({ period: Duration.seconds(10) }),
        resources: {
          cpu: { request: kplus.Cpu.millis(env.pick({ dev: 100, stg: 250, prd: 500 })) },
          memory: { request: Size.mebibytes(env.pick({ dev: 128, stg: 256, prd: 1024 })), limit: Size.mebibytes(env.pick({ dev: 256, stg: 512, prd: 2048 })) },
        },
        // Redis's image runs as uid 999; the volume is made writable for it.
        security: { runAsUser: 999, runAsGroup: 999 },
      },
      podSecurity: { fsGroup: 999 },
      component: 'cache',
      replicas: env.pick({ dev: 1, stg: 1, prd: 3 }),
      ports: [{ port: 6379, name: 'redis' }],
      storage: [{ name: 'data', mountPath: '/data', size: Size.gibibytes(env.pick({ dev: 1, stg: 5, prd: 20 })) }],
      podManagementPolicy: PodManagementPolicy.PARALLEL,
      // In prd, a new Redis version reaches the highest replica first.
      updateStrategy: env.name === 'prd' ? StatefulUpdateStrategy.rollingUpdate({ partition: 2 }) : undefined,
    });

    const settings = new kplus.ConfigMap(chart, 'worker-settings', {
      metadata: { name: 'orders-worker-settings' },
      data: {
        QUEUE_URL: `amqp://rabbitmq.${env.namespace}.svc:5672/orders`,
        CONCURRENCY: String(env.pick({ dev: 2, stg: 4, prd: 16 })),
        // Read by the operators' dashboards only: changing it rolls nothing.
        OWNER: 'team-orders',
      },
    });
    const queueCredentials = kplus.Secret.fromSecretName(chart, 'queue-credentials', 'orders-queue-credentials');
    const account = new ServiceAccount(chart, 'worker-account', { name: 'orders-worker' })
      .grant(Grant.read('configmaps', { resourceNames: [settings.name] }));

    const worker = new Worker(chart, 'orders-worker', {
      container: {
        image: `${REGISTRY}/shop/orders-worker:${VERSION}`,
        args: ['consume', '--queue=orders'],
        env: {
          QUEUE_URL: kplus.EnvValue.fromConfigMap(settings, 'QUEUE_URL'),
          CONCURRENCY: kplus.EnvValue.fromConfigMap(settings, 'CONCURRENCY'),
          CACHE_URL: kplus.EnvValue.fromValue(`redis://${cache.name}:6379`),
        },
        envFrom: [EnvFrom.secret(queueCredentials)],
        mounts: [{ path: '/tmp', volume: Volume.emptyDir('tmp', { sizeLimit: Size.mebibytes(64) }) }],
        // Finish the order in hand before SIGTERM stops the consumer.
        lifecycle: { preStop: LifecycleHandler.exec(['/app/worker', 'drain', '--timeout=25s']) },
        resources: {
          cpu: { request: kplus.Cpu.millis(env.pick({ dev: 100, stg: 250, prd: 500 })) },
          memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
        },
      },
      initContainers: [{
        name: 'wait-for-cache',
        image: `redis:${CACHE_VERSION}`,
        command: ['sh', '-c', `until redis-cli -h ${cache.name} ping; do sleep 2; done`],
      }],
      serviceAccount: account,
      automountServiceAccountToken: true,
      imagePullSecrets: [pullSecret],
      component: 'worker',
      replicas: env.pick({ dev: 1, stg: 2, prd: 6 }),
      terminationGracePeriod: Duration.seconds(40),
      progressDeadline: Duration.minutes(5),
      affinity: [Affinity.colocateWith(cache, { topology: Topology.ZONE, weight: 50 })],
    });

    // The namespace denies ingress by default: only the workers reach the cache.
    new AllowIngress(chart, 'cache-from-workers', {
      name: 'orders-cache-from-workers',
      to: cache,
      from: [{ podLabels: { ...worker.selector } }],
      ports: [6379],
    });
  },
};
