import type { KObject } from '../../api/types.js';
import type { BackoffRecord } from './backoff-utils.js';
import type { JobCondition } from './conditions.js';
import type { Intervals } from './intervals.js';

/**
 * syncJobCtx: what one sync of a Job knows. `job` is this sync's own copy (its status is
 * edited in place and written at the end); `pods` are the informer cache's, never edited.
 */
export interface SyncJobCtx {
  key: string;
  job: KObject;
  pods: Array<Readonly<KObject>>;
  activePods: Array<Readonly<KObject>>;
  /** The condition the Job is heading for: FailureTarget / SuccessCriteriaMet first, then Failed / Complete. */
  finishedCondition: JobCondition | undefined;
  succeeded: number;
  failed: number;
  prevSucceededIndexes: Intervals;
  succeededIndexes: Intervals;
  /** Only with backoffLimitPerIndex. */
  failedIndexes: Intervals | undefined;
  newBackoffRecord: BackoffRecord;
  expectedRmFinalizers: ReadonlySet<string>;
  uncounted: { succeeded: Set<string>; failed: Set<string> };
  podsWithDelayedDeletionPerIndex: Map<number, Readonly<KObject>>;
  terminating: number;
  ready: number;
}
