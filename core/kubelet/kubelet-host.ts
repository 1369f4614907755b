import type { KObject } from '../api/types.js';
import type { Client } from '../client/client.js';
import type { VirtualScheduler } from '../sim/virtual-scheduler.js';
import type { ContainerLogs } from './container-log.js';
import type { KubeletTimings } from './timings.js';

/** Whose pod an Event is about, and the write that led to it (a PodWorker). */
export interface EventSubject {
  readonly pod: Readonly<KObject>;
  readonly cause: number | null;
}

/**
 * What a kubelet's parts (its pod workers, the status builder, the node heartbeat) use
 * of the kubelet they belong to. They hold this rather than the Kubelet class, so the
 * kubelet imports its parts and no part imports the kubelet back: in upstream's
 * kubelet the pod workers and status manager are handed such narrow interfaces too.
 */
export interface KubeletHost {
  readonly node: string;
  readonly actor: string;
  readonly hostIP: string;
  readonly timings: KubeletTimings;
  readonly images: Set<string>;
  readonly client: Client;
  readonly clock: VirtualScheduler;
  readonly down: boolean;
  /** Where the containers' output goes (emit() in container-log.ts writes to it). */
  readonly logs: ContainerLogs;
  now(): number;
  allocateIP(uid: string): string;
  releaseIP(uid: string): void;
  /** a new sandbox's address for the pod, other than its old one */
  reallocateIP(uid: string): string;
  isMissing(image: string): boolean;
  /** Records a v1 Event about a pod (fieldPath names the container) or, with none, about the node. */
  event(w: EventSubject | undefined, type: 'Normal' | 'Warning', reason: string, message: string): void;
  /** A container's process started or stopped (kube-proxy's pod drives the node's rules). */
  processChanged(w: { readonly pod: Readonly<KObject> }, c: { readonly name: string }, running: boolean): void;
  /** The eviction manager's MemoryPressure, for the node status (absent: never). */
  memoryPressure?(): boolean;
  /** A worker that is done: its pod is gone from the node. */
  forget(w: { readonly uid: string }): void;
}
