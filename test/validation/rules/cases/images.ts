import { BadInput, GoodInput } from '../harness';
import { container, pod } from '../fixtures';

const image = (i: unknown, extra: Record<string, any> = {}) => pod({ containers: [container({ image: i, ...extra })] });
const F = 'spec.containers[0].image';

export const BAD: BadInput[] = [
  { name: 'fails when a container has no image', rule: 'image-required', objects: [image('')], field: F, message: /^the container has no image$/ },
  { name: 'fails when an image has a space', rule: 'image-reference', objects: [image('registry.example.com/shop/web: 1.4')], field: F, message: /^image "registry\.example\.com\/shop\/web: 1\.4" contains whitespace$/ },
  { name: 'fails when an image path has upper-case letters', rule: 'image-reference', objects: [image('registry.example.com/Shop/Web:1.4')], message: /has upper-case letters in the repository path; it must be lower case$/ },
  { name: 'fails when an image without registry has upper-case letters', rule: 'image-reference', objects: [image('MyApp:1.0')], message: /has upper-case letters in the repository path/ },
  { name: 'fails when a digest is not hex', rule: 'image-reference', objects: [image('nginx@sha256:xyz')], message: /digest "sha256:xyz" is not "algorithm:hex"/ },
  { name: 'fails when a tag starts with a dot', rule: 'image-reference', objects: [image('nginx:.1')], message: /^image "nginx:\.1" tag "\.1" must be 1 to 128/ },
  { name: 'fails when an image ends with a colon', rule: 'image-reference', objects: [image('nginx:')], message: /tag "" must be 1 to 128/ },
  { name: 'fails when an image has two slashes in a row', rule: 'image-reference', objects: [image('registry.example.com//web:1')], message: /is not a valid image reference/ },
  { name: 'warns when an image uses :latest', rule: 'image-tag', objects: [image('nginx:latest')], message: /uses the :latest tag/ },
  { name: 'warns when an image has no tag', rule: 'image-tag', objects: [image('localhost:5000/app')], message: /has no tag, so it means :latest/ },
  { name: 'fails when imagePullPolicy is "always"', rule: 'image-pull-policy', objects: [image('nginx:1.25', { imagePullPolicy: 'always' })], field: 'spec.containers[0].imagePullPolicy', message: /^imagePullPolicy "always" is not Always, IfNotPresent or Never$/ },
  {
    name: 'warns when a pull secret holds credentials for another registry than the images',
    rule: 'pull-secret-registry',
    objects: [
      pod({ containers: [container({ image: 'registry.example.com/shop/web:1.4' })], imagePullSecrets: [{ name: 'hub' }] }),
      {
        apiVersion: 'v1', kind: 'Secret', metadata: { name: 'hub', namespace: 'shop' }, type: 'kubernetes.io/dockerconfigjson',
        data: { '.dockerconfigjson': Buffer.from(JSON.stringify({ auths: { 'https://index.docker.io/v1/': { username: 'u', password: 'p', auth: 'dTpw' } } })).toString('base64') },
      },
    ],
    field: 'spec.imagePullSecrets[0].name',
    message: /^pull secret "hub" holds credentials for https:\/\/index\.docker\.io\/v1\/, which no image of the pod is pulled from/,
  },
];

export const GOOD: GoodInput[] = [
  ...[
    'nginx:1.25.3', 'localhost:5000/app:1', 'registry.example.com:5000/team/app:1.4.2', `nginx@sha256:${'a'.repeat(64)}`,
    `ghcr.io/org/app:v1.2.3@sha256:${'0123456789abcdef'.repeat(4)}`, 'docker.io/library/busybox:1.36', 'Registry.Example.com/team/app:1',
    'gcr.io/project/sub_name/app-name.v2:TAG_1', '[fd00::1]:5000/app:1', 'a/b/c/d:1',
  ].map((i) => ({ name: `image ${i}`, objects: [image(i, { imagePullPolicy: 'IfNotPresent' })] })),
];
