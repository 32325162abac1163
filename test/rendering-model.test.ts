import { ApiObject, App, Chart, Cron, IResolver, JsonPatch, Lazy, ResolutionContext, Testing } from 'cdk8s';
import {
  CronJob, Job, NodeAffinity, NodeAgent, NodePinnedCronJob, NodePinnedJob, NodeRequirement, ReplicaSet, StandalonePod,
  StatefulService, WebService, Worker,
} from '../lib';

const IMAGE = 'registry.example.com/shop/app:1.0.0';
const chart = (app = Testing.app()) => new Chart(app, 'test', { namespace: 'test' });
const pinned = NodeAffinity.require(NodeRequirement.exists('batch'));

describe('one rendering model', () => {
  describe.each([
    ['WebService', (c: Chart) => new WebService(c, 'x', { container: { image: IMAGE } }), 'Deployment'],
    ['Worker', (c: Chart) => new Worker(c, 'x', { container: { image: IMAGE } }), 'Deployment'],
    ['StatefulService', (c: Chart) => new StatefulService(c, 'x', { container: { image: IMAGE } }), 'StatefulSet'],
    ['NodeAgent', (c: Chart) => new NodeAgent(c, 'x', { container: { image: IMAGE } }), 'DaemonSet'],
    ['Job', (c: Chart) => new Job(c, 'x', { container: { image: IMAGE } }), 'Job'],
    ['CronJob', (c: Chart) => new CronJob(c, 'x', { container: { image: IMAGE }, schedule: Cron.daily() }), 'CronJob'],
    ['NodePinnedJob', (c: Chart) => new NodePinnedJob(c, 'x', { container: { image: IMAGE }, nodeAffinity: pinned }), 'Job'],
    ['NodePinnedCronJob', (c: Chart) => new NodePinnedCronJob(c, 'x', { container: { image: IMAGE }, nodeAffinity: pinned, schedule: Cron.daily() }), 'CronJob'],
    ['StandalonePod', (c: Chart) => new StandalonePod(c, 'x', { containers: [{ image: IMAGE }] }), 'Pod'],
    ['ReplicaSet', (c: Chart) => new ReplicaSet(c, 'x', { containers: [{ image: IMAGE }] }), 'ReplicaSet'],
  ])('%s', (_name, make, kind) => {
    test('ApiObject.of gives its main object', () => {
      expect(ApiObject.of(make(chart())).kind).toBe(kind);
    });

    test('what toJson and Testing.synth return is fresh: editing it never changes the construct', () => {
      const c = chart();
      const main = ApiObject.of(make(c));
      const before = JSON.stringify(main.toJson());
      const json = main.toJson();
      json.metadata.labels.edited = 'yes';
      (json.spec.template?.spec ?? json.spec.jobTemplate?.spec.template.spec ?? json.spec).containers[0].image = 'edited';
      const synthed = Testing.synth(c);
      synthed[0].metadata.name = 'edited';
      expect(JSON.stringify(main.toJson())).toBe(before);
      expect(Testing.synth(c)[0].metadata.name).toBe('x');
    });
  });

  test('a Lazy in a prop is resolved when rendered', () => {
    let replicas = 1;
    const worker = new Worker(chart(), 'w', { container: { image: IMAGE }, replicas: Lazy.any({ produce: () => replicas }) as unknown as number });
    replicas = 4;
    expect(worker.deployment.toJson().spec.replicas).toBe(4);
  });

  test("the app's resolvers run on the library's objects", () => {
    class Upper implements IResolver {
      public resolve(context: ResolutionContext): void {
        if (context.key.join('.') === 'metadata.labels.team' && typeof context.value === 'string' && context.value !== context.value.toUpperCase()) {
          context.replaceValue(context.value.toUpperCase());
        }
      }
    }
    const app = new App({ resolvers: [new Upper()] });
    const c = new Chart(app, 'test', { labels: { team: 'shop' } });
    const web = new WebService(c, 'web', { container: { image: IMAGE } });
    expect(web.deployment.toJson().metadata.labels.team).toBe('SHOP');
    expect(web.service.toJson().metadata.labels.team).toBe('SHOP');
  });

  test('JSON patches still apply to the Kubernetes field names', () => {
    const web = new WebService(chart(), 'web', { container: { image: IMAGE } });
    web.deployment.addJsonPatch(JsonPatch.add('/spec/template/spec/hostIPC', true));
    expect(web.deployment.toJson().spec.template.spec.hostIPC).toBe(true);
  });
});
