import { SyncError } from '../../client/work-queue.js';
import { jsonEqual } from '../../api/equal.js';
import { fromLabelSelector, matches } from '../../api/labels.js';
import type { KObject } from '../../api/types.js';
import { EventRecorder } from '../../client/event-recorder.js';
import type { Informer, InformerEvent } from '../../client/informer.js';
import type { SyncRest, WorkQueue } from '../../client/work-queue.js';
import { claim } from '../claim.js';
import { controllerOf } from '../controller-ref.js';
import { queueFor, type ControllerContext } from '../controller.js';
import { Expectations } from '../expectations.js';
import { isPodActive, isPodReady } from '../pod-util.js';
import { CONTROLLER_UID_INDEX, controllerUidKeys, keyOf, splitKey } from './keys.js';
import { manageReplicas, manageReplicasSteps } from './manage-replicas.js';
import { syncStatus } from './replica-set-status.js';

/** Re-exported for the controllers that import them from here (the Deployment controller). */
export { CONTROLLER_UID_INDEX, keyOf, splitKey } from './keys.js';

export interface ReplicaSetControllerOptions {
  /**
   * A sync goes on over several tasks, one slow-start batch each (live mode: a request or a
   * watch delivery waits for one batch, not a 250-pod sync's 0.4-2.8 s). Off in a recorded
   * simulation: the shipped recordings stay byte-identical, every sync one task.
   */
  stepwise?: boolean;
}

/**
 * The ReplicaSet controller (pkg/controller/replicaset): keeps as many active pods as
 * spec.replicas asks for. Watch handlers only enqueue the owning ReplicaSet and count
 * expectations; the sync is level-based, from the informer caches.
 */
export class ReplicaSetController {
  readonly queue: WorkQueue;
  readonly expectations: Expectations;
  readonly events = new EventRecorder('replicaset-controller');
  readonly pods: Informer;
  readonly replicaSets: Informer;

  constructor(
    readonly ctx: ControllerContext,
    private readonly options: ReplicaSetControllerOptions = {},
  ) {
    this.expectations = new Expectations(() => ctx.scheduler.now());
    this.queue = queueFor(ctx, 'replicaset-controller', (key, cause) => this.sync(key, cause));
    this.pods = ctx.informers.get('Pod').addIndex(CONTROLLER_UID_INDEX, controllerUidKeys);
    this.replicaSets = ctx.informers.get('ReplicaSet').addIndex(CONTROLLER_UID_INDEX, controllerUidKeys);
    this.replicaSets.on((e) => this.onReplicaSet(e));
    this.pods.on((e) => this.onPod(e));
  }

  private onReplicaSet(e: InformerEvent): void {
    const key = keyOf(e.object);
    if (e.type === 'DELETED') this.expectations.delete(key);
    this.queue.add(key, e.seq);
  }

  private onPod(e: InformerEvent): void {
    const pod = e.object;
    if (e.type === 'DELETED' || (pod.metadata.deletionTimestamp !== undefined && e.old?.metadata.deletionTimestamp === undefined)) {
      // A pod going away (or starting to terminate) is what the owner expected to delete.
      // (Its key made here only: every status write of every pod comes through onPod.)
      const rs = this.ownerOf(pod);
      if (rs !== undefined) {
        this.expectations.deletionObserved(keyOf(rs), keyOf(pod));
        this.queue.add(keyOf(rs), e.seq);
      }
      if (e.type === 'DELETED') return;
    }
    const rs = this.ownerOf(pod);
    if (e.type === 'ADDED' && rs !== undefined) this.expectations.creationObserved(keyOf(rs));
    const oldRef = e.old === undefined ? undefined : controllerOf(e.old);
    const newRef = controllerOf(pod);
    if (oldRef !== undefined && oldRef.uid !== newRef?.uid) {
      const oldRs = this.replicaSets.get(pod.metadata.namespace, oldRef.name);
      if (oldRs !== undefined && oldRs.metadata.uid === oldRef.uid) this.queue.add(keyOf(oldRs), e.seq);
    }
    if (rs !== undefined) {
      this.queue.add(keyOf(rs), e.seq);
      // Ready now, available after minReadySeconds: look again then, plus upstream's one
      // second against skew (Ready at 12.4 s, minReadySeconds 10: a sync at 23.4 s).
      const minReady = rs.spec?.minReadySeconds ?? 0;
      if (minReady > 0 && e.old !== undefined && !isPodReady(e.old) && isPodReady(pod)) this.queue.addAfter(keyOf(rs), minReady * 1000 + 1000, e.seq);
      return;
    }
    if (newRef !== undefined) return; // owned by something that is not a ReplicaSet
    // An orphan: every ReplicaSet whose selector matches may adopt it.
    const labelsChanged = e.old === undefined || !jsonEqual(e.old.metadata.labels, pod.metadata.labels);
    if (e.type === 'ADDED' || labelsChanged || oldRef !== undefined) {
      for (const candidate of this.replicaSets.list(pod.metadata.namespace)) {
        const sel = fromLabelSelector(candidate.spec?.selector);
        if (sel !== null && sel.length > 0 && matches(sel, pod.metadata.labels)) {
          this.queue.add(keyOf(candidate), e.seq);
        }
      }
    }
  }

  private ownerOf(pod: Readonly<KObject>): Readonly<KObject> | undefined {
    const ref = controllerOf(pod);
    if (ref === undefined || ref.kind !== 'ReplicaSet') return undefined;
    const rs = this.replicaSets.get(pod.metadata.namespace, ref.name);
    return rs !== undefined && rs.metadata.uid === ref.uid ? rs : undefined;
  }

  sync(key: string, cause: number | null): SyncRest | undefined {
    const [namespace, name] = splitKey(key);
    const rs = this.replicaSets.get(namespace, name);
    if (rs === undefined) {
      this.expectations.delete(key);
      return;
    }
    const client = this.ctx.client.withCause(cause);
    const needsSync = this.expectations.satisfied(key);
    const selector = fromLabelSelector(rs.spec?.selector);
    if (selector === null) return;
    const uid = rs.metadata.uid ?? '';
    // Its own pods, then the namespace's orphans, active ones only: one list, in that order.
    const candidates: Array<Readonly<KObject>> = [];
    for (const p of this.pods.byIndex(CONTROLLER_UID_INDEX, uid)) if (isPodActive(p)) candidates.push(p);
    for (const p of this.pods.byIndex(CONTROLLER_UID_INDEX, '')) if (p.metadata.namespace === namespace && isPodActive(p)) candidates.push(p);
    const pods = claim(client, rs, selector, candidates, () => {
      // RecheckDeletionTimestamp: adopt only if the live ReplicaSet is the one we cached.
      const live = client.api.tryGet('ReplicaSet', namespace, name);
      return live !== undefined && live.metadata.uid === uid && live.metadata.deletionTimestamp === undefined;
    });
    // The status (and the requeue) after the last create or delete, from the pods claimed
    // at the sync's start, as upstream's calculateStatus(rs, filteredPods, ...) does.
    const finish = (failed: boolean): undefined => {
      const status = syncStatus(client, rs, pods);
      // "Resync ... as a last line of defense": every pod Ready, not all available yet. With
      // the last pod Ready at 12.4 s (seen 1 ms later) and minReadySeconds 10, this sync at
      // 22.401 s finds it available (its ...:12Z + 10 s is past).
      const minReady = rs.spec?.minReadySeconds ?? 0;
      if (!failed && status !== undefined && minReady > 0 && status.readyReplicas === rs.spec.replicas && status.availableReplicas !== rs.spec.replicas) {
        this.queue.addAfter(key, minReady * 1000, cause);
      }
      // syncReplicaSet returns manageReplicas' error: the key is retried with backoff
      // (5 ms doubling), so a create refused by a quota is tried again until it fits.
      if (failed) throw new SyncError(`replica set ${key}: not every pod could be created or deleted`);
      return undefined;
    };
    if (!needsSync || rs.metadata.deletionTimestamp !== undefined) return finish(false);
    if (!this.options.stepwise) return finish(!manageReplicas(this, client, rs, pods));
    const steps = manageReplicasSteps(this, client, rs, pods);
    // Live mode: one batch a task, the key held by the queue until the status is written.
    const rest = (): SyncRest | undefined => {
      const r = steps.next();
      return r.done === true ? finish(!r.value) : rest;
    };
    return rest();
  }
}
