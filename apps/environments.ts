import { Environment } from '../lib';

/** The stages every app goes through. */
export type EnvironmentName = 'dev' | 'stg' | 'prd';

/** dev, stg and prd, each in the namespace of the same name. */
export const ENVIRONMENTS = Environment.all<EnvironmentName>('dev', 'stg', 'prd');

/** The team's private registry. */
export const REGISTRY = 'registry.example.com';
