import { RULE_IDS } from '../../../lib';
import { RULE_GROUPS, RULES } from '../../../lib/validation/rules';
import * as apps from './cases/apps';
import * as autoscaling from './cases/autoscaling';
import * as batch from './cases/batch';
import * as coreConfig from './cases/core-config';
import * as corePod from './cases/core-pod';
import * as coreService from './cases/core-service';
import * as coreStorage from './cases/core-storage';
import * as images from './cases/images';
import * as meta from './cases/meta';
import * as networking from './cases/networking';
import * as podSecurityAdmission from './cases/pod-security-admission';
import * as policy from './cases/policy';
import * as rbac from './cases/rbac';
import { BadInput, check, GoodInput } from './harness';

// The tables of every module together: every rule has bad input, no
// message is half-written, and no rule throws on a field of the wrong type.

const MODULES = [podSecurityAdmission, meta, corePod, coreService, coreConfig, coreStorage, apps, batch, networking, policy, autoscaling, rbac, images];
const BAD: BadInput[] = MODULES.flatMap((m) => m.BAD);
const GOOD: GoodInput[] = MODULES.flatMap((m) => m.GOOD);
// The Pod Security Standard rules are tested through the constructs (rules.test.ts).
const SECURITY = new Set<string>(RULE_GROUPS.security.map((r) => r.id));

test('every rule id but schema and the security rules has a bad input here', () => {
  const covered = new Set<string>(BAD.map((c) => c.rule));
  expect(RULES.map((r) => r.id).filter((id) => !SECURITY.has(id) && !covered.has(id))).toEqual([]);
  expect(RULES.map((r) => r.id).sort()).toEqual(RULE_IDS.filter((id) => id !== 'schema').sort());
});

test('bad-input names are unique and say what fails', () => {
  const names = BAD.map((c) => c.name);
  expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  for (const name of names) {
    expect(name).toMatch(/^(fails|warns) when /);
  }
});

test('no message or fix of any bad input says "undefined", "NaN" or "[object Object]"', () => {
  const findings = BAD.flatMap((c) => check(c.objects, c.secretsInGit));
  expect(findings.length).toBeGreaterThanOrEqual(BAD.length);
  const broken = findings.filter((f) => /undefined|NaN|\[object Object\]/.test(`${f.message} ${f.fix} ${f.field}`));
  expect(broken.map((f) => `[${f.rule}] ${f.field}: ${f.message} / ${f.fix}`)).toEqual([]);
});

/** Every path of an object down to `depth`, as key lists. */
function paths(value: unknown, depth: number, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (depth === 0 || value === null || typeof value !== 'object') {
    return [];
  }
  const children: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  return children.flatMap(([key, child]) => [[...prefix, key], ...paths(child, depth - 1, [...prefix, key])]);
}

function replaced(object: Record<string, any>, path: Array<string | number>, value: unknown): Record<string, any> {
  const copy = structuredClone(object);
  let at: any = copy;
  for (const key of path.slice(0, -1)) {
    at = at[key];
  }
  at[path[path.length - 1]] = value;
  return copy;
}

test('no rule throws on a field of the wrong type (the schema reports types)', () => {
  const wrong: unknown[] = ['x', 7, null];
  const thrown = new Set<string>();
  let runs = 0;
  for (const { objects } of GOOD) {
    for (const [index, object] of objects.entries()) {
      // apiVersion and kind are the schema's first check (and the inventory's key).
      for (const path of paths(object, 7).filter((p) => p[0] !== 'apiVersion' && p[0] !== 'kind')) {
        for (const value of wrong) {
          const mutated = objects.map((o, i) => (i === index ? replaced(o, path, value) : o));
          try {
            check(mutated);
          } catch (error) {
            thrown.add(`${object.kind} ${path.join('.')} = ${JSON.stringify(value)}: ${(error as Error).message}`);
          }
          runs++;
        }
      }
    }
  }
  expect([...thrown]).toEqual([]);
  expect(runs).toBeGreaterThan(1000);
});
