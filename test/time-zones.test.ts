// imports/time-zones.ts: the names kube-apiserver 1.27 loads a CronJob's
// timeZone from (Go's embedded tzdata), and the generator that reads them out
// of Go's source. With Go and unzip at hand (CI installs both) the generator
// is checked against them: the zip it decodes passes unzip's CRC test, its
// names are unzip's, and the committed file is what it writes. Without them
// those tests fail under CI=true and are skipped, saying why, elsewhere.

import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { embeddedZip, goStringBytes, installedGo, timeZonesModule, zipNames } from '../imports/generate-time-zones';
import { GO_TZDATA_ZONES } from '../imports/time-zones';
import { timeZoneError } from '../lib/validation/formats';

const ROOT = path.join(__dirname, '..');

describe('GO_TZDATA_ZONES', () => {
  test('holds tzdata 2022g: the zones, their links and the legacy names Go embeds', () => {
    expect(GO_TZDATA_ZONES.size).toBe(597);
    for (const zone of ['Europe/Berlin', 'UTC', 'Etc/UTC', 'Europe/Kyiv', 'Europe/Kiev', 'America/Ciudad_Juarez', 'Pacific/Kanton', 'US/Pacific', 'EST', 'GMT+0', 'Factory']) {
      expect(GO_TZDATA_ZONES.has(zone)).toBe(true);
    }
  });

  test('holds no ICU-only name, no name tzdata dropped before 2022g and none it added after', () => {
    for (const zone of ['PST', 'IST', 'JST', 'CST', 'SystemV/AST4', 'US/Pacific-New', 'Canada/East-Saskatchewan', 'America/Coyhaique', 'posixrules', 'Local', 'utc']) {
      expect(GO_TZDATA_ZONES.has(zone)).toBe(false);
    }
  });

  test('every name passes the API server\'s character check, so that check never hides a zone', () => {
    expect([...GO_TZDATA_ZONES].filter((zone) => timeZoneError(zone) !== undefined)).toEqual([]);
  });
});

describe('goStringBytes (strconv.Quote\'s escapes)', () => {
  test.each([
    ['\\x00\\xff', [0x00, 0xff]],
    ['\\101\\000\\377', [0x41, 0x00, 0xff]],
    ['\\a\\b\\f\\n\\r\\t\\v\\\\\\"\\\'', [7, 8, 12, 10, 13, 9, 11, 92, 34, 39]],
    ['\\u00e9\\U0001f600', [0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80]],
    // Printable characters are written as they are and stand for their UTF-8 bytes.
    ['PK\u00e9\u{1f600}', [0x50, 0x4b, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80]],
  ])('%s', (literal, bytes) => {
    expect([...goStringBytes([literal])]).toEqual(bytes);
  });

  test('fails on an escape Go does not write', () => {
    expect(() => goStringBytes(['\\q'])).toThrow('unknown escape \\q in zipdata.go');
  });
});

test('fails on bytes that hold no zip archive', () => {
  expect(() => zipNames(Buffer.from('not a zip archive, only text'))).toThrow(/no zip archive/);
});

function tool(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf-8' });
  return result.status === 0 ? result.stdout : undefined;
}

const goVersion = tool('go', ['env', 'GOVERSION'])?.trim();
const unzip = tool('unzip', ['-v']) !== undefined;
if (goVersion === undefined || !unzip) {
  const reason = `needs go and unzip on the PATH (Debian: golang-go unzip), found ${goVersion ? '' : 'no go'}${!goVersion && !unzip ? ' and ' : ''}${unzip ? '' : 'no unzip'}`;
  if (process.env.CI === 'true') {
    test('fails under CI=true: the generator is checked against Go\'s tzdata and unzip', () => {
      throw new Error(`CI=true but test/time-zones.test.ts ${reason}`);
    });
  } else {
    process.stderr.write(`test/time-zones.test.ts: generator checks skipped: ${reason}\n`);
    test.skip(`the generator against Go's tzdata (skipped: ${reason})`, () => undefined);
  }
} else {
  describe(`the generator against ${goVersion}'s tzdata`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'time-zones-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('decodes zipdata.go to the zip Go embeds: unzip tests every entry\'s CRC and lists the same names', () => {
      const { goroot } = installedGo();
      const zip = path.join(dir, 'zoneinfo.zip');
      fs.writeFileSync(zip, embeddedZip(goroot));
      expect(execFileSync('unzip', ['-tq', zip], { encoding: 'utf-8' })).toMatch(/^No errors detected/);
      const listed = execFileSync('unzip', ['-Z1', zip], { encoding: 'utf-8' }).trim().split('\n');
      expect(zipNames(fs.readFileSync(zip))).toEqual(listed);
    });

    // Go 1.19 (Debian bookworm's) and 1.20 embed tzdata 2022a and 2022g: with the two zones added between, both give the committed file.
    (/^go1\.(19|20)\./.test(goVersion) ? test : test.skip)('writes imports/time-zones.ts as committed (Go 1.19 or 1.20)', () => {
      const { goroot } = installedGo();
      const committed = fs.readFileSync(path.join(ROOT, 'imports', 'time-zones.ts'), 'utf-8');
      const { text } = timeZonesModule(goroot, goVersion);
      // The header names the Go that wrote it.
      expect(text.replace(/go1\.\d+\.\d+/, 'GO')).toBe(committed.replace(/go1\.\d+\.\d+/, 'GO'));
    });
  });
}
