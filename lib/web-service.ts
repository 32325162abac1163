import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ContainerPort } from './container';
import { percentOrAbsolute } from './private/int-or-string';
import { WorkloadLabels, workloadLabels } from './private/labels';
import { ManifestObject, specObject } from './private/manifest-object';
import { renderDeploymentSpec } from './private/render-deployment';
import { prepareWorkload } from './private/workload';
import { TlsSecret } from './tls-secret';
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
   * Secret holding the certificate and key, by reference: a `TlsSecret`
   * (`TlsSecret.fromCertManager('shop-tls', { clusterIssuer: 'letsencrypt' })`
   * also adds the cert-manager annotation to the Ingress, as on `Ingress`),
   * or a `kplus.Secret` of the chart. Give this or `secretName`.
   *
   * @default - `secretName`
   */
  readonly secret?: TlsSecret | kplus.ISecret;

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
   * Ports of the Service. At least one: a Service needs a port. Each
   * `containerPort` (or `port`) must be one the workload's main container
   * declares, when it declares any.
   *
   * @default - one Service port per port the workload's main container declares, with the same number and name
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
  /** Ports the pods' main container declares. */
  public readonly containerPorts: ReadonlyArray<ContainerPort>;

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const exposed = (props as { [EXPOSED]?: IWorkload })[EXPOSED];
    this.ports = props.ports ?? (exposed ? portsOfWorkload(this, exposed) : [{ port: 80, containerPort: 8080, name: 'http' }]);
    if (!this.ports.length) {
      // A Service without ports is refused by the API server (only headless ones may have none).
      throw new PropError(this, {
        field: 'ports',
        value: [],
        message: 'is empty: a WebService writes a Service, which needs at least one port',
        fix: 'give at least one port; for a Deployment without a Service use Worker',
      });
    }
    if (exposed) {
      checkDeclared(this, exposed, this.ports);
    }
    this.containerPorts = exposed
      ? [...(exposed.containerPorts ?? [])]
      : [...this.ports.map((p) => ({ number: p.containerPort ?? p.port, name: p.name, protocol: p.protocol })), ...(props.container.ports ?? [])];
    let labels: WorkloadLabels;
    if (exposed) {
      labels = workloadLabels(this, { name: this.name, selectorLabels: { ...exposed.selector } });
      this.deployment = ApiObject.of(exposed);
    } else {
      const containers = [props.container, ...(props.sidecars ?? [])];
      labels = prepareWorkload(this, { name: this.name, props, containers });
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
    // A cert-manager TlsSecret is made from the Ingress's own annotations.
    const tlsAnnotations = ingress.tls?.secret instanceof TlsSecret ? ingress.tls.secret.annotations : {};
    const annotations = ingress.annotations || Object.keys(tlsAnnotations).length ? { ...tlsAnnotations, ...ingress.annotations } : undefined;
    const metadata = { name: this.name, labels, annotations };
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
      throw new PropError(this, {
        field: 'ingress.tls',
        message: `needs exactly one of secret and secretName; got ${tls.secret ? 'both' : 'neither'}`,
        fix: "give secret: TlsSecret.fromSecretName('shop-tls') (or TlsSecret.fromCertManager(...))",
      });
    }
    if (tls.secret instanceof TlsSecret) {
      return tls.secret.secretName;
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

/**
 * The Service ports of an exposed workload that was given none: one per
 * port its main container declares, with the same number and name (named
 * after protocol and number when unnamed and there are several, as a
 * Service with two ports needs names).
 */
function portsOfWorkload(scope: Construct, workload: IWorkload): WebServicePort[] {
  const declared = workload.containerPorts ?? [];
  if (!declared.length) {
    throw new PropError(scope, {
      field: 'ports',
      message: `is not given and ${workload.node.path} declares no container port, so there is nothing to send traffic to`,
      fix: 'declare the port on the workload\'s container (container.ports), or give ports: [{ port: 80, containerPort: 8080 }]',
    });
  }
  return declared.map((p) => ({
    port: p.number,
    containerPort: p.number,
    name: p.name ?? (declared.length > 1 ? `${(p.protocol ?? kplus.Protocol.TCP).toLowerCase()}-${p.number}` : undefined),
    protocol: p.protocol,
  }));
}

/** Refuse a Service port that sends to a container port the exposed workload does not declare. */
function checkDeclared(scope: Construct, workload: IWorkload, ports: ReadonlyArray<WebServicePort>): void {
  const declared = workload.containerPorts ?? [];
  if (!declared.length) {
    return;
  }
  ports.forEach((p, i) => {
    const target = p.containerPort ?? p.port;
    const protocol = p.protocol ?? kplus.Protocol.TCP;
    if (!declared.some((d) => d.number === target && (d.protocol ?? kplus.Protocol.TCP) === protocol)) {
      throw new PropError(scope, {
        field: `ports[${i}]${p.containerPort === undefined ? '.port' : '.containerPort'}`,
        value: target,
        message: `sends to ${protocol} port ${target}, which ${workload.node.path} does not declare (it declares ${declared.map((d) => `${d.protocol ?? kplus.Protocol.TCP} ${d.number}`).join(', ')})`,
        fix: 'send to a port the workload declares (containerPort), or declare it on the workload\'s container',
      });
    }
  });
}
