import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { Cidr } from './cidr';
import { NAME_LABEL } from './private/labels';
import { specObject } from './private/manifest-object';
import { PodsTarget, selectorOf } from './selectable-pods';
import { PropError } from './validation/prop-error';
import { dns1123SubdomainError, isIpAddress, labelKeyError, portNameError } from './validation/formats';
import { SessionAffinity } from './web-service';

/** One port of a `Service`. */
export interface ServicePortOptions {
  /** Port of the Service, 1-65535. */
  readonly port: number;

  /**
   * Port of the pods the traffic goes to: a number, or the name a container gives its port.
   *
   * @default - the same as `port`
   */
  readonly targetPort?: number | string;

  /**
   * Name of the port. Required when the Service has two or more ports.
   *
   * @default - unnamed
   */
  readonly name?: string;

  /**
   * Protocol.
   *
   * @default kplus.Protocol.TCP
   */
  readonly protocol?: kplus.Protocol;

  /**
   * Fixed port on every node (30000-32767), for NodePort and LoadBalancer Services.
   *
   * @default - Kubernetes picks one for NodePort and LoadBalancer Services
   */
  readonly nodePort?: number;
}

/** Where traffic that reaches a node or a pod is sent. */
export enum TrafficPolicy {
  /** To any ready endpoint of the cluster. */
  CLUSTER = 'Cluster',
  /**
   * Only to endpoints on the same node: keeps the client's source IP (for
   * external traffic) and saves a hop, but drops traffic on nodes without one.
   */
  LOCAL = 'Local',
}

/** Props of a `Service`. */
export interface ServiceProps {
  /**
   * Name of the Service; a DNS-1035 label.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Pods the Service sends traffic to: a workload (`WebService`,
   * `ReplicaSet`, ...) or a bare `StandalonePod`.
   *
   * @default - no selector: the endpoints are managed outside Kubernetes' Service controller
   */
  readonly selector?: PodsTarget;

  /**
   * Ports; at least one, unless the Service is headless.
   *
   * @default - none (only for a headless Service)
   */
  readonly ports?: ServicePortOptions[];

  /**
   * How the Service is exposed.
   *
   * @default kplus.ServiceType.CLUSTER_IP
   */
  readonly type?: kplus.ServiceType;

  /**
   * A headless Service (`clusterIP: None`): DNS returns the pod IPs, no
   * virtual IP balances the traffic. For StatefulSets and clients that
   * balance themselves. Only for ClusterIP Services.
   *
   * @default false
   */
  readonly headless?: boolean;

  /**
   * Fixed cluster IP (within the cluster's service range).
   *
   * @default - Kubernetes assigns one
   */
  readonly clusterIP?: string;

  /**
   * List pods in DNS before they are ready: how the members of a headless
   * StatefulSet find each other while they start.
   *
   * @default false (not written)
   */
  readonly publishNotReadyAddresses?: boolean;

  /**
   * Where traffic from outside the cluster (node ports, load balancers) goes.
   * Only for NodePort and LoadBalancer Services.
   *
   * @default - TrafficPolicy.CLUSTER (Kubernetes default; not written)
   */
  readonly externalTrafficPolicy?: TrafficPolicy;

  /**
   * Where traffic from inside the cluster goes.
   *
   * @default - TrafficPolicy.CLUSTER (Kubernetes default; not written)
   */
  readonly internalTrafficPolicy?: TrafficPolicy;

  /**
   * Client addresses the cloud load balancer accepts. Only for LoadBalancer Services.
   *
   * @default - every address
   */
  readonly loadBalancerSourceRanges?: Cidr[];

  /**
   * Load balancer implementation (`service.k8s.aws/nlb`); a label-style name.
   * Only for LoadBalancer Services.
   *
   * @default - the cloud provider's default load balancer
   */
  readonly loadBalancerClass?: string;

  /**
   * Session affinity.
   *
   * @default SessionAffinity.NONE (not written)
   */
  readonly sessionAffinity?: SessionAffinity;

  /**
   * How long a client keeps its pod after its last connection, with
   * `SessionAffinity.CLIENT_IP`: 1 second to 1 day.
   *
   * @default - 3 hours (Kubernetes default; not written)
   */
  readonly sessionAffinityTimeout?: Duration;

  /**
   * More labels of the Service.
   *
   * @default - only `app.kubernetes.io/name: <name>`
   */
  readonly labels?: Record<string, string>;

  /**
   * Annotations, for example a cloud load balancer's settings.
   *
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/** Props of `Service.externalName`. */
export interface ExternalNameServiceProps {
  /**
   * Name of the Service; a DNS-1035 label.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /** DNS name the Service is an alias (CNAME) for, such as `db.example.com`; not an IP address. */
  readonly externalName: string;

  /**
   * Ports, for documentation and for Ingress backends; DNS ignores them.
   *
   * @default - none
   */
  readonly ports?: ServicePortOptions[];

  /**
   * More labels of the Service.
   *
   * @default - only `app.kubernetes.io/name: <name>`
   */
  readonly labels?: Record<string, string>;

  /**
   * Annotations.
   *
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/** A port of a Service, as Ingress backends see it. */
export interface ServicePortRef {
  readonly port: number;
  readonly name?: string;
}

/**
 * A Service: a stable name (and usually a virtual IP) in front of a set of
 * pods, or an alias for a DNS name outside the cluster
 * (`Service.externalName`). The combinations the API server refuses —
 * a headless NodePort Service, `externalTrafficPolicy` on a ClusterIP
 * Service, source ranges without a load balancer, a session timeout
 * without ClientIP affinity — throw when the construct is made.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/service/
 */
export class Service extends Construct {
  /**
   * A Service that is a DNS alias (CNAME) for `externalName`: no selector,
   * no cluster IP, no endpoints; pods reach the outside name under an
   * in-cluster one.
   */
  public static externalName(scope: Construct, id: string, props: ExternalNameServiceProps): Service {
    return new Service(scope, id, { ...props, selector: undefined }, props.externalName);
  }

  /** Name of the Service. */
  public readonly name: string;
  /** The Service. */
  public readonly resource: ApiObject;
  /** Ports of the Service. */
  public readonly ports: ReadonlyArray<ServicePortRef>;
  /** Labels that select the Service's pods, when it has a selector. */
  public readonly selector?: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ServiceProps);
  constructor(scope: Construct, id: string, props: ServiceProps, externalName?: string);
  constructor(scope: Construct, id: string, props: ServiceProps, externalName?: string) {
    super(scope, id);
    this.name = props.name ?? id;
    const fail = (field: string, value: unknown, message: string, fix: string): never => {
      throw new PropError(this, { field, value, message, fix });
    };
    const ports = props.ports ?? [];
    const type = externalName !== undefined ? kplus.ServiceType.EXTERNAL_NAME : props.type ?? kplus.ServiceType.CLUSTER_IP;
    const external = type === kplus.ServiceType.NODE_PORT || type === kplus.ServiceType.LOAD_BALANCER;
    const onlyFor = (field: string, value: unknown, types: string) =>
      fail(field, value, `only applies to ${types} Services, not ${type}`, `remove ${field}, or make the Service a ${types} one`);

    if (externalName !== undefined) {
      const error = isIpAddress(externalName) ? 'is an IP address; an ExternalName Service is a DNS alias' : dns1123SubdomainError(externalName.replace(/\.$/, ''));
      if (error) {
        fail('externalName', externalName, error, 'use a DNS name such as "db.example.com"');
      }
    } else if (type === kplus.ServiceType.EXTERNAL_NAME) {
      fail('type', type, 'needs an externalName', 'use Service.externalName(scope, id, { externalName })');
    }
    if (ports.length === 0 && !props.headless && externalName === undefined) {
      fail('ports', props.ports, 'is empty; only headless and ExternalName Services may have no port', 'give at least one port, or set headless: true');
    }
    if (props.headless) {
      if (type !== kplus.ServiceType.CLUSTER_IP) {
        fail('headless', true, `cannot be set on a ${type} Service; headless Services are ClusterIP`, 'remove headless, or leave type at ClusterIP');
      }
      if (props.clusterIP) {
        fail('clusterIP', props.clusterIP, 'contradicts headless (clusterIP None)', 'give headless or clusterIP, not both');
      }
    }
    if (props.externalTrafficPolicy && !external) {
      onlyFor('externalTrafficPolicy', props.externalTrafficPolicy, 'NodePort and LoadBalancer');
    }
    if (type !== kplus.ServiceType.LOAD_BALANCER) {
      if (props.loadBalancerSourceRanges?.length) {
        onlyFor('loadBalancerSourceRanges', props.loadBalancerSourceRanges.map(String), 'LoadBalancer');
      }
      if (props.loadBalancerClass) {
        onlyFor('loadBalancerClass', props.loadBalancerClass, 'LoadBalancer');
      }
    }
    if (props.loadBalancerClass) {
      const error = labelKeyError(props.loadBalancerClass);
      if (error) {
        fail('loadBalancerClass', props.loadBalancerClass, `is not a qualified name: ${error}`, 'use a name such as "service.k8s.aws/nlb"');
      }
    }
    const timeout = props.sessionAffinityTimeout?.toSeconds();
    if (timeout !== undefined) {
      if (props.sessionAffinity !== SessionAffinity.CLIENT_IP) {
        fail('sessionAffinityTimeout', `${timeout}s`, 'needs sessionAffinity: SessionAffinity.CLIENT_IP', 'set sessionAffinity: SessionAffinity.CLIENT_IP, or remove the timeout');
      }
      if (!Number.isInteger(timeout) || timeout < 1 || timeout > 86400) {
        fail('sessionAffinityTimeout', `${timeout}s`, 'is not a whole number of seconds from 1 to 86400 (one day)', 'give a timeout from Duration.seconds(1) to Duration.days(1)');
      }
    }
    checkPorts(ports, type, fail);

    this.ports = ports.map((p) => ({ port: p.port, name: p.name }));
    this.selector = props.selector ? selectorOf(props.selector) : undefined;
    const metadata = { name: this.name, labels: { [NAME_LABEL]: this.name, ...props.labels }, annotations: props.annotations };
    this.resource = specObject(this, 'Resource', k8s.KubeService.GVK, metadata, k8s.toJson_ServiceSpec, {
      type,
      externalName,
      clusterIp: props.headless ? 'None' : props.clusterIP,
      publishNotReadyAddresses: props.publishNotReadyAddresses || undefined,
      selector: this.selector ? { ...this.selector } : undefined,
      ports: ports.length ? ports.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: p.targetPort === undefined ? undefined
          : typeof p.targetPort === 'number' ? k8s.IntOrString.fromNumber(p.targetPort) : k8s.IntOrString.fromString(p.targetPort),
        protocol: p.protocol,
        nodePort: p.nodePort,
      })) : undefined,
      externalTrafficPolicy: props.externalTrafficPolicy,
      internalTrafficPolicy: props.internalTrafficPolicy,
      loadBalancerSourceRanges: props.loadBalancerSourceRanges?.length ? props.loadBalancerSourceRanges.map((c) => c.toString()) : undefined,
      loadBalancerClass: props.loadBalancerClass,
      sessionAffinity: props.sessionAffinity,
      sessionAffinityConfig: timeout !== undefined ? { clientIp: { timeoutSeconds: timeout } } : undefined,
    });
  }
}

function checkPorts(
  ports: ReadonlyArray<ServicePortOptions>,
  type: kplus.ServiceType,
  fail: (field: string, value: unknown, message: string, fix: string) => never,
): void {
  const names = new Set<string>();
  const numbers = new Set<string>();
  const validPort = (port: unknown) => Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535;
  ports.forEach((p, i) => {
    const where = `ports[${i}]`;
    if (!validPort(p.port)) {
      fail(`${where}.port`, p.port, 'is not an integer from 1 to 65535', 'use a port number from 1 to 65535');
    }
    if (ports.length > 1 && !p.name) {
      fail(`${where}.name`, p.name, `is missing: the Service has ${ports.length} ports and port ${p.port} has no name`, 'name every port of the Service ("http", "metrics")');
    }
    if (p.name !== undefined) {
      const error = portNameError(p.name);
      if (error) {
        fail(`${where}.name`, p.name, error, 'use a name such as "http", "grpc" or "metrics"');
      }
      if (names.has(p.name)) {
        fail(`${where}.name`, p.name, 'is used twice', 'give each port of the Service its own name');
      }
      names.add(p.name);
    }
    const key = `${p.protocol ?? 'TCP'}/${p.port}`;
    if (numbers.has(key)) {
      fail(`${where}.port`, p.port, `is listed twice (${key})`, 'list each port and protocol once');
    }
    numbers.add(key);
    if (typeof p.targetPort === 'number' && !validPort(p.targetPort)) {
      fail(`${where}.targetPort`, p.targetPort, 'is not an integer from 1 to 65535', 'use the container\'s port number or its name');
    }
    if (typeof p.targetPort === 'string') {
      const error = portNameError(p.targetPort);
      if (error) {
        fail(`${where}.targetPort`, p.targetPort, `is not a container port name: it ${error}`, 'use the name the container gives its port, or its number');
      }
    }
    if (p.nodePort !== undefined) {
      if (type !== kplus.ServiceType.NODE_PORT && type !== kplus.ServiceType.LOAD_BALANCER) {
        fail(`${where}.nodePort`, p.nodePort, `needs a NodePort or LoadBalancer Service, not ${type}`, 'remove nodePort, or change the Service type');
      }
      if (!Number.isInteger(p.nodePort) || p.nodePort < 30000 || p.nodePort > 32767) {
        fail(`${where}.nodePort`, p.nodePort, 'is outside the node port range 30000-32767', 'choose a nodePort from 30000 to 32767, or leave it to Kubernetes');
      }
    }
  });
}
