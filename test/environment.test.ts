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
