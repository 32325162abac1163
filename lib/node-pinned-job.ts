import { Construct } from 'constructs';
import { Job, JobProps } from './job';
import { NodeAffinity } from './node-affinity';

/** Props of a `NodePinnedJob`. */
export interface NodePinnedJobProps extends JobProps {
  /**
   * The nodes the job must run on: give at least one required term. Add
   * `tolerations` when those nodes are tainted.
   */
  readonly nodeAffinity: NodeAffinity;
}

/**
 * A batch Job whose pods run only on chosen nodes (required node affinity),
 * with the tolerations that dedicated, tainted nodes need: a `Job` whose
 * `nodeAffinity` cannot be forgotten.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/job/
 */
export class NodePinnedJob extends Job {
  constructor(scope: Construct, id: string, props: NodePinnedJobProps) {
    super(scope, id, props);
  }
}
