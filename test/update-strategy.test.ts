import * as kplus from 'cdk8s-plus-27';
import { UpdateStrategy, WebService } from '../lib';
import { only, synthObjects } from './helpers';

/** The strategy of the Deployment of a WebService updated with `strategy`. */
function written(strategy: UpdateStrategy): any {
  const objects = synthObjects((chart) => {
    new WebService(chart, 'web', { container: { image: 'registry.example.com/shop/web:1.4.2' }, strategy });
  });
  return only(objects, 'Deployment').spec.strategy;
}

describe.each([
  ['rollingUpdate()', () => UpdateStrategy.rollingUpdate(), { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }],
  [
    'rollingUpdate with counts',
    () => UpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(2), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
    { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 0 } },
  ],
  [
    'rollingUpdate with percents',
    () => UpdateStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.percent(100), maxUnavailable: kplus.PercentOrAbsolute.percent(10) }),
    { type: 'RollingUpdate', rollingUpdate: { maxSurge: '100%', maxUnavailable: '10%' } },
  ],
  ['recreate()', () => UpdateStrategy.recreate(), { type: 'Recreate' }],
])('%s', (_name, make, expected) => {
  test('is written as the Deployment strategy', () => {
    expect(written(make())).toEqual(expected);
  });
});
