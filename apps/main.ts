import { runCli } from '../lib';
import { project } from './project';

process.exitCode = runCli(project, process.argv.slice(2));
