import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { parseYaml, toYaml } from '../../lib/synth/serialize';
import { fuzzObjects } from './fuzz';

// The real parser: every file of dist/ and the seeded fuzz corpus, read the
// way kubectl reads a manifest (main.go: apimachinery's document splitter,
// then sigs.k8s.io/yaml YAMLToJSON over go-yaml v2), must give the JSON of
// the objects the writer was given. Go and the two libraries come from
// Debian (.ci/run installs them); the program is built offline in GOPATH
// mode from /usr/share/gocode.

const ROOT = path.join(__dirname, '..', '..');
const GOPATH = '/usr/share/gocode';
const LIBRARIES = ['sigs.k8s.io/yaml', 'gopkg.in/yaml.v2'];
const INSTALL = 'apt-get install -y --no-install-recommends golang-go golang-k8s-sigs-yaml-dev golang-gopkg-yaml.v2-dev';

function missing(): string | undefined {
  const go = spawnSync('go', ['version'], { encoding: 'utf-8' });
  if (go.error || go.status !== 0) {
    return 'no `go` on PATH';
  }
  const absent = LIBRARIES.filter((library) => !fs.existsSync(path.join(GOPATH, 'src', library)));
  return absent.length ? `no ${absent.join(', ')} under ${GOPATH}/src` : undefined;
}

interface Document {
  readonly json?: unknown;
  readonly error?: string;
}
interface FileResult {
  readonly path: string;
  readonly docs: Document[];
  readonly error?: string;
}

const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));

function distFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? distFiles(full) : entry.name.endsWith('.yaml') ? [full] : [];
  });
}

// Strings `yaml` wrote so that kubectl misread them (the documented
// differences of lib/synth/yaml-writer.ts), each with what go-yaml made of it
// as a value, or 'error' when the document (value or key) failed.
const MISREAD_BEFORE: Array<[string, unknown, unknown]> = [
  // [string, go-yaml's reading of `data: {k: <string>}` (data.k), of `data: {<string>: v}` (the document)]
  ['0o17', 15, { data: { '15': 'v' } }],
  ['0O17', 15, { data: { '15': 'v' } }],
  ['0X1F', 31, { data: { '31': 'v' } }],
  ['0B101', 5, { data: { '5': 'v' } }],
  ['-0o17', -15, { data: { '-15': 'v' } }],
  ['+0o17', 15, { data: { '15': 'v' } }],
  ['0o1_7', 15, { data: { '15': 'v' } }],
  ['1e_3', 1000, { data: { '1000': 'v' } }],
  ['<<', '<<', 'error'],
  ['a\u2028b', 'error', { data: 'a', b: 'v' }],
  ['a\u007fb', 'error', 'error'],
  ['a\u0085b', 'a b', 'error'],
  ['a\u0090b', 'error', 'error'],
  ['\ufffe', 'error', 'error'],
  ['\ta\nb', 'error', { data: { ['\ta\nb']: 'v' } }],
  [' \n', '\n', { data: { [' \n']: 'v' } }],
];

const reason = missing();

if (reason && process.env.CI === 'true') {
  test('fails: Go and sigs.k8s.io/yaml must be installed in CI', () => {
    throw new Error(`cannot read the YAML back with kubectl's parser: ${reason}; .ci/run must run \`${INSTALL}\``);
  });
} else if (reason) {
  // eslint-disable-next-line no-console
  console.log(`test/yaml-readback skipped: ${reason} (install with \`${INSTALL}\`)`);
  test.skip(`read back with kubectl's parser (skipped: ${reason})`, () => undefined);
} else {
  describe("read back with kubectl's parser (sigs.k8s.io/yaml over go-yaml v2)", () => {
    let dir: string;
    let binary: string;

    const readBack = (files: string[]): FileResult[] => {
      const run = spawnSync(binary, files, { encoding: 'utf-8', maxBuffer: 1 << 28 });
      if (run.status !== 0) {
        throw new Error(`yaml-readback failed: ${run.stderr}`);
      }
      return JSON.parse(run.stdout).files;
    };

    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yaml-readback-'));
      binary = path.join(dir, 'yaml-readback');
      const build = spawnSync('go', ['build', '-o', binary, './test/yaml-readback'], {
        cwd: ROOT,
        encoding: 'utf-8',
        env: { ...process.env, GO111MODULE: 'off', GOPATH, GOCACHE: path.join(dir, 'cache'), GOFLAGS: '', CGO_ENABLED: '0' },
      });
      if (build.status !== 0) {
        throw new Error(`go build failed: ${build.stderr}`);
      }
    });

    afterAll(() => {
      if (dir) {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('every file of dist/ gives the JSON of its objects', () => {
      const files = distFiles(path.join(ROOT, 'dist'));
      expect(files.length).toBeGreaterThan(10);
      const results = readBack(files);
      results.forEach((result, i) => {
        const expected = parseYaml(fs.readFileSync(files[i], 'utf-8')).map((object) => ({ json: asJson(object) }));
        expect({ file: path.relative(ROOT, result.path), error: result.error, docs: result.docs }).toEqual({
          file: path.relative(ROOT, files[i]),
          error: undefined,
          docs: expected,
        });
      });
    });

    test('every fuzzed object (seeded, 3000) gives its own JSON', () => {
      const objects = fuzzObjects(20261123, 3000);
      const file = path.join(dir, 'fuzz.yaml');
      fs.writeFileSync(file, toYaml(objects as any[], 'fuzz corpus'));
      const [result] = readBack([file]);
      expect(result.error).toBeUndefined();
      expect(result.docs).toHaveLength(objects.length);
      result.docs.forEach((doc, i) => {
        expect({ i, doc }).toEqual({ i, doc: { json: asJson(objects[i]) } });
      });
    });

    test.each(MISREAD_BEFORE)('%j: yaml wrote it so that kubectl read %j as a value, %j as a key (the document); the writer so that it reads the string', (value, asValue, asKey) => {
      const oldFile = path.join(dir, 'old.yaml');
      const newFile = path.join(dir, 'new.yaml');
      const objects = [{ data: { k: value } }, { data: { [value]: 'v' } }];
      fs.writeFileSync(oldFile, objects.map((o) => YAML.stringify(o, { lineWidth: 0, version: '1.1' })).join('---\n'));
      fs.writeFileSync(newFile, toYaml(objects as any[]));
      const [oldResult, newResult] = readBack([oldFile, newFile]);
      const [valueDoc, keyDoc] = oldResult.docs as Array<{ json?: any; error?: string }>;
      expect(valueDoc.error ? 'error' : valueDoc.json.data.k).toEqual(asValue);
      expect(keyDoc.error ? 'error' : keyDoc.json).toEqual(asKey);
      expect(newResult.docs).toEqual(objects.map((json) => ({ json })));
    });
  });
}
