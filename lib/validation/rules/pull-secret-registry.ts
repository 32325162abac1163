import { containersOf, podSpecsOf } from '../manifest';
import { DOCKER_HUB_SERVER, imageRegistry, serverServesImage } from '../registry-servers';
import { Rule } from '../rule';

/** How people name a registry: Docker Hub by name, others by host. */
function describeRegistry(registry: string): string {
  return registry === 'docker.io' ? 'Docker Hub' : registry;
}

/** Rules on whether a pod's pull secrets fit its images. */
export const PULL_SECRET_REGISTRY_RULES: Rule[] = [
  {
    id: 'pull-secret-registry',
    severity: 'warning',
    summary: 'each pull secret of a pod holds credentials for the registry of one of its images (server defaults to Docker Hub)',
    check: ({ object }, inventory) => {
      const namespace = object.metadata?.namespace ?? '';
      const containers = containersOf(object);
      return podSpecsOf(object).flatMap((pod) => {
        const images: string[] = containers
          .filter((c) => c.pod.spec === pod.spec && typeof c.container?.image === 'string' && c.container.image.trim() !== '')
          .map((c) => c.container.image);
        if (images.length === 0) {
          return [];
        }
        return (pod.spec.imagePullSecrets ?? []).flatMap((ref: any, i: number) => {
          const name = ref?.name;
          const servers = typeof name === 'string' ? inventory.registryServers(namespace, name) : undefined;
          if (!servers || servers.length === 0 || images.some((image) => servers.some((server) => serverServesImage(server, image)))) {
            return [];
          }
          const registries = [...new Set(images.map(imageRegistry))];
          const wanted = registries[0] === 'docker.io' ? DOCKER_HUB_SERVER : registries[0];
          const pulled = images.map((image) => `${image} (${describeRegistry(imageRegistry(image))})`).join(', ');
          return [{
            field: `${pod.path}.imagePullSecrets[${i}].name`,
            value: name,
            message: `pull secret "${name}" holds credentials for ${servers.join(', ')}, which no image of the pod is pulled from: ${pulled}`,
            fix: `set server: '${wanted}' on the RegistryPullSecret "${name}" (the server defaults to Docker Hub), or give the pod the pull secret for ${registries.map(describeRegistry).join(', ')}`,
          }];
        });
      });
    },
  },
];
