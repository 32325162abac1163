import { failsRun } from '../validation/finding';
import { runCompare } from './compare';
import { diffTrees, isEmpty } from './diff';
import { readTree, replaceTree } from './output-dir';
import { Project } from './project';
import { runDrift } from './drift';
import { formatDiff, formatFindings, style } from './report';

/** Exit codes of the synth command. */
export enum ExitCode {
  /** Everything written (or, with `--check`, up to date). */
  OK = 0,
  /** Validation failed, or `--check` found `dist/` out of date. Nothing written. */
  FAILED = 1,
  /** The command line was wrong. Nothing done. */
  USAGE = 2,
}

/** Where the command prints and what it knows of its environment. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
}

interface CliOptions {
  readonly check: boolean;
  readonly quiet: boolean;
  readonly strict: boolean;
  readonly secrets: boolean;
  readonly diff: boolean;
  readonly outdir?: string;
  /** `--compare A B`: the two environments to compare. */
  readonly compare?: [string, string];
  /** `--drift PATH`: the cluster snapshot to check. */
  readonly drift?: string;
}

const USAGE = `usage: npm run synth -- [options]

Builds every app for every environment, validates every object, and writes
<outdir>/<env>/<app>.k8s.yaml. Nothing is written when validation fails.

options:
  --check          write nothing; exit 1 if <outdir> differs from what synth would write
  --secrets        also write objects holding credentials to the secrets folder (git-ignored)
  --strict         warnings fail the run too
  --quiet, -q      print only errors and warnings
  --no-diff        do not print what changes against the current <outdir>
  --outdir DIR     write to DIR instead of the project's outdir (CDK8S_OUTDIR works too)
  --compare A B    write nothing; list what differs between environments A and B
                   (exit 0 same, 1 different, 2 unknown environment)
  --drift PATH     write nothing; compare with a cluster snapshot (kubectl get -o yaml
                   --show-managed-fields, a file or folder) (exit 0 no drift, 1 drift, 2 unreadable)
  --help, -h       print this help

exit codes: 0 ok, 1 validation failed or out of date, 2 usage error
`;

function parseArgs(argv: ReadonlyArray<string>): CliOptions | { help: true } | { error: string } {
  const options = { check: false, quiet: false, strict: false, secrets: false, diff: true, outdir: undefined as string | undefined, compare: undefined as [string, string] | undefined, drift: undefined as string | undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--check': options.check = true; break;
      case '--secrets': options.secrets = true; break;
      case '--strict': options.strict = true; break;
      case '--quiet': case '-q': options.quiet = true; break;
      case '--no-diff': options.diff = false; break;
      case '--help': case '-h': return { help: true };
      case '--outdir':
        if (!argv[i + 1] || argv[i + 1].startsWith('-')) {
          return { error: '--outdir needs a folder' };
        }
        options.outdir = argv[++i];
        break;
      case '--compare':
        if (!argv[i + 1] || !argv[i + 2] || argv[i + 1].startsWith('-') || argv[i + 2].startsWith('-')) {
          return { error: '--compare needs two environments' };
        }
        options.compare = [argv[++i], argv[++i]];
        break;
      case '--drift':
        if (!argv[i + 1] || argv[i + 1].startsWith('-')) {
          return { error: '--drift needs a snapshot file or folder' };
        }
        options.drift = argv[++i];
        break;
      default:
        return { error: `unknown option "${arg}"` };
    }
  }
  if (options.check && options.secrets) {
    return { error: '--check compares the git output only; it cannot be combined with --secrets' };
  }
  return options;
}

/**
 * The synth command: parse `argv`, synthesize `project`, report, and write or
 * check the output. Returns the exit code; never prompts.
 */
export function runCli(project: Project<any>, argv: ReadonlyArray<string>, io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env }): ExitCode {
  const parsed = parseArgs(argv);
  if ('error' in parsed) {
    io.stderr.write(`synth: ${parsed.error}\n\n${USAGE}`);
    return ExitCode.USAGE;
  }
  if ('help' in parsed) {
    io.stdout.write(USAGE);
    return ExitCode.OK;
  }
  const options = parsed;
  if (options.compare) {
    return runCompare(project, options.compare[0], options.compare[1], io);
  }
  if (options.drift) {
    return runDrift(project, options.drift, io);
  }
  const colours = !!io.stdout.isTTY && !io.env.CI && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
  const s = style(colours);
  const outdir = options.outdir ?? io.env.CDK8S_OUTDIR ?? project.outdir;
  const started = performance.now();

  const result = project.synth({
    secrets: options.secrets,
    onProgress: options.quiet ? undefined : (r) => io.stdout.write(
      `${s.dim('synth')} ${`${r.environment}/${r.app}`.padEnd(36)} ${String(r.objects).padStart(6)} objects${r.secretObjects ? ` + ${r.secretObjects} secret` : ''}  ${r.milliseconds.toFixed(0).padStart(6)} ms${r.errors ? s.red(`  ${r.errors} error(s)`) : ''}${r.warnings ? s.yellow(`  ${r.warnings} warning(s)`) : ''}\n`,
    ),
  });
  const errors = result.findings.filter((f) => f.severity === 'error').length;
  const warnings = result.findings.length - errors;
  if (result.findings.length) {
    io.stderr.write(`${formatFindings(result.findings, s, options.strict)}\n\n`);
  }
  if (failsRun(result.findings, options.strict)) {
    const why = errors ? `${errors} error(s)` : `${warnings} warning(s) in strict mode`;
    io.stderr.write(s.red(`synth failed: ${why}${errors && warnings ? `, ${warnings} warning(s)` : ''}; ${outdir}/ was not changed\n`));
    return ExitCode.FAILED;
  }

  const current = readTree(outdir);
  const next = new Map(result.files.map((f) => [f.path, f.content]));
  const diff = diffTrees(current, next);
  const objects = result.reports.reduce((n, r) => n + r.objects, 0);
  const summary = `${result.files.length} files, ${objects} objects`;

  if (options.check) {
    if (isEmpty(diff)) {
      io.stdout.write(`${s.green('ok')}: ${outdir}/ is up to date (${summary})\n`);
      return ExitCode.OK;
    }
    io.stderr.write(`${formatDiff(diff, s)}\n`);
    io.stderr.write(s.red(`${outdir}/ is out of date: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed; run npm run synth and commit ${outdir}/\n`));
    return ExitCode.FAILED;
  }

  if (options.diff && !options.quiet) {
    io.stdout.write(isEmpty(diff) ? `no change against ${outdir}/\n` : `${formatDiff(diff, s)}\n`);
  }
  if (!isEmpty(diff)) {
    replaceTree(outdir, result.files);
  }
  if (options.secrets) {
    // Credentials: readable by the owner only.
    replaceTree(project.secretsOutdir, result.secretFiles, { fileMode: 0o600, dirMode: 0o700 });
  }
  if (!options.quiet) {
    const secretNote = options.secrets ? `; ${result.secretFiles.length} secret file(s) to ${project.secretsOutdir}/` : '';
    const what = isEmpty(diff) ? `${outdir}/ already up to date (${summary}), nothing rewritten` : `${s.green('wrote')} ${summary} to ${outdir}/`;
    io.stdout.write(`${what}${secretNote}${warnings ? `, ${warnings} warning(s)` : ''} in ${(performance.now() - started).toFixed(0)} ms\n`);
  }
  return ExitCode.OK;
}
