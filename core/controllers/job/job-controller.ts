import { JOB_TRACKING_FINALIZER } from '../../api/batch/labels.js';
import { jsonEqual } from '../../api/equal.js';
import { fromLabelSelector, matches } from '../../api/labels.js';
import { objectKey } from '../../api/object-store.js';
import type { KObject } from '../../api/types.js';
import { EventRecorder } from '../../client/event-recorder.js';
import type { Informer, InformerEvent } from '../../client/informer.js';
import type { WorkQueue } from '../../client/work-queue.js';
import { claim } from '../claim.js';
import { controllerOf } from '../controller-ref.js';
import { CONTROLLER_UID_INDEX, controllerUidKeys } from '../replicaset/keys.js';
import { queueFor, type ControllerContext } from '../controller.js';
import { Expectations } from '../expectations.js';
import { BackoffStore } from './backoff-utils.js';
import { isJobFinished } from './conditions.js';
import { SYNC_JOB_BATCH_PERIOD_MS, type JobDeps } from './job-deps.js';
import { JobPodControl } from './pod-control.js';
import { syncJob } from './sync-job.js';
import { hasJobTrackingFinalizer, UidTrackingExpectations } from './tracking-utils.js';

/**
 * Pods by their controller's uid: the ReplicaSet controller's index of the shared pod
 * informer (the same function: the controller reference's uid, '' for none), not one of
 * its own. Two indexes of the same values were kept in step on every pod event (a Set
 * delete and add each), and being updated by the same events in the same way they list
 * pods in the same order.
 */
export const JOB_UID_INDEX = CONTROLLER_UID_INDEX;
/** The controller that owns Jobs without spec.managedBy (JobManagedBy, beta in v1.32). */
const JOB_CONTROLLER_NAME = 'kubernetes.io/job-controller';

/**
 * The Job controller (pkg/controller/job): runs a Job's pods to its completions, with
 * backoff after failures, and counts each finished pod exactly once through the
 * batch.kubernetes.io/job-tracking finalizer. Job events sync at once, pod events after
 * the 1 s batch period; pods left with a finalizer and no live Job (orphans) lose it
 * through a second queue.
 */
export class JobController implements JobDeps {
  readonly queue: WorkQueue;
  readonly orphanQueue: WorkQueue;
  readonly events = new EventRecorder('job-controller');
  readonly expectations: Expectations;
  readonly finalizerExpectations = new UidTrackingExpectations();
  readonly backoff = new BackoffStore();
  readonly jobs: Informer;
  readonly pods: Informer;

  constructor(readonly ctx: ControllerContext) {
    this.expectations = new Expectations(() => ctx.scheduler.now());
    // DefaultJobApiBackOff 1 s, MaxJobApiBackOff 1 min: a refused write is retried no faster.
    this.queue = queueFor(ctx, 'job-controller', (key, cause) => this.sync(key, cause), 0, 60_000, 1000);
    this.orphanQueue = queueFor(ctx, 'job-controller-orphan-pod', (key, cause) => this.syncOrphanPod(key, cause), 0, 60_000, 1000);
    this.jobs = ctx.informers.get('Job');
    this.pods = ctx.informers.get('Pod').addIndex(JOB_UID_INDEX, controllerUidKeys);
    this.jobs.on((e) => this.onJob(e));
    this.pods.on((e) => this.onPod(e));
  }

  enqueueAfter(key: string, delayMs: number, cause: number | null = null): void {
    this.queue.addAfter(key, Math.max(delayMs, SYNC_JOB_BATCH_PERIOD_MS), cause);
  }

  private onJob(e: InformerEvent): void {
    const job = e.object;
    const key = keyOf(job);
    if (e.type === 'DELETED') {
      this.queue.add(key, e.seq);
      this.cleanupPodFinalizers(job, e.seq);
      return;
    }
    if (e.type === 'ADDED' || e.old?.metadata.generation !== job.metadata.generation) this.queue.add(key, e.seq);
    else this.queue.addAfter(key, SYNC_JOB_BATCH_PERIOD_MS, e.seq);
    if (e.type === 'MODIFIED' && isJobFinished(job)) this.cleanupPodFinalizers(job, e.seq);
    const ads = job.spec?.activeDeadlineSeconds;
    if (e.type === 'MODIFIED' && job.status?.startTime !== undefined && typeof ads === 'number' && e.old?.spec?.activeDeadlineSeconds !== ads) {
      const passed = this.ctx.client.api.now() - this.ctx.client.api.virtualOf(job.status.startTime);
      this.queue.addAfter(key, ads * 1000 - passed, e.seq);
    }
  }

  private onPod(e: InformerEvent): void {
    const pod = e.object;
    if (e.type === 'DELETED') return this.podGone(pod, true, e.seq);
    if (pod.metadata.deletionTimestamp !== undefined) return this.podGone(pod, false, e.seq);
    const ref = controllerOf(pod);
    const oldRef = e.old === undefined ? undefined : controllerOf(e.old);
    const finalizerRemoved = !hasJobTrackingFinalizer(pod);
    if (e.type === 'MODIFIED' && oldRef !== undefined && !jsonEqual(oldRef, ref)) {
      const oldJob = this.resolve(pod.metadata.namespace, oldRef);
      if (oldJob !== undefined) {
        if (finalizerRemoved) this.finalizerExpectations.finalizerRemovalObserved(keyOf(oldJob), pod.metadata.uid ?? '');
        this.queue.addAfter(keyOf(oldJob), SYNC_JOB_BATCH_PERIOD_MS, e.seq);
      }
    }
    if (ref !== undefined) {
      const job = this.resolve(pod.metadata.namespace, ref);
      if (job === undefined) return;
      if (e.type === 'ADDED') this.expectations.creationObserved(keyOf(job));
      else if (finalizerRemoved) this.finalizerExpectations.finalizerRemovalObserved(keyOf(job), pod.metadata.uid ?? '');
      this.queue.addAfter(keyOf(job), SYNC_JOB_BATCH_PERIOD_MS, e.seq);
      return;
    }
    // An orphan: its finalizer must go, and a Job whose selector matches may adopt it.
    if (hasJobTrackingFinalizer(pod)) this.orphanQueue.add(keyOf(pod), e.seq);
    const labelsChanged = e.old === undefined || !jsonEqual(e.old.metadata.labels, pod.metadata.labels);
    if (e.type === 'ADDED' || labelsChanged || oldRef !== undefined) {
      for (const job of this.jobs.list(pod.metadata.namespace)) {
        const sel = fromLabelSelector(job.spec?.selector);
        if (sel !== null && sel.length > 0 && matches(sel, pod.metadata.labels)) this.queue.addAfter(keyOf(job), SYNC_JOB_BATCH_PERIOD_MS, e.seq);
      }
    }
  }

  /** deletePod: a pod going (or gone) is a deletion observed; its finalizer, if gone with it, a removal observed. */
  private podGone(pod: Readonly<KObject>, final: boolean, seq: number): void {
    const ref = controllerOf(pod);
    const hasFinalizer = hasJobTrackingFinalizer(pod);
    const job = ref === undefined ? undefined : this.resolve(pod.metadata.namespace, ref);
    if (job === undefined || isJobFinished(job)) {
      if (hasFinalizer && !final) this.orphanQueue.add(keyOf(pod), seq);
      return;
    }
    const key = keyOf(job);
    this.expectations.deletionObserved(key, keyOf(pod));
    if (final || !hasFinalizer) this.finalizerExpectations.finalizerRemovalObserved(key, pod.metadata.uid ?? '');
    this.queue.addAfter(key, SYNC_JOB_BATCH_PERIOD_MS, seq);
  }

  private resolve(namespace: string | undefined, ref: { kind: string; name: string; uid: string }): Readonly<KObject> | undefined {
    if (ref.kind !== 'Job') return undefined;
    const job = this.jobs.get(namespace, ref.name);
    return job?.metadata.uid === ref.uid ? job : undefined;
  }

  /** cleanupPodFinalizers: a deleted or finished Job's pods that still carry the finalizer go to the orphan queue. */
  private cleanupPodFinalizers(job: Readonly<KObject>, seq: number): void {
    for (const pod of this.pods.byIndex(JOB_UID_INDEX, job.metadata.uid ?? '')) {
      if (hasJobTrackingFinalizer(pod)) this.orphanQueue.add(keyOf(pod), seq);
    }
  }

  sync(key: string, cause: number | null): void {
    const [namespace, name] = splitKey(key);
    const job = this.jobs.get(namespace, name);
    if (job === undefined) {
      this.expectations.delete(key);
      this.finalizerExpectations.delete(key);
      this.backoff.remove(key);
      return;
    }
    const managedBy = job.spec?.managedBy;
    if (typeof managedBy === 'string' && managedBy !== JOB_CONTROLLER_NAME) return;
    if (isJobFinished(job)) {
      this.backoff.remove(key);
      return;
    }
    const client = this.ctx.client.withCause(cause);
    const mode = job.spec?.completionMode;
    if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') {
      this.events.record(client, job, 'Warning', 'UnknownCompletionMode', 'Skipped Job sync because completion mode is unknown');
      return;
    }
    // Expectations before the pods: a pod that arrives in between waits for the next sync.
    const satisfied = this.expectations.satisfied(key);
    syncJob(this, client, key, job, this.podsFor(client, job), satisfied);
  }

  /** getPodsForJob: every pod it controls (terminal ones too), and matching orphans it adopts with the tracking finalizer. */
  private podsFor(client: ControllerContext['client'], job: Readonly<KObject>): Array<Readonly<KObject>> {
    const selector = fromLabelSelector(job.spec?.selector);
    if (selector === null) return [];
    const uid = job.metadata.uid ?? '';
    const candidates = [...this.pods.byIndex(JOB_UID_INDEX, uid), ...this.pods.byIndex(JOB_UID_INDEX, '').filter((p) => p.metadata.namespace === job.metadata.namespace)];
    return claim(client, job, selector, candidates, () => {
      const live = client.api.tryGet('Job', job.metadata.namespace, job.metadata.name ?? '');
      return live !== undefined && live.metadata.uid === uid && live.metadata.deletionTimestamp === undefined;
    }, [JOB_TRACKING_FINALIZER]);
  }

  /** syncOrphanPod: take the finalizer off a pod whose Job is gone, finished, or not a batch/v1 Job's. */
  private syncOrphanPod(key: string, cause: number | null): void {
    const [namespace, name] = splitKey(key);
    const pod = this.pods.get(namespace, name);
    if (pod === undefined) return;
    const ref = controllerOf(pod);
    if (ref !== undefined) {
      if (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return;
      const job = this.resolve(namespace, ref);
      if (job !== undefined && !isJobFinished(job)) return; // adopted meanwhile
    }
    const client = this.ctx.client.withCause(cause);
    const e = new JobPodControl(client, this.events, pod).removeFinalizer(pod, `pod ${name} belongs to no running Job: tracking finalizer removed`);
    if (e !== undefined && e.status.code !== 404) throw e;
  }
}

export function keyOf(obj: Readonly<KObject>): string {
  return objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf('/');
  return i < 0 ? ['', key] : [key.slice(0, i), key.slice(i + 1)];
}
