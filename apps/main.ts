import { runCli } from '../lib';
import type { project as Defined } from './project';

// Loaded by runCli, so that a project defined wrongly (a name that is no DNS label) is exit 2 and one message.
// eslint-disable-next-line @typescript-eslint/no-require-imports
process.exitCode = runCli(() => (require('./project') as { project: typeof Defined }).project, process.argv.slice(2));
