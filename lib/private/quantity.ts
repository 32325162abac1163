import { Size, SizeRoundingBehavior } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import * as k8s from '../../imports/k8s';

const BINARY_UNITS: ReadonlyArray<[string, number]> = [
  ['Pi', 1024 ** 4],
  ['Ti', 1024 ** 3],
  ['Gi', 1024 ** 2],
  ['Mi', 1024],
  ['Ki', 1],
];

/** `size` in the largest binary unit that keeps it whole: `Size.gibibytes(2)` is `2Gi`. */
export function sizeToQuantity(size: Size): string {
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  for (const [unit, factor] of BINARY_UNITS) {
    if (kib % factor === 0) {
      return `${kib / factor}${unit}`;
    }
  }
  // Less than a whole KiB: plain bytes.
  return `${Math.round(kib * 1024)}`;
}

/** A CPU amount as Kubernetes writes it: whole cores as numbers (`2`), the rest as strings (`500m`). */
export function cpuToQuantity(cpu: kplus.Cpu): k8s.Quantity {
  return /^\d+$/.test(cpu.amount) ? k8s.Quantity.fromNumber(Number(cpu.amount)) : k8s.Quantity.fromString(cpu.amount);
}

/** Requests and limits of a container, as Kubernetes writes them. */
export function renderResources(resources: kplus.ContainerResources | undefined): k8s.ResourceRequirements | undefined {
  if (!resources) {
    return undefined;
  }
  const requests: Record<string, k8s.Quantity> = {};
  const limits: Record<string, k8s.Quantity> = {};
  const add = (target: Record<string, k8s.Quantity>, key: string, value: k8s.Quantity | undefined) => {
    if (value !== undefined) {
      target[key] = value;
    }
  };
  const size = (s: Size | undefined) => (s ? k8s.Quantity.fromString(sizeToQuantity(s)) : undefined);
  const cpu = (c: kplus.Cpu | undefined) => (c ? cpuToQuantity(c) : undefined);

  add(requests, 'cpu', cpu(resources.cpu?.request));
  add(requests, 'memory', size(resources.memory?.request));
  add(requests, 'ephemeral-storage', size(resources.ephemeralStorage?.request));
  add(limits, 'cpu', cpu(resources.cpu?.limit));
  add(limits, 'memory', size(resources.memory?.limit));
  add(limits, 'ephemeral-storage', size(resources.ephemeralStorage?.limit));

  if (Object.keys(requests).length + Object.keys(limits).length === 0) {
    return undefined;
  }
  return {
    requests: Object.keys(requests).length ? requests : undefined,
    limits: Object.keys(limits).length ? limits : undefined,
  };
}
