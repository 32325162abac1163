import { imageReferenceError } from '../formats';
import { containersOf } from '../manifest';
import { Rule } from '../rule';
import { problem, show } from './util';

/** The tag of an image reference, `undefined` when it has none. A digest counts as pinned. */
function imageTag(image: string): string | undefined {
  if (image.includes('@')) {
    return '@digest';
  }
  const lastSlash = image.lastIndexOf('/');
  const colon = image.indexOf(':', lastSlash + 1);
  return colon >= 0 ? image.slice(colon + 1) : undefined;
}

/** Rules on images. */
export const IMAGE_RULES: Rule[] = [
  {
    id: 'image-required',
    severity: 'error',
    summary: 'every container has an image',
    check: ({ object }) => containersOf(object).flatMap(({ path, container }) => (typeof container?.image === 'string' && container.image.trim() !== ''
      ? []
      : [{ field: `${path}.image`, value: container?.image, message: 'the container has no image', fix: 'set the container\'s image, with a tag: "registry.example.com/team/app:1.4.2"' }])),
  },
  {
    id: 'image-tag',
    severity: 'warning',
    summary: 'images are pinned to a tag other than latest, or to a digest',
    check: ({ object }) => containersOf(object).flatMap(({ path, container }) => {
      const image = container?.image;
      if (typeof image !== 'string' || image.trim() === '' || imageReferenceError(image)) {
        return [];
      }
      const tag = imageTag(image);
      if (tag === undefined) {
        return [{ field: `${path}.image`, value: image, message: `image "${image}" has no tag, so it means :latest and changes under you`, fix: 'pin a version tag or a digest ("nginx:1.25.3" or "nginx@sha256:...")' }];
      }
      return tag === 'latest'
        ? [{ field: `${path}.image`, value: image, message: `image "${image}" uses the :latest tag, so rollouts are not reproducible`, fix: 'pin a version tag or a digest' }]
        : [];
    }),
  },
  {
    id: 'image-reference',
    severity: 'error',
    summary: 'images are valid references: [registry[:port]/]lower-case/path[:tag][@algorithm:hex], no spaces',
    check: ({ object }) => containersOf(object).flatMap(({ path, container }) => {
      const image = container?.image;
      if (typeof image !== 'string' || image.trim() === '') {
        return [];
      }
      const error = imageReferenceError(image);
      return error
        ? [problem(`${path}.image`, image, `image "${image}" ${error}`, 'write the image as registry.example.com:5000/team/app:1.4.2 or team/app@sha256:<64 hex digits>')]
        : [];
    }),
  },
  {
    id: 'image-pull-policy',
    severity: 'error',
    summary: 'imagePullPolicy is Always, IfNotPresent or Never',
    check: ({ object }) => containersOf(object).flatMap(({ path, container }) => {
      const policy = container?.imagePullPolicy;
      return policy === undefined || ['Always', 'IfNotPresent', 'Never'].includes(policy)
        ? []
        : [problem(`${path}.imagePullPolicy`, policy, `imagePullPolicy ${show(policy)} is not Always, IfNotPresent or Never`, 'use Always, IfNotPresent or Never')];
    }),
  },
];
