import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AppDefinition, EnvironmentNamespace, HostPathType, NodeAgent, PodSecurityLevel, Toleration, Volume } from '../lib';
import { EnvironmentName } from './environments';

const FLUENT_BIT = 'cr.fluentbit.io/fluent/fluent-bit:2.2.2';

/**
 * The log shipper: Fluent Bit on every node, reading the containers' log
 * files from the node and sending them to the log store. It needs the
 * node's files, which the environment's "restricted" namespace refuses, so it
 * runs in a namespace of its own with the "privileged" Pod Security level;
 * each host path it mounts says why.
 */
export const logging: AppDefinition<EnvironmentName> = {
  name: 'logging',
  build: (chart, env) => {
    const namespace = `${env.namespace}-logging`;
    new EnvironmentNamespace(chart, 'namespace', { name: namespace, environment: env.name, podSecurity: PodSecurityLevel.PRIVILEGED });
    // The agent's objects live in that namespace: a chart of their own inside the app's.
    const scope: Construct = new Chart(chart, 'agent', { namespace, labels: chart.labels });

    const config = new kplus.ConfigMap(scope, 'config', {
      metadata: { name: 'fluent-bit' },
      data: {
        'fluent-bit.conf': [
          '[INPUT]',
          '    Name tail',
          '    Path /var/log/containers/*.log',
          '    DB /var/lib/fluent-bit/tail.db',
          '[OUTPUT]',
          '    Name forward',
          `    Host logs.${env.name}.example.com`,
          '    Port 24224',
        ].join('\n'),
      },
    });

    new NodeAgent(scope, 'log-shipper', {
      container: {
        image: FLUENT_BIT,
        args: ['--config=/fluent-bit/etc/fluent-bit.conf'],
        mounts: [{ path: '/fluent-bit/etc', volume: Volume.fromConfigMap(config) }],
        resources: { cpu: { request: kplus.Cpu.millis(50) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } },
        // The kubelet writes the log files as root, readable by root only.
        security: { runAsNonRoot: false, runAsUser: 0 },
      },
      hostPaths: [
        { name: 'varlog', hostPath: '/var/log', reason: 'the kubelet writes every container\'s log under /var/log; the shipper only reads it' },
        {
          name: 'state',
          hostPath: '/var/lib/fluent-bit',
          readOnly: false,
          type: HostPathType.DIRECTORY_OR_CREATE,
          reason: 'the read positions must survive a restart of the pod, or logs are sent twice',
        },
      ],
      // Logs of every node, the tainted ones included.
      tolerations: [Toleration.all()],
      component: 'logging',
    });
  },
};
