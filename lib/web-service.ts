import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { percentOrAbsolute } from './private/int-or-string';
import { WorkloadLabels, workloadLabels } from './private/labels';
import { ManifestObject, specObject } from './private/manifest-object';
import { renderDeploymentSpec } from './private/render-deployment';
import { prepareWorkload } from './private/workload';
import { PropError } from './validation/prop-error';
import { WorkerProps } from './worker';
import { IWorkload } from './workload';

// Marks the props of `WebService.expose`: the workload to put a Service in front of.
const EXPOSED = Symbol('platform-kit.exposed');

/** One port of a `WebService`: the Service port and the container port behind it. */
export interface WebServicePort {
  /** Port of the Service, 1-65535. */
  readonly port: number;

  /**
   * Port the container listens on, written as the Service's `targetPort`.
   *
   * @default - the same as `port`
   */
  readonly containerPort?: number;

  /**
   * Name of the port on the Service and the container. Required when there
   * are two or more ports.
   *
   * @default - unnamed
   */
  readonly name?: string;

  /**
   * Fixed port on every node (30000-32767), for `NODE_PORT` and
   * `LOAD_BALANCER` Services.
   *
   * @default - Kubernetes picks one for NodePort and LoadBalancer Services
   */
  readonly nodePort?: number;

  /**
   * Protocol.
   *
   * @default - TCP (Kubernetes default; not written)
   */
  readonly protocol?: kplus.Protocol;
}

/** Whether a client keeps reaching the same pod. */
export enum SessionAffinity {
  /** Every connection may go to any pod. */
  NONE = 'None',
  /** Connections from one client IP go to the same pod. */
  CLIENT_IP = 'ClientIP',
}

/** The Service of a `WebService`. */
export interface WebServiceServiceOptions {
  /**
   * How the Service is exposed.
   *
   * @default kplus.ServiceType.CLUSTER_IP
   */
  readonly type?: kplus.ServiceType;

  /**
   * Fixed cluster IP (within the cluster's service range).
   *
   * @default - Kubernetes assigns one
   */
  readonly clusterIP?: string;

  /**
   * Session affinity.
   *
   * @default SessionAffinity.NONE (not written)
   */
  readonly sessionAffinity?: SessionAffinity;

  /**
   * Annotations, for example a cloud load balancer's settings.
   *
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/** TLS of an Ingress. */
export interface IngressTls {
  /**
   * Secret holding the certificate and key, by reference: a `kplus.Secret`,
   * or `kplus.Secret.fromSecretName(chart, 'tls', 'shop-tls')` for one that
   * cert-manager makes. Give this or `secretName`.
   *
   * @default - `secretName`
   */
  readonly secret?: kplus.ISecret;

  /**
   * Name of the Secret holding the certificate and key.
   *
   * @default - the name of `secret`
   * @deprecated use `secret`, which takes the Secret by reference
   */
  readonly secretName?: string;

  /**
   * Host names the certificate covers.
   *
   * @default - the Ingress host
   */
  readonly hosts?: string[];
}

/** The Ingress of a `WebService`. */
export interface WebServiceIngressOptions {
  /** Host name the Ingress answers for: a lower-case DNS name, not an IP. */
  readonly host: string;

  /**
   * Path the Ingress answers for: absolute, without `//`, `/./` or `/../`.
   *
   * @default '/'
   */
  readonly path?: string;

  /**
   * How `path` matches.
   *
   * @default kplus.HttpIngressPathType.PREFIX
   */
  readonly pathType?: kplus.HttpIngressPathType;

  /**
   * IngressClass that serves this Ingress.
   *
   * @default - the cluster's default IngressClass
   */
  readonly className?: string;

  /**
   * Annotations, for example for cert-manager or the ingress controller.
   *
   * @default - none
   */
  readonly annotations?: Record<string, string>;

  /**
   * Serve HTTPS with this certificate.
   *
   * @default - plain HTTP
   */
  readonly tls?: IngressTls;

  /**
   * Service port the Ingress sends to.
   *
   * @default - the first port of the Service
   */
  readonly servicePort?: number;
}

/** A PodDisruptionBudget for voluntary disruptions (node drains, upgrades). Give one of the two. */
export interface DisruptionBudgetOptions {
  /**
   * Pods that must stay available.
   *
   * @default - not set; `maxUnavailable` is used
   */
  readonly minAvailable?: kplus.PercentOrAbsolute;

  /**
   * Pods that may be down at once.
   *
   * @default PercentOrAbsolute.absolute(1) when `minAvailable` is not given
   */
  readonly maxUnavailable?: kplus.PercentOrAbsolute;
}

/** A HorizontalPodAutoscaler (autoscaling/v2) for the Deployment. */
export interface AutoscalingOptions {
  /**
   * Fewest replicas.
   *
   * @default - the WebService's `replicas`
   */
  readonly minReplicas?: number;

  /** Most replicas. */
  readonly maxReplicas: number;

  /**
   * Target average CPU use, in percent of the CPU request. Needs CPU requests.
   *
   * @default 80
   */
  readonly cpuUtilization?: number;

  /**
   * Target average memory use, in percent of the memory request.
   *
   * @default - memory is not a scaling metric
   */
  readonly memoryUtilization?: number;
}

/** What a `WebService` puts in front of pods: its Service, and optionally an Ingress. */
export interface WebServiceExposeOptions {
  /**
   * Name of the Service and Ingress; a DNS-1035 label (the Service needs one).
   *
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Ports of the Service (and of the main container, when the WebService owns
   * it). At least one: a Service needs a port.
   *
   * @default [{ port: 80, containerPort: 8080, name: 'http' }]
   */
  readonly ports?: WebServicePort[];

  /**
   * Settings of the Service.
   *
   * @default - a ClusterIP Service
   */
  readonly service?: WebServiceServiceOptions;

  /**
   * Expose the service through an Ingress.
   *
   * @default - no Ingress
   */
  readonly ingress?: WebServiceIngressOptions;

  /**
   * Add a PodDisruptionBudget.
   *
   * @default - none
   */
  readonly disruptionBudget?: DisruptionBudgetOptions;
}

/** Props of a `WebService`. */
export interface WebServiceProps extends WorkerProps, WebServiceExposeOptions {
  /**
   * Name of the Deployment, Service, Ingress, PodDisruptionBudget and
   * HorizontalPodAutoscaler; a DNS-1035 label (the Service needs one).
   *
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Number of pods. Not written when `autoscaling` is set, so that GitOps
   * does not fight the autoscaler.
   *
   * @default 2
   */
  readonly replicas?: number;

  /**
   * Add a HorizontalPodAutoscaler.
   *
   * @default - a fixed number of replicas
   */
  readonly autoscaling?: AutoscalingOptions;
}

/**
 * A long-running HTTP service: a Deployment, a Service in front of it and,
 * when asked, an Ingress, a PodDisruptionBudget and a HorizontalPodAutoscaler,
 * all pointing at each other by reference. `WebService.expose` puts the
 * Service (and Ingress) in front of a workload made elsewhere instead.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
export class WebService extends Construct implements IWorkload {
  /**
   * A Service (and, when asked, an Ingress and a PodDisruptionBudget) in
   * front of the pods of `workload` (a `Worker`, `StatefulService`,
   * `NodeAgent`, ...), selected by its selector. `deployment` is then the
   * workload's main object, and `ApiObject.of()` gives the Service.
   */
  public static expose(scope: Construct, id: string, workload: IWorkload, options: WebServiceExposeOptions = {}): WebService {
    return new WebService(scope, id, { ...options, [EXPOSED]: workload } as unknown as WebServiceProps);
  }

  /** Name of every object of this service. */
  public readonly name: string;
  /** Labels that select the service's pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** The Deployment (for `expose`, the exposed workload's main object). */
  public readonly deployment: ApiObject;
  /** The Service. */
  public readonly service: ApiObject;
  /** The Ingress, when asked for. */
  public readonly ingress?: ApiObject;
  /** The PodDisruptionBudget, when asked for. */
  public readonly disruptionBudget?: ApiObject;
  /** The HorizontalPodAutoscaler, when asked for. */
  public readonly autoscaler?: ApiObject;
  /** Ports of the Service. */
  public readonly ports: ReadonlyArray<WebServicePort>;

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    this.name = props.name ?? id;
    this.ports = props.ports ?? [{ port: 80, containerPort: 8080, name: 'http' }];
    if (!this.ports.length) {
      // A Service without ports is refused by the API server (only headless ones may have none).
      throw new PropError(this, { field: 'ports', value: [], message: 'is []: a WebService writes a Service, which needs at least one port', fix: 'give at least one port, or use Worker for a Deployment without a Service' });
    }
    const exposed = (props as { [EXPOSED]?: IWorkload })[EXPOSED];
    let labels: WorkloadLabels;
    if (exposed) {
      labels = workloadLabels(this, { name: this.name, selectorLabels: { ...exposed.selector } });
      this.deployment = ApiObject.of(exposed);
    } else {
      const containers = [props.container, ...(props.sidecars ?? [])];
      labels = prepareWorkload(this, { name: this.name, props, containers, component: props.component, version: props.version, selectorLabels: props.selectorLabels });
      const servicePorts = this.ports.map((p) => ({ number: p.containerPort ?? p.port, name: p.name, protocol: p.protocol }));
      this.deployment = new ManifestObject(this, 'Deployment', {
        ...k8s.KubeDeployment.GVK,
        metadata: { name: this.name, labels: labels.labels },
        body: { spec: renderDeploymentSpec(this, this.name, props, containers, labels, props.autoscaling ? undefined : props.replicas ?? 2, servicePorts) },
      });
    }
    this.selector = labels.selector;

    const service = props.service ?? {};
    const serviceMetadata = { name: this.name, labels: labels.labels, annotations: service.annotations };
    this.service = specObject(this, 'Service', k8s.KubeService.GVK, serviceMetadata, k8s.toJson_ServiceSpec, {
      type: service.type ?? kplus.ServiceType.CLUSTER_IP,
      clusterIp: service.clusterIP,
      sessionAffinity: service.sessionAffinity,
      selector: labels.selector,
      ports: this.ports.map((p) => ({
        name: p.name,
        port: p.port,
        targetPort: k8s.IntOrString.fromNumber(p.containerPort ?? p.port),
        nodePort: p.nodePort,
        protocol: p.protocol,
      })),
    });
    // `ApiObject.of(webService)`: the Deployment it owns, or the Service it adds.
    this.node.defaultChild = exposed ? this.service : this.deployment;

    if (props.ingress) {
      this.ingress = this.renderIngress(props.ingress, labels.labels);
    }
    if (props.disruptionBudget) {
      this.disruptionBudget = this.renderDisruptionBudget(props.disruptionBudget, labels);
    }
    if (props.autoscaling && !exposed) {
      this.autoscaler = this.renderAutoscaler(props.autoscaling, props.replicas ?? 2, labels.labels);
    }
  }

  private renderIngress(ingress: WebServiceIngressOptions, labels: Record<string, string>): ApiObject {
    const port = ingress.servicePort ?? this.ports[0]?.port;
    const metadata = { name: this.name, labels, annotations: ingress.annotations };
    return specObject(this, 'Ingress', k8s.KubeIngress.GVK, metadata, k8s.toJson_IngressSpec, {
      ingressClassName: ingress.className,
      rules: [{
        host: ingress.host,
        http: {
          paths: [{
            path: ingress.path ?? '/',
            pathType: ingress.pathType ?? kplus.HttpIngressPathType.PREFIX,
            // By reference: the Service's own name, never typed twice.
            backend: { service: { name: this.service.name, port: { number: port } } },
          }],
        },
      }],
      tls: ingress.tls
        ? [{ hosts: ingress.tls.hosts ?? [ingress.host], secretName: this.tlsSecretName(ingress.tls) }]
        : undefined,
    });
  }

  private tlsSecretName(tls: IngressTls): string {
    if ((tls.secret === undefined) === (tls.secretName === undefined)) {
      throw new PropError(this, { field: 'ingress.tls', message: `needs exactly one of secret and secretName; got ${tls.secret ? 'both' : 'neither'}`, fix: 'give ingress.tls.secret (a TlsSecret or Secret construct) or ingress.tls.secretName, not both' });
    }
    return tls.secret?.name ?? tls.secretName!;
  }

  private renderDisruptionBudget(budget: DisruptionBudgetOptions, labels: { labels: Record<string, string>; selector: Record<string, string> }): ApiObject {
    const maxUnavailable = budget.maxUnavailable ?? (budget.minAvailable ? undefined : kplus.PercentOrAbsolute.absolute(1));
    const metadata = { name: this.name, labels: labels.labels };
    return specObject(this, 'DisruptionBudget', k8s.KubePodDisruptionBudget.GVK, metadata, k8s.toJson_PodDisruptionBudgetSpec, {
      selector: { matchLabels: labels.selector },
      minAvailable: budget.minAvailable && percentOrAbsolute(budget.minAvailable),
      maxUnavailable: maxUnavailable && percentOrAbsolute(maxUnavailable),
    });
  }

  private renderAutoscaler(scaling: AutoscalingOptions, replicas: number, labels: Record<string, string>): ApiObject {
    const utilization = (name: string, averageUtilization: number): k8s.MetricSpecV2 => ({
      type: 'Resource',
      resource: { name, target: { type: 'Utilization', averageUtilization } },
    });
    return specObject(this, 'Autoscaler', k8s.KubeHorizontalPodAutoscalerV2.GVK, { name: this.name, labels }, k8s.toJson_HorizontalPodAutoscalerSpecV2, {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.deployment.name },
      minReplicas: scaling.minReplicas ?? replicas,
      maxReplicas: scaling.maxReplicas,
      metrics: [
        utilization('cpu', scaling.cpuUtilization ?? 80),
        ...(scaling.memoryUtilization !== undefined ? [utilization('memory', scaling.memoryUtilization)] : []),
      ],
    });
  }
}

