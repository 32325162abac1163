import { Project } from '../lib';
import { documentedExamples } from './documented-examples';
import { ENVIRONMENTS, EnvironmentName } from './environments';
import { logging } from './logging';
import { orders } from './orders';
import { platform } from './platform';
import { reports } from './reports';
import { storefront } from './storefront';

/**
 * Every app of the repository, for every environment. A function, so that
 * `runCli` builds it (a name that is no DNS label is then exit 2 with one
 * message, and `--help` still prints the usage).
 */
export function defineProject(): Project<EnvironmentName> {
  return new Project<EnvironmentName>({
    environments: ENVIRONMENTS,
    apps: [platform, storefront, reports, orders, logging, documentedExamples],
    kustomization: true,
    argoCd: { repoURL: 'https://git.example.com/shop/deploy.git' },
  });
}
