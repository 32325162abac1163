// The benchmark's workload through the library: one environment, `apps`
// apps of web services (bench-project.ts runs it through the synth command).
import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Environment, Probe, Project, RegistryCredentials, RegistryPullSecret, WebService } from '../../lib';
import { appName, replicas, SERVER, servicesOf, Workload } from './bench-objects';

/** The library's project: one environment, `apps` apps. */
export function benchProjectOf(workload: Workload): Project<'bench'> {
  return new Project<'bench'>({
    environments: [new Environment({ name: 'bench' })],
    apps: Array.from({ length: workload.apps }, (_, a) => ({
      name: appName(a),
      build: (chart: Chart) => {
        const pull = new RegistryPullSecret(chart, 'pull', {
          name: `pull-${a}`,
          server: SERVER,
          credentials: RegistryCredentials.fromExternalSecret({ storeName: 'vault', remoteKey: 'registry' }),
        });
        for (const i of servicesOf(workload, a)) {
          new WebService(chart, `svc-${i}`, {
            container: {
              image: `${SERVER}/team/svc-${i}:1.0.${i}`,
              env: { SERVICE_INDEX: kplus.EnvValue.fromValue(String(i)), LOG_LEVEL: kplus.EnvValue.fromValue('info') },
              liveness: Probe.httpGet('/healthz', { period: Duration.seconds(10) }),
              readiness: Probe.httpGet('/ready', { period: Duration.seconds(5) }),
              resources: { cpu: { request: kplus.Cpu.millis(250) }, memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) } },
            },
            replicas: replicas(workload, a),
            imagePullSecrets: [pull],
            ingress: { host: `svc-${i}.example.com` },
          });
        }
      },
    })),
  });
}

