import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AllowIngress, AppDefinition, EnvFrom, IImagePullSecret, Probe, RegistryCredentials, RegistryPullSecret, Spread,
  UpdateStrategy, Volume, WebService,
} from '../lib';
import { EnvironmentName, REGISTRY } from './environments';

const VERSION = '1.14.2';

/**
 * The shop's web front end: a WebService behind the nginx ingress
 * controller, pulling its image from the private registry.
 *
 * The pull secret comes a different way in each environment, none of them
 * committing a credential: dev builds it from REGISTRY_USERNAME and
 * REGISTRY_PASSWORD into .secrets/ (`npm run synth -- --secrets`), stg uses
 * the one the cluster already has, prd has External Secrets Operator build it
 * from Vault.
 */
export const storefront: AppDefinition<EnvironmentName> = {
  name: 'storefront',
  build: (chart, env) => {
    const pullSecret: IImagePullSecret = env.pick({
      dev: () => new RegistryPullSecret(chart, 'registry', {
        name: 'registry-credentials',
        server: REGISTRY,
        credentials: RegistryCredentials.fromEnvironment(),
      }),
      stg: () => RegistryPullSecret.fromSecretName(chart, 'registry', 'registry-credentials'),
      prd: () => new RegistryPullSecret(chart, 'registry', {
        name: 'registry-credentials',
        server: REGISTRY,
        credentials: RegistryCredentials.fromExternalSecret({
          storeName: 'vault',
          storeKind: 'ClusterSecretStore',
          remoteKey: 'registry/storefront-pull',
        }),
      }),
    })();

    const config = new kplus.ConfigMap(chart, 'config', {
      metadata: { name: 'storefront-config' },
      data: {
        LOG_LEVEL: env.pick({ dev: 'debug', stg: 'info', prd: 'warn' }),
        CATALOG_URL: 'http://catalog/api',
      },
    });
    // Created by the payments team; only referenced here.
    const paymentKey = kplus.Secret.fromSecretName(chart, 'payment-key', 'payment-api-key');

    const storefrontService = new WebService(chart, 'storefront', {
      container: {
        image: `${REGISTRY}/shop/storefront:${VERSION}`,
        env: {
          PAYMENT_API_KEY: kplus.EnvValue.fromSecretValue({ secret: paymentKey, key: 'api-key' }),
          POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
        },
        envFrom: [EnvFrom.configMap(config)],
        mounts: [{ path: '/tmp', volume: Volume.emptyDir('tmp', { sizeLimit: Size.mebibytes(64) }) }],
        startup: Probe.httpGet('/healthz', { period: Duration.seconds(2), failureThreshold: 30 }),
        liveness: Probe.httpGet('/healthz', { period: Duration.seconds(10) }),
        readiness: Probe.httpGet('/ready', { period: Duration.seconds(5) }),
        resources: env.pick({
          dev: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
          stg: { cpu: { request: kplus.Cpu.millis(250) }, memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) } },
          prd: { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.units(2) }, memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) } },
        }),
      },
      replicas: env.pick({ dev: 1, stg: 2, prd: 3 }),
      imagePullSecrets: [pullSecret],
      component: 'frontend',
      strategy: UpdateStrategy.rollingUpdate({
        maxSurge: kplus.PercentOrAbsolute.absolute(1),
        maxUnavailable: kplus.PercentOrAbsolute.absolute(0),
      }),
      revisionHistoryLimit: 5,
      spread: env.pick({
        dev: [],
        stg: [Spread.preferDifferentNodes()],
        prd: [Spread.oneReplicaPerNode(), Spread.evenly({ topologyKey: 'topology.kubernetes.io/zone' })],
      }),
      ingress: {
        host: env.pick({ dev: 'shop.dev.example.com', stg: 'shop.stg.example.com', prd: 'shop.example.com' }),
        className: 'nginx',
        annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
        tls: { secretName: 'storefront-tls' },
      },
      disruptionBudget: env.name === 'dev' ? undefined : { maxUnavailable: kplus.PercentOrAbsolute.absolute(1) },
      autoscaling: env.name === 'prd' ? { minReplicas: 3, maxReplicas: 12, cpuUtilization: 70 } : undefined,
    });

    // The namespace denies ingress by default: let the ingress controller in.
    new AllowIngress(chart, 'allow-ingress-controller', {
      name: 'storefront-from-ingress-nginx',
      to: storefrontService,
      from: [{
        namespaceLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
        podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' },
      }],
      ports: [8080],
    });
  },
};
