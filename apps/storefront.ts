import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AllowIngress, AppDefinition, Cidr, Connectivity, EnvFrom, IImagePullSecret, Ingress, IngressBackend, NetworkPeer,
  NetworkPolicy, NetworkPort, Probe, RegistryCredentials, RegistryPullSecret, Spread, TlsSecret, UpdateStrategy, Volume,
  WebService,
} from '../lib';
import { EnvironmentName, REGISTRY } from './environments';

const VERSION = '1.14.2';
const CATALOG_VERSION = '2.3.1';

// The payment provider's published API range (documentation range here).
const PAYMENT_API = Cidr.of('203.0.113.0/24');

/**
 * The shop: the web front end and the catalog API behind one host of the
 * nginx ingress controller (`/` to the front end, `/api` to the catalog),
 * both pulling their images from the private registry. The front end may
 * only call the catalog, the cluster DNS and the payment provider; each
 * workload only lets in the ingress controller (and the catalog, the front
 * end).
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
      disruptionBudget: env.name === 'dev' ? undefined : { maxUnavailable: kplus.PercentOrAbsolute.absolute(1) },
      autoscaling: env.name === 'prd' ? { minReplicas: 3, maxReplicas: 12, cpuUtilization: 70 } : undefined,
    });

    const catalog = new WebService(chart, 'catalog', {
      container: {
        image: `${REGISTRY}/shop/catalog:${CATALOG_VERSION}`,
        mounts: [{ path: '/tmp', volume: Volume.emptyDir('tmp', { sizeLimit: Size.mebibytes(64) }) }],
        liveness: Probe.httpGet('/healthz', { period: Duration.seconds(10) }),
        readiness: Probe.httpGet('/ready', { period: Duration.seconds(5) }),
        resources: env.pick({
          dev: { cpu: { request: kplus.Cpu.millis(100) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
          stg: { cpu: { request: kplus.Cpu.millis(250) }, memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) } },
          prd: { cpu: { request: kplus.Cpu.millis(500) }, memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) } },
        }),
      },
      replicas: env.pick({ dev: 1, stg: 2, prd: 3 }),
      imagePullSecrets: [pullSecret],
      component: 'api',
      revisionHistoryLimit: 5,
      spread: env.pick({ dev: [], stg: [Spread.preferDifferentNodes()], prd: [Spread.oneReplicaPerNode()] }),
      disruptionBudget: env.name === 'dev' ? undefined : { maxUnavailable: kplus.PercentOrAbsolute.absolute(1) },
    });

    // One host: the pages from the front end, /api from the catalog. The
    // Ingress keeps the name the front end's own Ingress had.
    const host = env.pick({ dev: 'shop.dev.example.com', stg: 'shop.stg.example.com', prd: 'shop.example.com' });
    new Ingress(chart, 'ingress', {
      name: 'storefront',
      className: 'nginx',
      rules: [
        { host, path: '/', backend: IngressBackend.service(storefrontService) },
        { host, path: '/api', backend: IngressBackend.service(catalog) },
      ],
      tls: [{ hosts: [host], secret: TlsSecret.fromCertManager('storefront-tls', { clusterIssuer: 'letsencrypt' }) }],
    });

    // The namespace denies ingress by default: let the ingress controller in.
    const ingressController = {
      namespaceLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
      podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' },
    };
    new AllowIngress(chart, 'allow-ingress-controller', {
      name: 'storefront-from-ingress-nginx',
      to: storefrontService,
      from: [ingressController],
      ports: [8080],
    });
    new AllowIngress(chart, 'allow-ingress-controller-to-catalog', {
      name: 'catalog-from-ingress-nginx',
      to: catalog,
      from: [ingressController],
      ports: [8080],
    });

    // The front end calls the catalog (CATALOG_URL) and the payment
    // provider, nothing else: once it has an egress policy, everything it
    // sends that no policy allows is dropped (DNS is allowed with the first).
    Connectivity.allow(storefrontService, catalog);
    new NetworkPolicy(chart, 'payment-egress', {
      name: 'storefront-to-payments',
      selector: storefrontService,
      egress: [{ peers: [NetworkPeer.ipBlock(PAYMENT_API)], ports: [NetworkPort.tcp(443)] }],
    });
  },
};
