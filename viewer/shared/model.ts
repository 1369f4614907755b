import type { AnnotationRow, EventRow, MarkerRow } from '../../core/record/schema.js';
import type { WorkloadKinds } from './workload-kinds.js';
import type { RowsModel } from './rows-model.js';
import type { OwnerRef, PackedAggregates } from './aggregate-model.js';

export * from './workload-kinds.js';
export * from './proxy-model.js';
export * from './rows-model.js';
export * from './aggregate-model.js';

/**
 * The JSON the viewer's server sends and its front end reads: one "story model" per
 * recording (every pod, node, ReplicaSet and Deployment as a track of compact versions,
 * and the other workload kinds' tracks in workload-kinds.ts)
 * plus the rows of the paged endpoints. Versions are tuples, not objects: a 100,000-event
 * recording's model is then ~3 MB of JSON instead of ~12 MB, and the browser indexes it
 * by binary search per track while scrubbing.
 */

/** Where a pod is in its life, as the cluster view colours it and the lifecycle rows draw it. */
export const Stage = {
  Pending: 0, // not scheduled yet
  Creating: 1, // bound to a node, containers not running yet (ContainerCreating, image pull)
  Running: 2, // running, not Ready
  Ready: 3,
  Terminating: 4, // deletionTimestamp set
  Succeeded: 5,
  Failed: 6,
} as const;
export type Stage = (typeof Stage)[keyof typeof Stage];
export const STAGE_NAMES = ['Pending', 'ContainerCreating', 'Running (not ready)', 'Ready', 'Terminating', 'Succeeded', 'Failed'] as const;

/** [seq, nodeName (index into strings; -1: none), stage, restarts, reasonIndex (-1: none), deletionStartMs (-1), graceSeconds (-1)] */
export type PodVersion = [number, number, Stage, number, number, number, number];
export const PV = { seq: 0, node: 1, stage: 2, restarts: 3, reason: 4, deletionStart: 5, grace: 6 } as const;

export interface PodTrack {
  uid: string;
  namespace: string;
  name: string;
  /** The controlling owner, e.g. "ReplicaSet/web-6454d6f499"; null for a bare pod. */
  owner: string | null;
  createdSeq: number;
  /** The seq that removed it from the API server; null while it still exists at the end. */
  deletedSeq: number | null;
  /** How long its preStop hook runs before SIGTERM (ms; 0 without one), from its spec. */
  preStopMs: number;
  /**
   * When its containers were first all reported stopped after its deletion began (the
   * kubelet's status write, ms): what really ended its termination; null if never seen.
   */
  exitMs: number | null;
  /**
   * Its controller-revision-hash label: a DaemonSet pod's template hash, a StatefulSet
   * pod's revision name (old and new differ during a rolling update); null without one.
   */
  revision: string | null;
  /** The PersistentVolumeClaims its volumes name, in spec order. */
  claims: string[];
  /** The node a daemon pod is made for (its affinity's matchFields metadata.name) before it is bound; null for others. */
  target: string | null;
  /** batch.kubernetes.io/job-completion-index of an Indexed Job's pod, or null. */
  completionIndex: number | null;
  versions: PodVersion[];
}

/** [seq, ready (1 True, 0 False, 2 Unknown, -1 no condition), unschedulable (0|1), taintsIndex (-1: none), MemoryPressure (0|1)] */
export type NodeVersion = [number, number, number, number, number];
export const NV = { seq: 0, ready: 1, unschedulable: 2, taints: 3, memoryPressure: 4 } as const;

export interface NodeTrack {
  name: string;
  createdSeq: number;
  deletedSeq: number | null;
  versions: NodeVersion[];
}

/** [seq, desired (spec.replicas), current (status.replicas), ready, available] */
export type ReplicaSetVersion = [number, number, number, number, number];
export const RV = { seq: 0, desired: 1, current: 2, ready: 3, available: 4 } as const;

export interface ReplicaSetTrack {
  uid: string;
  namespace: string;
  name: string;
  /** The owning Deployment's name, or null. */
  deployment: string | null;
  /** deployment.kubernetes.io/revision of its last version, or null. */
  revision: string | null;
  /**
   * [seq, revision] at each write that changed its revision annotation: a rollback gives
   * an old ReplicaSet the newest number (rollback: 1 until 2:30, then 3).
   */
  revisions: Array<[number, string]>;
  /** The first container image of its template: what tells old and new apart in a rollout. */
  image: string | null;
  createdSeq: number;
  deletedSeq: number | null;
  versions: ReplicaSetVersion[];
}

/** [seq, replicas, maxSurge (resolved), maxUnavailable (resolved), updated, ready, available] */
export type DeploymentVersion = [number, number, number, number, number, number, number];
export const DV = { seq: 0, replicas: 1, surge: 2, unavailable: 3, updated: 4, ready: 5, available: 6 } as const;

export interface DeploymentTrack {
  namespace: string;
  name: string;
  strategy: string;
  createdSeq: number;
  deletedSeq: number | null;
  versions: DeploymentVersion[];
}

/** [fromSeq, toSeq (exclusive; null: to the end), state]: a pod's membership of its Service's endpoints. */
export type EndpointSpan = [number, number | null, EndpointState];
export const EndpointState = {
  NotReady: 0, // listed, ready=false (not serving)
  Ready: 1, // ready=true: kube-proxy routes to it
  Terminating: 2, // terminating=true (serving or not): being drained
} as const;
export type EndpointState = (typeof EndpointState)[keyof typeof EndpointState];

export interface TrafficModel {
  bucketMs: number;
  /** [timeMs, ok, failed] per bucket with any request, over every Service. */
  buckets: Array<[number, number, number]>;
  /** [timeMs, podName ('' if none), outcome, count] for every failed bucket row. */
  failures: Array<[number, string, string, number]>;
}

/** A marker as the recording stores it; the viewer always has its id. */
export type MarkerModel = MarkerRow & { id: number };

export interface StoryModel extends WorkloadKinds, RowsModel {
  name: string;
  title: string;
  source: string;
  complete: boolean;
  endTimeMs: number;
  lastSeq: number;
  /**
   * time_ms of every seq, delta-encoded: timeDeltas[0] is seq 1's time, timeDeltas[i] the
   * gap from seq i to seq i+1 (mostly 0: many writes share a millisecond), which makes
   * 113,000 events ~250 kB of JSON instead of ~800 kB.
   */
  timeDeltas: number[];
  /** Interned strings (waiting reasons, taint lists) that versions point into. */
  strings: string[];
  nodes: NodeTrack[];
  pods: PodTrack[];
  replicaSets: ReplicaSetTrack[];
  deployments: DeploymentTrack[];
  /** Pod "namespace/name" -> spans in any EndpointSlice; null when the recording has no EndpointSlices. */
  endpoints: Record<string, EndpointSpan[]> | null;
  /** null when the recording has no traffic rows. */
  traffic: TrafficModel | null;
  markers: MarkerModel[];
  /** Every kind written, for the event log's filter (actors come from /actors: they cost a full scan). */
  kinds: string[];
  /**
   * Set only for a recording with more pods than the server's aggregate line: `pods`,
   * `throttles` and `recoveries` are then empty and the pods are counted here instead
   * (aggregate-model.ts), packed, with the seqs' times (`timeDeltas` is then empty until
   * the page unpacks them). A shipped story's model has no such key (the same bytes as before).
   */
  aggregate?: PackedAggregates;
}

/** The pods one node or owner held at a seq, with their whole tracks (`GET .../pods?node=&at=` or `?owner=&at=`). */
export interface PodsAnswer {
  seq: number;
  node: string | null;
  owner: OwnerRef | null;
  /** Strings the tracks' versions point into: this answer's own table, not the model's. */
  strings: string[];
  pods: PodTrack[];
}

export interface RecordingSummary {
  name: string;
  title: string;
  source: string;
  durationMs: number | null;
  events: number;
  complete: boolean;
  /** true / false once checked; null while unknown (not checked yet or unreadable). */
  chainVerified: boolean | null;
  error?: string;
  /** An imported recording (meta.source import or record): how many inputs, and the real start ("2024-01-01 01:00:00 UTC"). */
  imported?: { sources: number; start: string };
}

/**
 * An event row without its object and hash: what lists and chains send. `requestVerb`
 * is the API request's verb (upstream's audit verb) where it differs from the recorded
 * storage verb: `delete` for a graceful delete recorded as `update` (server/lens/request-verbs.ts).
 */
export type EventSummary = Omit<EventRow, 'object' | 'hash'> & {
  requestVerb?: string;
  /**
   * In a chain, for an imported write: the cause the importer inferred (never a recorded
   * one), with its label ("inferred: ReplicaSet scaled 4 ms earlier (rule rs-scale)").
   */
  inferredCause?: { causeSeq: number; rule: string; delayMs: number; label: string };
  /** In a chain, for an imported write: where it was read ("audit.log:17"). */
  provenance?: string;
};

export interface ChangeModel {
  path: string;
  type: 'added' | 'removed' | 'changed';
  from?: unknown;
  to?: unknown;
}

export interface EventDetail {
  event: EventSummary;
  object: unknown;
  previousSeq: number | null;
  diff: ChangeModel[];
}

export interface ChainModel {
  ancestors: EventSummary[];
  event: EventSummary;
  effects: EventSummary[];
}

/** A review note as stored in the recording's annotations table, id included. */
export type AnnotationModel = AnnotationRow & { id: number };

/** A container log line as the viewer gets it (`GET .../logs?seq=N`). */
export interface LogLineModel {
  id: number;
  seqAfter: number;
  timeMs: number;
  container: string;
  restart: number;
  stream: string;
  line: string;
}

/** The lines of the pod an event is about; `pod` null when the event is about no pod. */
export interface PodLogsModel {
  hasLogs: boolean;
  pod: { namespace: string; name: string; uid: string; containers: string[] } | null;
  lines: LogLineModel[];
}
