import { AppDefinition, EnvironmentNamespace } from '../lib';
import { EnvironmentName } from './environments';

/**
 * The namespace of each environment: "restricted" Pod Security enforced, and
 * no ingress unless an app allows it.
 */
export const platform: AppDefinition<EnvironmentName> = {
  name: 'platform',
  build: (chart, env) => {
    new EnvironmentNamespace(chart, 'namespace', {
      name: env.namespace,
      environment: env.name,
      defaultDenyIngress: true,
    });
  },
};
