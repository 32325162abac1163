import * as path from 'path';
import { failsRun } from '../validation/finding';
import { runCompare } from './compare';
import { isEmpty, TreeDiffer } from './diff';
import { OutputError, OutputFolder, readOutputFile, Replacement, replaceAll, scanTree } from './output-dir';
import { Project, StreamResult } from './project';
import { runDrift } from './drift';
import { tuneHeapForSynth } from './heap';
import { formatDiff, formatFindings, style, summarizeDiff } from './report';

/** Exit codes of the synth command. */
export enum ExitCode {
  /** Everything written (or, with `--check`, up to date). */
  OK = 0,
  /** Validation failed, or `--check` found `dist/` out of date. Nothing written. */
  FAILED = 1,
  /** The command line (or the project's definition) was wrong. Nothing done. */
  USAGE = 2,
  /** A file could not be read or written (disk full, permissions, read-only, busy), or another synth holds the output. Nothing replaced. */
  IO = 3,
  /** Synth refuses to replace the output folder (the project folder, not its own, stray files, secrets git would not ignore). Nothing touched. */
  REFUSED = 4,
}

/** Where the command prints and what it knows of its environment. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * The project's folder: never replaced, nor its parents; git is asked from there.
   *
   * @default process.cwd()
   */
  readonly cwd?: string;
}

interface CliOptions {
  check: boolean;
  quiet: boolean;
  strict: boolean;
  secrets: boolean;
  diff: boolean;
  outdir?: string;
  /** `--compare A B`: the two environments to compare. */
  compare?: [string, string];
  /** `--drift PATH`: the cluster snapshot to check. */
  drift?: string;
}

/** The options, as data: a flag sets a field, an option with a value reads the next argument. */
const OPTIONS: Record<string, { readonly set: (o: CliOptions, ...values: string[]) => void; readonly value?: string; readonly arity?: number }> = {
  '--check': { set: (o) => { o.check = true; } },
  '--secrets': { set: (o) => { o.secrets = true; } },
  '--strict': { set: (o) => { o.strict = true; } },
  '--quiet': { set: (o) => { o.quiet = true; } },
  '-q': { set: (o) => { o.quiet = true; } },
  '--no-diff': { set: (o) => { o.diff = false; } },
  '--outdir': { value: 'a folder', set: (o, v) => { o.outdir = v; } },
  '--compare': { value: 'two environments', arity: 2, set: (o, a, b) => { o.compare = [a, b]; } },
  '--drift': { value: 'a snapshot file or folder', set: (o, v) => { o.drift = v; } },
};

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
                   (an option with one value also takes the form --outdir=DIR)
  --compare A B    write nothing; list what differs between environments A and B
                   (exit 0 same, 1 different, 2 unknown environment)
  --drift PATH     write nothing; compare with a cluster snapshot (kubectl get -o yaml
                   --show-managed-fields, a file or folder) (exit 0 no drift, 1 drift, 2 unreadable)
  --help, -h       print this help

exit codes: 0 ok, 1 validation failed or out of date, 2 usage error,
  3 read/write failed or another synth holds the output, 4 output folder refused (nothing touched)
`;

function parseArgs(argv: ReadonlyArray<string>): CliOptions | { help: true } | { error: string } {
  const options: CliOptions = { check: false, quiet: false, strict: false, secrets: false, diff: true };
  for (let i = 0; i < argv.length; i++) {
    const given = argv[i];
    if (given === '--help' || given === '-h') {
      return { help: true };
    }
    // `--outdir=dist` as well as `--outdir dist`.
    const equals = given.startsWith('--') ? given.indexOf('=') : -1;
    const arg = equals > 0 ? given.slice(0, equals) : given;
    const option = OPTIONS[arg];
    if (!option) {
      return { error: `unknown option "${given}"` };
    }
    if (equals > 0) {
      const value = given.slice(equals + 1);
      if (!option.value) {
        return { error: `${arg} takes no value` };
      }
      if ((option.arity ?? 1) !== 1) {
        return { error: `${arg} needs ${option.value}: give them as separate arguments` };
      }
      if (!value) {
        return { error: `${arg} needs ${option.value}` };
      }
      option.set(options, value);
    } else if (option.value) {
      const values = argv.slice(i + 1, i + 1 + (option.arity ?? 1));
      if (values.length < (option.arity ?? 1) || values.some((v) => !v || v.startsWith('-'))) {
        return { error: `${arg} needs ${option.value}` };
      }
      i += values.length;
      option.set(options, ...values);
    } else {
      option.set(options, '');
    }
  }
  const other = options.compare ? '--compare' : options.drift ? '--drift' : undefined;
  const combined = [options.check && '--check', options.secrets && '--secrets', options.outdir !== undefined && '--outdir', options.compare && options.drift && '--drift']
    .filter((o): o is string => !!o && o !== other);
  if (other && combined.length) {
    return { error: `${other} writes nothing and reads no output folder; it cannot be combined with ${combined.join(', ')}` };
  }
  if (options.check && options.secrets) {
    return { error: '--check compares the git output only; it cannot be combined with --secrets' };
  }
  return options;
}

/**
 * Whether cdk8s-cli runs us (`cdk8s synth`): it sets CDK8S_OUTDIR and
 * CDK8S_RECORD_CONSTRUCT_METADATA, after deleting that folder.
 */
function underCdk8sCli(env: CliIo['env']): boolean {
  return !!env.CDK8S_OUTDIR && env.CDK8S_RECORD_CONSTRUCT_METADATA !== undefined;
}

/**
 * The synth command: parse `argv`, synthesize the project, report, and write or
 * check the output. Give the project as a factory (`() => new Project(...)`)
 * so that a project defined wrongly is reported as a usage error (exit 2, one
 * message, no stack trace) rather than thrown before runCli runs. Returns
 * the exit code; never prompts, never throws on a file system error.
 */
export function runCli(
  define: Project<any> | (() => Project<any>),
  argv: ReadonlyArray<string>,
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): ExitCode {
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
  let project: Project<any>;
  try {
    project = typeof define === 'function' ? define() : define;
  } catch (error) {
    // A project defined wrongly (a bad name, a duplicate): nothing was built. Recognised by
    // name, since a bundle may hold a second copy of the class.
    if ((error as Error)?.name !== 'ProjectError') {
      throw error;
    }
    io.stderr.write(`synth: ${(error as Error).message}\n`);
    return ExitCode.USAGE;
  }
  if (options.compare) {
    return runCompare(project, options.compare[0], options.compare[1], io);
  }
  if (options.drift) {
    return runDrift(project, options.drift, io);
  }
  const colours = !!io.stdout.isTTY && !io.env.CI && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
  const s = style(colours);
  const cwd = io.cwd ?? process.cwd();
  // An empty CDK8S_OUTDIR= is unset, not the current folder.
  const outdir = options.outdir ?? (io.env.CDK8S_OUTDIR || undefined) ?? project.outdir;
  const lockWait = Number(io.env.SYNTH_LOCK_WAIT_MS ?? 'default');
  const lockWaitMs = Number.isFinite(lockWait) && lockWait >= 0 ? lockWait : undefined;
  // SYNTH_ATOMIC_EXCHANGE=off forces the journaled two-rename swap (tests of that path).
  const exchange = io.env.SYNTH_ATOMIC_EXCHANGE !== 'off';
  const output = new OutputFolder(path.resolve(cwd, outdir), { projectRoot: cwd, lockWaitMs, exchange });
  const secrets = new OutputFolder(path.resolve(cwd, project.secretsOutdir), { projectRoot: cwd, lockWaitMs, exchange, secret: true });
  // cdk8s.yaml runs us with --outdir dist and a scratch output of cdk8s-cli's own (which it deletes
  // first): dist/ is then replaced safely, and cdk8s-cli gets a copy to list and validate.
  const cdk8sCopy = underCdk8sCli(io.env) && path.resolve(cwd, io.env.CDK8S_OUTDIR!) !== output.dir
    ? new OutputFolder(path.resolve(cwd, io.env.CDK8S_OUTDIR!), { projectRoot: cwd, lockWaitMs })
    : undefined;
  const folders = [output, secrets, ...(cdk8sCopy ? [cdk8sCopy] : [])];
  // Set while the output's staged tree is this run's to drop: from the first staged file until it is
  // handed to replaceAll (which aborts or keeps it itself: a journal it leaves is the next run's to finish).
  let staging = false;
  try {
    return synthAndWrite();
  } catch (error) {
    if (staging) {
      output.abort();
    }
    if (!(error instanceof OutputError)) {
      throw error;
    }
    if (error.kind === 'refused') {
      // The output was locked and staged before the synth: a refusal still leaves everything as it was.
      folders.forEach((folder) => folder.withdraw());
    }
    io.stderr.write(s.red(`synth: ${error.message}\n`));
    return error.kind === 'refused' ? ExitCode.REFUSED : ExitCode.IO;
  } finally {
    if (options.check) {
      // A check writes nothing: the work folder it made for its lock (a fresh clone has none) goes with it.
      output.withdraw();
    }
    for (const folder of folders) {
      folder.unlock();
    }
  }

  function synthAndWrite(): ExitCode {
    // Refuse a dangerous folder before spending time on the synth.
    output.checkSafe();
    if (options.secrets) {
      secrets.checkSafe();
      if (output.dir === secrets.dir || secrets.dir.startsWith(output.dir + path.sep) || output.dir.startsWith(secrets.dir + path.sep)) {
        throw new OutputError(`refusing to write: the output folder ${output.dir} and the secrets folder ${secrets.dir} overlap; credentials would land in git`, 'refused', secrets.dir);
      }
    }
    // Finish or clean up what a killed run left, before anything is read or said about the folders.
    // The secrets folder only when asked for: a run without --secrets leaves it alone.
    for (const folder of options.secrets ? [output, secrets] : [output]) {
      if (folder.hasWorkDir() && lockForReading(folder)) {
        note(folder.recover());
        folder.unlock();
      }
    }
    if (!options.check) {
      // Refuse a folder holding what synth did not write before making anything beside it.
      output.checkOwned(scanTree(output.dir, { contents: false }));
      if (options.secrets) {
        secrets.checkOwned(scanTree(secrets.dir, { contents: false }));
      }
    }
    // From here on the output folder is ours: a second synth waits, and what a killed run left is finished first.
    if (options.check ? lockForReading(output) : (output.lock(), true)) {
      note(output.recover());
    }
    // The names only: each old file is read when its new version arrives, compared, and dropped.
    const current = scanTree(output.dir, { contents: false });
    if (!options.check) {
      output.checkOwned(current);
    }
    const differ = new TreeDiffer(current.files.keys(), (file) => readOutputFile(output.dir, file), current.stray);
    const written: string[] = [];
    const started = performance.now();
    // Each file is compared and staged as soon as its app is rendered, and dropped: the run holds one
    // app's output at a time. The staged tree (in the ignored work folder) replaces the output only
    // once every object is valid; otherwise it is removed, and the output is as it was.
    tuneHeapForSynth();
    let result: StreamResult;
    try {
      if (!options.check) {
        staging = true;
        output.beginStage();
      }
      result = project.stream({
        secrets: options.secrets,
        onFile: (file) => {
          differ.add(file.path, file);
          written.push(file.path);
          if (!options.check) {
            output.stageFile(file);
          }
        },
        onProgress: options.quiet ? undefined : (r) => io.stdout.write(
          `${s.dim('synth')} ${`${r.environment}/${r.app}`.padEnd(36)} ${String(r.objects).padStart(6)} objects${r.secretObjects ? ` + ${r.secretObjects} secret` : ''}  ${r.milliseconds.toFixed(0).padStart(6)} ms${r.errors ? s.red(`  ${r.errors} error(s)`) : ''}${r.warnings ? s.yellow(`  ${r.warnings} warning(s)`) : ''}\n`,
        ),
      });
      if (!options.check) {
        output.endStage();
      }
    } catch (error) {
      staging = false;
      if (!options.check) {
        output.abort();
      }
      throw error;
    }
    const errors = result.findings.filter((f) => f.severity === 'error').length;
    const warnings = result.findings.length - errors;
    if (result.findings.length) {
      io.stderr.write(`${formatFindings(result.findings, s, options.strict)}\n\n`);
    }
    if (failsRun(result.findings, options.strict)) {
      if (!options.check) {
        // Nothing written: the staged tree goes, and the work folder if this run made it.
        staging = false;
        output.withdraw();
      }
      const why = errors ? `${errors} error(s)` : `${warnings} warning(s) in strict mode`;
      io.stderr.write(s.red(`synth failed: ${why}${errors && warnings ? `, ${warnings} warning(s)` : ''}; ${untouched(outdir)}\n`));
      return ExitCode.FAILED;
    }
    const diff = differ.finish();
    const objects = result.reports.reduce((n, r) => n + r.objects, 0);
    const summary = `${result.fileCount} files, ${objects} objects`;

    if (options.check) {
      if (isEmpty(diff)) {
        io.stdout.write(`${s.green('ok')}: ${outdir}/ is up to date (${summary})\n`);
        return ExitCode.OK;
      }
      io.stderr.write(`${formatDiff(diff, s)}\n`);
      // npm run synth refuses a folder holding what it did not write: say what to do first.
      const todo = diff.stray.length
        ? `move the ${diff.stray.length} thing(s) synth did not write out of ${outdir}/ (or delete them), then run npm run synth and commit ${outdir}/`
        : `run npm run synth and commit ${outdir}/`;
      io.stderr.write(s.red(`${outdir}/ is out of date: ${summarizeDiff(diff)}; ${todo}\n`));
      return ExitCode.FAILED;
    }

    const replacements: Replacement[] = [];
    if (options.secrets) {
      // A refusal touches nothing: asked before the secrets' work folder is made.
      const warning = secrets.checkIgnored(result.secretFiles);
      if (warning) {
        io.stderr.write(s.yellow(`synth: ${warning}\n`));
      }
      secrets.lock();
      note(secrets.recover());
      secrets.checkOwned(scanTree(secrets.dir));
      // Credentials first: if anything fails before dist/ is replaced, dist/ is as it was.
      replacements.push({ folder: secrets, files: result.secretFiles });
    }
    const rewrite = !isEmpty(diff) || !current.marked;
    if (rewrite) {
      replacements.push({ folder: output });
    } else {
      output.abort();
    }
    if (options.diff && !options.quiet) {
      io.stdout.write(isEmpty(diff) ? `no change against ${outdir}/\n` : `${formatDiff(diff, s)}\n`);
    }
    // Handed over: replaceAll drops what it cannot finish, or leaves a journal for the next run.
    staging = false;
    // The output is in place: an old tree left behind is a warning, and the next run retries.
    replaceAll(replacements).forEach(note);
    if (cdk8sCopy) {
      cdk8sCopy.checkSafe();
      cdk8sCopy.lock();
      note(cdk8sCopy.recover());
      cdk8sCopy.checkOwned(scanTree(cdk8sCopy.dir));
      const copies = written.map((file) => ({ path: file, content: readOutputFile(output.dir, file) }));
      replaceAll([{ folder: cdk8sCopy, files: copies }]).forEach(note);
    }
    if (!options.quiet) {
      const secretNote = options.secrets ? `; ${result.secretFiles.length} secret file(s) to ${project.secretsOutdir}/` : '';
      const what = rewrite ? `${s.green('wrote')} ${summary} to ${outdir}/` : `${outdir}/ already up to date (${summary}), nothing rewritten`;
      io.stdout.write(`${what}${secretNote}${warnings ? `, ${warnings} warning(s)` : ''} in ${(performance.now() - started).toFixed(0)} ms\n`);
    }
    return ExitCode.OK;
  }

  /**
   * Take a folder's lock; with --check on a folder this user cannot write
   * (a read-only checkout), read without it, unless a killed run's journal
   * waits there (then the folder cannot be read as it is: exit 3).
   */
  function lockForReading(folder: OutputFolder): boolean {
    try {
      folder.lock();
      return true;
    } catch (error) {
      if (options.check && error instanceof OutputError && error.kind === 'io' && !folder.hasJournal()) {
        return false;
      }
      throw error;
    }
  }

  function note(text: string | undefined): void {
    for (const line of text ? text.split('\n') : []) {
      io.stderr.write(s.yellow(`synth: ${line}\n`));
    }
  }

  // What became of the output folder when nothing was written: cdk8s-cli deletes it before running us.
  function untouched(folder: string): string {
    if (underCdk8sCli(io.env) && path.resolve(cwd, io.env.CDK8S_OUTDIR!) === output.dir) {
      return `nothing written; cdk8s synth had already deleted ${folder}/ before running synth: run npm run synth to restore it`;
    }
    return `${folder}/ was not changed`;
  }
}
