import { jsonEqual } from '../../api/equal.js';
import { fromLabelSelector, matches } from '../../api/labels.js';
import { objectKey } from '../../api/object-store.js';
import type { KObject, OwnerReference } from '../../api/types.js';
import { EventRecorder } from '../../client/event-recorder.js';
import type { Informer, InformerEvent } from '../../client/informer.js';
import type { WorkQueue } from '../../client/work-queue.js';
import { claim } from '../claim.js';
import { controllerOf } from '../controller-ref.js';
import { queueFor, type ControllerContext } from '../controller.js';
import { ControllerHistory } from '../history/controller-history.js';
import { isPodReady } from '../pod-util.js';
import { StatefulPodControl } from './stateful-pod-control.js';
import { updateStatefulSet } from './stateful-set-control.js';
import { isMemberOf } from './stateful-set-utils.js';
import { CONTROLLER_UID_INDEX, controllerUidKeys } from '../replicaset/keys.js';

/**
 * The StatefulSet controller (pkg/controller/statefulset, actor `statefulset-controller`):
 * pods `<set>-<ordinal>` with stable names, hostnames and claims. Watch handlers only
 * enqueue the owning set; the sync is level-based from the caches and keeps no
 * expectations: a pod it created twice is refused AlreadyExists and the sync retried.
 */
export class StatefulSetController {
  readonly queue: WorkQueue;
  readonly events = new EventRecorder('statefulset-controller');
  readonly pods: Informer;
  readonly sets: Informer;
  readonly claims: Informer;
  readonly history: ControllerHistory;

  constructor(readonly ctx: ControllerContext) {
    this.queue = queueFor(ctx, 'statefulset-controller', (key, cause) => this.sync(key, cause));
    this.pods = ctx.informers.get('Pod').addIndex(CONTROLLER_UID_INDEX, controllerUidKeys);
    this.sets = ctx.informers.get('StatefulSet');
    this.claims = ctx.informers.get('PersistentVolumeClaim');
    this.history = new ControllerHistory(ctx.informers.get('ControllerRevision'));
    this.sets.on((e) => this.queue.add(keyOf(e.object), e.seq));
    this.pods.on((e) => this.onPod(e));
  }

  private onPod(e: InformerEvent): void {
    const pod = e.object;
    const ref = controllerOf(pod);
    if (e.type === 'DELETED' || (e.type === 'ADDED' && pod.metadata.deletionTimestamp !== undefined)) {
      const set = this.resolve(pod.metadata.namespace, ref);
      if (set !== undefined) this.queue.add(keyOf(set), e.seq);
      return;
    }
    const old = e.old;
    if (old !== undefined && old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
    const oldRef = old === undefined ? undefined : controllerOf(old);
    const refChanged = !jsonEqual(oldRef, ref);
    if (refChanged && oldRef !== undefined) {
      const oldSet = this.resolve(pod.metadata.namespace, oldRef);
      if (oldSet !== undefined) this.queue.add(keyOf(oldSet), e.seq);
    }
    if (ref !== undefined) {
      const set = this.resolve(pod.metadata.namespace, ref);
      if (set === undefined) return;
      this.queue.add(keyOf(set), e.seq);
      // Ready now, available minReadySeconds later: look again then, plus a second against skew.
      const minReady = set.spec?.minReadySeconds ?? 0;
      if (old !== undefined && !isPodReady(old) && isPodReady(pod) && minReady > 0) this.queue.addAfter(keyOf(set), minReady * 1000 + 1000, e.seq);
      return;
    }
    // An orphan: every set whose selector matches may adopt it.
    if (old === undefined || refChanged || !jsonEqual(old.metadata.labels, pod.metadata.labels)) {
      for (const set of this.sets.list(pod.metadata.namespace)) {
        const sel = fromLabelSelector(set.spec?.selector);
        if (sel !== null && sel.length > 0 && matches(sel, pod.metadata.labels)) this.queue.add(keyOf(set), e.seq);
      }
    }
  }

  private resolve(namespace: string | undefined, ref: OwnerReference | undefined): Readonly<KObject> | undefined {
    if (ref === undefined || ref.kind !== 'StatefulSet') return undefined;
    const set = this.sets.get(namespace, ref.name);
    return set !== undefined && set.metadata.uid === ref.uid ? set : undefined;
  }

  sync(key: string, cause: number | null): void {
    const i = key.indexOf('/');
    const namespace = key.slice(0, i);
    const set = this.sets.get(namespace, key.slice(i + 1));
    if (set === undefined) return;
    const selector = fromLabelSelector(set.spec?.selector);
    if (selector === null) return; // not transient: not retried
    const client = this.ctx.client.withCause(cause);
    const uid = set.metadata.uid ?? '';
    // RecheckDeletionTimestamp: adopt only for the live set we cached, not being deleted.
    const canAdopt = (): boolean => {
      const live = client.api.tryGet('StatefulSet', namespace, set.metadata.name ?? '');
      return live !== undefined && live.metadata.uid === uid && live.metadata.deletionTimestamp === undefined;
    };
    const orphans = this.history.list(set, selector).filter((r) => controllerOf(r) === undefined);
    if (orphans.length > 0 && canAdopt()) for (const r of orphans) this.history.adopt(client, set, r);
    const candidates = [...this.pods.byIndex(CONTROLLER_UID_INDEX, uid), ...this.pods.byIndex(CONTROLLER_UID_INDEX, '').filter((p) => p.metadata.namespace === namespace)];
    const pods = claim(client, set, selector, candidates, canAdopt, [], (p) => isMemberOf(set, p));
    const control = new StatefulPodControl(client, this.claims, this.events);
    const status = updateStatefulSet(client, this.history, control, set, selector, pods);
    // One more sync for the clock skew: pods Ready but not yet available after minReadySeconds.
    const minReady = set.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && status.availableReplicas !== (set.spec?.replicas ?? 1)) this.queue.addAfter(key, minReady * 1000, cause);
  }
}

function keyOf(obj: Readonly<KObject>): string {
  return objectKey(obj.metadata.namespace, obj.metadata.name ?? '');
}
