import { containersOf, KubeObject, podSpecsOf, selects } from './manifest';

/** The container ports of one pod template of the chart. */
export interface PodPorts {
  readonly labels: Record<string, string>;
  /** Port names declared by the pod's containers. */
  readonly names: ReadonlySet<string>;
  /** Port numbers declared by the pod's containers. */
  readonly numbers: ReadonlySet<unknown>;
}

/**
 * The ports each pod template of a chart declares, indexed by namespace, so
 * that Service rules can tell whether a targetPort is declared by the pods the
 * Service selects. Filled by the Inventory as it indexes objects.
 */
export class PodPortIndex {
  // Pods indexed by "namespace\0key=value" of each of their labels, so a
  // lookup scans only the pods that have the selector's rarest label.
  private readonly byLabel = new Map<string, PodPorts[]>();

  /** Index the pod templates of `object`. */
  public add(object: KubeObject): void {
    const pods = podSpecsOf(object);
    if (pods.length === 0) {
      return;
    }
    const namespace = object.metadata?.namespace ?? '';
    for (const pod of pods) {
      const names = new Set<string>();
      const numbers = new Set<unknown>();
      for (const { container, pod: at } of containersOf(object)) {
        if (at.path !== pod.path || !Array.isArray(container?.ports)) {
          continue;
        }
        for (const port of container.ports) {
          if (typeof port?.name === 'string') {
            names.add(port.name);
          }
          numbers.add(port?.containerPort);
        }
      }
      const labels = pod.labels && typeof pod.labels === 'object' ? pod.labels : {};
      const entry: PodPorts = { labels, names, numbers };
      for (const [key, value] of Object.entries(labels)) {
        const index = `${namespace}\u0000${key}=${value}`;
        const list = this.byLabel.get(index);
        if (list) {
          list.push(entry);
        } else {
          this.byLabel.set(index, [entry]);
        }
      }
    }
  }

  /** The pods in `namespace` that carry every label of `selector` (none for an empty selector). */
  public matching(namespace: string, selector: Record<string, string>): PodPorts[] {
    let candidates: PodPorts[] | undefined;
    for (const [key, value] of Object.entries(selector)) {
      const pods = this.byLabel.get(`${namespace}\u0000${key}=${value}`);
      if (!pods) {
        return [];
      }
      if (!candidates || pods.length < candidates.length) {
        candidates = pods;
      }
    }
    return candidates ? candidates.filter((pod) => selects(selector, pod.labels)) : [];
  }
}
