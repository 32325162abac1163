import { ApiObject, Duration, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../imports/k8s';
import { ManifestObject } from './private/manifest-object';
import { declareExternal, markSensitive, reportRenderProblem } from './private/metadata';
import { DOCKER_HUB_SERVER } from './validation/registry-servers';

export { DOCKER_HUB_SERVER };

/** A Secret that pods can use to pull images: give it to `imagePullSecrets`. */
export interface IImagePullSecret {
  /** Name of the Secret in the namespace. */
  readonly secretName: string;
}

/** Registry credentials as values (username, password, optional email). */
export interface RegistryLogin {
  /** User name. */
  readonly username: string;
  /** Password or access token. */
  readonly password: string;
  /**
   * E-mail address (kubectl's `--docker-email`).
   *
   * @default - left out, as kubectl does
   */
  readonly email?: string;
}

/** Names of the environment variables that hold registry credentials. */
export interface RegistryEnvironmentVariables {
  /**
   * Variable holding the user name.
   *
   * @default 'REGISTRY_USERNAME'
   */
  readonly username?: string;

  /**
   * Variable holding the password or token.
   *
   * @default 'REGISTRY_PASSWORD'
   */
  readonly password?: string;

  /**
   * E-mail address, as a value (it is not a secret).
   *
   * @default - left out
   */
  readonly email?: string;
}

/** Where External Secrets Operator finds the credentials. */
export interface RegistryExternalSecretOptions {
  /** Name of the SecretStore or ClusterSecretStore. */
  readonly storeName: string;

  /**
   * Kind of the store.
   *
   * @default 'SecretStore'
   */
  readonly storeKind?: 'SecretStore' | 'ClusterSecretStore';

  /** Key of the credentials in the external store (for example a Vault path). */
  readonly remoteKey: string;

  /**
   * Property of the remote value holding the user name.
   *
   * @default 'username'
   */
  readonly usernameProperty?: string;

  /**
   * Property of the remote value holding the password.
   *
   * @default 'password'
   */
  readonly passwordProperty?: string;

  /**
   * How often the operator reads the store again.
   *
   * @default Duration.hours(1)
   */
  readonly refreshInterval?: Duration;
}

/** A `.dockerconfigjson` already encrypted with `kubeseal`. */
export interface RegistrySealedSecretOptions {
  /** The output of `kubeseal` for the `.dockerconfigjson` key: ciphertext, safe to commit. */
  readonly encryptedDockerConfigJson: string;

  /**
   * Sealing scope the value was encrypted with.
   *
   * @default 'strict' (bound to this name and namespace)
   */
  readonly scope?: 'strict' | 'namespace-wide' | 'cluster-wide';
}

/**
 * Where the credentials of a `RegistryPullSecret` come from. Only the
 * external-secret and sealed-secret forms are safe to commit; the others are
 * written to the secrets output, which git ignores.
 */
export class RegistryCredentials {
  /**
   * Read the credentials from environment variables when the secrets output
   * is written (`npm run synth -- --secrets`). Nothing is read otherwise.
   */
  public static fromEnvironment(variables: RegistryEnvironmentVariables = {}): RegistryCredentials {
    const usernameVar = variables.username ?? 'REGISTRY_USERNAME';
    const passwordVar = variables.password ?? 'REGISTRY_PASSWORD';
    return new RegistryCredentials('sensitive', (scope, target) => renderSecret(scope, target, (secret) => {
      const username = readVariable(secret, usernameVar);
      const password = readVariable(secret, passwordVar);
      return username === undefined || password === undefined ? undefined : { username, password, email: variables.email };
    }));
  }

  /**
   * Credentials the caller already holds (for example fetched from a vault
   * client). Written only to the secrets output.
   */
  public static fromLogin(login: RegistryLogin): RegistryCredentials {
    return new RegistryCredentials('sensitive', (scope, target) => renderSecret(scope, target, () => login));
  }

  /** An `ExternalSecret` (external-secrets.io/v1) that builds the Secret in the cluster. */
  public static fromExternalSecret(options: RegistryExternalSecretOptions): RegistryCredentials {
    return new RegistryCredentials('committable', (scope, target) => renderExternalSecret(scope, target, options));
  }

  /** A Bitnami `SealedSecret` that the controller decrypts in the cluster. */
  public static fromSealedSecret(options: RegistrySealedSecretOptions): RegistryCredentials {
    return new RegistryCredentials('committable', (scope, target) => renderSealedSecret(scope, target, options));
  }

  private constructor(
    /** Whether the rendered object holds credentials in clear. */
    public readonly exposure: 'sensitive' | 'committable',
    private readonly render: (scope: Construct, target: PullSecretTarget) => ApiObject,
  ) {}

  /** @internal */
  public _render(scope: Construct, target: PullSecretTarget): ApiObject {
    return this.render(scope, target);
  }
}

/** Props of a `RegistryPullSecret`. */
export interface RegistryPullSecretProps {
  /**
   * Name of the Secret.
   *
   * @default - the construct id
   */
  readonly name?: string;

  /**
   * Registry server, as kubectl's `--docker-server`.
   *
   * @default 'https://index.docker.io/v1/'
   */
  readonly server?: string;

  /** Where the credentials come from. */
  readonly credentials: RegistryCredentials;
}

/**
 * The Secret that `kubectl create secret docker-registry` makes (type
 * `kubernetes.io/dockerconfigjson`), or an ExternalSecret or SealedSecret that
 * makes it in the cluster. Give it to a workload's `imagePullSecrets`.
 *
 * @see https://kubernetes.io/docs/tasks/configure-pod-container/pull-image-private-registry/
 */
export class RegistryPullSecret extends Construct implements IImagePullSecret {
  /**
   * A pull secret that already exists in the namespace: nothing is created,
   * only `imagePullSecrets` refers to it.
   */
  public static fromSecretName(scope: Construct, id: string, secretName: string): IImagePullSecret {
    return new ExistingPullSecret(scope, id, secretName);
  }

  /** Name of the Secret that pods use. */
  public readonly secretName: string;
  /** Registry server. */
  public readonly server: string;
  /** The object written: a Secret, an ExternalSecret or a SealedSecret. */
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: RegistryPullSecretProps) {
    super(scope, id);
    this.secretName = props.name ?? id;
    this.server = props.server ?? DOCKER_HUB_SERVER;
    this.apiObject = props.credentials._render(this, { name: this.secretName, server: this.server });
    if (props.credentials.exposure === 'sensitive') {
      markSensitive(this.apiObject);
    }
    // The Secret counts as existing for the pods that use it even when it
    // cannot be rendered (a credential variable unset): that is reported once,
    // on the Secret, not again on every pod as a Secret nobody defined. The
    // server lets the validator check it against the pods' images, also when
    // the Secret itself is not rendered (synth without --secrets).
    declareExternal(this, { kind: 'Secret', name: this.secretName, registryServer: this.server });
  }
}

/** A pull secret that exists in the cluster: declared, never written. */
class ExistingPullSecret extends Construct implements IImagePullSecret {
  constructor(scope: Construct, id: string, public readonly secretName: string) {
    super(scope, id);
    declareExternal(this, { kind: 'Secret', name: secretName });
  }
}

/** The Secret a pull secret stands for. */
interface PullSecretTarget {
  readonly name: string;
  readonly server: string;
}

function renderSecret(scope: Construct, target: PullSecretTarget, login: (secret: ApiObject) => RegistryLogin | undefined): ApiObject {
  const secret: ApiObject = new ManifestObject(scope, 'Resource', {
    ...k8s.KubeSecret.GVK,
    metadata: { name: target.name },
    body: {
      type: 'kubernetes.io/dockerconfigjson',
      // Lazy: credentials are read only when the secrets output is written.
      data: {
        '.dockerconfigjson': Lazy.any({
          produce: () => {
            const credentials = login(secret);
            return credentials ? base64(dockerConfigJson(target.server, credentials)) : undefined;
          },
        }),
      },
    },
  });
  return secret;
}

function renderExternalSecret(scope: Construct, target: PullSecretTarget, options: RegistryExternalSecretOptions): ApiObject {
  // Go template (engine v2, with sprig) that builds kubectl's JSON from the
  // two remote values; toJson escapes them.
  const entry = [
    '"username":{{ .username | toJson }}',
    '"password":{{ .password | toJson }}',
    '"auth":{{ printf "%s:%s" .username .password | b64enc | toJson }}',
  ].join(',');
  return new ManifestObject(scope, 'Resource', {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: target.name },
    body: { spec: {
      refreshInterval: `${(options.refreshInterval ?? Duration.hours(1)).toSeconds()}s`,
      secretStoreRef: { name: options.storeName, kind: options.storeKind ?? 'SecretStore' },
      target: {
        name: target.name,
        creationPolicy: 'Owner',
        template: {
          type: 'kubernetes.io/dockerconfigjson',
          engineVersion: 'v2',
          data: { '.dockerconfigjson': `{"auths":{${JSON.stringify(target.server)}:{${entry}}}}` },
        },
      },
      data: [
        { secretKey: 'username', remoteRef: { key: options.remoteKey, property: options.usernameProperty ?? 'username' } },
        { secretKey: 'password', remoteRef: { key: options.remoteKey, property: options.passwordProperty ?? 'password' } },
      ],
    } },
  });
}

function renderSealedSecret(scope: Construct, target: PullSecretTarget, options: RegistrySealedSecretOptions): ApiObject {
  const sealingScope = options.scope ?? 'strict';
  const annotations = sealingScope === 'strict' ? undefined : { [`sealedsecrets.bitnami.com/${sealingScope}`]: 'true' };
  return new ManifestObject(scope, 'Resource', {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: { name: target.name, annotations },
    body: {
      spec: {
        encryptedData: { '.dockerconfigjson': options.encryptedDockerConfigJson },
        template: { type: 'kubernetes.io/dockerconfigjson', metadata: { name: target.name, annotations } },
      },
    },
  });
}

/**
 * The `.dockerconfigjson` that kubectl writes: compact JSON, `email` only
 * when given, `auth` = base64("user:password").
 */
export function dockerConfigJson(server: string, login: RegistryLogin): string {
  const entry: Record<string, string> = { username: login.username, password: login.password };
  if (login.email) {
    entry.email = login.email;
  }
  entry.auth = base64(`${login.username}:${login.password}`);
  // kubectl's Go json.Marshal escapes these characters (HTML-safe JSON);
  // escaping them too keeps the bytes identical for passwords that hold them.
  return JSON.stringify({ auths: { [server]: entry } }).replace(/[<>&\u2028\u2029]/g, (c) => GO_JSON_ESCAPES[c]);
}

const GO_JSON_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function base64(text: string): string {
  return Buffer.from(text, 'utf-8').toString('base64');
}

function readVariable(secret: ApiObject, name: string): string | undefined {
  const value = process.env[name];
  if (!value) {
    reportRenderProblem(secret, {
      rule: 'pull-secret-credentials',
      field: 'data[.dockerconfigjson]',
      message: `environment variable ${name} is not set or empty`,
      fix: `export ${name} before running synth with --secrets, or run without --secrets`,
    });
  }
  return value || undefined;
}
