import { Cron, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import {
  AppDefinition, JobRestartPolicy, NodeAffinity, NodePinnedCronJob, NodePinnedJob, NodeRequirement,
  RegistryPullSecret, Toleration, Volume,
} from '../lib';
import { EnvironmentName, REGISTRY } from './environments';

const VERSION = '3.2.0';

/**
 * Heavy batch work of the shop, pinned to the dedicated batch nodes (label
 * `workload-class=batch`, taint `dedicated=batch:NoSchedule`): the nightly
 * sales report and the one-off migration of its tables.
 */
export const reports: AppDefinition<EnvironmentName> = {
  name: 'reports',
  build: (chart, env) => {
    // The storefront app (or the cluster, in stg) provides the pull secret.
    const pullSecret = RegistryPullSecret.fromSecretName(chart, 'registry', 'registry-credentials');
    const batchNodes = {
      nodeAffinity: NodeAffinity.require(NodeRequirement.in('workload-class', ['batch']))
        .prefer(50, NodeRequirement.in('disktype', ['ssd'])),
      tolerations: [Toleration.equal('dedicated', 'batch', { effect: kplus.TaintEffect.NO_SCHEDULE })],
      imagePullSecrets: [pullSecret],
    };
    const image = `${REGISTRY}/shop/reports:${VERSION}`;
    const scratch = { path: '/tmp', volume: Volume.emptyDir('scratch', { sizeLimit: Size.gibibytes(env.pick({ dev: 1, stg: 2, prd: 8 })) }) };

    new NodePinnedCronJob(chart, 'nightly-sales-report', {
      ...batchNodes,
      schedule: Cron.schedule({ minute: '30', hour: '2' }),
      timeZone: 'Europe/Paris',
      container: {
        image,
        args: ['sales-report', '--since=yesterday'],
        mounts: [scratch],
        resources: {
          cpu: { request: kplus.Cpu.units(env.pick({ dev: 1, stg: 1, prd: 4 })) },
          memory: { request: Size.gibibytes(env.pick({ dev: 1, stg: 2, prd: 8 })), limit: Size.gibibytes(env.pick({ dev: 2, stg: 4, prd: 12 })) },
        },
      },
      suspend: env.name === 'dev',
      restartPolicy: JobRestartPolicy.ON_FAILURE,
      backoffLimit: 2,
      activeDeadline: Duration.hours(3),
      ttlAfterFinished: Duration.days(2),
      startingDeadline: Duration.minutes(30),
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 5,
    });

    // One-off: the version is in the name, because a Job's template cannot
    // change once created.
    new NodePinnedJob(chart, 'migrate', {
      ...batchNodes,
      name: `reports-migrate-${VERSION.replace(/\./g, '-')}`,
      container: {
        image,
        args: ['migrate', '--to', VERSION],
        resources: { cpu: { request: kplus.Cpu.millis(500) }, memory: { request: Size.mebibytes(512), limit: Size.gibibytes(1) } },
      },
      backoffLimit: 1,
      activeDeadline: Duration.minutes(30),
    });
  },
};
