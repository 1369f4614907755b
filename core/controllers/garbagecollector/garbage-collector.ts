import { kindInfo } from '../../api/kinds.js';
import { ApiError } from '../../api/status.js';
import type { KObject, OwnerReference } from '../../api/types.js';
import type { Informer, InformerEvent } from '../../client/informer.js';
import type { WorkQueue } from '../../client/work-queue.js';
import { queueFor, type ControllerContext } from '../controller.js';
import { Dependents } from './dependents.js';

/** The kinds the collector watches for owner references (every kind that has dependents or owners here). */
export const GC_KINDS = ['Deployment', 'ReplicaSet', 'DaemonSet', 'ControllerRevision', 'Pod', 'Service', 'EndpointSlice', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Node', 'Lease', 'Job', 'CronJob', 'StatefulSet', 'PersistentVolumeClaim'] as const;

/** Shared empty lists for objects without owners or finalizers (a Lease, a Node; most pods have no finalizers): nothing made per event. */
const NO_REFS: readonly OwnerReference[] = Object.freeze([]);
const NO_FINALIZERS: readonly string[] = Object.freeze([]);

/**
 * The garbage collector: a graph of owner references over every watched object.
 * - Background: once an owner is gone, each dependent whose owners are all gone is deleted.
 * - Foreground: an owner marked with the foregroundDeletion finalizer has its dependents
 *   deleted first; when no blocking dependent is left, the finalizer comes off and the
 *   API server removes it.
 * - Orphan: an owner with the orphan finalizer has its references cut from every
 *   dependent, then the finalizer comes off; the dependents live on.
 */
export class GarbageCollector {
  readonly queue: WorkQueue;
  private readonly informers = new Map<string, Informer>();
  /** owner uid -> dependents' keys (kind|namespace|name), in (re)insertion order */
  private readonly dependents = new Dependents();
  /** uid -> key, of every object that exists */
  private readonly alive = new Map<string, string>();
  /**
   * uids of the objects that exist with a deletionTimestamp, as this collector last saw
   * them: whether a dependent's owner is being deleted, without looking the owner up.
   * Equal to reading the owner's informer, since every change to that cache reaches
   * onEvent before any other informer delivers anything: Informer.apply runs its
   * handlers synchronously, and the watch hub delivers each write in a scheduler task of
   * its own, never inside another informer's handler. A change that delivered a write
   * inline, during a handler, would let this set lag the owner's cache for that dispatch
   * (gc-kept-state.test.ts compares the two only between tasks).
   */
  private readonly deleting = new Set<string>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = queueFor(ctx, 'garbage-collector', (key, cause) => this.process(key, cause));
    for (const kind of GC_KINDS) {
      const inf = ctx.informers.get(kind).on((e) => this.onEvent(e));
      this.informers.set(kind, inf);
    }
  }

  private keyOf(obj: Readonly<KObject>): string {
    return `${obj.kind}|${obj.metadata.namespace ?? ''}|${obj.metadata.name ?? ''}`;
  }

  /**
   * Every change of every watched kind comes here (a pod's every status write), so it
   * makes nothing it does not keep: an object's key is built once per uid (a uid's kind,
   * namespace and name never change), and an owner being deleted is known by its uid.
   */
  private onEvent(e: InformerEvent): void {
    const obj = e.object;
    const uid = obj.metadata.uid ?? '';
    const known = this.alive.get(uid);
    const key = known ?? this.keyOf(obj);
    const oldRefs = e.old?.metadata.ownerReferences ?? NO_REFS;
    const own = obj.metadata.ownerReferences ?? NO_REFS;
    const refs = e.type === 'DELETED' ? NO_REFS : own;
    // Out of the sets of owners it no longer names (an owner it still names: below, the
    // key moves to the end in place, as the old delete-then-add did).
    // (Indexed loops: the stored lists are frozen, and for-of over a frozen array made an
    // iterator result per step, 34 MB of the 10,000-pod run's allocation here.)
    for (let i = 0; i < oldRefs.length; i++) {
      const r = oldRefs[i] as OwnerReference;
      if (!names(refs, r.uid)) this.dependents.delete(r.uid, key);
    }
    // A foreground owner waits for its dependents: each change to one (its going above all) is a reason to look again.
    for (let i = 0; i < own.length; i++) {
      const r = own[i] as OwnerReference;
      // (An object named as its own owner is read as its informer has it now: this change.)
      const ownerDeleting = r.uid === uid ? e.type !== 'DELETED' && this.alive.has(uid) && obj.metadata.deletionTimestamp !== undefined : this.deleting.has(r.uid);
      if (ownerDeleting) this.queue.add(this.alive.get(r.uid) as string, e.seq);
    }
    if (e.type === 'DELETED') {
      for (let i = 0; i < own.length; i++) this.dependents.delete((own[i] as OwnerReference).uid, key);
      this.alive.delete(uid);
      this.deleting.delete(uid);
      // Its dependents may now be orphans of a vanished owner.
      for (const dep of this.dependents.of(uid)) this.queue.add(dep, e.seq);
      return;
    }
    if (known === undefined) this.alive.set(uid, key);
    if (obj.metadata.deletionTimestamp !== undefined) this.deleting.add(uid);
    else this.deleting.delete(uid);
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i] as OwnerReference;
      // Named before too: taken out and put back at the end; new: added (a Set's add, so a
      // key already there, from a relist without its old version, keeps its place).
      if (names(oldRefs, r.uid)) this.dependents.moveToEnd(r.uid, key);
      else this.dependents.add(r.uid, key);
      // A dependent created pointing at an owner that is already gone.
      if (!this.alive.has(r.uid)) this.queue.add(key, e.seq);
    }
    const fin: readonly string[] = obj.metadata.finalizers ?? NO_FINALIZERS;
    if (obj.metadata.deletionTimestamp !== undefined && (fin.includes('foregroundDeletion') || fin.includes('orphan'))) this.queue.add(key, e.seq);
  }

  private get(key: string): Readonly<KObject> | undefined {
    const [kind, ns, name] = key.split('|') as [string, string, string];
    return this.informers.get(kind)?.get(ns === '' ? null : ns, name);
  }

  process(key: string, cause: number | null): void {
    const obj = this.get(key);
    if (obj === undefined) {
      // Gone: its dependents were queued when it went, and owners waiting on it were woken.
      return;
    }
    const client = this.ctx.client.withCause(cause);
    const fin = obj.metadata.finalizers ?? [];
    if (obj.metadata.deletionTimestamp !== undefined && fin.includes('orphan')) return this.orphanDependents(obj, client);
    if (obj.metadata.deletionTimestamp !== undefined && fin.includes('foregroundDeletion')) return this.foreground(obj, client);
    this.attemptToDelete(obj, client);
  }

  /** attemptToDeleteItem: owners all gone -> delete; some gone -> drop those references. */
  private attemptToDelete(obj: Readonly<KObject>, client: ControllerContext['client']): void {
    const refs = obj.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const dangling: OwnerReference[] = [];
    const waitingForeground: OwnerReference[] = [];
    for (const r of refs) {
      const live = this.liveOwner(r, obj.metadata.namespace);
      if (live === undefined) dangling.push(r);
      else if (live.metadata.deletionTimestamp !== undefined && (live.metadata.finalizers ?? []).includes('foregroundDeletion')) waitingForeground.push(r);
    }
    const ns = obj.metadata.namespace;
    const name = obj.metadata.name ?? '';
    if (dangling.length === 0 && waitingForeground.length === 0) return;
    if (dangling.length + waitingForeground.length === refs.length) {
      if (obj.metadata.deletionTimestamp !== undefined) return;
      const owner = refs[0] as OwnerReference;
      // Dependents of a foreground deletion are deleted in the foreground too when they block it.
      const policy = waitingForeground.length > 0 && refs.some((r) => r.blockOwnerDeletion) ? 'Foreground' : 'Background';
      try {
        client.delete(obj.kind, ns, name, { propagationPolicy: policy, preconditions: { uid: obj.metadata.uid ?? '' } }, {
          reason: 'GarbageCollected',
          message: `${obj.kind} ${name}: its owner ${owner.kind} ${owner.name} is ${dangling.length > 0 ? 'gone' : 'being deleted in the foreground'}`,
        });
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
      }
      return;
    }
    if (dangling.length > 0) {
      const keep = refs.filter((r) => !dangling.includes(r));
      this.patchRefs(obj, keep, client, `removed references to vanished owners ${dangling.map((r) => `${r.kind} ${r.name}`).join(', ')}`);
    }
  }

  private liveOwner(r: OwnerReference, namespace: string | undefined): Readonly<KObject> | undefined {
    const ns = kindInfo(r.kind)?.namespaced === false ? null : namespace;
    const owner = this.informers.get(r.kind)?.get(ns, r.name) ?? this.ctx.client.api.tryGet(r.kind, ns, r.name);
    return owner !== undefined && owner.metadata.uid === r.uid ? owner : undefined;
  }

  private foreground(owner: Readonly<KObject>, client: ControllerContext['client']): void {
    const deps = this.dependents.of(owner.metadata.uid ?? '').map((k) => this.get(k)).filter((d): d is Readonly<KObject> => d !== undefined);
    const blocking = deps.filter((d) => (d.metadata.ownerReferences ?? []).some((r) => r.uid === owner.metadata.uid && r.blockOwnerDeletion === true));
    for (const d of deps) {
      if (d.metadata.deletionTimestamp !== undefined) continue;
      try {
        client.delete(d.kind, d.metadata.namespace, d.metadata.name ?? '', { propagationPolicy: 'Foreground', preconditions: { uid: d.metadata.uid ?? '' } }, {
          reason: 'GarbageCollected',
          message: `${d.kind} ${d.metadata.name}: its owner ${owner.kind} ${owner.metadata.name} is being deleted in the foreground`,
        });
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
      }
    }
    if (blocking.length > 0) return;
    this.removeFinalizer(owner, 'foregroundDeletion', client, `every dependent of ${owner.kind} ${owner.metadata.name} is gone: foreground deletion completes`);
  }

  private orphanDependents(owner: Readonly<KObject>, client: ControllerContext['client']): void {
    const uid = owner.metadata.uid ?? '';
    for (const k of this.dependents.of(uid)) {
      const d = this.get(k);
      if (d === undefined) continue;
      const keep = (d.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      this.patchRefs(d, keep, client, `orphaned from ${owner.kind} ${owner.metadata.name} (deleted with --cascade=orphan)`);
    }
    this.removeFinalizer(owner, 'orphan', client, `dependents of ${owner.kind} ${owner.metadata.name} orphaned: deletion completes`);
  }

  private patchRefs(obj: Readonly<KObject>, refs: OwnerReference[], client: ControllerContext['client'], message: string): void {
    try {
      client.patch(obj.kind, obj.metadata.namespace, obj.metadata.name ?? '', { metadata: { ownerReferences: refs.length > 0 ? refs : null, uid: obj.metadata.uid } }, 'merge', { reason: 'OwnerReferencesUpdated', message });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }

  private removeFinalizer(obj: Readonly<KObject>, finalizer: string, client: ControllerContext['client'], message: string): void {
    const finalizers = (obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    try {
      client.patch(obj.kind, obj.metadata.namespace, obj.metadata.name ?? '', { metadata: { finalizers: finalizers.length > 0 ? finalizers : null, uid: obj.metadata.uid } }, 'merge', { reason: 'FinalizerRemoved', message });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }
}

/** Whether `refs` names the owner `uid` (a list of one or two: a loop, no closure). */
function names(refs: readonly OwnerReference[], uid: string): boolean {
  for (let i = 0; i < refs.length; i++) if ((refs[i] as OwnerReference).uid === uid) return true;
  return false;
}
