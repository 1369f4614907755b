import { jsonEqual } from '../../api/equal.js';
import { fromLabelSelector, matches } from '../../api/labels.js';
import type { ApiError } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import { EventRecorder } from '../../client/event-recorder.js';
import type { Informer, InformerEvent } from '../../client/informer.js';
import type { WorkQueue } from '../../client/work-queue.js';
import { controllerOf } from '../controller-ref.js';
import { queueFor, type ControllerContext } from '../controller.js';
import { Expectations } from '../expectations.js';
import { isPodReady } from '../pod-util.js';
import { CONTROLLER_UID_INDEX, keyOf, splitKey } from '../replicaset/replica-set-controller.js';
import { controllerUidKeys } from '../replicaset/keys.js';
import type { DaemonSetControllerState } from './context.js';
import { FailedPodsBackoff } from './failed-pods-backoff.js';
import { newPod, shouldRunOn } from './node-should-run.js';
import { syncDaemonSet } from './sync.js';

/**
 * The DaemonSet controller (pkg/controller/daemon): one pod per eligible node, made from
 * the template, pinned to its node by node affinity and placed by the default scheduler;
 * rolling updates node by node; a ControllerRevision per template for history and
 * rollback. Watch handlers only enqueue the DaemonSets concerned and count expectations;
 * the sync reads the informer caches.
 */
export class DaemonSetController implements DaemonSetControllerState {
  readonly queue: WorkQueue;
  readonly expectations: Expectations;
  readonly failedPodsBackoff: FailedPodsBackoff;
  readonly events = new EventRecorder('daemonset-controller');
  readonly daemonSets: Informer;
  readonly pods: Informer;
  readonly nodes: Informer;
  readonly revisions: Informer;

  constructor(readonly ctx: ControllerContext) {
    const now = (): number => ctx.scheduler.now();
    this.expectations = new Expectations(now);
    this.failedPodsBackoff = new FailedPodsBackoff(now);
    this.queue = queueFor(ctx, 'daemonset-controller', (key, cause) => this.sync(key, cause));
    this.daemonSets = ctx.informers.get('DaemonSet').on((e) => this.onDaemonSet(e));
    this.revisions = ctx.informers.get('ControllerRevision').addIndex(CONTROLLER_UID_INDEX, controllerUidKeys).on((e) => this.onRevision(e));
    this.pods = ctx.informers.get('Pod').addIndex(CONTROLLER_UID_INDEX, controllerUidKeys).on((e) => this.onPod(e));
    this.nodes = ctx.informers.get('Node').on((e) => this.onNode(e));
  }

  requeueAfter(key: string, delayMs: number, cause: number | null): void {
    this.queue.addAfter(key, delayMs, cause);
  }

  private enqueue(ds: Readonly<KObject>, cause: number): void {
    this.queue.add(keyOf(ds), cause);
  }

  private onDaemonSet(e: InformerEvent): void {
    // A DaemonSet deleted (or re-created under the same name) starts clean.
    if (e.type === 'DELETED' || (e.old !== undefined && e.old.metadata.uid !== e.object.metadata.uid)) this.expectations.delete(keyOf(e.object));
    this.enqueue(e.object, e.seq);
  }

  /** resolveControllerRef: the cached DaemonSet a controller reference names, if it is that one. */
  private owner(obj: Readonly<KObject>): Readonly<KObject> | undefined {
    const ref = controllerOf(obj);
    if (ref === undefined || ref.kind !== 'DaemonSet') return undefined;
    const ds = this.daemonSets.get(obj.metadata.namespace, ref.name);
    return ds !== undefined && ds.metadata.uid === ref.uid ? ds : undefined;
  }

  /** Orphans: every DaemonSet of the namespace whose selector matches may adopt them. */
  private selecting(obj: Readonly<KObject>): Array<Readonly<KObject>> {
    return this.daemonSets.list(obj.metadata.namespace).filter((ds) => {
      const sel = fromLabelSelector(ds.spec?.selector);
      return sel !== null && sel.length > 0 && matches(sel, obj.metadata.labels);
    });
  }

  private onPod(e: InformerEvent): void {
    const pod = e.object;
    const podKey = keyOf(pod);
    if (e.type === 'DELETED' || pod.metadata.deletionTimestamp !== undefined) {
      // deletePod: a pod going away (or starting to) is what a deleting sync waits for.
      const ds = this.owner(pod);
      if (ds === undefined) return;
      this.expectations.deletionObserved(keyOf(ds), podKey);
      return this.enqueue(ds, e.seq);
    }
    const oldRef = e.old === undefined ? undefined : controllerOf(e.old);
    const curRef = controllerOf(pod);
    if (e.old !== undefined && oldRef !== undefined && !jsonEqual(oldRef, curRef)) {
      const oldDs = this.owner(e.old);
      if (oldDs !== undefined) this.enqueue(oldDs, e.seq);
    }
    if (curRef !== undefined) {
      const ds = this.owner(pod);
      if (ds === undefined) return;
      if (e.type === 'ADDED') this.expectations.creationObserved(keyOf(ds));
      this.enqueue(ds, e.seq);
      // Ready now, available minReadySeconds later: look again then, plus a second against skew.
      const minReady = ds.spec?.minReadySeconds ?? 0;
      if (e.old !== undefined && minReady > 0 && !isPodReady(e.old) && isPodReady(pod)) this.queue.addAfter(keyOf(ds), minReady * 1000 + 1000, e.seq);
      return;
    }
    const relabeled = e.old === undefined || !jsonEqual(e.old.metadata.labels, pod.metadata.labels) || oldRef !== undefined;
    if (relabeled) for (const ds of this.selecting(pod)) this.enqueue(ds, e.seq);
  }

  private onRevision(e: InformerEvent): void {
    const h = e.object;
    if (e.type === 'DELETED' || h.metadata.deletionTimestamp !== undefined) {
      const ds = this.owner(h);
      if (ds !== undefined) this.enqueue(ds, e.seq);
      return;
    }
    if (e.type === 'ADDED') {
      // An owned revision needs nothing; an orphan may be adopted.
      if (controllerOf(h) === undefined) for (const ds of this.selecting(h)) this.enqueue(ds, e.seq);
      return;
    }
    const oldRef = e.old === undefined ? undefined : controllerOf(e.old);
    const curRef = controllerOf(h);
    const refChanged = !jsonEqual(oldRef, curRef);
    if (refChanged && e.old !== undefined && oldRef !== undefined) {
      const oldDs = this.owner(e.old);
      if (oldDs !== undefined) this.enqueue(oldDs, e.seq);
    }
    if (curRef !== undefined) {
      const ds = this.owner(h);
      if (ds !== undefined) this.enqueue(ds, e.seq);
      return;
    }
    if (refChanged || !jsonEqual(e.old?.metadata.labels, h.metadata.labels)) for (const ds of this.selecting(h)) this.enqueue(ds, e.seq);
  }

  /**
   * addNode / updateNode: a new node is looked at by every DaemonSet that should run on
   * it; a changed one only when its labels or taints changed and that changes whether a
   * DaemonSet runs or keeps running there. A deleted node is no event here: its pods go
   * through PodGC, and their deletion brings the DaemonSet back.
   */
  private onNode(e: InformerEvent): void {
    if (e.type === 'DELETED') return;
    const node = e.object;
    if (e.type === 'ADDED' || e.old === undefined) {
      for (const ds of this.daemonSets.list()) if (shouldRunOn(node, newPod(ds)).shouldRun) this.enqueue(ds, e.seq);
      return;
    }
    const old = e.old;
    if (jsonEqual(old.metadata.labels, node.metadata.labels) && jsonEqual(old.spec?.taints, node.spec?.taints)) return;
    for (const ds of this.daemonSets.list()) {
      const proto = newPod(ds);
      const before = shouldRunOn(old, proto);
      const after = shouldRunOn(node, proto);
      if (before.shouldRun !== after.shouldRun || before.shouldContinueRunning !== after.shouldContinueRunning) this.enqueue(ds, e.seq);
    }
  }

  sync(key: string, cause: number | null): void {
    const [namespace, name] = splitKey(key);
    const ds = this.daemonSets.get(namespace, name);
    if (ds === undefined) {
      this.expectations.delete(key);
      return;
    }
    const err: ApiError | undefined = syncDaemonSet(this, this.ctx.client.withCause(cause), cause, key, ds, [...this.nodes.values()]);
    if (err !== undefined) throw err;
  }
}
