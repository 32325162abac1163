import { Project } from '../lib';
import { documentedExamples } from './documented-examples';
import { ENVIRONMENTS, EnvironmentName } from './environments';
import { logging } from './logging';
import { orders } from './orders';
import { platform } from './platform';
import { reports } from './reports';
import { storefront } from './storefront';

/** Every app of the repository, for every environment. */
export const project = new Project<EnvironmentName>({
  environments: ENVIRONMENTS,
  apps: [platform, storefront, reports, orders, logging, documentedExamples],
  kustomization: true,
  argoCd: { repoURL: 'https://git.example.com/shop/deploy.git' },
});
