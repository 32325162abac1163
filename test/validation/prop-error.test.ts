import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Environment, Project, PropError, withPropContext } from '../../lib';
import { markSensitive } from '../../lib/private/metadata';

const project = (build: (chart: Chart) => void) => new Project({ environments: [new Environment({ name: 'test' })], apps: [{ name: 'shop', build }] });

/** A construct of a team's own library that refuses a negative size. */
class Cache extends Construct {
  constructor(scope: Construct, id: string, props: { readonly sizeMb: number }) {
    super(scope, id);
    if (props.sizeMb < 0) {
      throw new PropError(this, { field: 'sizeMb', value: props.sizeMb, message: 'is negative', fix: 'give the size in MiB, 0 or more', rule: 'non-negative-count' });
    }
  }
}

describe('PropError', () => {
  test('carries construct path, field, value, rule and fix, and says them in the CLI\'s layout', () => {
    const chart = new Chart(new App(), 'shop', { namespace: 'shop' });
    let error: unknown;
    try {
      new Cache(chart, 'cache', { sizeMb: -1 });
    } catch (e) {
      error = e;
    }
    expect(PropError.isPropError(error)).toBe(true);
    expect(error).toMatchObject({ path: 'shop/cache', field: 'sizeMb', value: -1, rule: 'non-negative-count', fix: 'give the size in MiB, 0 or more' });
    expect((error as Error).message).toBe([
      'error [non-negative-count] sizeMb is negative',
      '  in:     shop/shop',
      '  at:     shop/cache',
      '  field:  sizeMb = -1',
      '  fix:    give the size in MiB, 0 or more',
    ].join('\n'));
  });

  test('never holds the value of a construct that holds credentials', () => {
    const chart = new Chart(new App(), 'shop');
    const secret = new Construct(chart, 'secret');
    markSensitive(secret);
    const error = new PropError(secret, { field: 'password', value: 'hunter2', message: 'is too short', fix: 'use 12 characters or more' });
    expect(error.value).toBeUndefined();
    expect(error.message).not.toContain('hunter2');
  });

  test('becomes a finding of Project.synth with its path and field, not a [build] finding at the chart root', () => {
    const findings = project((chart) => new Cache(chart, 'cache', { sizeMb: -1 })).synth().findings;
    expect(findings).toEqual([{
      severity: 'error',
      rule: 'non-negative-count',
      app: 'shop',
      environment: 'test',
      path: 'shop-test/cache',
      field: 'sizeMb',
      value: -1,
      message: 'sizeMb is negative',
      fix: 'give the size in MiB, 0 or more',
    }]);
  });
});

describe('withPropContext', () => {
  test('turns what cdk8s-plus throws into a PropError naming the construct and the prop', () => {
    const scope = new Construct(new Chart(new App(), 'shop'), 'policy');
    const build = () => withPropContext(scope, 'from[0].cidr', 'give a CIDR such as 10.0.0.0/16', () => kplus.NetworkPolicyIpBlock.ipv4(scope, 'Peer0', '10.0.0/16'), '10.0.0/16');
    expect(build).toThrow(PropError);
    expect(build).toThrow(/at: {5}shop\/policy\n {2}field: {2}from\[0\]\.cidr = "10\.0\.0\/16"/);
  });

  test('returns what the call returns', () => {
    const scope = new Construct(new Chart(new App(), 'shop'), 'policy');
    expect(withPropContext(scope, 'cidr', 'fix', () => 42)).toBe(42);
  });
});

describe('an error that names no construct (cdk8s-plus, a bug)', () => {
  test('points at the construct created last and at the source line that threw', () => {
    // GIVEN app code that hands cdk8s-plus a malformed CIDR after creating a Service
    const findings = project((chart) => {
      new kplus.Service(chart, 'api', { ports: [{ port: 80 }] });
      kplus.NetworkPolicyIpBlock.ipv4(chart, 'office', '10.0.0/16');
    }).synth().findings;

    // THEN the finding says honestly what is known
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'build', path: 'shop-test/api/Resource' });
    expect(findings[0].message).toContain('the app threw while building: Invalid IPv4 CIDR: "10.0.0/16"');
    expect(findings[0].message).toContain('the error does not name its construct; the last one created before it was shop-test/api/Resource');
    expect(findings[0].message).toMatch(/thrown from test\/validation\/prop-error\.test\.ts:\d+:\d+/);
  });

  test('says when no construct was created yet', () => {
    const findings = project(() => {
      throw new Error('no config for test');
    }).synth().findings;
    expect(findings[0]).toMatchObject({ rule: 'build', path: 'shop-test' });
    expect(findings[0].message).toContain('the app threw while building: no config for test (before any construct of the chart was created');
  });
});
