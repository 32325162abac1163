// README example: validation in a plain cdk8s app (type-checked by npm test; test/readme.test.ts keeps it in step).
import { App, Chart } from 'cdk8s';
import { WebService } from '../../lib';

const app = new App();
const chart = new Chart(app, 'shop', { namespace: 'shop' });
new WebService(chart, 'web', { container: { image: 'web:1.0.0' }, ports: [{ port: 70000 }], replicas: -3 });
app.synth(); // throws: every finding at once, nothing written
