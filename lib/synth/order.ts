import { KubeObject } from '../validation/manifest';

// Apply order: what others need comes first. Namespaces, then policies and
// accounts, config and secrets, workloads, Services, Ingresses, then objects
// that point at workloads.
const RANK: Record<string, number> = {
  Namespace: 0,
  ResourceQuota: 1, LimitRange: 1, NetworkPolicy: 1, ServiceAccount: 1,
  Role: 1, ClusterRole: 1, RoleBinding: 1, ClusterRoleBinding: 1,
  ConfigMap: 2, Secret: 2, ExternalSecret: 2, SealedSecret: 2, PersistentVolumeClaim: 2,
  Deployment: 3, StatefulSet: 3, DaemonSet: 3, ReplicaSet: 3, Pod: 3, Job: 3, CronJob: 3,
  Service: 4,
  Ingress: 5,
  PodDisruptionBudget: 6, HorizontalPodAutoscaler: 6,
};
const OTHER = 7;

/** Objects in a stable apply order: by kind rank, then kind, namespace and name. */
export function sortForApply<T extends { readonly object: KubeObject }>(items: ReadonlyArray<T>): T[] {
  const key = (item: T) => {
    const o = item.object;
    return [RANK[o.kind] ?? OTHER, o.kind, o.metadata?.namespace ?? '', o.metadata?.name ?? ''] as const;
  };
  return items
    .map((item, index) => ({ item, index, key: key(item) }))
    .sort((a, b) => {
      for (let i = 0; i < a.key.length; i++) {
        if (a.key[i] < b.key[i]) {
          return -1;
        }
        if (a.key[i] > b.key[i]) {
          return 1;
        }
      }
      return a.index - b.index;
    })
    .map((entry) => entry.item);
}
