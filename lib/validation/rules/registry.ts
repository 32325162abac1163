import { podSpecsOf } from '../manifest';
import { Problem, Rule } from '../rule';
import { nameFormatError } from './meta';
import { arr } from './util';

const DOCKER_CONFIG = 'kubernetes.io/dockerconfigjson';

/** What is wrong with a decoded `.dockerconfigjson`, without ever quoting a credential. */
function dockerConfigProblems(encoded: unknown): string[] {
  if (typeof encoded !== 'string' || encoded === '') {
    return ['.dockerconfigjson is missing'];
  }
  let config: any;
  try {
    config = JSON.parse(Buffer.from(encoded, 'base64').toString('utf-8'));
  } catch {
    return ['.dockerconfigjson is not base64-encoded JSON'];
  }
  const auths = config?.auths;
  if (!auths || typeof auths !== 'object' || Object.keys(auths).length === 0) {
    return ['.dockerconfigjson has no registry in "auths"'];
  }
  return Object.entries(auths).flatMap(([server, entry]: [string, any]) => {
    const problems: string[] = [];
    if (server.trim() === '') {
      problems.push('a registry server is empty');
    }
    if (!entry?.username) {
      problems.push(`the username for server "${server}" is empty`);
    }
    if (!entry?.password) {
      problems.push(`the password for server "${server}" is empty`);
    }
    return problems;
  });
}

/** Rules on registry pull secrets. */
export const REGISTRY_RULES: Rule[] = [
  {
    id: 'pull-secret-credentials',
    severity: 'error',
    summary: 'a registry pull secret has a server, a username and a password',
    check: ({ object }): Problem[] => {
      const spec = object.spec as any;
      if (object.kind === 'Secret' && object.type === DOCKER_CONFIG) {
        const data = (object.data ?? {}) as Record<string, unknown>;
        return dockerConfigProblems(data['.dockerconfigjson']).map((message) => ({
          field: 'data[.dockerconfigjson]',
          message,
          fix: 'give RegistryCredentials a server, a username and a password',
        }));
      }
      if (object.kind === 'ExternalSecret' && spec?.target?.template?.type === DOCKER_CONFIG) {
        return arr(spec.data).flatMap((d: any, i: number) => (d?.remoteRef?.key
          ? []
          : [{ field: `spec.data[${i}].remoteRef.key`, value: d?.remoteRef?.key, message: `the remote key for "${d?.secretKey}" is empty`, fix: 'give RegistryCredentials.fromExternalSecret a remoteKey' }]));
      }
      if (object.kind === 'SealedSecret' && spec?.template?.type === DOCKER_CONFIG && !spec?.encryptedData?.['.dockerconfigjson']) {
        return [{ field: 'spec.encryptedData[.dockerconfigjson]', message: 'the sealed .dockerconfigjson is empty', fix: 'pass the output of kubeseal for the .dockerconfigjson key' }];
      }
      return [];
    },
  },
  {
    id: 'image-pull-secret-reference',
    severity: 'error',
    summary: 'imagePullSecrets name a Secret the chart defines or declares as existing',
    check: ({ object }, inventory) => podSpecsOf(object).flatMap((pod) => arr(pod.spec.imagePullSecrets).flatMap((ref: any, i: number) => {
      const name = ref?.name;
      return typeof name === 'string' && (nameFormatError('Secret', name) !== undefined || inventory.lookup('Secret', object.metadata?.namespace ?? '', name) !== 'missing')
        ? []
        : [{ field: `${pod.path}.imagePullSecrets[${i}].name`, value: name, message: `pull secret ${JSON.stringify(name)} is neither defined in the chart nor declared as existing`, fix: `pass a RegistryPullSecret, or RegistryPullSecret.fromSecretName(scope, id, '${name}') for one that exists` }];
    })),
  },
];
