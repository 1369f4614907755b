import { Subject, type Observable } from 'rxjs';
import type { Rng } from '../sim/rng.js';
import { epochNanosOfDay, toLogTimestamp, toTimestamp, virtualOf, type ClusterClock, type EpochMs } from '../sim/time.js';
import type { VirtualScheduler } from '../sim/virtual-scheduler.js';
import { checkDecodable } from './decode-shape.js';
import { applyDefaults } from './defaults.js';
import { jsonEqual } from './equal.js';
import { matchesFields, nodeNameOf, parseFieldSelector } from './field-selector.js';
import { apiVersionOf, kindInfo, resolveKind, type KindInfo } from './kinds.js';
import { fromLabelSelector, matches, parseSelector, type Selector } from './labels.js';
import { orderMeta } from './meta-order.js';
import { generateName, newUid } from './names.js';
import { FieldManager } from './managed-fields/field-manager.js';
import { cloneSharingEntries, patchBase, restoreEntries } from './managed-fields/share-entries.js';
import { shareValues } from './share-values.js';
import { compactParts } from './compact-object.js';
import { deepFreeze, ObjectStore, objectKey, StoredObject, type Stored } from './object-store.js';
export type { Stored } from './object-store.js';
import { applyPatch, clone, type PatchType } from './patch.js';
import { planDeletion, type DeleteOptions } from './deletion.js';
import { IMMORTAL_NAMESPACES, immortalForbidden, planNamespaceDeletion, specFinalizers, terminatingForbidden } from './namespace-strategy.js';
import {
  alreadyExists,
  badRequest,
  conflict,
  invalid,
  methodNotSupported,
  notFound,
  resourceNotFound,
  tooManyRequests,
  internalError,
} from './status.js';
import { ServiceAddresses } from './service-addresses.js';
import { podStatusBody } from './status-body.js';
import { prepareForCreate, prepareForUpdate } from './strategy.js';
import { admitStorageCreate } from './admission-storage.js';
import { boundPod, rescaled, scaleOf, type Scale } from './subresources.js';
import type { KObject, RequestContext, Subresource, Verb, WatchEvent, WatchEventType, WriteEvent } from './types.js';
import { validate } from './validation.js';
import { translate, WatchHub, type Change } from './watch-hub.js';
import { Transactor } from './write-transaction.js';
import { nestsDeeperThan, tooDeepMessage } from './depth.js';
import { admissionForbidden, admitCreate, admitUpdate, validateAdmission, type AdmissionLookup } from './admission/admission.js';
import { chargeQuota } from './admission/resource-quota.js';
import { isSystemPriorityClass } from './priority-classes.js';

export type { DeleteOptions } from './deletion.js';
export type { Scale } from './subresources.js';

export interface ApiServerOptions {
  scheduler: VirtualScheduler;
  /** The API server's own random stream: uids and generateName suffixes. */
  rng: Rng;
  /** The calendar time virtual 0 stands for (timestamps in objects): from parseEpoch. */
  epochMs: EpochMs;
  /** Virtual delay between a write and its watch events. */
  watchLatencyMs?: number;
  /** Changes kept for resuming watches; older resourceVersions get 410 Gone. */
  watchHistory?: number;
  /**
   * The ServiceAccount admission plugin's own stream (kube-api-access-<5> volume names),
   * so that its draws do not shift the uids and generated names of `rng`. Unset: `rng`.
   */
  admissionRng?: Rng;
  /**
   * The uids of core/v1 Endpoints (one per Service, written by the endpoint-controller
   * since round 12): a stream of their own, so that adding them did not shift every
   * later uid and generated pod name of `rng`, and with them the shipped scenarios'
   * scheduling and traffic. Unset: `rng`.
   */
  endpointsRng?: Rng;
}

export interface ListOptions {
  namespace?: string | null;
  labelSelector?: string | Selector;
  fieldSelector?: string;
}

export interface WatchOptions extends ListOptions {
  /** Unset or "0": synthetic ADDED for what exists, then changes. "N": changes after N. */
  resourceVersion?: string;
  /**
   * A client outside the simulation (an HTTP watch): what it has queued may also be
   * delivered by deliverOutsideWatches(), ahead of the virtual watch latency.
   */
  outside?: boolean;
}

export interface ListResult {
  items: Array<Readonly<KObject>>;
  resourceVersion: string;
}

/**
 * The simulated kube-apiserver: one object store with a cluster-wide resourceVersion,
 * defaulting, validation, optimistic concurrency, subresources, graceful deletion and
 * finalizers, and watches. Every accepted write goes out on `writes$`, once, in order.
 */
export class ApiServer implements ClusterClock {
  readonly writes$ = new Subject<WriteEvent>();
  private readonly store = new ObjectStore();
  private readonly hub: WatchHub;
  private readonly serviceAddresses = new ServiceAddresses();
  private readonly fields = new FieldManager(() => this.timestamp());
  private rv = 0;
  private seq = 0;
  /** Every public write runs in one: all of a request's writes are acknowledged, or none. */
  private readonly tx: Transactor<{ event: WriteEvent; change: Change }>;
  /** What the admission plugins read: the store itself, as upstream's plugins read their informers. */
  private readonly admission: AdmissionLookup;

  constructor(private readonly opts: ApiServerOptions) {
    this.hub = new WatchHub(opts.scheduler, opts.watchLatencyMs ?? 0, opts.watchHistory ?? 10_000);
    this.tx = new Transactor(
      () => {
        const { rv, seq } = this;
        const rng = opts.rng.snapshot();
        const admissionRng = opts.admissionRng?.snapshot();
        const endpointsRng = opts.endpointsRng?.snapshot();
        const addresses = this.serviceAddresses.snapshot();
        return () => {
          this.rv = rv;
          this.seq = seq;
          opts.rng.restore(rng);
          if (admissionRng !== undefined) opts.admissionRng?.restore(admissionRng);
          if (endpointsRng !== undefined) opts.endpointsRng?.restore(endpointsRng);
          this.serviceAddresses.restore(addresses);
        };
      },
      (writes) => {
        for (const w of writes) this.writes$.next(w.event);
        for (const w of writes) this.hub.publish(w.change);
      },
    );
    const admissionRng = opts.admissionRng ?? opts.rng;
    this.admission = {
      serviceAccount: (namespace, name) => this.store.get('ServiceAccount', objectKey(namespace, name))?.obj,
      generateName: (prefix) => generateName(prefix, admissionRng),
      priorityClass: (name) => this.store.get('PriorityClass', objectKey(null, name))?.obj,
      priorityClasses: () => this.store.list('PriorityClass', null).map((s) => s.obj),
      limitRanges: (namespace) => this.store.list('LimitRange', namespace).map((s) => s.obj),
    };
  }

  get resourceVersion(): number {
    return this.rv;
  }

  get lastSeq(): number {
    return this.seq;
  }

  now(): number {
    return this.opts.scheduler.now();
  }

  /**
   * Nanoseconds of the epoch, for names that upstream derives from UnixNano. Kept
   * below 2^53 by counting from the start of the epoch's day: 86 400 s * 1e9 fits.
   */
  epochNanosOffset(): number {
    return epochNanosOfDay(this.opts.epochMs);
  }

  /** An RFC 3339 timestamp (second precision, like metav1.Time) for virtual time `ms`. */
  timestamp(ms = this.now()): string {
    return toTimestamp(ms, this.opts.epochMs);
  }

  /** A container log line's timestamp (nanosecond RFC 3339, as `kubectl logs --timestamps` prints it). */
  logTimestamp(ms: number): string {
    return toLogTimestamp(ms, this.opts.epochMs);
  }

  /** The virtual time an object's timestamp stands for (NaN when absent): see core/sim/time.ts. */
  virtualOf(timestamp: unknown): number {
    return virtualOf(timestamp, this.opts.epochMs);
  }

  // ---- reads ---------------------------------------------------------------

  get(kind: string, namespace: string | null | undefined, name: string): Readonly<KObject> {
    const info = this.info(kind);
    const s = this.store.get(info.kind, objectKey(info.namespaced ? (namespace ?? 'default') : null, name));
    if (s === undefined) throw notFound(info, name);
    return s.obj;
  }

  tryGet(kind: string, namespace: string | null | undefined, name: string): Readonly<KObject> | undefined {
    const info = this.info(kind);
    return this.store.get(info.kind, objectKey(info.namespaced ? (namespace ?? 'default') : null, name))?.obj;
  }

  list(kind: string, options: ListOptions = {}): ListResult {
    const { entries, resourceVersion } = this.listStored(kind, options);
    return { items: entries.map((s) => s.obj), resourceVersion };
  }

  /** A list with each object's JSON as stored: the REST layer writes it out without serializing again. */
  listStored(kind: string, options: ListOptions = {}): { entries: Stored[]; resourceVersion: string } {
    const info = this.info(kind);
    const accept = this.filterFor(info, options);
    const entries: Stored[] = [];
    for (const s of this.store.list(info.kind, info.namespaced ? options.namespace : null)) {
      if (accept === undefined || accept(s.obj)) entries.push(s);
    }
    return { entries, resourceVersion: String(this.rv) };
  }

  /**
   * A number that changes whenever an object of `kind` is written: while it stays the
   * same, so do the kind's objects (the REST layer's LIST cache keys on it).
   */
  listVersion(kind: string): number {
    return this.store.version(this.info(kind).kind);
  }

  /** One object with its stored JSON. */
  getStored(kind: string, namespace: string | null | undefined, name: string): Stored {
    return this.storedOf(this.info(kind), namespace, name);
  }

  /** The virtual clock requests and watches run on. */
  get scheduler(): VirtualScheduler {
    return this.opts.scheduler;
  }

  count(kind: string): number {
    return this.store.count(this.info(kind).kind);
  }

  watch(kind: string, options: WatchOptions = {}): Observable<WatchEvent> {
    const info = this.info(kind);
    const accept = this.filterFor(info, options);
    const nodeName = nodeNameOf(info.kind, options.fieldSelector);
    const filter = { namespace: info.namespaced ? options.namespace : null, ...(accept ? { accept } : {}), ...(nodeName !== undefined ? { nodeName } : {}) };
    const rvText = options.resourceVersion;
    if (rvText !== undefined && rvText !== '' && !/^\d+$/.test(rvText)) {
      throw badRequest(`invalid resource version "${rvText}"`);
    }
    return this.hub.watch(info.kind, filter, () => {
      if (rvText === undefined || rvText === '' || rvText === '0') {
        return this.store
          .list(info.kind, filter.namespace)
          .filter((s) => accept === undefined || accept(s.obj))
          .map((s) => ({ type: 'ADDED' as const, object: s.obj, seq: s.seq }));
      }
      const out: WatchEvent[] = [];
      for (const change of this.hub.since(info.kind, Number(rvText), this.rv)) {
        const e = translate(change, filter);
        if (e !== undefined) out.push(e);
      }
      return out;
    }, options.outside === true);
  }

  /**
   * Delivers now what the outside watchers (WatchOptions.outside) have queued, also in the
   * middle of a task; in-simulation watchers wait for their virtual flush as always.
   */
  deliverOutsideWatches(): void {
    this.hub.deliverOutside();
  }

  /** Whether an outside watcher has events queued that deliverOutsideWatches() would hand over. */
  get outsideWatchesPending(): boolean {
    return this.hub.outsidePending;
  }

  get watcherCount(): number {
    return this.hub.watcherCount;
  }

  // ---- writes --------------------------------------------------------------

  create(input: KObject, ctx: RequestContext, requestNamespace?: string): Readonly<KObject> {
    return this.tx.run(() => this.createObject(input, ctx, requestNamespace));
  }

  private createObject(input: KObject, ctx: RequestContext, requestNamespace?: string): Readonly<KObject> {
    const info = this.infoOf(input);
    const obj = clone(input);
    checkDecodable(obj, info);
    if (obj.metadata === undefined || obj.metadata === null || typeof obj.metadata !== 'object') obj.metadata = {};
    const meta = obj.metadata;
    // The name admission errors show: generateName's prefix until the store picks one.
    const requested = meta.name || meta.generateName || 'Unknown';
    if (info.namespaced) {
      if (requestNamespace !== undefined && meta.namespace !== undefined && meta.namespace !== requestNamespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      meta.namespace = meta.namespace ?? requestNamespace ?? 'default';
      this.admitNamespace(meta.namespace, info, requested);
    } else {
      delete meta.namespace;
    }
    for (const f of ['uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation']) {
      delete meta[f];
    }
    if ((meta.name === undefined || meta.name === '') && typeof meta.generateName === 'string' && meta.generateName !== '') {
      // A collision with an existing name is retried, like the 5 random characters upstream draws again.
      do meta.name = generateName(meta.generateName, this.opts.rng);
      while (this.store.get(info.kind, objectKey(meta.namespace, meta.name)) !== undefined);
    }
    applyDefaults(obj);
    this.fields.created(info, obj, ctx, input);
    admitStorageCreate(obj, () => this.store.list('StorageClass', null).map((s) => s.obj));
    // Mutating admission follows the field manager: what it adds belongs to no manager.
    admitCreate(obj, info, info.namespaced ? (meta.namespace ?? 'default') : null, requested, this.admission);
    // FillObjectMetaSystemFields runs before the strategy upstream: a Job's generated
    // selector is made of its uid. (A refused create rolls the draw back with the rest.)
    meta.uid = newUid(info.kind === 'Endpoints' ? (this.opts.endpointsRng ?? this.opts.rng) : this.opts.rng);
    prepareForCreate(obj, info, this.timestamp());
    const taken = info.kind === 'Service' ? this.serviceAddresses.allocate(obj) : undefined;
    if (taken !== undefined) throw invalid(info, meta.name ?? '', [taken]);
    const causes = validate(obj);
    if (causes.length > 0) throw invalid(info, meta.name ?? '', causes);
    validateAdmission(obj, undefined, info, this.admission);
    const key = objectKey(meta.namespace, meta.name as string);
    if (this.store.get(info.kind, key) !== undefined) throw alreadyExists(info, meta.name as string);
    this.admitQuota(obj, undefined, info, ctx);
    meta.creationTimestamp = this.timestamp();
    obj.metadata = orderMeta(meta);
    if (ctx.dryRun) return deepFreeze(obj);
    return this.commit(info, 'create', null, obj, undefined, ctx);
  }

  /** PUT. A stale metadata.resourceVersion is a 409 Conflict; an empty one updates unconditionally. */
  update(input: KObject, ctx: RequestContext, subresource: 'status' | 'finalize' | null = null, owned = false): Readonly<KObject> {
    return this.tx.run(() => this.updateObject(input, ctx, subresource, owned));
  }

  private updateObject(input: KObject, ctx: RequestContext, subresource: 'status' | 'finalize' | null, owned: boolean): Readonly<KObject> {
    const info = this.infoOf(input);
    if (subresource !== null && !info.subresources.includes(subresource)) throw methodNotSupported(info, `${subresource} update`);
    const name = input.metadata?.name ?? '';
    // NamespaceLifecycle: an update, too, needs its namespace to exist.
    if (info.namespaced) this.namespaceOf(input.metadata?.namespace ?? 'default');
    const key = objectKey(info.namespaced ? (input.metadata?.namespace ?? 'default') : null, name);
    const existing = this.store.get(info.kind, key);
    if (existing === undefined) throw notFound(info, name);
    const old = existing.obj;
    const wantRv = input.metadata.resourceVersion;
    if (wantRv !== undefined && wantRv !== '' && wantRv !== old.metadata.resourceVersion) throw conflict(info, name);
    if (input.metadata.uid !== undefined && input.metadata.uid !== '' && input.metadata.uid !== old.metadata.uid) {
      throw conflict(info, name, `Precondition failed: UID in precondition: ${input.metadata.uid}, UID in object meta: ${old.metadata.uid}`);
    }
    // `owned`: the caller (patch) hands over a fresh copy that nobody else holds.
    checkDecodable(input, info, old);
    let next = owned ? input : subresource === 'status' && info.kind === 'Pod' ? podStatusBody(input) : cloneSharingEntries(input);
    const meta = next.metadata;
    // Fields only the server sets: carried over whatever the client sent.
    meta.namespace = old.metadata.namespace;
    meta.uid = old.metadata.uid;
    meta.creationTimestamp = old.metadata.creationTimestamp;
    meta.resourceVersion = old.metadata.resourceVersion;
    for (const f of ['deletionTimestamp', 'deletionGracePeriodSeconds', 'generation'] as const) {
      if (old.metadata[f] === undefined) delete meta[f];
      else (meta as Record<string, unknown>)[f] = old.metadata[f];
    }
    if (!info.namespaced) delete meta.namespace;
    if (old.metadata.deletionTimestamp !== undefined) {
      // A terminating object may lose finalizers but not gain new ones.
      const added = (meta.finalizers ?? []).filter((f) => !(old.metadata.finalizers ?? []).includes(f));
      if (added.length > 0) {
        throw invalid(info, name, [{ reason: 'FieldValueForbidden', field: 'metadata.finalizers', message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"${added.join('", "')}"}` }]);
      }
    }
    applyDefaults(next);
    if (subresource === null) admitUpdate(next, old, info, this.admission);
    // A /status write gets a new object: the stored one's members with the body's status.
    next = prepareForUpdate(next, old, info, subresource, this.timestamp());
    const causes = validate(next, old);
    if (causes.length > 0) throw invalid(info, name, causes);
    if (subresource === null) {
      validateAdmission(next, old, info, this.admission);
      this.admitQuota(next, old, info, ctx);
    }
    next.metadata = orderMeta(next.metadata);
    this.fields.updated(info, old, next, ctx, subresource);
    if (jsonEqual(next, old)) return old; // a no-op update writes nothing, as upstream
    if (ctx.dryRun) return deepFreeze(next);
    // A namespace also waits for its spec.finalizers (ShouldDeleteNamespaceDuringUpdate).
    const finishing =
      next.metadata.deletionTimestamp !== undefined &&
      (next.metadata.finalizers ?? []).length === 0 &&
      (next.metadata.deletionGracePeriodSeconds ?? 0) === 0 &&
      (info.kind !== 'Namespace' || specFinalizers(next).length === 0);
    // Removing the last finalizer of an object already due for deletion deletes it.
    if (finishing) return this.commit(info, 'delete', subresource, next, existing, ctx);
    return this.commit(info, 'update', subresource, next, existing, ctx);
  }

  updateStatus(input: KObject, ctx: RequestContext): Readonly<KObject> {
    return this.update(input, ctx, 'status');
  }

  /** PUT namespaces/NAME/finalize: only spec.finalizers change; emptied on a terminating namespace, it goes. */
  finalize(input: KObject, ctx: RequestContext): Readonly<KObject> {
    return this.update(input, ctx, 'finalize');
  }

  patch(
    kind: string,
    namespace: string | null | undefined,
    name: string,
    patch: unknown,
    type: PatchType,
    ctx: RequestContext,
    subresource: 'status' | null = null,
  ): Readonly<KObject> {
    return this.tx.run(() => this.patchObject(kind, namespace, name, patch, type, ctx, subresource));
  }

  private patchObject(
    kind: string,
    namespace: string | null | undefined,
    name: string,
    patch: unknown,
    type: PatchType,
    ctx: RequestContext,
    subresource: 'status' | null,
  ): Readonly<KObject> {
    const current = this.get(kind, namespace, name);
    const patched = applyPatch(patchBase(current, patch), patch, type) as KObject;
    if (patched === null || typeof patched !== 'object' || Array.isArray(patched)) {
      throw badRequest('the patch did not produce an object');
    }
    restoreEntries(patched, current, patch);
    patched.metadata ??= {};
    // A patch may carry a resourceVersion as a precondition; otherwise it applies to what is there.
    const patchRv = (patch as { metadata?: { resourceVersion?: unknown } } | null)?.metadata?.resourceVersion;
    if (typeof patchRv !== 'string') patched.metadata.resourceVersion = current.metadata.resourceVersion;
    if (patched.metadata.name !== name) throw badRequest(`the name of the object (${String(patched.metadata.name)}) does not match the name on the URL (${name})`);
    patched.kind = current.kind;
    patched.apiVersion = current.apiVersion;
    // A patch is the one way a body within the limit can still nest deeper: each adds a level.
    if (nestsDeeperThan(patched)) throw badRequest(tooDeepMessage('json'));
    return this.updateObject(patched, ctx, subresource, true);
  }

  /**
   * POST pods/NAME/eviction (pkg/registry/core/pod/storage/eviction.go): a pod already
   * being deleted, or terminal, goes without asking. Otherwise its one matching
   * PodDisruptionBudget must allow a disruption: with disruptionsAllowed 0 the answer is
   * 429; with 1 or more the budget is charged first (disruptionsAllowed - 1, the pod in
   * status.disruptedPods, written in the same request) so that two evictions in a row
   * cannot both spend the last allowance, then the pod is deleted gracefully and recorded
   * with subresource 'eviction'. More than one matching budget is a 500, as upstream.
   */
  evict(namespace: string, name: string, ctx: RequestContext, options: DeleteOptions = {}): Readonly<KObject> {
    return this.tx.run(() => this.evictPod(namespace, name, ctx, options));
  }

  private evictPod(namespace: string, name: string, ctx: RequestContext, options: DeleteOptions): Readonly<KObject> {
    // A POST to a subresource is a create as far as admission goes.
    this.admitNamespace(namespace, this.info('Pod'), name);
    const pod = this.get('Pod', namespace, name);
    const phase = pod.status?.phase;
    if (pod.metadata.deletionTimestamp === undefined && phase !== 'Succeeded' && phase !== 'Failed') {
      const pdbs = this.store.list('PodDisruptionBudget', namespace).map((p) => p.obj).filter((pdb) => {
        const sel = fromLabelSelector(pdb.spec?.selector);
        return sel !== null && matches(sel, pod.metadata.labels);
      });
      if (pdbs.length > 1) throw internalError('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.');
      const pdb = pdbs[0];
      if (pdb !== undefined) {
        const allowed = pdb.status?.disruptionsAllowed ?? 0;
        if ((pdb.status?.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1) || allowed <= 0) {
          throw tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", 10);
        }
        if (!ctx.dryRun) {
          const status = { ...pdb.status, disruptionsAllowed: allowed - 1, disruptedPods: { ...(pdb.status?.disruptedPods ?? {}), [name]: this.timestamp() } };
          this.updateStatus({ ...(pdb as KObject), status }, { ...ctx, reason: 'Eviction', message: `evicting pod ${namespace}/${name}: ${pdb.metadata.name} allows ${allowed - 1} more disruption${allowed - 1 === 1 ? '' : 's'}` });
        }
      }
    }
    return this.delete('Pod', namespace, name, ctx, options, 'eviction');
  }

  delete(
    kind: string,
    namespace: string | null | undefined,
    name: string,
    ctx: RequestContext,
    options: DeleteOptions = {},
    subresource: 'eviction' | null = null,
  ): Readonly<KObject> {
    return this.tx.run(() => this.deleteObject(kind, namespace, name, ctx, options, subresource));
  }

  private deleteObject(
    kind: string,
    namespace: string | null | undefined,
    name: string,
    ctx: RequestContext,
    options: DeleteOptions,
    subresource: 'eviction' | null,
  ): Readonly<KObject> {
    const info = this.info(kind);
    const key = objectKey(info.namespaced ? (namespace ?? 'default') : null, name);
    const existing = this.store.get(info.kind, key);
    if (existing === undefined) throw notFound(info, name);
    const pre = options.preconditions;
    if (pre?.uid !== undefined && pre.uid !== existing.obj.metadata.uid) {
      throw conflict(info, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${existing.obj.metadata.uid}`);
    }
    if (pre?.resourceVersion !== undefined && pre.resourceVersion !== existing.obj.metadata.resourceVersion) {
      throw conflict(info, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${existing.obj.metadata.resourceVersion}`);
    }
    if (info.kind === 'Namespace' && IMMORTAL_NAMESPACES.has(name)) throw immortalForbidden(info, name);
    // The PriorityClass storage keeps the two classes the API server relies on.
    if (info.kind === 'PriorityClass' && isSystemPriorityClass(name)) throw admissionForbidden(info, name, 'this is a system priority class and cannot be deleted');
    const plan =
      info.kind === 'Namespace'
        ? planNamespaceDeletion(existing.obj, options, this.timestamp())
        : planDeletion(existing.obj, options, this.now(), (ms) => this.timestamp(ms));
    if (plan.kind === 'none') return existing.obj;
    if (ctx.dryRun) return deepFreeze(plan.object);
    plan.object.metadata = orderMeta(plan.object.metadata);
    return this.commit(info, plan.kind === 'remove' ? 'delete' : 'update', subresource, plan.object, existing, ctx);
  }

  // ---- subresources ----------------------------------------------------------

  getScale(kind: string, namespace: string | null | undefined, name: string): Scale {
    const info = this.info(kind);
    if (!info.subresources.includes('scale')) throw methodNotSupported(info, 'scale');
    return scaleOf(this.get(kind, namespace, name));
  }

  /** PUT .../scale: only spec.replicas changes; the write is recorded with subresource 'scale'. */
  updateScale(kind: string, namespace: string | null | undefined, name: string, replicas: number, ctx: RequestContext, resourceVersion?: string): Scale {
    return this.tx.run(() => this.updateScaleOf(kind, namespace, name, replicas, ctx, resourceVersion));
  }

  private updateScaleOf(kind: string, namespace: string | null | undefined, name: string, replicas: number, ctx: RequestContext, resourceVersion: string | undefined): Scale {
    const info = this.info(kind);
    if (!info.subresources.includes('scale')) throw methodNotSupported(info, 'scale');
    this.namespaceOf(namespace ?? 'default');
    const existing = this.storedOf(info, namespace, name);
    if (resourceVersion !== undefined && resourceVersion !== '' && resourceVersion !== existing.obj.metadata.resourceVersion) {
      throw conflict(info, name);
    }
    const next = rescaled(info, existing.obj, replicas);
    if (next !== undefined) this.fields.scaled(info, existing.obj, next, ctx);
    if (next !== undefined && !ctx.dryRun) this.commit(info, 'update', 'scale', next, existing, ctx);
    return next !== undefined && ctx.dryRun ? scaleOf(next) : this.getScale(kind, namespace, name);
  }

  /** POST pods/NAME/binding: the scheduler's decision, which also marks PodScheduled. */
  bind(namespace: string, podName: string, nodeName: string, ctx: RequestContext): Readonly<KObject> {
    return this.tx.run(() => this.bindPod(namespace, podName, nodeName, ctx));
  }

  private bindPod(namespace: string, podName: string, nodeName: string, ctx: RequestContext): Readonly<KObject> {
    const info = this.info('Pod');
    this.admitNamespace(namespace, info, podName);
    const existing = this.storedOf(info, namespace, podName);
    const next = boundPod(info, existing.obj, nodeName, this.timestamp());
    if (ctx.dryRun) return deepFreeze(next);
    return this.commit(info, 'update', 'binding', next, existing, ctx);
  }

  // ---- internals -------------------------------------------------------------

  /**
   * The ResourceQuota plugin, last of admission: refuses with 403, or charges each
   * matching quota's status.used in the same transaction, written by the API server
   * itself before the object (upstream's plugin updates the quotas, then storage writes).
   */
  private admitQuota(obj: KObject, old: Readonly<KObject> | undefined, info: KindInfo, ctx: RequestContext): void {
    if (!info.namespaced) return;
    const namespace = obj.metadata.namespace ?? 'default';
    const stored = this.store.list('ResourceQuota', namespace);
    if (stored.length === 0) return;
    const quotas = stored.map((s) => s.obj);
    const charges = chargeQuota(obj, old, info, quotas, this.now(), (ts) => this.virtualOf(ts));
    if (ctx.dryRun) return;
    const rq = this.info('ResourceQuota');
    for (const { quota, status, message } of charges) {
      const existing = this.storedOf(rq, namespace, quota.metadata.name ?? '');
      const next = { ...clone(existing.obj), status } as KObject;
      const qctx: RequestContext = { actor: 'kube-apiserver', causeSeq: ctx.causeSeq ?? null, reason: 'QuotaCharged', message };
      this.fields.updated(rq, existing.obj, next, qctx, 'status');
      this.commit(rq, 'update', 'status', next, existing, qctx);
    }
  }

  private commit(
    info: KindInfo,
    verb: Verb,
    subresource: Subresource | null,
    obj: KObject,
    previous: Stored | undefined,
    ctx: RequestContext,
  ): Readonly<KObject> {
    const tx = this.tx.active;
    const rv = ++this.rv;
    const seq = ++this.seq;
    obj.metadata.resourceVersion = String(rv);
    const json = JSON.stringify(obj);
    // After the JSON: equal parts kept once (share-values.ts), a Pod's and an Event's own
    // parts with their members in the object (compact-object.ts); the recorded bytes are made.
    if (verb !== 'delete') {
      shareValues(info.kind, obj);
      if (info.kind === 'Pod' || info.kind === 'Event') obj = compactParts(obj, 3);
    }
    const frozen = deepFreeze(obj);
    const namespace = info.namespaced ? (obj.metadata.namespace ?? 'default') : null;
    const name = obj.metadata.name as string;
    const key = objectKey(namespace, name);
    const before = this.store.get(info.kind, key);
    tx.onRollBack(() => (before === undefined ? this.store.delete(info.kind, key) : this.store.set(info.kind, key, before)));
    if (verb === 'delete') this.store.delete(info.kind, key);
    else this.store.set(info.kind, key, new StoredObject(frozen, seq));
    const isEvent = info.kind === 'Event';
    const event: WriteEvent = {
      seq,
      timeMs: this.now(),
      verb,
      subresource,
      apiVersion: obj.apiVersion,
      kind: info.kind,
      namespace,
      name,
      uid: obj.metadata.uid ?? '',
      resourceVersion: rv,
      actor: ctx.actor,
      causeSeq: ctx.causeSeq ?? null,
      reason: ctx.reason ?? (isEvent && typeof obj.reason === 'string' ? obj.reason : null),
      message: ctx.message ?? (isEvent && typeof obj.message === 'string' ? obj.message : null),
      objectJson: json,
      object: frozen,
    };
    const type: WatchEventType = verb === 'create' ? 'ADDED' : verb === 'delete' ? 'DELETED' : 'MODIFIED';
    // Acknowledged (recorded, watched) when the outermost write call returns.
    tx.pending.push({ event, change: { seq, resourceVersion: rv, kind: info.kind, type, object: frozen, previous: previous?.obj } });
    return frozen;
  }

  private storedOf(info: KindInfo, namespace: string | null | undefined, name: string): Stored {
    const s = this.store.get(info.kind, objectKey(info.namespaced ? (namespace ?? 'default') : null, name));
    if (s === undefined) throw notFound(info, name);
    return s;
  }

  private info(kind: string): KindInfo {
    const info = kindInfo(kind) ?? resolveKind(kind);
    if (info === undefined) throw resourceNotFound(`kind "${kind}"`);
    return info;
  }

  private infoOf(obj: KObject): KindInfo {
    if (obj === null || typeof obj !== 'object' || typeof obj.kind !== 'string' || obj.kind === '') {
      throw badRequest("Object 'Kind' is missing");
    }
    const info = kindInfo(obj.kind);
    if (info === undefined || apiVersionOf(info) !== obj.apiVersion) {
      throw resourceNotFound(`no matches for kind "${obj.kind}" in version "${String(obj.apiVersion)}"`);
    }
    return info;
  }

  /** NamespaceLifecycle admission of a create: the namespace must exist and not be Terminating. */
  private admitNamespace(namespace: string, info: KindInfo, name: string): void {
    if (this.namespaceOf(namespace).obj.status?.phase === 'Terminating') throw terminatingForbidden(info, name, namespace);
  }

  /** The namespace a create or update goes into; `namespaces "x" not found` if there is none. */
  private namespaceOf(namespace: string): Stored {
    const ns = this.store.get('Namespace', namespace);
    if (ns === undefined) throw notFound(kindInfo('Namespace') as KindInfo, namespace);
    return ns;
  }

  private filterFor(info: KindInfo, options: ListOptions): ((o: Readonly<KObject>) => boolean) | undefined {
    const labelSel = typeof options.labelSelector === 'string' ? parseSelector(options.labelSelector) : options.labelSelector;
    const fieldSel = options.fieldSelector ? parseFieldSelector(options.fieldSelector, info.kind) : undefined;
    if ((labelSel === undefined || labelSel.length === 0) && fieldSel === undefined) return undefined;
    return (o) =>
      (labelSel === undefined || matches(labelSel, o.metadata.labels)) && (fieldSel === undefined || matchesFields(fieldSel, o));
  }
}
