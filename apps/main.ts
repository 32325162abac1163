import { runCli } from '../lib';
import { project } from './project';

// A project defined wrongly (a name that is no DNS label) throws a ProjectError while this bundle
// loads: apps/synth.cjs reports it as a usage error (exit 2, one message).
process.exitCode = runCli(project, process.argv.slice(2));
