import { Chart, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { cpuMillis, LimitRange, LimitRangeProps } from '../lib';
import { findingsOf, only, propError, synthObjects } from './helpers';

function render(props: LimitRangeProps): any {
  return only(synthObjects((chart) => { new LimitRange(chart, 'limits', props); }), 'LimitRange');
}


describe('default requests and limits', () => {
  const range = render({
    defaultRequest: { cpu: kplus.Cpu.millis(100), memory: Size.mebibytes(128) },
    default: { memory: Size.mebibytes(512) },
  });

  test('renders one LimitRange for containers', () => {
    expect(range).toMatchSnapshot();
    expect(range.metadata).toEqual({ name: 'limits', namespace: 'test' });
    expect(range.spec).toEqual({ limits: [{ type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { memory: '512Mi' } }] });
  });

  test('the main object is the Resource child', () => {
    const lr = new LimitRange(new Chart(Testing.app(), 'test'), 'limits', { max: { memory: Size.gibibytes(4) } });
    expect(lr.node.defaultChild).toBe(lr.resource);
  });
});

test.each<[string, LimitRangeProps, Record<string, unknown>]>([
  ['defaultRequest', { defaultRequest: { cpu: kplus.Cpu.units(1) } }, { defaultRequest: { cpu: 1 } }],
  ['default', { default: { cpu: kplus.Cpu.millis(500), memory: Size.gibibytes(1) } }, { default: { cpu: '500m', memory: '1Gi' } }],
  ['min', { min: { memory: Size.mebibytes(64) } }, { min: { memory: '64Mi' } }],
  ['max', { max: { cpu: kplus.Cpu.units(4), memory: Size.gibibytes(8) } }, { max: { cpu: 4, memory: '8Gi' } }],
])('%s', (_, props, expected) => {
  expect(render(props).spec.limits).toEqual([{ type: 'Container', ...expected }]);
});

test('name and namespace', () => {
  expect(render({ name: 'containers', namespace: 'prd', max: { memory: Size.gibibytes(4) } }).metadata).toEqual({ name: 'containers', namespace: 'prd' });
});

test('cpuMillis', () => {
  expect([cpuMillis(kplus.Cpu.millis(250)), cpuMillis(kplus.Cpu.units(2)), cpuMillis(kplus.Cpu.units(0.5))]).toEqual([250, 2000, 500]);
});

test('the output passes validation', () => {
  expect(findingsOf((chart) => {
    new LimitRange(chart, 'limits', {
      min: { cpu: kplus.Cpu.millis(10), memory: Size.mebibytes(16) },
      defaultRequest: { cpu: kplus.Cpu.millis(100), memory: Size.mebibytes(128) },
      default: { cpu: kplus.Cpu.units(1), memory: Size.mebibytes(512) },
      max: { cpu: kplus.Cpu.units(4), memory: Size.gibibytes(8) },
    });
  })).toEqual([]);
});

describe.each<[string, LimitRangeProps, string, unknown, RegExp]>([
  ['nothing given', {}, 'limits', undefined, /no value given/],
  ['a default request above the default limit', { defaultRequest: { memory: Size.gibibytes(2) }, default: { memory: Size.gibibytes(1) } },
    'defaultRequest.memory', '2Gi', /is more than default.memory \(1Gi\)/],
  ['a default request above max, which becomes the default limit', { defaultRequest: { cpu: kplus.Cpu.units(2) }, max: { cpu: kplus.Cpu.units(1) } },
    'defaultRequest.cpu', '2', /is more than max.cpu \(1\)/],
  ['min above max', { min: { memory: Size.gibibytes(2) }, max: { memory: Size.gibibytes(1) } }, 'min.memory', '2Gi', /is more than max.memory/],
  ['a default limit above max', { default: { cpu: kplus.Cpu.units(8) }, max: { cpu: kplus.Cpu.units(4) } }, 'default.cpu', '8', /is more than max.cpu \(4\)/],
])('fails on %s', (_, props, field, value, message) => {
  test('at construction, with the values and the order Kubernetes needs', () => {
    const error = propError(() => render(props));
    expect(error).toMatchObject({ path: 'test/limits', field, value });
    expect(error.problem).toMatch(message);
    expect(error.fix).toMatch(/min <= defaultRequest <= default <= max|set defaultRequest, default, min or max/);
  });
});
