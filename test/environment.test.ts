import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Environment } from '../lib';

describe('Environment', () => {
  test('the namespace defaults to the name', () => {
    const env = new Environment({ name: 'dev' });
    expect(env.name).toBe('dev');
    expect(env.namespace).toBe('dev');
  });

  test('the namespace can differ from the name', () => {
    expect(new Environment({ name: 'prd', namespace: 'shop-production' }).namespace).toBe('shop-production');
  });

  test('all makes one environment per name, in order, each in its own namespace', () => {
    const envs = Environment.all('dev', 'stg', 'prd');
    expect(envs.map((e) => [e.name, e.namespace])).toEqual([['dev', 'dev'], ['stg', 'stg'], ['prd', 'prd']]);
  });

  describe.each([
    ['dev', 1],
    ['stg', 2],
    ['prd', 4],
  ] as const)('pick in %s', (name, replicas) => {
    test(`is ${replicas}`, () => {
      const env = Environment.all('dev', 'stg', 'prd').find((e) => e.name === name)!;
      expect(env.pick({ dev: 1, stg: 2, prd: 4 })).toBe(replicas);
    });
  });

  test('pick works for any value type', () => {
    const [dev] = Environment.all('dev', 'prd');
    expect(dev.pick({ dev: { host: 'dev.example.com' }, prd: { host: 'example.com' } })).toEqual({ host: 'dev.example.com' });
  });
});

describe('pickLazy', () => {
  test('calls only the function of the current environment', () => {
    const [, stg] = Environment.all('dev', 'stg', 'prd');
    const called: string[] = [];
    const value = stg.pickLazy<unknown>({
      dev: () => called.push('dev'),
      stg: () => { called.push('stg'); return 'stg value'; },
      prd: () => called.push('prd'),
    });
    expect(value).toBe('stg value');
    expect(called).toEqual(['stg']);
  });

  test('a construct made in the branch of another environment never exists, so the same id does not collide', () => {
    for (const env of Environment.all('dev', 'prd')) {
      const chart = new Chart(Testing.app(), 'test');
      const made = env.pickLazy<Construct>({
        dev: () => new Construct(chart, 'pull'),
        prd: () => new Construct(chart, 'pull'),
      });
      expect(chart.node.children).toEqual([made]);
    }
  });

  test('pick, by contrast, evaluates every branch', () => {
    const [dev] = Environment.all('dev', 'prd');
    const chart = new Chart(Testing.app(), 'test');
    expect(() => dev.pick({ dev: new Construct(chart, 'pull'), prd: new Construct(chart, 'pull') })).toThrow(/There is already a Construct with name 'pull'/);
  });

  test.each(['pick', 'pickLazy'] as const)('%s fails naming the environment when it has no value for it', (method) => {
    const env: Environment<string> = new Environment({ name: 'qa' });
    const branches = { dev: () => 1, prd: () => 2 };
    expect(() => (method === 'pick' ? env.pick(branches) : env.pickLazy(branches))).toThrow(`${method} has no value for environment "qa" (it has dev, prd); add a "qa" entry`);
  });
});

test('every environment needs a branch, checked by the compiler', () => {
  const [dev] = Environment.all('dev', 'prd');
  // @ts-expect-error prd has no branch
  expect(() => dev.pickLazy({ dev: () => 1 })).not.toThrow();
  // @ts-expect-error a branch is a function
  expect(() => dev.pickLazy({ dev: 1, prd: 2 })).toThrow(TypeError);
  // @ts-expect-error qa is not an environment
  expect(dev.when('qa', () => 1)).toBeUndefined();
});

describe('when', () => {
  test.each([
    ['prd', 'prd', 'built'],
    ['dev', 'prd', undefined],
    ['stg', ['stg', 'prd'], 'built'],
    ['dev', ['stg', 'prd'], undefined],
  ] as const)('in %s, when(%j) gives %s', (name, names, expected) => {
    const env = Environment.all('dev', 'stg', 'prd').find((e) => e.name === name)!;
    let calls = 0;
    expect(env.when(names, () => { calls++; return 'built'; })).toBe(expected);
    expect(calls).toBe(expected ? 1 : 0);
  });
});
