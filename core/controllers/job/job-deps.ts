import type { EventRecorder } from '../../client/event-recorder.js';
import type { Expectations } from '../expectations.js';
import type { BackoffStore } from './backoff-utils.js';
import type { UidTrackingExpectations } from './tracking-utils.js';

/** What the parts of a Job sync share with the controller that runs them. */
export interface JobDeps {
  readonly events: EventRecorder;
  /** Pod creations and deletions asked for and not yet seen in the cache. */
  readonly expectations: Expectations;
  /** Tracking finalizers asked to be removed and not yet seen gone. */
  readonly finalizerExpectations: UidTrackingExpectations;
  readonly backoff: BackoffStore;
  /**
   * enqueueSyncJobWithDelay: look at the Job again after this long (at least the 1 s batch
   * period); that sync's writes are caused by `cause`, the write that made it wait.
   */
  enqueueAfter(key: string, delayMs: number, cause: number | null): void;
}

/** MaxPodCreateDeletePerSync: at most 500 pod creates or deletes in one sync. */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** MaxUncountedPods: status.uncountedTerminatedPods holds at most 500 uids (about 20 KB). */
export const MAX_UNCOUNTED_PODS = 500;
/** syncJobBatchPeriod: pod events wait a second, so a burst of them makes one sync. */
export const SYNC_JOB_BATCH_PERIOD_MS = 1000;
