import * as kplus from 'cdk8s-plus-27';
import * as k8s from '../imports/k8s';
import { percentOrAbsolute } from './private/int-or-string';

/** Options of a rolling update. */
export interface RollingUpdateOptions {
  /**
   * How many pods may exist above the desired count during an update.
   *
   * @default - 25% (Kubernetes default)
   */
  readonly maxSurge?: kplus.PercentOrAbsolute;

  /**
   * How many pods may be unavailable during an update.
   *
   * @default - 25% (Kubernetes default)
   */
  readonly maxUnavailable?: kplus.PercentOrAbsolute;
}

/**
 * How a Deployment replaces its pods when the template changes.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy
 */
export class UpdateStrategy {
  /** Replace pods a few at a time, keeping the service up. */
  public static rollingUpdate(options: RollingUpdateOptions = {}): UpdateStrategy {
    return new UpdateStrategy({
      type: 'RollingUpdate',
      rollingUpdate: {
        maxSurge: percentOrAbsolute(options.maxSurge ?? kplus.PercentOrAbsolute.percent(25)),
        maxUnavailable: percentOrAbsolute(options.maxUnavailable ?? kplus.PercentOrAbsolute.percent(25)),
      },
    });
  }

  /** Stop every old pod before starting new ones (for workloads that cannot run two versions at once). */
  public static recreate(): UpdateStrategy {
    return new UpdateStrategy({ type: 'Recreate' });
  }

  private constructor(private readonly strategy: k8s.DeploymentStrategy) {}

  /** @internal */
  public _render(): k8s.DeploymentStrategy {
    return this.strategy;
  }
}
