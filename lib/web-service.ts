import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ContainerProps } from './container';
import { PodTemplateProps } from './pod-template';
import { percentOrAbsolute } from './private/int-or-string';
import { specObject } from './private/manifest-object';
import { renderPodSpec } from './private/render-pod';
import { prepareWorkload } from './private/workload';
import { Spread } from './spread';
import { UpdateStrategy } from './update-strategy';

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
  /** Secret holding the certificate and key (for example made by cert-manager). */
  readonly secretName: string;

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

/** Props of a `WebService`. */
export interface WebServiceProps extends PodTemplateProps {
  /**
   * Name of the Deployment, Service, Ingress, PodDisruptionBudget and
   * HorizontalPodAutoscaler; a DNS-1035 label (the Service needs one).
   *
   * @default - the construct id
   */
  readonly name?: string;

  /** The main container. Its name defaults to the service's name. */
  readonly container: ContainerProps;

  /**
   * More containers in the same pod (log shippers, proxies); each needs a name.
   *
   * @default - none
   */
  readonly sidecars?: ContainerProps[];

  /**
   * Number of pods. Not written when `autoscaling` is set, so that GitOps
   * does not fight the autoscaler.
   *
   * @default 2
   */
  readonly replicas?: number;

  /**
   * Ports of the Service and the main container.
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
   * How pods are replaced on update.
   *
   * @default - rolling update, 25% surge and 25% unavailable (Kubernetes default; not written)
   */
  readonly strategy?: UpdateStrategy;

  /**
   * Old ReplicaSets kept for rollback.
   *
   * @default - 10 (Kubernetes default; not written)
   */
  readonly revisionHistoryLimit?: number;

  /**
   * Time a new pod must be ready before it counts as available.
   *
   * @default - 0s (Kubernetes default; not written)
   */
  readonly minReady?: Duration;

  /**
   * How replicas are spread over nodes or zones.
   *
   * @default - no constraint
   */
  readonly spread?: Spread[];

  /**
   * Add a PodDisruptionBudget.
   *
   * @default - none
   */
  readonly disruptionBudget?: DisruptionBudgetOptions;

  /**
   * Add a HorizontalPodAutoscaler.
   *
   * @default - a fixed number of replicas
   */
  readonly autoscaling?: AutoscalingOptions;

  /**
   * Labels that select the pods, instead of `app.kubernetes.io/name: <name>`.
   * For adopting existing objects whose selector cannot change.
   *
   * @default { 'app.kubernetes.io/name': name }
   */
  readonly selectorLabels?: Record<string, string>;

  /**
   * `app.kubernetes.io/component` label.
   *
   * @default - not set
   */
  readonly component?: string;

  /**
   * `app.kubernetes.io/version` label.
   *
   * @default - the main image's tag, unless it is `latest` or not a valid label value
   */
  readonly version?: string;
}

/**
 * A long-running HTTP service: a Deployment, a Service in front of it and,
 * when asked, an Ingress, a PodDisruptionBudget and a HorizontalPodAutoscaler,
 * all pointing at each other by reference.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/deployment/
 */
export class WebService extends Construct {
  /** Name of every object of this service. */
  public readonly name: string;
  /** Labels that select the service's pods. */
  public readonly selector: Readonly<Record<string, string>>;
  /** The Deployment. */
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
    const containers = [props.container, ...(props.sidecars ?? [])];
    const labels = prepareWorkload(this, {
      name: this.name,
      props,
      containers,
      component: props.component,
      version: props.version,
      selectorLabels: props.selectorLabels,
    });
    this.selector = labels.selector;

    const spread = Spread._render(props.spread ?? [], labels.selector);
    this.deployment = specObject(this, 'Deployment', k8s.KubeDeployment.GVK, { name: this.name, labels: labels.labels }, k8s.toJson_DeploymentSpec, {
      replicas: props.autoscaling ? undefined : props.replicas ?? 2,
      revisionHistoryLimit: props.revisionHistoryLimit,
      minReadySeconds: props.minReady?.toSeconds(),
      strategy: props.strategy?._render(),
      selector: { matchLabels: labels.selector },
      template: {
        metadata: { labels: labels.podLabels, annotations: props.podAnnotations },
        spec: {
          ...renderPodSpec(props, containers, {
            defaultName: this.name,
            servicePorts: this.ports.map((p) => ({ number: p.containerPort ?? p.port, name: p.name, protocol: p.protocol })),
            extra: { affinity: spread.podAntiAffinity ? { podAntiAffinity: spread.podAntiAffinity } : undefined },
          }),
          topologySpreadConstraints: spread.topologySpreadConstraints,
        },
      },
    });

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

    if (props.ingress) {
      this.ingress = this.renderIngress(props.ingress, labels.labels);
    }
    if (props.disruptionBudget) {
      this.disruptionBudget = this.renderDisruptionBudget(props.disruptionBudget, labels);
    }
    if (props.autoscaling) {
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
        ? [{ hosts: ingress.tls.hosts ?? [ingress.host], secretName: ingress.tls.secretName }]
        : undefined,
    });
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

