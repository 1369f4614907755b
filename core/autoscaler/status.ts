import { stringify } from 'yaml';

/**
 * The `status` key of the cluster-autoscaler-status ConfigMap in v1.32's YAML form
 * (clusterstate/api/types.go, written by clusterstate/utils.WriteStatusConfigMap through
 * sigs.k8s.io/yaml, which goes through JSON: keys come out in alphabetical order).
 */
export interface NodeCounts {
  registered: { total: number; ready: number; notStarted: number; beingDeleted?: number; unready: { total: number; resourceUnready: number } };
  longUnregistered: number;
  unregistered: number;
}

export interface Condition {
  status: string;
  lastProbeTime: string;
  lastTransitionTime: string;
}

export interface GroupStatus {
  name: string;
  health: Condition & { nodeCounts: NodeCounts; cloudProviderTarget: number; minSize: number; maxSize: number };
  scaleUp: Condition;
  scaleDown: Condition & { candidates?: number };
}

export interface AutoscalerStatus {
  time: string;
  autoscalerStatus: 'Running' | 'Initializing';
  clusterWide: {
    health: Condition & { nodeCounts: NodeCounts };
    scaleUp: Condition;
    scaleDown: Condition & { candidates?: number };
  };
  nodeGroups: GroupStatus[];
}

/** ConfigMapLastUpdatedKey */
export const LAST_UPDATED_ANNOTATION = 'cluster-autoscaler.kubernetes.io/last-updated';

export function statusYaml(status: AutoscalerStatus): string {
  return stringify(status, { sortMapEntries: true, lineWidth: 0 });
}

/**
 * Go's ConfigMapLastUpdateFormat "2006-01-02 15:04:05.999999999 -0700 MST" for a UTC
 * RFC 3339 stamp and the milliseconds past its second: "2026-01-01T00:02:10Z" and 500
 * give "2026-01-01 00:02:10.5 +0000 UTC" (the .999 layout drops trailing zeros).
 */
export function goTimeText(stamp: string, millis: number): string {
  const frac = millis > 0 ? `.${String(millis).padStart(3, '0').replace(/0+$/, '')}` : '';
  return `${stamp.replace('T', ' ').replace(/Z$/, '')}${frac} +0000 UTC`;
}

/**
 * A condition keeps its lastTransitionTime while its status stays what it was
 * (clusterstate's updateLastTransition).
 */
export function condition(prev: Condition | undefined, status: string, now: string): Condition {
  return { status, lastProbeTime: now, lastTransitionTime: prev !== undefined && prev.status === status ? prev.lastTransitionTime : now };
}
