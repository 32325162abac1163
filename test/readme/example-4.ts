// README example: the test helper (type-checked by npm test; test/readme.test.ts keeps it in step).
import { Chart, Testing } from 'cdk8s';
import { Validation, WebService } from '../../lib';

export function example(): void {
  const chart = new Chart(Testing.app(), 'shop', { namespace: 'shop' });
  new WebService(chart, 'web', { container: { image: 'web:1.0.0' } });
  expect(Validation.findings(chart).filter((f) => f.severity === 'error')).toEqual([]);
}
