import * as fs from 'fs';
import * as path from 'path';
import { RULE_IDS } from '../lib';
import { RULES } from '../lib/validation/rules';

// The README is the user's reference: it must not drift from the code.
const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');

test('gives the two set-up commands', () => {
  expect(README).toContain('npm ci && npm run synth');
  expect(README).toContain('npm ci && npm test');
});

test('lists every validation rule with its severity', () => {
  for (const rule of RULES) {
    expect(README).toContain(`| \`${rule.id}\` | ${rule.severity} |`);
  }
  expect(RULES.map((r) => r.id).sort()).toEqual(RULE_IDS.filter((id) => id !== 'schema').sort());
});

test('documents every option of the synth command', () => {
  for (const option of ['--check', '--secrets', '--strict', '--quiet', '--no-diff', '--outdir', '--compare', '--drift']) {
    expect(README).toContain(`\`${option}`);
  }
});

test('has the benchmark table, not a placeholder', () => {
  expect(README).not.toContain('BENCH_TABLE');
  expect(README).toMatch(/\| +10,000 \|/);
});

// Every TypeScript example of the README is a file of test/readme/, which
// `npm test` type-checks with the rest: an example that stops compiling
// fails the build, and one edited in only one place fails here.
test('every TypeScript example is type-checked as a file of test/readme/', () => {
  const blocks = [...README.matchAll(/^( *)```ts\n([\s\S]*?)^\1```/gm)].map(([, indent, body]) => body
    .split('\n')
    .map((line) => line.slice(indent.length).trim())
    .join('\n')
    .replace(/'cdk8s-platform-kit'/g, "'../../lib'"));
  const dir = path.join(__dirname, 'readme');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  expect(files).toHaveLength(blocks.length);
  blocks.forEach((block, i) => {
    const file = fs.readFileSync(path.join(dir, `example-${i + 1}.ts`), 'utf-8').split('\n').map((line) => line.trim()).join('\n');
    expect(file).toContain(block.trim());
  });
});
