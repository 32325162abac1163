import { parseQuantity } from '../formats';
import { containersOf, podSpecsOf } from '../manifest';
import { Problem, Rule } from '../rule';

/** Rules on resource quantities. */
export const RESOURCE_RULES: Rule[] = [
  {
    id: 'quantity-format',
    severity: 'error',
    summary: 'resource quantities are non-negative Kubernetes quantities ("500m", "2Gi", not "1GB" or "1 Gi")',
    check: ({ object }) => {
      const problems: Problem[] = [];
      const check = (field: string, value: unknown) => {
        if (parseQuantity(value) === undefined) {
          problems.push({ field, value, message: `${JSON.stringify(value)} is not a valid quantity`, fix: 'write a number with an optional suffix and no space: "250m", "1.5", "512Mi", "2Gi" (binary units end in "i")' });
        }
      };
      for (const { path, container } of containersOf(object)) {
        for (const kind of ['requests', 'limits']) {
          for (const [resource, value] of Object.entries(container?.resources?.[kind] ?? {})) {
            check(`${path}.resources.${kind}[${resource}]`, value);
          }
        }
      }
      for (const pod of podSpecsOf(object)) {
        (pod.spec.volumes ?? []).forEach((v: any, i: number) => {
          if (v?.emptyDir?.sizeLimit !== undefined) {
            check(`${pod.path}.volumes[${i}].emptyDir.sizeLimit`, v.emptyDir.sizeLimit);
          }
        });
      }
      return problems;
    },
  },
  {
    id: 'requests-within-limits',
    severity: 'error',
    summary: 'a resource request is not larger than its limit',
    check: ({ object }) => containersOf(object).flatMap(({ path, container }) => {
      const requests = container?.resources?.requests ?? {};
      const limits = container?.resources?.limits ?? {};
      return Object.keys(requests).flatMap((resource) => {
        const request = parseQuantity(requests[resource]);
        const limit = parseQuantity(limits[resource]);
        return request !== undefined && limit !== undefined && request > limit
          ? [{ field: `${path}.resources.requests[${resource}]`, value: requests[resource], message: `the ${resource} request ${requests[resource]} is larger than the limit ${limits[resource]}`, fix: `lower the ${resource} request or raise the limit` }]
          : [];
      });
    }),
  },
];
