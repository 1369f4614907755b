import { objectKey } from '../../api/object-store.js';
import { ApiError, failure } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Informer, InformerEvent } from '../../client/informer.js';
import type { WorkQueue } from '../../client/work-queue.js';
import { queueFor, type ControllerContext } from '../controller.js';
import { isJobFinished } from '../job/conditions.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- job status is open JSON */

/**
 * The TTL-after-finished controller (pkg/controller/ttlafterfinished): a Job with
 * spec.ttlSecondsAfterFinished is deleted that long after it finished (the
 * lastTransitionTime of its Complete or Failed condition), in the foreground, so its pods
 * go first and the Job last. Before deleting it reads the Job from the API server again:
 * a TTL raised meanwhile wins. It records no Events, as upstream.
 */
export class TtlAfterFinishedController {
  readonly queue: WorkQueue;
  readonly jobs: Informer;

  constructor(readonly ctx: ControllerContext) {
    this.queue = queueFor(ctx, 'ttl-after-finished-controller', (key, cause) => this.processJob(key, cause));
    this.jobs = ctx.informers.get('Job');
    this.jobs.on((e) => this.onJob(e));
  }

  private onJob(e: InformerEvent): void {
    if (e.type === 'DELETED') return;
    const job = e.object;
    if (job.metadata.deletionTimestamp === undefined && needsCleanup(job)) this.queue.add(objectKey(job.metadata.namespace, job.metadata.name ?? ''), e.seq);
  }

  processJob(key: string, cause: number | null): void {
    const i = key.indexOf('/');
    const [namespace, name] = [key.slice(0, i), key.slice(i + 1)];
    const cached = this.jobs.get(namespace, name);
    if (cached === undefined || !this.expired(key, cached, cause)) return;
    const client = this.ctx.client.withCause(cause);
    const fresh = client.api.tryGet('Job', namespace, name);
    if (fresh === undefined || !this.expired(key, fresh, cause)) return;
    try {
      client.delete('Job', namespace, name, { propagationPolicy: 'Foreground', preconditions: { uid: fresh.metadata.uid ?? '' } }, {
        reason: 'TTLExpired',
        message: `Job ${name} finished ${fresh.spec.ttlSecondsAfterFinished} s ago (ttlSecondsAfterFinished): deleted in the foreground`,
      });
    } catch (e) {
      if (e instanceof ApiError && e.status.code === 404) return;
      throw e;
    }
  }

  /** processTTL: true when the TTL has run out; otherwise look again when it will. */
  private expired(key: string, job: Readonly<KObject>, cause: number | null): boolean {
    if (job.metadata.deletionTimestamp !== undefined || !needsCleanup(job)) return false;
    const api = this.ctx.client.api;
    const finished = (job.status?.conditions ?? []).find((c: any) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
    const finishAt = api.virtualOf(finished?.lastTransitionTime);
    if (Number.isNaN(finishAt)) throw failure(500, 'InternalError', `unable to find the time when the Job ${key} finished`);
    const left = finishAt + job.spec.ttlSecondsAfterFinished * 1000 - api.now();
    if (left <= 0) return true;
    this.queue.addAfter(key, left, cause);
    return false;
  }
}

function needsCleanup(job: Readonly<KObject>): boolean {
  return typeof job.spec?.ttlSecondsAfterFinished === 'number' && isJobFinished(job);
}
