/**
 * The story model's tracks for the workload kinds beyond Deployments: DaemonSets,
 * StatefulSets (with their ControllerRevisions and PersistentVolumeClaims), Jobs and
 * CronJobs. Like the rest of the model, versions are tuples indexed by the constants
 * below, and text that repeats (revision names, conditions, node lists) is an index into
 * the model's interned `strings` (-1: none).
 */

/** [seq, revision number]: a rollback re-uses an old ControllerRevision and gives it the newest number. */
export type ControllerRevisionVersion = [number, number];

export interface ControllerRevisionTrack {
  namespace: string;
  name: string;
  /** The controlling owner, "DaemonSet/fluentd" or "StatefulSet/web"; null for none. */
  owner: string | null;
  /** Its controller-revision-hash label: what a DaemonSet's pods carry (a StatefulSet's carry the name). */
  hash: string | null;
  createdSeq: number;
  deletedSeq: number | null;
  versions: ControllerRevisionVersion[];
}

/**
 * [seq, desiredNumberScheduled, currentNumberScheduled, numberReady, updatedNumberScheduled,
 * numberAvailable, numberMisscheduled, maxUnavailable (resolved against desired), maxSurge (resolved)]
 */
export type DaemonSetVersion = [number, number, number, number, number, number, number, number, number];
export const DSV = { seq: 0, desired: 1, current: 2, ready: 3, updated: 4, available: 5, misscheduled: 6, unavailable: 7, surge: 8 } as const;

/**
 * [seq, eligible (comma-separated node names), skipped ("node=why|node=why")]: which
 * nodes should run the daemon pod, as the controller's NodeShouldRunDaemonPod decides it
 * (node name, node affinity and selector, NoSchedule/NoExecute taints against the
 * template's tolerations plus the ones every daemon pod gets). A new entry whenever the
 * DaemonSet or a node changes the answer.
 */
export type DaemonCoverage = [number, number, number];
export const DC = { seq: 0, eligible: 1, skipped: 2 } as const;

export interface DaemonSetTrack {
  uid: string;
  namespace: string;
  name: string;
  /** RollingUpdate or OnDelete (the latest). */
  strategy: string;
  createdSeq: number;
  deletedSeq: number | null;
  versions: DaemonSetVersion[];
  coverage: DaemonCoverage[];
}

/**
 * [seq, spec.replicas, readyReplicas, currentReplicas, updatedReplicas, availableReplicas,
 * partition (RollingUpdate; 0 without one), currentRevision (string), updateRevision (string), status.replicas]
 */
export type StatefulSetVersion = [number, number, number, number, number, number, number, number, number, number];
export const SSV = { seq: 0, replicas: 1, ready: 2, current: 3, updated: 4, available: 5, partition: 6, currentRevision: 7, updateRevision: 8, pods: 9 } as const;

export interface StatefulSetTrack {
  uid: string;
  namespace: string;
  name: string;
  /** OrderedReady or Parallel. */
  podManagement: string;
  /** RollingUpdate or OnDelete (the latest). */
  strategy: string;
  /** volumeClaimTemplates' names: ordinal i of `web` claims `<template>-web-<i>`. */
  claimTemplates: string[];
  createdSeq: number;
  deletedSeq: number | null;
  versions: StatefulSetVersion[];
}

export const ClaimPhase = { Pending: 0, Bound: 1, Lost: 2 } as const;
export type ClaimPhase = (typeof ClaimPhase)[keyof typeof ClaimPhase];

/** [seq, phase (ClaimPhase; -1 none yet), volumeName (string), deleting (0|1)] */
export type ClaimVersion = [number, number, number, number];
export const CV = { seq: 0, phase: 1, volume: 2, deleting: 3 } as const;

export interface ClaimTrack {
  uid: string;
  namespace: string;
  name: string;
  storageClass: string | null;
  createdSeq: number;
  deletedSeq: number | null;
  versions: ClaimVersion[];
}

/**
 * [seq, completions (-1: unset, "any one success"), parallelism, backoffLimit, active,
 * succeeded, failed, ready, condition (string: the newest True one of Complete, Failed,
 * SuccessCriteriaMet, FailureTarget, Suspended), conditionReason (string), suspend (0|1),
 * completedIndexes (string)]
 */
export type JobVersion = [number, number, number, number, number, number, number, number, number, number, number, number];
export const JV = { seq: 0, completions: 1, parallelism: 2, backoffLimit: 3, active: 4, succeeded: 5, failed: 6, ready: 7, condition: 8, reason: 9, suspend: 10, completedIndexes: 11 } as const;

export interface JobTrack {
  uid: string;
  namespace: string;
  name: string;
  /** The CronJob that created it, or null. */
  cronJob: string | null;
  /** NonIndexed or Indexed. */
  completionMode: string;
  createdSeq: number;
  deletedSeq: number | null;
  versions: JobVersion[];
}

/** [seq, schedule (string), concurrencyPolicy (string), suspend (0|1), active jobs] */
export type CronJobVersion = [number, number, number, number, number];
export const CJV = { seq: 0, schedule: 1, policy: 2, suspend: 3, active: 4 } as const;

/**
 * [seq, reason (string), message (string)]: a schedule tick the controller did not start a
 * Job for, from the Events it wrote about the CronJob: JobAlreadyActive (Forbid, the
 * previous Job still running), MissSchedule and TooManyMissedTimes (starts missed past
 * the deadline). One entry per Event write, so a repeat that bumped an Event's count is
 * a tick of its own.
 */
export type CronSkip = [number, number, number];

export interface CronJobTrack {
  uid: string;
  namespace: string;
  name: string;
  createdSeq: number;
  deletedSeq: number | null;
  versions: CronJobVersion[];
  skips: CronSkip[];
}

/** Everything above, as the story model carries it. */
export interface WorkloadKinds {
  controllerRevisions: ControllerRevisionTrack[];
  daemonSets: DaemonSetTrack[];
  statefulSets: StatefulSetTrack[];
  claims: ClaimTrack[];
  jobs: JobTrack[];
  cronJobs: CronJobTrack[];
}
