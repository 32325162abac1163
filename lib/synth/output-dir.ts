import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { processIsAlive } from '../private/process';

/** A file of the output, by its path relative to the output folder. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
  /**
   * Identity (`Kind namespace/name`) of each YAML document of `content`, in
   * order, when the writer knows them: lets the diff name new objects without
   * parsing what was just written.
   *
   * @default - the diff parses the file when it must name its objects
   */
  readonly objects?: ReadonlyArray<string>;

  /**
   * The value of each YAML document of `content`, in order, when the writer
   * still holds them: lets the diff compare the fields of a changed object
   * without parsing it back. Only the values `content` was written from,
   * JSON values that read back equal.
   *
   * @default - the diff parses the documents that changed
   */
  readonly documents?: ReadonlyArray<unknown>;
}

/**
 * Name of the file synth writes at the top of every folder it owns. Its
 * presence says "this folder is replaced as a whole by npm run synth".
 */
export const MARKER = '.synth-output';
const MARKER_TEXT = '# This folder is written by npm run synth (cdk8s-platform-kit) and replaced as a whole\n'
  + '# on every run: do not add files here, synth refuses to replace a folder holding files it did not write.\n';

const LABEL = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?';
/** Paths synth writes: `<folder>/<name>.k8s.yaml` and `<folder>/kustomization.yaml`. */
const LAYOUT = new RegExp(`^${LABEL}/(?:${LABEL}\\.k8s\\.yaml|kustomization\\.yaml)$`);

/** Why an output folder was not read or written. */
export type OutputErrorKind = 'io' | 'refused' | 'locked';

/**
 * A failure to read or write an output folder, with the path, what failed and
 * what to do. Nothing was half-replaced when it is thrown.
 */
export class OutputError extends Error {
  constructor(
    message: string,
    /** `io`: the file system failed; `refused`: synth will not touch the folder; `locked`: another synth holds it. */
    public readonly kind: OutputErrorKind,
    /** The path concerned. */
    public readonly path: string,
    /** The system error code (ENOSPC, EACCES...), for `io`. */
    public readonly code?: string,
  ) {
    super(message);
    this.name = 'OutputError';
  }
}

// What to do about each system error a write can meet.
const ADVICE: Record<string, string> = {
  ENOSPC: 'the disk is full: free some space and run again',
  EDQUOT: 'the disk quota is exhausted: free some space and run again',
  EACCES: 'permission denied: make the folder writable by this user (or run as its owner)',
  EPERM: 'operation not permitted: check the folder\'s owner, mode and attributes (chattr -i)',
  EROFS: 'the file system is read-only: choose another folder with --outdir',
  EBUSY: 'the path is in use (a mount point, or held open by another program): free it and run again',
  ENOTEMPTY: 'another program changed the folder at the same time: run again',
  EEXIST: 'another program changed the folder at the same time: run again',
  ENOTDIR: 'a file stands where a folder is expected: move it away',
  EISDIR: 'a folder stands where a file is expected: move it away',
  EMFILE: 'too many open files: raise the limit (ulimit -n) and run again',
  ENFILE: 'too many open files on the system: run again later',
  EIO: 'the disk reported an input/output error: check the disk',
  ENAMETOOLONG: 'a path is too long: choose a shorter --outdir',
  ELOOP: 'too many symbolic links in the path: fix the links',
  EXDEV: 'the staging folder is on another file system than the output: choose another --outdir',
};

/** Run `action` on `target`, turning a system error into an `OutputError` that says what to do. */
function attempt<T>(what: string, target: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw asOutputError(error, what, target);
  }
}

function asOutputError(error: unknown, what: string, target: string): OutputError {
  if (error instanceof OutputError) {
    return error;
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string') {
    throw error;
  }
  const advice = ADVICE[code] ?? 'check the path and the disk, then run again';
  return new OutputError(`cannot ${what} ${target}: ${code}; ${advice}`, 'io', target, code);
}

function exists(target: string): boolean {
  try {
    fs.lstatSync(target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return false;
    }
    throw asOutputError(error, 'inspect', target);
  }
}

/**
 * Remove `target` and all it holds, depth first. Not fs.rmSync: on a failure
 * it names the folder it was working on and, when unlink fails with EPERM,
 * retries rmdir and reports ENOTDIR; this names the entry that could not be
 * removed and the system's own reason.
 */
function remove(target: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return;
    }
    throw asOutputError(error, 'inspect', target);
  }
  if (stat.isDirectory()) {
    for (const entry of attempt('read the folder', target, () => fs.readdirSync(target))) {
      remove(path.join(target, entry));
    }
    removeEntry('remove the folder', target, () => fs.rmdirSync(target));
  } else {
    removeEntry('remove', target, () => fs.unlinkSync(target));
  }
}

function removeEntry(what: string, target: string, action: () => void): void {
  try {
    action();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code === 'ENOENT') {
      return;
    }
    if (code === 'EACCES' || code === 'EPERM') {
      // Removing an entry needs write access to its folder (and no immutable flag on either).
      const parent = path.dirname(target);
      throw new OutputError(`cannot ${what} ${target}: ${code}; its folder ${parent} is not writable by this user `
        + `or ${code === 'EPERM' ? 'is' : 'may be'} marked immutable: chmod u+w ${parent} (or chattr -i) and run again`, 'io', target, code);
    }
    throw asOutputError(error, what, target);
  }
}

/**
 * Remove a tree that is no longer needed (the previous output, a leftover
 * staging). Its failure leaves the output correct, so it is a warning, not an
 * error: the tree is moved aside into the work folder (when it can be) and
 * the next run tries again. Returns the warning.
 */
function discard(target: string, workDir: string): string | undefined {
  try {
    remove(target);
    return undefined;
  } catch (error) {
    if (!(error instanceof OutputError)) {
      throw error;
    }
    let where = target;
    if (!path.basename(target).startsWith(TRASH)) {
      const aside = path.join(workDir, `${TRASH}${process.pid}-${Date.now()}`);
      try {
        fs.renameSync(target, aside);
        where = aside;
      } catch {
        // Left where it is: the next run's recover() tries again.
      }
    }
    return `could not remove the previous tree, left in ${where} (the output itself is complete): ${error.message}; `
      + `the next run tries again, or remove it yourself (chmod -R u+w ${where} && rm -rf ${where})`;
  }
}

/** How long an empty lock file counts as held: its creator may not have written its owner yet. */
const LOCK_GRACE_MS = 2000;

/** Prefix of the trees `discard` could not remove, in the work folder. */
const TRASH = 'trash-';

/** Sleep without an event loop: synth is synchronous from start to end. */
function sleep(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

function inode(target: string): number {
  return attempt('inspect', target, () => fs.lstatSync(target)).ino;
}

/**
 * Node has no renameat2(RENAME_EXCHANGE), and no maintained npm package
 * exposes it without a native build; Python's ctypes reaches the C library's
 * renameat2 in one short process. Used when there (Linux, glibc 2.28+, a file
 * system that supports the flag: ext4, xfs, btrfs, tmpfs); any failure means
 * "not available" and the caller falls back to two renames.
 */
let exchangeUnavailable = process.platform !== 'linux';
const EXCHANGE_SCRIPT = [
  'import ctypes, os, sys',
  'libc = ctypes.CDLL(None, use_errno=True)',
  'f = getattr(libc, "renameat2", None)',
  'sys.exit(3 if f is None else (0 if f(-100, os.fsencode(sys.argv[1]), -100, os.fsencode(sys.argv[2]), 2) == 0 else 4))',
].join('\n');

function exchangeFolders(a: string, b: string): boolean {
  if (exchangeUnavailable) {
    return false;
  }
  for (const python of ['/usr/bin/python3', 'python3']) {
    const result = spawnSync(python, ['-I', '-S', '-c', EXCHANGE_SCRIPT, a, b], { stdio: 'ignore' });
    if (result.status === 0) {
      return true;
    }
    if (!result.error) {
      // Python ran but the exchange failed (no renameat2, or the file system refuses it).
      break;
    }
  }
  exchangeUnavailable = true;
  return false;
}

/** The text of one file of an output folder; an OutputError (exit 3) when it cannot be read. */
export function readOutputFile(dir: string, relative: string): string {
  const full = path.join(dir, relative);
  return attempt('read', full, () => fs.readFileSync(full, 'utf-8'));
}

/** The files of `dir` (recursively), by relative path; empty when it does not exist. */
export function readTree(dir: string): Map<string, string> {
  return scanTree(dir).files;
}

/** Something in an output folder that synth did not write. */
export interface StrayEntry {
  /** Relative to the output folder. */
  readonly path: string;
  /** What it is, as the user would say it: `file`, `symbolic link -> target`, `socket`... */
  readonly what: string;
}

/** What an output folder holds, read without following any link. */
export interface TreeScan {
  /** Files synth writes (its layout), by relative path; the marker is left out. */
  readonly files: Map<string, string>;
  /** Files, links and the like synth would not write. */
  readonly stray: StrayEntry[];
  /** Whether the folder carries synth's marker. */
  readonly marked: boolean;
  readonly exists: boolean;
}

/**
 * Read an output folder: the files of synth's layout, and everything else as
 * stray (symbolic links are reported, never followed). Without `contents`,
 * only the names are read (the files map to '').
 */
export function scanTree(dir: string, options: { readonly contents?: boolean } = {}): TreeScan {
  const contents = options.contents ?? true;
  const files = new Map<string, string>();
  const stray: StrayEntry[] = [];
  let marked = false;
  const walk = (relative: string) => {
    const absolute = path.join(dir, relative);
    const entries = attempt('read the folder', absolute, () => fs.readdirSync(absolute, { withFileTypes: true }));
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      const full = path.join(dir, child);
      if (entry.isSymbolicLink()) {
        const target = attempt('read the link', full, () => fs.readlinkSync(full));
        stray.push({ path: child, what: `symbolic link -> ${target}` });
      } else if (entry.isDirectory()) {
        walk(child);
      } else if (!entry.isFile()) {
        stray.push({ path: child, what: 'special file (not a regular file)' });
      } else if (child === MARKER) {
        marked = true;
      } else if (LAYOUT.test(child)) {
        files.set(child, contents ? attempt('read', full, () => fs.readFileSync(full, 'utf-8')) : '');
      } else {
        stray.push({ path: child, what: 'file synth does not write' });
      }
    }
  };
  const present = exists(dir);
  if (present) {
    const stat = attempt('inspect', dir, () => fs.lstatSync(dir));
    if (stat.isDirectory()) {
      walk('');
    }
  }
  return { files, stray, marked, exists: present };
}

/** Options of an `OutputFolder`. */
export interface OutputFolderOptions {
  /**
   * Credentials: staged and written readable by the owner only (folders
   * 0700, files 0600), and only where git ignores them.
   *
   * @default false
   */
  readonly secret?: boolean;

  /**
   * The project's folder (where package.json is): never written, nor any of
   * its parents.
   *
   * @default process.cwd()
   */
  readonly projectRoot?: string;

  /**
   * How long to wait for another synth writing the same folder (it holds
   * the lock for its whole run, build included).
   *
   * @default 120000
   */
  readonly lockWaitMs?: number;

  /**
   * Swap the old and new trees in one atomic step (Linux renameat2
   * RENAME_EXCHANGE) when the system offers it; otherwise, or when false,
   * two renames guarded by the journal.
   *
   * @default true
   */
  readonly exchange?: boolean;
}

/**
 * An output folder synth owns and replaces as a whole. Beside it, in the same
 * parent (so that renames never cross file systems), a work folder
 * `.<name>.synth/` holds a `.gitignore` of `*` (written first, so git never
 * sees what it holds), the lock, the staged tree `new/`, the previous tree
 * `old/` while it is swapped out, and the journal that makes the swap
 * recoverable.
 */
export class OutputFolder {
  /** Absolute path of the folder. */
  public readonly dir: string;
  /** The work folder beside it. */
  public readonly workDir: string;
  /** Folders of the tree being staged (between beginStage and endStage). */
  private stagedDirs?: Set<string>;
  private readonly secret: boolean;
  private readonly projectRoot: string;
  private readonly lockWaitMs: number;
  private readonly exchange: boolean;
  private locked = false;
  /** Whether this run created the work folder (removed again when the run writes nothing). */
  private madeWorkDir = false;
  /** The outermost folder this run created to hold the work folder (`--outdir a/b/dist` in an empty `a`). */
  private madeParent?: string;

  constructor(dir: string, options: OutputFolderOptions = {}) {
    this.dir = path.resolve(dir);
    this.secret = options.secret ?? false;
    this.projectRoot = path.resolve(options.projectRoot ?? process.cwd());
    this.lockWaitMs = options.lockWaitMs ?? 120_000;
    this.exchange = options.exchange ?? true;
    this.workDir = path.join(path.dirname(this.dir), `.${path.basename(this.dir).replace(/^\.+/, '')}.synth`);
  }

  private get staged(): string { return path.join(this.workDir, 'new'); }
  private get previous(): string { return path.join(this.workDir, 'old'); }
  private get journal(): string { return path.join(this.workDir, 'journal'); }
  private get lockFile(): string { return path.join(this.workDir, 'lock'); }

  /**
   * Refuse a folder synth must not replace: the project folder or one of its
   * parents, a folder holding `.git` or `package.json`, a symbolic link, a
   * file. Reads only.
   */
  public checkSafe(): void {
    const { dir } = this;
    const root = this.projectRoot;
    if (dir === root || root.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep)) {
      throw new OutputError(`refusing to replace ${dir}: it is the project folder or one of its parents; `
        + 'synth replaces its output folder as a whole, so give it a folder of its own (such as dist)', 'refused', dir);
    }
    if (!exists(dir)) {
      return;
    }
    const stat = attempt('inspect', dir, () => fs.lstatSync(dir));
    if (stat.isSymbolicLink()) {
      const target = attempt('read the link', dir, () => fs.readlinkSync(dir));
      throw new OutputError(`refusing to replace ${dir}: it is a symbolic link (-> ${target}); synth replaces the folder `
        + 'as a whole with a rename, which would replace the link, not its target; point --outdir at the target, or remove the link', 'refused', dir);
    }
    if (!stat.isDirectory()) {
      throw new OutputError(`refusing to replace ${dir}: it is a file, not a folder; move it away or choose another --outdir`, 'refused', dir);
    }
    for (const sign of ['.git', 'package.json']) {
      if (exists(path.join(dir, sign))) {
        throw new OutputError(`refusing to replace ${dir}: it holds ${sign}, so it is a project or a repository, not an output folder; `
          + 'choose a folder of its own with --outdir', 'refused', dir);
      }
    }
  }

  /**
   * Refuse to replace a folder holding anything synth did not write (listed).
   * A folder without the marker whose files all follow synth's layout (the
   * output of an older version) is adopted.
   */
  public checkOwned(scan: TreeScan): void {
    if (scan.stray.length) {
      const list = scan.stray.map((s) => `  ${s.path}  (${s.what})`).join('\n');
      throw new OutputError(`refusing to replace ${this.dir}: it holds ${scan.stray.length} thing(s) synth did not write, `
        + `which replacing the folder would delete:\n${list}\nmove them out of the folder (synth owns all of it) and run again`, 'refused', this.dir);
    }
  }

  /**
   * Refuse a secrets folder that git would not ignore (asks `git
   * check-ignore` about every file to write). Returns a note when git cannot
   * tell (no repository, no git): then nothing can stage the files anyway.
   */
  public checkIgnored(files: ReadonlyArray<OutputFile>): string | undefined {
    const relative = [MARKER, ...files.map((f) => f.path)].map((f) => path.relative(this.projectRoot, path.join(this.dir, f)));
    const result = spawnSync('git', ['check-ignore', '--stdin', '-z'], { cwd: this.projectRoot, input: relative.join('\0'), encoding: 'utf-8' });
    if (result.error || (result.status !== 0 && result.status !== 1)) {
      const why = result.error ? `git could not be run (${(result.error as NodeJS.ErrnoException).code})` : (result.stderr || '').trim().split('\n')[0];
      return `cannot ask git whether ${this.dir} is ignored (${why}); writing it anyway, readable by its owner only: `
        + 'outside a git repository nothing stages it, but add it to .gitignore before you make this folder a repository';
    }
    const ignored = new Set(result.stdout.split('\0').filter(Boolean));
    const exposed = relative.filter((f) => !ignored.has(f));
    if (exposed.length) {
      throw new OutputError(`refusing to write credentials to ${this.dir}: git does not ignore ${exposed.slice(0, 5).join(', ')}`
        + `${exposed.length > 5 ? ` and ${exposed.length - 5} more` : ''}, so git add would stage them; `
        + `add "${path.relative(this.projectRoot, this.dir)}/" to .gitignore (and git rm --cached any tracked file)`, 'refused', this.dir);
    }
    return undefined;
  }

  /**
   * Take the folder's lock (a file holding pid and host). It appears with
   * its content, never empty: written to a temporary file, then hard-linked
   * into place, which fails if a lock is there (O_EXCL semantics). Waits up
   * to `lockWaitMs` for another synth; a lock whose process is dead (same
   * host) is stale and taken over.
   */
  public lock(): void {
    if (this.locked) {
      return;
    }
    this.prepareWorkDir();
    const deadline = Date.now() + this.lockWaitMs;
    const owner = `${process.pid} ${os.hostname()}\n`;
    let remade = 0;
    for (let tries = 0; ; tries++) {
      try {
        this.createLock(owner);
        this.locked = true;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' && (Date.now() < deadline || remade++ < 3)) {
          // The run that held the lock withdrew and took its work folder with it (withdraw()): make ours.
          this.prepareWorkDir();
          continue;
        }
        if (code !== 'EEXIST') {
          throw asOutputError(error, 'create the lock file', this.lockFile);
        }
      }
      if (this.locked) {
        // Taken after a wait: the folder may have been made anew by a run that withdrew, or by one killed
        // before it wrote the .gitignore. Under the lock, before anything is staged, make sure git ignores it.
        if (tries > 0) {
          try {
            this.prepareWorkDir();
          } catch (error) {
            this.unlock();
            throw error;
          }
        }
        return;
      }
      const holder = this.lockHolder();
      if (holder.stale) {
        remove(this.lockFile);
        continue;
      }
      if (Date.now() >= deadline) {
        throw new OutputError(`another synth (${holder.description}) is writing ${this.dir}; waited ${this.lockWaitMs} ms for it: `
          + `run again when it is done, or delete ${this.lockFile} if no synth is running`, 'locked', this.lockFile);
      }
      sleep(50);
    }
  }

  /** Put the lock in place with its content, or throw EEXIST. */
  private createLock(owner: string): void {
    const temporary = `${this.lockFile}.${process.pid}.tmp`;
    attempt('create the lock file', temporary, () => fs.writeFileSync(temporary, owner, { mode: 0o644 }));
    try {
      fs.linkSync(temporary, this.lockFile);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') {
        throw error;
      }
      // A file system without hard links: O_EXCL create, then write (an empty lock is given a grace period).
      const fd = fs.openSync(this.lockFile, 'wx', 0o644);
      try {
        fs.writeSync(fd, owner);
      } finally {
        fs.closeSync(fd);
      }
    } finally {
      try {
        fs.unlinkSync(temporary);
      } catch {
        // Removed by recover() otherwise.
      }
    }
  }

  private lockHolder(): { stale: boolean; description: string } {
    let text: string;
    try {
      text = fs.readFileSync(this.lockFile, 'utf-8');
    } catch {
      // Released between our attempt and this read: try again at once.
      return { stale: false, description: 'a process that just finished' };
    }
    const [pid, host] = text.trim().split(' ');
    const description = `pid ${pid} on ${host}`;
    if (!pid || host === undefined) {
      // Empty or partial: a synth on a file system without hard links between creating the lock and
      // writing its owner (held), or one killed there (stale once it is a few seconds old).
      let age = Infinity;
      try {
        age = Date.now() - fs.statSync(this.lockFile).mtimeMs;
      } catch {
        return { stale: false, description: 'a process that just finished' };
      }
      return { stale: age > LOCK_GRACE_MS, description: 'a process that is just starting (empty lock file)' };
    }
    if (host !== os.hostname()) {
      return { stale: false, description };
    }
    return { stale: !processIsAlive(Number(pid)), description };
  }

  /** Whether a run ever worked here (the work folder exists): only then can there be anything to recover. */
  public hasWorkDir(): boolean {
    return exists(this.workDir);
  }

  /** Whether a committed replacement waits to be finished. */
  public hasJournal(): boolean {
    return exists(this.journal);
  }

  /** Release the lock (if held). */
  public unlock(): void {
    if (this.locked) {
      this.locked = false;
      try {
        fs.unlinkSync(this.lockFile);
      } catch {
        // Gone already; a stale lock is taken over by the next run anyway.
      }
    }
  }

  /**
   * Finish or undo what a killed run left: a journal means every file was
   * staged, so the swap is completed (roll forward); without one, the staged
   * tree is incomplete and removed. Also removes the staging folders of
   * older versions, and retries the removal of trees an earlier run could
   * not remove (a failure there is a warning: the output is complete). Needs
   * the lock. Returns what it did and such warnings, one per line, if any.
   */
  public recover(): string | undefined {
    if (!exists(this.workDir)) {
      this.removeLegacyLeftovers();
      return undefined;
    }
    let note: string | undefined;
    const notes: Array<string | undefined> = [];
    if (exists(this.journal)) {
      // The journal names the staged tree by inode: wherever that tree is now tells how far the swap got.
      const staged = this.journalInode();
      if (!(exists(this.dir) && inode(this.dir) === staged) && exists(this.staged) && inode(this.staged) === staged) {
        if (exists(this.dir)) {
          notes.push(discard(this.previous, this.workDir));
          attempt('move aside', this.dir, () => fs.renameSync(this.dir, this.previous));
        }
        attempt('move into place', this.staged, () => fs.renameSync(this.staged, this.dir));
      }
      attempt('remove', this.journal, () => fs.unlinkSync(this.journal));
      note = `finished the replacement of ${this.dir} that an interrupted run had staged in full`;
    } else if (exists(this.staged) || exists(this.previous)) {
      note = `removed the incomplete staging of an interrupted run (${this.dir} is as it was)`;
    }
    notes.push(discard(this.staged, this.workDir), discard(this.previous, this.workDir));
    remove(`${this.journal}.tmp`);
    const lockTemporary = new RegExp(`^${path.basename(this.lockFile).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.([0-9]+)\\.tmp$`);
    for (const name of attempt('read the folder', this.workDir, () => fs.readdirSync(this.workDir))) {
      if (name.startsWith(TRASH)) {
        notes.push(discard(path.join(this.workDir, name), this.workDir));
      }
      // The lock a run killed while taking it was writing (createLock): a live run holds its own for microseconds.
      const taking = lockTemporary.exec(name);
      if (taking && !processIsAlive(Number(taking[1]))) {
        remove(path.join(this.workDir, name));
      }
    }
    this.removeLegacyLeftovers();
    const all = [note, ...notes].filter((n): n is string => !!n);
    return all.length ? all.join('\n') : undefined;
  }

  private journalInode(): number | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.journal, 'utf-8')).inode;
    } catch {
      return undefined;
    }
  }

  // Versions before the work folder staged in `.<name>.new-XXXXXX` siblings.
  private removeLegacyLeftovers(): void {
    const parent = path.dirname(this.dir);
    const base = path.basename(this.dir);
    const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Staging folders of older versions, and work folders a withdrawing run could not delete.
    const legacy = new RegExp(`^\\.${escaped}(?:\\.new-[A-Za-z0-9]{6}(?:\\.old)?|\\.synth\\.withdrawn-[0-9]+)$`);
    let names: string[];
    try {
      names = fs.readdirSync(parent);
    } catch {
      return;
    }
    for (const name of names.filter((n) => legacy.test(n))) {
      remove(path.join(parent, name));
    }
  }

  /** Create the work folder: secret ones 0700 from their creation; `.gitignore` first. */
  private prepareWorkDir(): void {
    const parent = path.dirname(this.dir);
    for (let attempts = 0; ; attempts++) {
      const madeParent = attempt('create', parent, () => fs.mkdirSync(parent, { recursive: true }));
      this.madeParent ??= madeParent;
      try {
        fs.mkdirSync(this.workDir, { mode: this.secret ? 0o700 : 0o777 });
        this.madeWorkDir = true;
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') {
          break;
        }
        // A run that withdrew removed the (empty) parent it had made, between our two mkdirs: again.
        if (code !== 'ENOENT' || attempts >= 3) {
          throw asOutputError(error, 'create', this.workDir);
        }
      }
    }
    if (this.secret) {
      attempt('restrict', this.workDir, () => fs.chmodSync(this.workDir, 0o700));
    }
    const ignore = path.join(this.workDir, '.gitignore');
    const text = '# work folder of npm run synth (lock, staging, journal): git ignores all of it\n*\n';
    let current: string | undefined;
    try {
      current = fs.readFileSync(ignore, 'utf-8');
    } catch {
      current = undefined;
    }
    if (current !== text) {
      attempt('write', ignore, () => fs.writeFileSync(ignore, text));
    }
  }

  /** Write `files` (and the marker) to the staged tree. Needs the lock. */
  public stage(files: Iterable<OutputFile>): void {
    this.beginStage();
    for (const file of files) {
      this.stageFile(file);
    }
    this.endStage();
  }

  /**
   * Start a staged tree (with the marker) to which `stageFile` adds files one
   * at a time, so that a run never holds the whole output in memory; finish
   * with `endStage`, or drop it with `abort`. Needs the lock.
   */
  public beginStage(): void {
    remove(this.staged);
    this.stagedDirs = new Set<string>();
    this.writeStaged(MARKER, MARKER_TEXT);
  }

  /** Add one file to the tree `beginStage` started. */
  public stageFile(file: OutputFile): void {
    if (!LAYOUT.test(file.path)) {
      throw new OutputError(`refusing to write ${file.path}: not a path of synth's layout (<folder>/<name>.k8s.yaml)`, 'refused', file.path);
    }
    this.writeStaged(file.path, file.content);
  }

  private writeStaged(relative: string, content: string): void {
    const made = this.stagedDirs;
    if (!made) {
      throw new Error(`stageFile(${relative}) without beginStage()`);
    }
    const dirMode = this.secret ? 0o700 : 0o777;
    const fileMode = this.secret ? 0o600 : 0o666;
    const destination = path.join(this.staged, relative);
    for (const dir of [this.staged, path.dirname(destination)]) {
      if (!made.has(dir)) {
        attempt('create', dir, () => fs.mkdirSync(dir, { recursive: true, mode: dirMode }));
        made.add(dir);
      }
    }
    attempt('write', destination, () => fs.writeFileSync(destination, content, { mode: fileMode }));
    if (this.secret) {
      // The process umask may only narrow a mode; credentials get exactly 0600.
      attempt('restrict', destination, () => fs.chmodSync(destination, fileMode));
    }
  }

  /** Finish the tree `beginStage` started: it can now be committed. */
  public endStage(): void {
    if (this.secret) {
      for (const dir of this.stagedDirs ?? []) {
        attempt('restrict', dir, () => fs.chmodSync(dir, 0o700));
      }
    }
    this.stagedDirs = undefined;
  }

  /**
   * The commit point: from here on the staged tree is complete, and a run
   * killed before `swap` ends is completed by the next run's `recover`.
   */
  public commit(): void {
    const temporary = `${this.journal}.tmp`;
    const record = { replace: this.dir, with: this.staged, inode: inode(this.staged) };
    attempt('write', temporary, () => fs.writeFileSync(temporary, `${JSON.stringify(record)}\n`));
    attempt('write', this.journal, () => fs.renameSync(temporary, this.journal));
  }

  /**
   * Put the staged tree in place of the folder: two renames (the old tree
   * out, the new one in); on an error the old tree is put back. Once the new
   * tree is in place, a failure to remove the old one is returned as a
   * warning, not thrown: the output is replaced, the next run retries.
   */
  public swap(): string | undefined {
    const hadOld = exists(this.dir);
    if (hadOld && this.exchange && exchangeFolders(this.staged, this.dir)) {
      // One atomic step: the folder never stops existing. `new/` now holds the old tree.
      attempt('remove', this.journal, () => fs.unlinkSync(this.journal));
      return discard(this.staged, this.workDir);
    }
    if (hadOld) {
      discard(this.previous, this.workDir);
      try {
        fs.renameSync(this.dir, this.previous);
      } catch (error) {
        this.abort();
        throw asOutputError(error, 'move aside', this.dir);
      }
    }
    try {
      fs.renameSync(this.staged, this.dir);
    } catch (error) {
      if (hadOld) {
        try {
          fs.renameSync(this.previous, this.dir);
        } catch {
          // The journal stays: the next run finishes the replacement.
          throw asOutputError(error, 'move into place', this.dir);
        }
      }
      this.abort();
      throw asOutputError(error, 'move into place', this.dir);
    }
    attempt('remove', this.journal, () => fs.unlinkSync(this.journal));
    return discard(this.previous, this.workDir);
  }

  /**
   * When a run writes nothing (validation failed, or synth refused):
   * drop what it staged, release the lock, and remove the work folder (and
   * the folders above it) if this run made them, so that the project is as
   * the run found it. The work folder is moved away while the lock is held,
   * in one rename: a synth waiting for the lock then makes a fresh one
   * (lock() retries), never one without its `.gitignore`. Best effort.
   */
  public withdraw(): void {
    if (!this.locked) {
      // Another run may own what is staged there: nothing of ours to drop.
      return;
    }
    this.abort();
    if (!this.madeWorkDir) {
      this.unlock();
      return;
    }
    const away = `${this.workDir}.withdrawn-${process.pid}`;
    try {
      fs.renameSync(this.workDir, away);
    } catch {
      this.unlock();
      return;
    }
    // The lock went with the folder.
    this.locked = false;
    this.madeWorkDir = false;
    try {
      fs.rmSync(away, { recursive: true, force: true });
    } catch {
      // It holds no output; the next run's recover() removes it.
    }
    const top = this.madeParent;
    for (let dir = path.dirname(this.dir); top && dir.length >= top.length; dir = path.dirname(dir)) {
      try {
        fs.rmdirSync(dir);
      } catch {
        // Not empty (someone else writes there now), or gone: leave it.
        break;
      }
    }
    this.madeParent = undefined;
  }

  /** Drop the staged tree and the journal: the folder stays as it was. Best effort. */
  public abort(): void {
    this.stagedDirs = undefined;
    for (const target of [this.journal, `${this.journal}.tmp`, this.staged]) {
      try {
        fs.rmSync(target, { recursive: true, force: true });
      } catch {
        // The next run's recover() removes what is left.
      }
    }
  }
}

/** One folder to replace and its new files. */
export interface Replacement {
  readonly folder: OutputFolder;
  /**
   * The new files.
   *
   * @default - already staged with `beginStage`/`stageFile`/`endStage`
   */
  readonly files?: Iterable<OutputFile>;
}

/**
 * Replace each folder with its files: every tree is staged and committed
 * before any folder is replaced, so a failure while writing leaves every
 * folder as it was. The caller holds the locks. Returns warnings: old trees
 * that could not be removed once the new ones were in place.
 */
export function replaceAll(replacements: ReadonlyArray<Replacement>): string[] {
  const warnings: string[] = [];
  try {
    for (const { folder, files } of replacements) {
      if (files) {
        folder.stage(files);
      }
    }
    for (const { folder } of replacements) {
      folder.commit();
    }
  } catch (error) {
    for (const { folder } of replacements) {
      folder.abort();
    }
    throw error;
  }
  replacements.forEach(({ folder }, i) => {
    try {
      const warning = folder.swap();
      if (warning) {
        warnings.push(warning);
      }
    } catch (error) {
      for (const later of replacements.slice(i + 1)) {
        later.folder.abort();
      }
      if (i > 0 && error instanceof OutputError) {
        const done = replacements.slice(0, i).map((r) => r.folder.dir).join(', ');
        throw new OutputError(`${error.message} (${done} was already replaced)`, error.kind, error.path, error.code);
      }
      throw error;
    }
  });
  return warnings;
}

/**
 * Replace the whole of `dir` with `files` (plus the marker), or nothing at
 * all: checks, locks, recovers, stages, swaps, unlocks. Returns warnings
 * (what recovery did, old trees that could not be removed).
 */
export function replaceTree(dir: string, files: ReadonlyArray<OutputFile>, options: OutputFolderOptions = {}): string[] {
  const folder = new OutputFolder(dir, options);
  folder.checkSafe();
  // Refuse before the work folder is even made; checked again under the lock.
  folder.checkOwned(scanTree(folder.dir, { contents: false }));
  folder.lock();
  try {
    const recovered = folder.recover();
    folder.checkOwned(scanTree(folder.dir));
    return [...(recovered ? [recovered] : []), ...replaceAll([{ folder, files }])];
  } finally {
    folder.unlock();
  }
}
