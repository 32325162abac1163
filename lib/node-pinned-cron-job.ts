import { Construct } from 'constructs';
import { CronJob, CronJobProps } from './cron-job';
import { NodeAffinity } from './node-affinity';

/** Props of a `NodePinnedCronJob`. */
export interface NodePinnedCronJobProps extends CronJobProps {
  /**
   * The nodes the jobs must run on: give at least one required term. Add
   * `tolerations` when those nodes are tainted.
   */
  readonly nodeAffinity: NodeAffinity;
}

/**
 * A CronJob whose Jobs run only on chosen nodes: `NodePinnedJob` on a
 * schedule, a `CronJob` whose `nodeAffinity` cannot be forgotten.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */
export class NodePinnedCronJob extends CronJob {
  constructor(scope: Construct, id: string, props: NodePinnedCronJobProps) {
    super(scope, id, props);
  }
}
