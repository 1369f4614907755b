import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import type { Informer } from '../../client/informer.js';
import type { Expectations } from '../expectations.js';
import type { FailedPodsBackoff } from './failed-pods-backoff.js';

/**
 * What the DaemonSet controller's parts (manage, rolling update, history, status) share:
 * its caches, expectations, failed-pod backoff and Event recorder. The controller
 * implements it; the parts import only this type, so every import points one way.
 */
export interface DaemonSetControllerState {
  readonly pods: Informer;
  readonly nodes: Informer;
  readonly revisions: Informer;
  readonly expectations: Expectations;
  readonly failedPodsBackoff: FailedPodsBackoff;
  readonly events: EventRecorder;
  /** queue.AddAfter for this DaemonSet (a backoff or minReadySeconds wait). */
  requeueAfter(key: string, delayMs: number, cause: number | null): void;
}

/** One sync of one DaemonSet: the controller's state, a client carrying the sync's cause, the DaemonSet as cached. */
export interface DaemonSetSync {
  readonly dsc: DaemonSetControllerState;
  readonly client: Client;
  readonly cause: number | null;
  readonly key: string;
  ds: Readonly<KObject>;
  readonly nodes: ReadonlyArray<Readonly<KObject>>;
}
