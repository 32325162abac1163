import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// Every jest run gets a temp folder of its own: globalSetup creates it and
// points TMPDIR at it (the workers, started later, inherit it, and so does
// every os.tmpdir() and child process of a test); globalTeardown fails the run
// when a test left anything in it. A folder of its own, not a before/after
// listing of /tmp, so that other programs writing to /tmp at the same time
// are never blamed.

/** Environment variable holding the run's temp folder, for globalTeardown. */
export const RUN_TMPDIR = 'PLATFORM_KIT_TEST_TMPDIR';

/** Create the run's temp folder and make it the temp folder of everything the run starts. */
export function createRunTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-kit-test-'));
  process.env[RUN_TMPDIR] = dir;
  process.env.TMPDIR = dir;
  return dir;
}

/**
 * Remove the run's temp folder; throw, naming them, when tests left entries
 * in it (they are removed all the same, so that nothing accumulates).
 */
export function removeRunTempDir(): void {
  const dir = process.env[RUN_TMPDIR];
  if (!dir) {
    return;
  }
  const left = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
  fs.rmSync(dir, { recursive: true, force: true });
  if (left.length > 0) {
    throw new Error(`tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in the temp folder: ${left.join(', ')}; `
      + 'make the test that creates it remove it (tempDir() from test/jest/temp does), then run again');
  }
}
