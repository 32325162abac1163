import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { NAME_LABEL } from './private/labels';
import { specObject } from './private/manifest-object';
import { TlsSecret } from './tls-secret';
import { PropError } from './validation/prop-error';
import { dns1123SubdomainError, isIpAddress } from './validation/formats';

/** A Service an Ingress can send to: a `Service`, or the Service of a `WebService`. */
export interface IIngressService {
  /** Name of the Service. */
  readonly name: string;
  /** Ports of the Service. */
  readonly ports: ReadonlyArray<{ readonly port: number; readonly name?: string }>;
}

/** Where an Ingress sends the requests of a rule: a port of a Service of the chart. */
export class IngressBackend {
  /**
   * A port of `service`, by number (`80`) or by name (`'http'`).
   *
   * @param port the Service port; the Service's only port when not given
   */
  public static service(service: IIngressService, port?: number | string): IngressBackend {
    // A Service or WebService is a construct: the error then names it.
    const fail = (message: string, fix: string): never => {
      throw Construct.isConstruct(service)
        ? new PropError(service, { field: 'ports', value: port, message: `of Service ${service.name} ${message}`, fix })
        : new Error(`ports of Service ${service.name} ${message}; ${fix}`);
    };
    if (service.ports.length === 0) {
      fail('are empty, so an Ingress cannot send to it', 'give the Service a port');
    }
    const offered = service.ports.map((p) => (p.name ? `${p.name} (${p.port})` : `${p.port}`)).join(', ');
    if (port === undefined) {
      if (service.ports.length > 1) {
        fail(`are ${service.ports.length} (${offered}) and the Ingress backend does not say which one`, 'pass the port: IngressBackend.service(service, port)');
      }
      return new IngressBackend(service.name, service.ports[0].port, undefined);
    }
    const found = service.ports.find((p) => (typeof port === 'number' ? p.port === port : p.name === port));
    if (!found) {
      fail(`do not include ${JSON.stringify(port)}; it has ${offered}`, 'send to one of the Service\'s ports, by number or name');
    }
    return typeof port === 'number' ? new IngressBackend(service.name, port, undefined) : new IngressBackend(service.name, undefined, port);
  }

  private constructor(
    /** Name of the Service. */
    public readonly serviceName: string,
    /** Port number, when the backend names the port by number. */
    public readonly portNumber: number | undefined,
    /** Port name, when the backend names the port by name. */
    public readonly portName: string | undefined,
  ) {}

  /** @internal */
  public _render(): k8s.IngressBackend {
    return { service: { name: this.serviceName, port: { number: this.portNumber, name: this.portName } } };
  }

  /** @internal */
  public _describe(): string {
    return `${this.serviceName}:${this.portNumber ?? this.portName}`;
  }
}

/** One host and path of an Ingress, and where its requests go. */
export interface IngressRule {
  /**
   * Host name: a lower-case DNS name, or a wildcard such as `*.example.com`; not an IP.
   *
   * @default - every host (requests without a matching host rule)
   */
  readonly host?: string;

  /**
   * Path: absolute, without `//`, `/./` or `/../`.
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

  /** Where the requests go. */
  readonly backend: IngressBackend;
}

/** HTTPS for some hosts of an Ingress. */
export interface IngressTlsOptions {
  /** Hosts served with the certificate; each one a host of a rule. */
  readonly hosts: string[];

  /** The Secret with the certificate and key. */
  readonly secret: TlsSecret;
}

/** Props of an `Ingress`. */
export interface IngressProps {
  /**
   * Name of the Ingress.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Hosts and paths, each to a port of a Service. At least one rule or a
   * `defaultBackend`.
   *
   * @default - none
   */
  readonly rules?: IngressRule[];

  /**
   * Where requests that match no rule go.
   *
   * @default - the ingress controller's own default (usually a 404 page)
   */
  readonly defaultBackend?: IngressBackend;

  /**
   * HTTPS: one entry per certificate.
   *
   * @default - plain HTTP
   */
  readonly tls?: IngressTlsOptions[];

  /**
   * IngressClass that serves this Ingress (`nginx`).
   *
   * @default - the cluster's default IngressClass
   */
  readonly className?: string;

  /**
   * Annotations, for the ingress controller. cert-manager's annotations come
   * from the `TlsSecret`s.
   *
   * @default - none
   */
  readonly annotations?: Record<string, string>;

  /**
   * More labels of the Ingress.
   *
   * @default - only `app.kubernetes.io/name: <name>`
   */
  readonly labels?: Record<string, string>;
}

/**
 * An Ingress that sends several hosts and paths to several Services ("fan
 * out"), each by reference, with HTTPS per host. What is obviously wrong
 * throws when the construct is made: a host that is an IP or has capitals, a
 * path that is not clean, the same host and path twice, a port the Service
 * does not expose, a TLS host that no rule serves.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/
 */
export class Ingress extends Construct {
  /** Name of the Ingress. */
  public readonly name: string;
  /** The Ingress. */
  public readonly resource: ApiObject;
  /** Hosts of the rules, in order. */
  public readonly hosts: ReadonlyArray<string>;

  constructor(scope: Construct, id: string, props: IngressProps) {
    super(scope, id);
    this.name = props.name ?? id;
    const fail = (field: string, value: unknown, message: string, fix: string): never => {
      throw new PropError(this, { field, value, message, fix });
    };
    const rules = props.rules ?? [];
    if (rules.length === 0 && !props.defaultBackend) {
      fail('rules', props.rules, 'is empty and there is no defaultBackend: the Ingress would route nothing', 'give at least one rule or a defaultBackend');
    }

    // Rules grouped by host, in the order the hosts first appear.
    const byHost = new Map<string | undefined, k8s.HttpIngressPath[]>();
    const seen = new Map<string, IngressBackend>();
    rules.forEach((rule, i) => {
      if (rule.host !== undefined) {
        const error = hostError(rule.host);
        if (error) {
          fail(`rules[${i}].host`, rule.host, error, 'use a lower-case DNS name such as "shop.example.com" or "*.example.com"');
        }
      }
      const path = rule.path ?? '/';
      const pathType = rule.pathType ?? kplus.HttpIngressPathType.PREFIX;
      const pathError = pathProblem(path, pathType);
      if (pathError) {
        fail(`rules[${i}].path`, path, pathError, 'write an absolute, clean path such as "/api/v1"');
      }
      const key = `${rule.host ?? '*'} ${path}`;
      const earlier = seen.get(key);
      if (earlier) {
        fail(`rules[${i}].path`, path, `on host ${rule.host ?? '(any)'} already goes to ${earlier._describe()}`, 'send each host and path to one backend: remove one rule or change its path');
      }
      seen.set(key, rule.backend);
      const paths = byHost.get(rule.host) ?? [];
      byHost.set(rule.host, paths);
      paths.push({ path, pathType, backend: rule.backend._render() });
    });
    this.hosts = [...byHost.keys()].filter((h): h is string => h !== undefined);

    const annotations: Record<string, string> = { ...props.annotations };
    const tlsHosts = new Set<string>();
    (props.tls ?? []).forEach((tls, t) => {
      if (tls.hosts.length === 0) {
        fail(`tls[${t}].hosts`, [], `is empty (certificate ${tls.secret.secretName})`, 'list the hosts the certificate covers');
      }
      for (const host of tls.hosts) {
        if (tlsHosts.has(host)) {
          fail(`tls[${t}].hosts`, host, `gives host ${host} a second certificate`, 'give each host one certificate');
        }
        tlsHosts.add(host);
        if (!this.hosts.includes(host)) {
          fail(`tls[${t}].hosts`, host, `names host ${host}, which no rule serves (${this.hosts.join(', ') || 'none'}): the certificate would never be used`, 'add a rule for the host, or list only hosts of the rules');
        }
      }
      for (const [key, value] of Object.entries(tls.secret.annotations)) {
        if (annotations[key] !== undefined && annotations[key] !== value) {
          fail(`tls[${t}].secret`, tls.secret.secretName, `needs annotation ${key}: "${value}" but the Ingress already has "${annotations[key]}"`, 'use one cert-manager issuer per Ingress, or split the hosts into two Ingresses');
        }
        annotations[key] = value;
      }
    });

    const metadata = { name: this.name, labels: { [NAME_LABEL]: this.name, ...props.labels }, annotations: Object.keys(annotations).length ? annotations : undefined };
    this.resource = specObject(this, 'Resource', k8s.KubeIngress.GVK, metadata, k8s.toJson_IngressSpec, {
      ingressClassName: props.className,
      defaultBackend: props.defaultBackend?._render(),
      rules: byHost.size ? [...byHost.entries()].map(([host, paths]) => ({ host, http: { paths } })) : undefined,
      tls: props.tls?.map((tls) => ({ hosts: [...tls.hosts], secretName: tls.secret.secretName })),
    });
  }
}

function hostError(host: string): string | undefined {
  if (isIpAddress(host)) {
    return 'is an IP address; Ingress hosts are DNS names';
  }
  if (host !== host.toLowerCase()) {
    return 'has upper-case letters; hosts are lower case';
  }
  return dns1123SubdomainError(host.startsWith('*.') ? host.slice(2) : host);
}

// The API server refuses these for Exact and Prefix paths.
function pathProblem(path: string, pathType: kplus.HttpIngressPathType): string | undefined {
  if (!path.startsWith('/')) {
    return 'is not absolute: it must start with "/"';
  }
  if (pathType !== kplus.HttpIngressPathType.IMPLEMENTATION_SPECIFIC && (/\/\/|\/\.\.?(\/|$)|%2f/i.test(path))) {
    return 'contains "//", "/./", "/../" or "%2F"';
  }
  return undefined;
}
