import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { ResourceQuota, ResourceQuotaProps } from '../lib';
import { findingsOf, only, propError, synthObjects } from './helpers';

function render(props: ResourceQuotaProps): any {
  return only(synthObjects((chart) => { new ResourceQuota(chart, 'quota', props); }), 'ResourceQuota');
}


describe('a quota on CPU and memory requests', () => {
  const quota = render({ requestsCpu: kplus.Cpu.units(4), requestsMemory: Size.gibibytes(8) });

  test('renders one ResourceQuota with only the limits given', () => {
    expect(quota).toMatchSnapshot();
    expect(quota.metadata).toEqual({ name: 'quota', namespace: 'test' });
    expect(quota.spec).toEqual({ hard: { 'requests.cpu': 4, 'requests.memory': '8Gi' } });
  });

  test('hard says what was written', () => {
    const rq = new ResourceQuota(new Chart(Testing.app(), 'test'), 'quota', { requestsCpu: kplus.Cpu.millis(1500) });
    expect(rq.hard).toEqual({ 'requests.cpu': '1500m' });
    expect(rq.node.defaultChild).toBe(rq.resource);
  });
});

test.each<[string, ResourceQuotaProps, Record<string, unknown>]>([
  ['requestsCpu', { requestsCpu: kplus.Cpu.millis(500) }, { 'requests.cpu': '500m' }],
  ['requestsMemory', { requestsMemory: Size.mebibytes(512) }, { 'requests.memory': '512Mi' }],
  ['limitsCpu', { limitsCpu: kplus.Cpu.units(8) }, { 'limits.cpu': 8 }],
  ['limitsMemory', { limitsMemory: Size.gibibytes(16) }, { 'limits.memory': '16Gi' }],
  ['requestsStorage', { requestsStorage: Size.tebibytes(1) }, { 'requests.storage': '1Ti' }],
  ['persistentVolumeClaims', { persistentVolumeClaims: 5 }, { persistentvolumeclaims: 5 }],
  ['pods', { pods: 30 }, { pods: 30 }],
  ['services', { services: 10 }, { services: 10 }],
  ['loadBalancers', { loadBalancers: 0 }, { 'services.loadbalancers': 0 }],
  ['nodePorts', { nodePorts: 2 }, { 'services.nodeports': 2 }],
])('%s', (_, props, hard) => {
  expect(render(props).spec.hard).toEqual(hard);
});

test('name and namespace', () => {
  expect(render({ name: 'compute', namespace: 'prd', pods: 10 }).metadata).toEqual({ name: 'compute', namespace: 'prd' });
});

test('the output passes validation', () => {
  expect(findingsOf((chart) => {
    new ResourceQuota(chart, 'quota', {
      requestsCpu: kplus.Cpu.units(4), requestsMemory: Size.gibibytes(8), limitsCpu: kplus.Cpu.units(8), limitsMemory: Size.gibibytes(16),
      requestsStorage: Size.gibibytes(100), persistentVolumeClaims: 5, pods: 30, services: 10, loadBalancers: 1, nodePorts: 0,
    });
  })).toEqual([]);
});

describe.each<[string, ResourceQuotaProps, string, RegExp]>([
  ['no limit at all', {}, 'hard', /no limit given/],
  ['a negative count', { pods: -1 }, 'pods', /is not a whole number of 0 or more/],
  ['a fractional count', { services: 2.5 }, 'services', /is not a whole number/],
])('fails on %s', (_, props, field, message) => {
  test('at construction, with the construct path, the prop and a fix', () => {
    const error = propError(() => render(props));
    expect(error).toMatchObject({ path: 'test/quota', field, fix: expect.any(String) });
    expect(error.problem).toMatch(message);
  });
});
