import { dns1123SubdomainError } from './validation/formats';

/** Which cert-manager issuer makes a certificate. */
export interface CertManagerIssuer {
  /**
   * Name of a ClusterIssuer (`letsencrypt`). Give this or `issuer`.
   *
   * @default - not a ClusterIssuer
   */
  readonly clusterIssuer?: string;

  /**
   * Name of an Issuer of the Ingress's namespace. Give this or `clusterIssuer`.
   *
   * @default - not an Issuer
   */
  readonly issuer?: string;
}

/**
 * The Secret (type `kubernetes.io/tls`) that holds a certificate and its
 * key for an Ingress: one that exists already, or one that cert-manager
 * makes and renews from the Ingress's annotations.
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/ingress/#tls
 */
export class TlsSecret {
  /** A TLS Secret that exists in the namespace (made by hand, by another tool or by another chart). */
  public static fromSecretName(secretName: string): TlsSecret {
    return new TlsSecret(secretName, {});
  }

  /**
   * A TLS Secret that cert-manager makes and keeps renewed: the Ingress that
   * uses it gets the `cert-manager.io/cluster-issuer` (or `issuer`) annotation.
   *
   * @see https://cert-manager.io/docs/usage/ingress/
   */
  public static fromCertManager(secretName: string, issuer: CertManagerIssuer): TlsSecret {
    const given = [issuer.clusterIssuer, issuer.issuer].filter((i) => i !== undefined);
    if (given.length !== 1) {
      throw new Error(`TLS secret "${secretName}": give exactly one of clusterIssuer and issuer (got ${given.length})`);
    }
    const [key, name] = issuer.clusterIssuer !== undefined
      ? ['cert-manager.io/cluster-issuer', issuer.clusterIssuer]
      : ['cert-manager.io/issuer', issuer.issuer!];
    const error = dns1123SubdomainError(name);
    if (error) {
      throw new Error(`TLS secret "${secretName}": issuer name "${name}" ${error}`);
    }
    return new TlsSecret(secretName, { [key]: name });
  }

  /** Annotations an Ingress needs for this secret to exist. */
  public readonly annotations: Readonly<Record<string, string>>;

  private constructor(
    /** Name of the Secret. */
    public readonly secretName: string,
    annotations: Record<string, string>,
  ) {
    const error = dns1123SubdomainError(secretName);
    if (error) {
      throw new Error(`TLS secret name "${secretName}" ${error}; a Secret name must be a DNS-1123 subdomain`);
    }
    this.annotations = annotations;
  }
}
