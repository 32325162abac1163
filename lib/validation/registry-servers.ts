import { KubeObject } from './manifest';

// Which registry credentials serve which image, the way the kubelet decides
// (pkg/credentialprovider/keyring.go and pkg/util/parsers, Kubernetes 1.27):
// the image is normalized as the container runtime reads it ("nginx" is
// "docker.io/library/nginx"), each `.dockerconfigjson` server is a host, an
// optional port and an optional path prefix (scheme and a leading /v1/ or /v2/
// dropped, "*" allowed in host labels), and credentials for
// "index.docker.io" (kubectl's default, https://index.docker.io/v1/) serve
// every Docker Hub image.

/** Docker Hub, the server kubectl uses when none is given. */
export const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';

const DOCKER_CONFIG = 'kubernetes.io/dockerconfigjson';
const DOCKER_HUB = 'docker.io';
const DEFAULT_REGISTRY_KEY = 'index.docker.io';

/** The repository the kubelet looks credentials up for: `docker.io/library/nginx` for `nginx:1.25`. */
export function imageRepository(image: string): string {
  let name = image.split('@')[0];
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  if (colon >= 0) {
    name = name.slice(0, colon);
  }
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  if (slash < 0 || (!/[.:]/.test(first) && first !== 'localhost')) {
    return `${DOCKER_HUB}/${slash < 0 ? `library/${name}` : name}`;
  }
  // The legacy name of Docker Hub is read as docker.io.
  return first === 'index.docker.io' ? `${DOCKER_HUB}${name.slice(slash)}` : name;
}

/** The registry an image is pulled from: `docker.io`, `registry.example.com:5000`. */
export function imageRegistry(image: string): string {
  const repository = imageRepository(image);
  return repository.slice(0, repository.indexOf('/'));
}

/** The key the kubelet files a `.dockerconfigjson` server under: `index.docker.io` for `https://index.docker.io/v1/`. */
export function serverKey(server: string): string {
  const schemeless = server.replace(/^https?:\/\//, '');
  const slash = schemeless.indexOf('/');
  const host = slash < 0 ? schemeless : schemeless.slice(0, slash);
  let path = slash < 0 ? '' : schemeless.slice(slash);
  if (path.startsWith('/v1/') || path.startsWith('/v2/')) {
    path = path.slice(3);
  }
  return path === '' || path === '/' ? host : host + path;
}

/** Whether credentials for `server` are used to pull `image`. */
export function serverServesImage(server: string, image: string): boolean {
  const key = serverKey(server);
  const repository = imageRepository(image);
  return keyMatches(key, repository) || (key === DEFAULT_REGISTRY_KEY && isDockerHub(repository));
}

function isDockerHub(repository: string): boolean {
  const first = repository.split('/')[0];
  return first === DOCKER_HUB || first === 'index.docker.io' || !/[.:]/.test(first);
}

/** The kubelet's urlsMatch: same port, same number of host labels each matching its glob, path a prefix. */
function keyMatches(key: string, repository: string): boolean {
  const glob = splitLocation(key);
  const target = splitLocation(repository);
  return glob.port === target.port
    && glob.labels.length === target.labels.length
    && target.path.startsWith(glob.path)
    && glob.labels.every((label, i) => globMatches(label, target.labels[i]));
}

function splitLocation(location: string): { labels: string[]; port: string; path: string } {
  const slash = location.indexOf('/');
  const hostPort = slash < 0 ? location : location.slice(0, slash);
  const path = slash < 0 ? '' : location.slice(slash);
  const colon = hostPort.lastIndexOf(':');
  const host = colon < 0 ? hostPort : hostPort.slice(0, colon);
  return { labels: host.split('.'), port: colon < 0 ? '' : hostPort.slice(colon + 1), path };
}

/** Go's filepath.Match for one host label: "*" any run, "?" one character. */
function globMatches(glob: string, label: string): boolean {
  const pattern = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${pattern}$`).test(label);
}

/**
 * The pull secret an object makes and the registry servers its credentials
 * are for, when the object says: a `.dockerconfigjson` Secret with its data,
 * or an ExternalSecret whose template writes one. A SealedSecret's servers
 * are encrypted: unknown.
 */
export function pullSecretServers(object: KubeObject): { name: string; servers: string[] } | undefined {
  const spec = object.spec as any;
  if (object.kind === 'Secret' && object.type === DOCKER_CONFIG) {
    const encoded = (object.data as any)?.['.dockerconfigjson'];
    try {
      const auths = JSON.parse(Buffer.from(String(encoded), 'base64').toString('utf-8'))?.auths;
      return auths && typeof auths === 'object' ? { name: object.metadata?.name ?? '', servers: Object.keys(auths) } : undefined;
    } catch {
      return undefined;
    }
  }
  if (object.kind === 'ExternalSecret' && spec?.target?.template?.type === DOCKER_CONFIG) {
    // The template is JSON with Go template actions as values: its servers are the keys of "auths".
    const template = String(spec.target.template.data?.['.dockerconfigjson'] ?? '');
    const auths = /^\s*\{\s*"auths"\s*:\s*\{(.*)\}\s*\}\s*$/s.exec(template)?.[1] ?? '';
    const servers = [...auths.matchAll(/(?:^|\}\s*,)\s*("(?:[^"\\]|\\.)*")\s*:\s*\{(?!\{)/g)].map((m) => JSON.parse(m[1]) as string);
    return servers.length > 0 ? { name: spec.target.name ?? object.metadata?.name ?? '', servers } : undefined;
  }
  return undefined;
}
