/**
 * cluster-autoscaler's flags at their v1.32 defaults (cluster-autoscaler/main.go and
 * config/const.go), the ones this simulation acts on. Each is a number a user of a real
 * cluster sees: a pending pod waits up to one scan interval before a scale-up, a node
 * that has been under half used for ten minutes goes away.
 */
export interface AutoscalerConfig {
  /** --scan-interval: how often the cluster is re-evaluated (10 s) */
  scanIntervalMs: number;
  /** --scale-down-unneeded-time: how long a node must be unneeded before it is removed (10 min) */
  scaleDownUnneededTimeMs: number;
  /** --scale-down-delay-after-add: no scale-down for this long after a scale-up (10 min) */
  scaleDownDelayAfterAddMs: number;
  /** --scale-down-delay-after-failure (3 min) */
  scaleDownDelayAfterFailureMs: number;
  /** --scale-down-utilization-threshold: requests / allocatable below which a node is underutilized (0.5) */
  scaleDownUtilizationThreshold: number;
  /** --max-graceful-termination-sec: the grace period an evicted pod gets at most (600 s) */
  maxGracefulTerminationSec: number;
  /** --max-pod-eviction-time: how long a refused eviction is retried (2 min) */
  maxPodEvictionTimeMs: number;
  /** --node-delete-delay-after-taint: the ToBeDeleted taint -> drain (5 s) */
  nodeDeleteDelayAfterTaintMs: number;
  /** --max-nodes-per-scaleup: the binpacking estimator's node limit (1000) */
  maxNodesPerScaleUp: number;
  /** --max-scale-down-parallelism (--max-empty-bulk-delete before it): nodes, empty or drained, removed at once (10) */
  maxScaleDownParallelism: number;
  /** --max-drain-parallelism: non-empty nodes drained at once (1) */
  maxDrainParallelism: number;
  /** --status-config-map-name, in kube-system */
  statusConfigMapName: string;
}

export const DEFAULT_CONFIG: AutoscalerConfig = {
  scanIntervalMs: 10_000,
  scaleDownUnneededTimeMs: 10 * 60_000,
  scaleDownDelayAfterAddMs: 10 * 60_000,
  scaleDownDelayAfterFailureMs: 3 * 60_000,
  scaleDownUtilizationThreshold: 0.5,
  maxGracefulTerminationSec: 600,
  maxPodEvictionTimeMs: 2 * 60_000,
  nodeDeleteDelayAfterTaintMs: 5_000,
  maxNodesPerScaleUp: 1000,
  maxScaleDownParallelism: 10,
  maxDrainParallelism: 1,
  statusConfigMapName: 'cluster-autoscaler-status',
};

/** Evictor.EvictionRetryTime: a refused eviction is tried again 10 s later. */
export const EVICTION_RETRY_MS = 10_000;
/** Evictor.PodEvictionHeadroom: the wait for evicted pods is their grace period plus 30 s. */
export const POD_EVICTION_HEADROOM_MS = 30_000;
/** How often a drain checks whether the evicted pods are gone (upstream polls every 5 s). */
export const DRAIN_POLL_MS = 5_000;

/** utils/taints: the hard taint on a node being removed, and the soft one on an unneeded node. */
export const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';
export const DELETION_CANDIDATE_TAINT = 'DeletionCandidateOfClusterAutoscaler';
