import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { MARKER, OutputError, OutputFolder, readTree, replaceTree, scanTree } from '../../lib/synth/output-dir';
import { tempDir as makeTempDir } from '../jest/temp';

// The module object itself, whose functions the code under test looks up at each call: spied on to inject faults.
const nodeFs: typeof fs = jest.requireActual('fs');

const temps: string[] = [];
afterEach(() => {
  jest.restoreAllMocks();
  for (const dir of temps.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A fresh folder standing for the project; the output goes to `<it>/dist`. */
function tempDir(): string {
  return makeTempDir('output-dir-');
}

const FILES = [{ path: 'dev/a.k8s.yaml', content: 'a: 1\n' }, { path: 'prd/b.k8s.yaml', content: 'b: 1\n' }];

/** What an error thrown by `action` is. */
function caught(action: () => unknown): OutputError {
  try {
    action();
  } catch (error) {
    if (error instanceof OutputError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected an OutputError');
}

describe('replaceTree', () => {
  test('writes nested files and the marker, and replaces the whole folder', () => {
    const root = tempDir();
    const dir = path.join(root, 'dist');
    replaceTree(dir, FILES, { projectRoot: root });
    replaceTree(dir, [{ path: 'dev/c.k8s.yaml', content: 'c' }], { projectRoot: root });
    expect(readTree(dir)).toEqual(new Map([['dev/c.k8s.yaml', 'c']]));
    expect(fs.existsSync(path.join(dir, MARKER))).toBe(true);
    // Only the work folder is left beside it, holding nothing but its .gitignore.
    expect(fs.readdirSync(root).sort()).toEqual(['.dist.synth', 'dist']);
    expect(fs.readdirSync(path.join(root, '.dist.synth'))).toEqual(['.gitignore']);
    expect(fs.readFileSync(path.join(root, '.dist.synth/.gitignore'), 'utf-8')).toMatch(/^\*$/m);
  });

  test.each([true, false])('replaces with the atomic exchange (%s) or the journaled renames alike', (exchange) => {
    const root = tempDir();
    const dir = path.join(root, 'dist');
    replaceTree(dir, FILES, { projectRoot: root, exchange });
    replaceTree(dir, [FILES[0]], { projectRoot: root, exchange });
    expect([...readTree(dir).keys()]).toEqual(['dev/a.k8s.yaml']);
    expect(fs.readdirSync(path.join(root, '.dist.synth'))).toEqual(['.gitignore']);
  });

  test('adopts a folder of an older version: no marker, only files of synth\'s layout', () => {
    const root = tempDir();
    const dir = path.join(root, 'dist');
    fs.mkdirSync(path.join(dir, 'dev'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dev/old.k8s.yaml'), 'x');
    fs.writeFileSync(path.join(dir, 'dev/kustomization.yaml'), 'y');
    replaceTree(dir, FILES, { projectRoot: root });
    expect([...readTree(dir).keys()]).toEqual(['dev/a.k8s.yaml', 'prd/b.k8s.yaml']);
    expect(scanTree(dir).marked).toBe(true);
  });

  test('removes the staging folders older versions left behind', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, '.dist.new-AbC123/dev'), { recursive: true });
    fs.mkdirSync(path.join(root, '.dist.new-XyZ789.old'));
    replaceTree(path.join(root, 'dist'), FILES, { projectRoot: root });
    expect(fs.readdirSync(root).sort()).toEqual(['.dist.synth', 'dist']);
  });

  test('readTree of a missing folder is empty', () => {
    expect(readTree(path.join(tempDir(), 'nothing')).size).toBe(0);
  });
});

describe('modes', () => {
  let umask: number;
  beforeEach(() => {
    umask = process.umask(0o022);
  });
  afterEach(() => {
    process.umask(umask);
  });

  test('folders 0755 and files 0644 under umask 022', () => {
    const root = tempDir();
    const dir = path.join(root, 'dist');
    replaceTree(dir, FILES, { projectRoot: root });
    expect(fs.statSync(dir).mode & 0o777).toBe(0o755);
    expect(fs.statSync(path.join(dir, 'dev')).mode & 0o777).toBe(0o755);
    expect(fs.statSync(path.join(dir, 'dev/a.k8s.yaml')).mode & 0o777).toBe(0o644);
  });

  test('the process umask is respected (027: 0750 and 0640)', () => {
    process.umask(0o027);
    const root = tempDir();
    const dir = path.join(root, 'dist');
    replaceTree(dir, FILES, { projectRoot: root });
    expect(fs.statSync(dir).mode & 0o777).toBe(0o750);
    expect(fs.statSync(path.join(dir, 'dev/a.k8s.yaml')).mode & 0o777).toBe(0o640);
  });

  test('credentials: folders 0700 and files 0600, whatever the umask, staging included', () => {
    process.umask(0);
    const root = tempDir();
    const dir = path.join(root, '.secrets');
    const modes: number[] = [];
    const write = fs.writeFileSync;
    // Look at the staging folder while the credential is written.
    jest.spyOn(nodeFs, 'writeFileSync').mockImplementation((file, data, options) => {
      write(file, data, options);
      if (String(file).includes(`${path.sep}new${path.sep}`)) {
        modes.push(fs.statSync(path.join(root, '.secrets.synth')).mode & 0o777, fs.statSync(path.dirname(String(file))).mode & 0o777);
      }
    });
    replaceTree(dir, FILES, { projectRoot: root, secret: true });
    expect(new Set(modes)).toEqual(new Set([0o700]));
    for (const folder of [dir, path.join(dir, 'dev'), path.join(root, '.secrets.synth')]) {
      expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
    }
    expect(fs.statSync(path.join(dir, 'dev/a.k8s.yaml')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, MARKER)).mode & 0o777).toBe(0o600);
  });
});

describe('refused folders: nothing touched', () => {
  const cases: Array<[string, (root: string) => string, RegExp]> = [
    ['the project folder', (root) => root, /is the project folder or one of its parents/],
    ['a parent of the project folder', (root) => path.dirname(root), /is the project folder or one of its parents/],
    ['a folder holding .git', (root) => { fs.mkdirSync(path.join(root, 'out/.git'), { recursive: true }); return path.join(root, 'out'); }, /holds \.git/],
    ['a folder holding package.json', (root) => { fs.mkdirSync(path.join(root, 'out')); fs.writeFileSync(path.join(root, 'out/package.json'), '{}'); return path.join(root, 'out'); }, /holds package\.json/],
    ['a symbolic link', (root) => { fs.mkdirSync(path.join(root, 'real')); fs.symlinkSync('real', path.join(root, 'dist')); return path.join(root, 'dist'); }, /is a symbolic link \(-> real\)/],
    ['a file', (root) => { fs.writeFileSync(path.join(root, 'dist'), 'x'); return path.join(root, 'dist'); }, /is a file, not a folder/],
    ['a folder holding a stray README.md', (root) => { fs.mkdirSync(path.join(root, 'dist')); fs.writeFileSync(path.join(root, 'dist/README.md'), 'mine'); return path.join(root, 'dist'); }, /1 thing\(s\) synth did not write[^]*README\.md {2}\(file synth does not write\)/],
    ['a folder holding a symbolic link', (root) => { fs.mkdirSync(path.join(root, 'dist/dev'), { recursive: true }); fs.symlinkSync('/etc/passwd', path.join(root, 'dist/dev/x.k8s.yaml')); return path.join(root, 'dist'); }, /dev\/x\.k8s\.yaml {2}\(symbolic link -> \/etc\/passwd\)/],
  ];
  test.each(cases)('fails on %s', (_name, make, message) => {
    const root = tempDir();
    const dir = make(root);
    const snapshot = spawnSync('ls', ['-laR', root], { encoding: 'utf-8' }).stdout;
    const error = caught(() => replaceTree(dir, FILES, { projectRoot: root }));
    expect(error.kind).toBe('refused');
    expect(error.message).toMatch(message);
    if (dir.startsWith(root)) {
      // Not a file was added, moved or removed (the work folder is made only once the folder is accepted).
      expect(spawnSync('ls', ['-laR', root], { encoding: 'utf-8' }).stdout).toBe(snapshot);
    }
  });

  test('fails on a path outside synth\'s layout', () => {
    const root = tempDir();
    const error = caught(() => replaceTree(path.join(root, 'dist'), [{ path: '../escaped.k8s.yaml', content: 'x' }], { projectRoot: root }));
    expect(error.message).toMatch(/refusing to write \.\.\/escaped\.k8s\.yaml/);
    expect(fs.existsSync(path.join(root, 'escaped.k8s.yaml'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
  });
});

describe('I/O failures are OutputErrors naming path, code and remedy; the old tree stays', () => {
  const steps: Array<[string, keyof typeof fs, number, string, RegExp]> = [
    ['creating a folder', 'mkdirSync', 3, 'EACCES', /cannot create .*: EACCES; permission denied/],
    ['writing a file', 'writeFileSync', 3, 'ENOSPC', /cannot write .*a\.k8s\.yaml: ENOSPC; the disk is full/],
    ['writing the journal', 'writeFileSync', 4, 'EROFS', /cannot write .*journal\.tmp: EROFS; the file system is read-only/],
    ['moving the old tree aside', 'renameSync', 2, 'EBUSY', /cannot move aside .*dist: EBUSY; the path is in use/],
    ['moving the new tree in', 'renameSync', 3, 'EIO', /cannot move into place .*dist: EIO/],
  ];
  test.each(steps)('fails %s', (_name, fn, nth, code, message) => {
    const root = tempDir();
    const dir = path.join(root, 'dist');
    replaceTree(dir, FILES, { projectRoot: root, exchange: false });
    const before = readTree(dir);
    const real = fs[fn] as (...args: unknown[]) => unknown;
    let calls = 0;
    jest.spyOn(nodeFs, fn as any).mockImplementation(((...args: unknown[]) => {
      calls++;
      if (calls === nth) {
        throw Object.assign(new Error(`${code}: injected`), { code });
      }
      return real(...args);
    }) as any);
    const error = caught(() => replaceTree(dir, [{ path: 'dev/a.k8s.yaml', content: 'new' }], { projectRoot: root, exchange: false }));
    jest.restoreAllMocks();
    expect(error.kind).toBe('io');
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(readTree(dir)).toEqual(before);
    // Nothing staged is left, and the next run goes through.
    expect(fs.readdirSync(path.join(root, '.dist.synth')).filter((f) => f !== '.gitignore')).toEqual([]);
    replaceTree(dir, [{ path: 'dev/a.k8s.yaml', content: 'new' }], { projectRoot: root });
    expect(readTree(dir)).toEqual(new Map([['dev/a.k8s.yaml', 'new']]));
  });

  test('a read failure is an OutputError too', () => {
    const root = tempDir();
    const dir = path.join(root, 'dist');
    replaceTree(dir, FILES, { projectRoot: root });
    jest.spyOn(nodeFs, 'readFileSync').mockImplementation(() => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    });
    const error = caught(() => scanTree(dir));
    expect(error.message).toMatch(/cannot read .*a\.k8s\.yaml: EACCES/);
  });
});

describe('a failure to remove the old tree after the swap is a warning: the output is replaced', () => {
  test.each([true, false])('fails to remove an unwritable old folder (exchange %s): warns with its real path, the next run retries', (exchange) => {
    const root = tempDir();
    const dir = path.join(root, 'dist');
    replaceTree(dir, FILES, { projectRoot: root, exchange });
    // As `chmod a-w dist/dev`: its files cannot be unlinked (and, like Node's rmSync, no ENOTDIR in disguise).
    const real = nodeFs.unlinkSync;
    jest.spyOn(nodeFs, 'unlinkSync').mockImplementation(((target: fs.PathLike) => {
      if (/\.dist\.synth\/(?!journal).*dev\/a\.k8s\.yaml$/.test(String(target))) {
        throw Object.assign(new Error('EACCES: injected'), { code: 'EACCES' });
      }
      return real(target);
    }) as typeof fs.unlinkSync);
    const warnings = replaceTree(dir, [{ path: 'dev/c.k8s.yaml', content: 'c' }], { projectRoot: root, exchange });
    expect(readTree(dir)).toEqual(new Map([['dev/c.k8s.yaml', 'c']]));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not remove the previous tree, left in .*\.dist\.synth\/trash-\d+-\d+ \(the output itself is complete\)/);
    expect(warnings[0]).toMatch(/cannot remove .*dev\/a\.k8s\.yaml: EACCES; its folder .*\/dev is not writable by this user/);
    expect(warnings[0]).toMatch(/chmod -R u\+w /);
    // Still failing: the next run succeeds again, with the same warning.
    const again = replaceTree(dir, [{ path: 'dev/d.k8s.yaml', content: 'd' }], { projectRoot: root, exchange });
    expect(readTree(dir)).toEqual(new Map([['dev/d.k8s.yaml', 'd']]));
    expect(again.join('\n')).toMatch(/could not remove the previous tree/);
    // Fixed (chmod u+w): the next run removes what was left, silently.
    jest.restoreAllMocks();
    expect(replaceTree(dir, [{ path: 'dev/e.k8s.yaml', content: 'e' }], { projectRoot: root, exchange })).toEqual([]);
    expect(fs.readdirSync(path.join(root, '.dist.synth'))).toEqual(['.gitignore']);
  });

  test('an immutable file (EPERM) is named as such, not as ENOTDIR', () => {
    const root = tempDir();
    const dir = path.join(root, 'dist');
    replaceTree(dir, FILES, { projectRoot: root });
    const real = nodeFs.unlinkSync;
    jest.spyOn(nodeFs, 'unlinkSync').mockImplementation(((target: fs.PathLike) => {
      if (/\.dist\.synth\/.*prd\/b\.k8s\.yaml$/.test(String(target))) {
        throw Object.assign(new Error('EPERM: injected'), { code: 'EPERM' });
      }
      return real(target);
    }) as typeof fs.unlinkSync);
    const warnings = replaceTree(dir, FILES, { projectRoot: root });
    expect(warnings.join('\n')).toMatch(/cannot remove .*prd\/b\.k8s\.yaml: EPERM; its folder .*prd is not writable by this user or is marked immutable: chmod u\+w .* \(or chattr -i\)/);
    expect(warnings.join('\n')).not.toMatch(/ENOTDIR/);
  });
});

describe('recovery of a killed run', () => {
  function staged(root: string) {
    const dir = path.join(root, 'dist');
    replaceTree(dir, [{ path: 'dev/a.k8s.yaml', content: 'old' }], { projectRoot: root });
    const folder = new OutputFolder(dir, { projectRoot: root });
    folder.lock();
    folder.stage([{ path: 'dev/a.k8s.yaml', content: 'new' }]);
    return { dir, folder };
  }

  test('killed while taking the lock: its lock.<pid>.tmp is removed; a live run\'s is left to it', () => {
    const root = tempDir();
    const { dir, folder } = staged(root);
    folder.unlock();
    // A pid no process has now: one that ran and ended.
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    // Another run, alive, between writing its lock.<pid>.tmp and linking it.
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => undefined, 30000)'], { stdio: 'ignore' });
    try {
      const work = path.join(root, '.dist.synth');
      fs.writeFileSync(path.join(work, `lock.${dead}.tmp`), `${dead} ${os.hostname()}\n`);
      fs.writeFileSync(path.join(work, `lock.${live.pid}.tmp`), `${live.pid} ${os.hostname()}\n`);
      fs.writeFileSync(path.join(work, 'lock.notapid.tmp'), '');
      const next = new OutputFolder(dir, { projectRoot: root });
      next.lock();
      next.recover();
      next.unlock();
      const left = fs.readdirSync(work).filter((name) => name.startsWith('lock'));
      expect(left.sort()).toEqual([`lock.${live.pid}.tmp`, 'lock.notapid.tmp'].sort());
    } finally {
      live.kill('SIGKILL');
    }
  });

  test('staged but not committed: the staging is removed, the old tree stays', () => {
    const root = tempDir();
    const { dir, folder } = staged(root);
    folder.unlock();
    const next = new OutputFolder(dir, { projectRoot: root });
    next.lock();
    expect(next.recover()).toMatch(/removed the incomplete staging/);
    next.unlock();
    expect(readTree(dir)).toEqual(new Map([['dev/a.k8s.yaml', 'old']]));
  });

  test.each([
    ['before the swap', () => undefined],
    ['between the two renames (the folder is missing)', (root: string) => fs.renameSync(path.join(root, 'dist'), path.join(root, '.dist.synth/old'))],
    ['after the swap, before the journal is removed', (root: string) => {
      fs.renameSync(path.join(root, 'dist'), path.join(root, '.dist.synth/old'));
      fs.renameSync(path.join(root, '.dist.synth/new'), path.join(root, 'dist'));
    }],
    ['after an exchange, before the journal is removed (new/ holds the old tree)', (root: string) => {
      fs.renameSync(path.join(root, 'dist'), path.join(root, '.dist.synth/tmp'));
      fs.renameSync(path.join(root, '.dist.synth/new'), path.join(root, 'dist'));
      fs.renameSync(path.join(root, '.dist.synth/tmp'), path.join(root, '.dist.synth/new'));
    }],
  ])('committed, killed %s: the next run finishes the replacement', (_name, kill) => {
    const root = tempDir();
    const { dir, folder } = staged(root);
    folder.commit();
    kill(root);
    folder.unlock();
    const next = new OutputFolder(dir, { projectRoot: root });
    next.lock();
    expect(next.recover()).toMatch(/finished the replacement/);
    next.unlock();
    expect(readTree(dir)).toEqual(new Map([['dev/a.k8s.yaml', 'new']]));
    expect(fs.readdirSync(path.join(root, '.dist.synth'))).toEqual(['.gitignore']);
  });
});

describe('lock', () => {
  test('a second writer waits a bounded time, then fails naming the holder', () => {
    const root = tempDir();
    const first = new OutputFolder(path.join(root, 'dist'), { projectRoot: root });
    first.lock();
    const error = caught(() => replaceTree(path.join(root, 'dist'), FILES, { projectRoot: root, lockWaitMs: 200 }));
    first.unlock();
    expect(error.kind).toBe('locked');
    expect(error.message).toContain(`another synth (pid ${process.pid} on ${os.hostname()}) is writing`);
    expect(error.message).toMatch(/waited 200 ms/);
    expect(fs.existsSync(path.join(root, 'dist'))).toBe(false);
  });

  test('a lock whose process is dead is stale and taken over', () => {
    const root = tempDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf-8' }).stdout;
    fs.mkdirSync(path.join(root, '.dist.synth'));
    fs.writeFileSync(path.join(root, '.dist.synth/lock'), `${dead} ${os.hostname()}\n`);
    replaceTree(path.join(root, 'dist'), FILES, { projectRoot: root, lockWaitMs: 0 });
    expect(readTree(path.join(root, 'dist')).size).toBe(2);
    expect(fs.existsSync(path.join(root, '.dist.synth/lock'))).toBe(false);
  });

  test('the lock file appears with its owner written: it is linked into place from a complete temporary file', () => {
    const root = tempDir();
    const real = nodeFs.linkSync;
    const seen: string[] = [];
    jest.spyOn(nodeFs, 'linkSync').mockImplementation(((from: fs.PathLike, to: fs.PathLike) => {
      seen.push(fs.readFileSync(from, 'utf-8'));
      return real(from, to);
    }) as typeof fs.linkSync);
    const folder = new OutputFolder(path.join(root, 'dist'), { projectRoot: root });
    folder.lock();
    expect(seen).toEqual([`${process.pid} ${os.hostname()}\n`]);
    expect(fs.readdirSync(path.join(root, '.dist.synth')).sort()).toEqual(['.gitignore', 'lock']);
    folder.unlock();
  });

  test('an empty lock file is held while young (its creator may not have written it yet), stale when old', () => {
    const root = tempDir();
    const lock = path.join(root, '.dist.synth/lock');
    fs.mkdirSync(path.join(root, '.dist.synth'));
    fs.writeFileSync(lock, '');
    const error = caught(() => replaceTree(path.join(root, 'dist'), FILES, { projectRoot: root, lockWaitMs: 0 }));
    expect(error.kind).toBe('locked');
    expect(error.message).toContain('a process that is just starting (empty lock file)');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    replaceTree(path.join(root, 'dist'), FILES, { projectRoot: root, lockWaitMs: 0 });
    expect(readTree(path.join(root, 'dist')).size).toBe(2);
  });

  test('a lock held on another host is never taken over', () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, '.dist.synth'));
    fs.writeFileSync(path.join(root, '.dist.synth/lock'), `1 elsewhere.example\n`);
    const error = caught(() => replaceTree(path.join(root, 'dist'), FILES, { projectRoot: root, lockWaitMs: 0 }));
    expect(error.message).toMatch(/pid 1 on elsewhere\.example/);
  });
});

describe('secrets folders must be git-ignored', () => {
  function repo(ignore: string): string {
    const root = tempDir();
    spawnSync('git', ['init', '-q', root]);
    fs.writeFileSync(path.join(root, '.gitignore'), ignore);
    return root;
  }
  const files = [{ path: 'dev/shop.k8s.yaml', content: 'secret' }];

  test('fails when git would stage the files', () => {
    const root = repo('node_modules/\n');
    const folder = new OutputFolder(path.join(root, '.secrets'), { projectRoot: root, secret: true });
    const error = caught(() => folder.checkIgnored(files));
    expect(error.kind).toBe('refused');
    expect(error.message).toMatch(/git does not ignore \.secrets\/\.synth-output, \.secrets\/dev\/shop\.k8s\.yaml[^]*add "\.secrets\/" to \.gitignore/);
  });

  test('passes when git ignores them', () => {
    const root = repo('.secrets/\n');
    expect(new OutputFolder(path.join(root, '.secrets'), { projectRoot: root, secret: true }).checkIgnored(files)).toBeUndefined();
  });

  test('outside a git repository it says it cannot tell, and why it writes anyway', () => {
    const root = tempDir();
    const note = new OutputFolder(path.join(root, '.secrets'), { projectRoot: root, secret: true }).checkIgnored(files);
    expect(note).toMatch(/cannot ask git whether .* is ignored \(.*not a git repository.*\); writing it anyway, readable by its owner only/);
  });
});

describe('withdraw: a run that writes nothing leaves the project as it found it', () => {
  test('removes the staged tree, the lock and a work folder (and folders above it) the run made', () => {
    const root = tempDir();
    const folder = new OutputFolder(path.join(root, 'out', 'deploy'), { projectRoot: root });
    folder.lock();
    folder.beginStage();
    folder.stageFile({ path: 'dev/a.k8s.yaml', content: 'a: 1\n' });
    folder.withdraw();
    expect(fs.readdirSync(root)).toEqual([]);
  });

  test('keeps a work folder it did not make, without the lock or the staging', () => {
    const dir = path.join(tempDir(), 'dist');
    replaceTree(dir, FILES);
    const folder = new OutputFolder(dir);
    folder.lock();
    folder.beginStage();
    folder.withdraw();
    expect(fs.readdirSync(path.join(path.dirname(dir), '.dist.synth'))).toEqual(['.gitignore']);
    expect(readTree(dir)).toEqual(new Map(FILES.map((f) => [f.path, f.content])));
  });

  test('touches nothing it does not hold the lock of', () => {
    const dir = path.join(tempDir(), 'dist');
    const holder = new OutputFolder(dir);
    holder.lock();
    holder.beginStage();
    new OutputFolder(dir).withdraw();
    expect(fs.readdirSync(path.join(path.dirname(dir), '.dist.synth')).sort()).toEqual(['.gitignore', 'lock', 'new']);
    holder.withdraw();
  });

  test('a synth waiting for the lock when the holder withdrew makes a fresh work folder, .gitignore first', () => {
    const dir = path.join(tempDir(), 'dist');
    const work = path.join(path.dirname(dir), '.dist.synth');
    const waiting = new OutputFolder(dir);
    const real = nodeFs.writeFileSync;
    let withdrawn = false;
    // The holder's withdraw() moves the work folder away just before the waiting run writes its lock.
    jest.spyOn(nodeFs, 'writeFileSync').mockImplementation(((file: string, ...rest: unknown[]) => {
      if (!withdrawn && String(file).startsWith(path.join(work, 'lock'))) {
        withdrawn = true;
        nodeFs.rmSync(work, { recursive: true });
      }
      return (real as any)(file, ...rest);
    }) as any);
    waiting.lock();
    jest.restoreAllMocks();
    expect(withdrawn).toBe(true);
    expect(fs.readdirSync(work).sort()).toEqual(['.gitignore', 'lock']);
    waiting.unlock();
  });
});

describe('lock: the work folder git ignores, whoever made it', () => {
  test('a waiting synth whose lock lands in a folder another run made bare writes the .gitignore before it returns', () => {
    const dir = path.join(tempDir(), 'dist');
    const work = path.join(path.dirname(dir), '.dist.synth');
    const waiting = new OutputFolder(dir, { lockWaitMs: 5_000 });
    fs.mkdirSync(work);
    fs.writeFileSync(path.join(work, 'lock'), `${process.pid} ${os.hostname()}\n`);
    const real = nodeFs.readFileSync;
    let swapped = false;
    // While it waits: the holder withdraws, and a third run makes the folder again but is killed before its .gitignore.
    jest.spyOn(nodeFs, 'readFileSync').mockImplementation(((file: string, ...rest: unknown[]) => {
      if (!swapped && String(file) === path.join(work, 'lock')) {
        swapped = true;
        nodeFs.rmSync(work, { recursive: true });
        nodeFs.mkdirSync(work);
      }
      return (real as any)(file, ...rest);
    }) as any);
    waiting.lock();
    jest.restoreAllMocks();
    expect(swapped).toBe(true);
    expect(fs.readdirSync(work).sort()).toEqual(['.gitignore', 'lock']);
    waiting.unlock();
  });

  test('a parent folder removed between the two mkdirs (a run withdrawing it) is made again', () => {
    const root = tempDir();
    const dir = path.join(root, 'out', 'x', 'dist');
    const real = nodeFs.mkdirSync;
    let removed = false;
    jest.spyOn(nodeFs, 'mkdirSync').mockImplementation(((target: string, ...rest: unknown[]) => {
      if (!removed && String(target).endsWith('.dist.synth')) {
        removed = true;
        nodeFs.rmSync(path.join(root, 'out'), { recursive: true });
      }
      return (real as any)(target, ...rest);
    }) as any);
    const folder = new OutputFolder(dir, { projectRoot: root });
    folder.lock();
    jest.restoreAllMocks();
    expect(removed).toBe(true);
    expect(fs.readdirSync(path.join(root, 'out', 'x', '.dist.synth')).sort()).toEqual(['.gitignore', 'lock']);
    folder.withdraw();
    expect(fs.readdirSync(root)).toEqual([]);
  });
});
