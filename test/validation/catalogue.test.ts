import { ApiObject, App, Chart } from 'cdk8s';
import { Environment, Finding, Project, Validation } from '../../lib';
import { CONSTRUCT_BAD, CONSTRUCT_GOOD } from './catalogue-constructs';
import { RAW_BAD, RAW_GOOD } from './catalogue-raw';

function rawFindings(objects: ReadonlyArray<Record<string, any>>): Finding[] {
  const app = new App({ outdir: '/nonexistent' });
  const chart = new Chart(app, 'shop');
  objects.forEach((o, i) => new ApiObject(chart, `o${i}`, o as any));
  Validation.enable(chart);
  return Validation.findings(chart);
}

const show = (findings: Finding[]) => findings.map((f) => `  ${f.severity} [${f.rule}] ${f.field}: ${f.message} (fix: ${f.fix})`).join('\n') || '  (no finding)';

describe('raw objects in a plain chart', () => {
  test.each(RAW_BAD)('fails when $name', (c) => {
    const findings = rawFindings(c.objects);
    const match = findings.find((f) => f.severity === 'error' && f.field === c.field && (!c.message || c.message.test(f.message)));
    if (!match || findings.length !== 1 + (c.others ?? 0)) {
      throw new Error(`expected one error at ${c.field}; got:\n${show(findings)}`);
    }
    expect(findings.map((f) => `${f.field} ${f.message} ${f.fix}`).join('\n')).not.toMatch(/undefined|NaN|\[object Object\]/);
  });
  test.each(RAW_GOOD)('accepts $name', (c) => {
    const findings = rawFindings(c.objects);
    if (findings.length) {
      throw new Error(`expected no finding; got:\n${show(findings)}`);
    }
  });
});

function constructFindings(build: (chart: Chart) => void, namespace = 'test'): Finding[] {
  const project = new Project({ environments: [new Environment({ name: 'test', namespace })], apps: [{ name: 'app', build }] });
  return project.synth().findings;
}

describe('constructs in a Project', () => {
  // An environment's namespace is refused by the Project itself, before anything is built.
  test('fails when namespace Shop_Dev', () => {
    expect(() => constructFindings(() => undefined, 'Shop_Dev')).toThrow(/namespace "Shop_Dev" of environment "test" is not a DNS-1123 label/);
  });
  test.each(CONSTRUCT_BAD)('fails when $name', (c) => {
    const findings = constructFindings(c.build, c.namespace);
    const match = findings.find((f) => f.severity === 'error' && f.field === c.field && (!c.message || c.message.test(f.message)) && (!c.fix || c.fix.test(f.fix)));
    if (!match || findings.length !== 1) {
      throw new Error(`expected one error at ${c.field}; got:\n${show(findings)}`);
    }
    expect(match.path).toMatch(/^app-test\//);
    expect(findings.map((f) => `${f.field} ${f.message} ${f.fix}`).join('\n')).not.toMatch(/undefined|NaN|\[object Object\]/);
  });
  test.each(CONSTRUCT_GOOD)('accepts $name', (c) => {
    const findings = constructFindings(c.build);
    if (findings.length) {
      throw new Error(`expected no finding; got:\n${show(findings)}`);
    }
  });
});
