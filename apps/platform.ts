import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { AppDefinition, EnvironmentNamespace } from '../lib';
import { EnvironmentName } from './environments';

/**
 * The namespace of each environment: "restricted" Pod Security enforced, no
 * ingress unless an app allows it, and a budget per environment.
 *
 * The quota covers what the apps of this repository need at their largest
 * (storefront and catalog at full autoscale plus a rolling update, the
 * nightly report and a migration running at once) with room for more apps.
 * It counts requests and memory limits, so the LimitRange gives every
 * container that sets none a CPU and memory request and a memory limit. No
 * CPU limit is imposed: CPU over the request is throttled, not killed, and
 * the batch jobs use idle cores.
 *
 * Egress is not denied namespace-wide: the batch jobs reach their database
 * outside any policy of this repository. Workloads that declare their
 * connections (`Connectivity.allow`) are isolated for egress one by one.
 */
export const platform: AppDefinition<EnvironmentName> = {
  name: 'platform',
  build: (chart, env) => {
    new EnvironmentNamespace(chart, 'namespace', {
      name: env.namespace,
      environment: env.name,
      defaultDenyIngress: true,
      quota: env.pick({
        dev: { requestsCpu: kplus.Cpu.units(4), requestsMemory: Size.gibibytes(8), limitsMemory: Size.gibibytes(16), pods: 30, persistentVolumeClaims: 5, requestsStorage: Size.gibibytes(50) },
        stg: { requestsCpu: kplus.Cpu.units(8), requestsMemory: Size.gibibytes(16), limitsMemory: Size.gibibytes(32), pods: 60, persistentVolumeClaims: 10, requestsStorage: Size.gibibytes(200) },
        prd: { requestsCpu: kplus.Cpu.units(32), requestsMemory: Size.gibibytes(64), limitsMemory: Size.gibibytes(128), pods: 150, persistentVolumeClaims: 20, requestsStorage: Size.tebibytes(1) },
      }),
      limits: {
        defaultRequest: { cpu: kplus.Cpu.millis(100), memory: Size.mebibytes(128) },
        default: { memory: Size.mebibytes(env.pick({ dev: 256, stg: 512, prd: 512 })) },
        max: { memory: Size.gibibytes(env.pick({ dev: 4, stg: 8, prd: 16 })) },
      },
    });
  },
};
