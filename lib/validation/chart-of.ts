import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';

/** The closest chart above `construct` (itself included), if any. */
export function closestChart(construct: IConstruct): Chart | undefined {
  const scopes = construct.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    if (Chart.isChart(scopes[i])) {
      return scopes[i] as Chart;
    }
  }
  return undefined;
}
