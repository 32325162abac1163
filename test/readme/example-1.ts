// README example: the minimal example (type-checked by npm test; test/readme.test.ts keeps it in step).
import { Chart } from 'cdk8s';
import { Environment, Probe, Project, RegistryCredentials, RegistryPullSecret, runCli, TlsSecret, WebService } from '../../lib';

const [dev, prd] = Environment.all('dev', 'prd');

// A factory, so that a project defined wrongly (a name that is no DNS label) is reported by runCli: exit 2, one message.
const project = () => new Project({
  environments: [dev, prd],
  apps: [{
    name: 'shop',
    build: (chart: Chart, env) => {
      const pull = new RegistryPullSecret(chart, 'registry', {
        server: 'registry.example.com',
        credentials: RegistryCredentials.fromExternalSecret({ storeName: 'vault', remoteKey: 'registry/shop' }),
      });
      new WebService(chart, 'storefront', {
        container: { image: 'registry.example.com/shop/storefront:1.14.2', readiness: Probe.httpGet('/ready') },
        replicas: env.pick({ dev: 1, prd: 3 }),
        imagePullSecrets: [pull],
        ingress: {
          host: env.pick({ dev: 'shop.dev.example.com', prd: 'shop.example.com' }),
          tls: { secret: TlsSecret.fromCertManager('shop-tls', { clusterIssuer: 'letsencrypt' }) },
        },
      });
    },
  }],
});

process.exitCode = runCli(project, process.argv.slice(2));
