import { runCli } from '../lib';
import { defineProject } from './project';

// runCli builds the project itself: a wrongly defined one (a name that is no DNS label) is exit 2 and
// one message. Imported statically: a bundle without lazily loaded modules starts faster.
process.exitCode = runCli(defineProject, process.argv.slice(2));
