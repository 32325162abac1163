import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// Folders removed when the test file ends (test/jest/clean-temp.ts): at the
// end of the file, not of each test, so that a folder made in a beforeAll or
// a describe body is never removed while a later test still uses it.
const made: string[] = [];

/** A new temp folder, removed when the test file ends. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Remove `dir`, made by other code, when the test file ends. */
export function removeWhenDone(dir: string): void {
  made.push(dir);
}

/** Remove every folder of the test file. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
