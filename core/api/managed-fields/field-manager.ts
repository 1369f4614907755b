import { jsonEqual } from '../equal.js';
import { apiVersionOf, type KindInfo } from '../kinds.js';
import type { KObject, RequestContext } from '../types.js';
import { compareObjects, type Comparison } from './compare.js';
import { decodeManaged, managerId, type ManagedFieldsEntry } from './managed.js';
import { resetFields, zeroObject } from './reset-fields.js';
import { schemaFor } from './schema.js';
import { filterComparison } from './update.js';
import { sortEntries, takeOverEntries, updateEntries } from './update-entries.js';
import { asVersion, comparisonIn, skipManagedFields } from './versions.js';

/**
 * The manager of a write: the request's fieldManager, else (upstream's default) what
 * its User-Agent says before the first "/". Simulated components use the names their
 * real binaries send: every controller is `kube-controller-manager`, the scheduler
 * `kube-scheduler`, kubelets `kubelet`.
 */
export function managerOf(ctx: RequestContext): string {
  if (ctx.fieldManager !== undefined && ctx.fieldManager !== '') return ctx.fieldManager;
  const a = ctx.actor;
  if (a.startsWith('kubelet/') || a === 'kubelet') return 'kubelet';
  if (a.startsWith('kube-proxy/')) return 'kube-proxy';
  if (a === 'scheduler') return 'kube-scheduler';
  if (a === 'cloud-node-lifecycle-controller') return 'cloud-controller-manager';
  if (a.endsWith('-controller') || a === 'garbage-collector' || a === 'pod-garbage-collector' || a === 'horizontal-pod-autoscaler' || a === 'persistentvolume-binder' || a === 'root-ca-cert-publisher') return 'kube-controller-manager';
  return a;
}

/** A non-empty managedFields with no entries, or one empty entry: the client resets them. */
function isReset(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  return entries.length === 0 || (entries.length === 1 && entries[0] !== null && typeof entries[0] === 'object' && Object.keys(entries[0]).length === 0);
}

/** The entries if upstream would decode them, else none. */
function validEntries(entries: unknown): readonly ManagedFieldsEntry[] {
  if (entries === undefined || entries === null) return [];
  try {
    decodeManaged(entries);
    return entries as ManagedFieldsEntry[];
  } catch {
    return [];
  }
}

/**
 * Keeps metadata.managedFields on every write that goes through the field manager
 * upstream: create, update, patch and /status (as `Update` entries of the writer, with
 * the write's virtual time), the scale subresource, and server-side apply (whose entries
 * arrive precomputed in the context). Deletion, binding and eviction write no entry, as
 * upstream's registries update those objects without the field manager.
 */
export class FieldManager {
  constructor(private readonly now: () => string) {}

  /**
   * `requested` is the object as sent: upstream's field manager runs before admission,
   * so the tolerations DefaultTolerationSeconds adds to a pod are nobody's.
   */
  created(info: KindInfo, obj: KObject, ctx: RequestContext, requested: Readonly<KObject>): void {
    if (ctx.appliedManagedFields !== undefined) {
      obj.metadata.managedFields = ctx.appliedManagedFields;
      return;
    }
    const sentEntries = obj.metadata.managedFields;
    delete obj.metadata.managedFields;
    const entries = isReset(sentEntries) ? [] : validEntries(sentEntries);
    const version = ctx.apiVersion ?? apiVersionOf(info);
    let view: KObject = obj;
    if (info.kind === 'Pod' && obj.spec !== undefined) {
      const { tolerations: _admitted, ...spec } = obj.spec as Record<string, unknown>;
      const sent = (requested.spec as Record<string, unknown> | undefined)?.tolerations;
      view = { ...obj, spec: sent === undefined ? spec : { ...spec, tolerations: sent } };
    }
    const zero = zeroObject(info.kind);
    const cmp = this.comparison(info, version, zero, view, null);
    if (cmp === undefined) return;
    store(obj, updateEntries(entries, { name: managerOf(ctx) }, version, cmp, this.now, (v) => comparisonIn(info.kind, v, zero, view)));
  }

  updated(info: KindInfo, old: Readonly<KObject>, next: KObject, ctx: RequestContext, subresource: 'status' | 'finalize' | null): void {
    if (ctx.appliedManagedFields !== undefined) {
      next.metadata.managedFields = ctx.appliedManagedFields;
      return;
    }
    const entries = liveOrNew(old, next, subresource !== null);
    if (entries.length === 0) {
      // skipNonAppliedManager: an object nobody tracks stays untracked until an apply.
      delete next.metadata.managedFields;
      return;
    }
    const version = ctx.apiVersion ?? apiVersionOf(info);
    const cmp = this.comparison(info, version, old, next, subresource);
    if (cmp === undefined) {
      // UpdateNoErrors: a write the field manager cannot follow keeps the entries it had.
      store(next, old.metadata.managedFields as ManagedFieldsEntry[] | undefined);
      return;
    }
    store(next, updateEntries(entries, { name: managerOf(ctx), subresource }, version, cmp, this.now, (v) => comparisonIn(info.kind, v, old, next)));
  }

  /**
   * PUT or PATCH of /scale (ScaleHandler.ToParent): the scaler's entry names the scale
   * subresource and owns spec.replicas, taken from whoever owned it if the value
   * changed. Upstream carries the time of such an entry over from the parent object's
   * entries, so a new one has none.
   */
  scaled(info: KindInfo, old: Readonly<KObject>, next: KObject, ctx: RequestContext): void {
    const entries = liveEntries(old);
    if (entries.length === 0) return;
    const version = apiVersionOf(info);
    const cmp = this.comparison(info, version, old, next, null);
    if (cmp === undefined) return;
    const manager = managerOf(ctx);
    const id = managerId({ manager, operation: 'Update', apiVersion: version, subresource: 'scale' });
    const out = takeOverEntries(entries, id, version, cmp, (v) => comparisonIn(info.kind, v, old, next));
    if (!out.some((e) => e.manager === manager && e.operation === 'Update' && e.subresource === 'scale' && e.apiVersion === version)) {
      out.push({ manager, operation: 'Update', apiVersion: version, fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } }, subresource: 'scale' });
    }
    store(next, sortEntries(out));
  }

  private comparison(info: KindInfo, version: string, live: unknown, next: unknown, subresource: 'status' | 'finalize' | null): Comparison | undefined {
    const schema = schemaFor(version, info.kind);
    const l = asVersion(live, version);
    const r = asVersion(next, version);
    if (schema === undefined || l === undefined || r === undefined) return undefined;
    try {
      return filterComparison(compareObjects(schema, l, r, skipManagedFields), resetFields(info, subresource));
    } catch {
      return undefined;
    }
  }
}

/** decodeLiveOrNew: the request's entries when it sends some (that is how they are edited), else the live ones. */
function liveOrNew(old: Readonly<KObject>, next: KObject, subresource: boolean): readonly ManagedFieldsEntry[] {
  const live = old.metadata.managedFields;
  const sent = next.metadata.managedFields;
  if (subresource || sent === undefined || sent === live) return liveEntries(old);
  if (isReset(sent)) return [];
  // A client that sends back what it read (a controller's copy of the cached object)
  // keeps the live entries, checked for equality instead of decoded again.
  if (jsonEqual(sent, live)) return liveEntries(old);
  const fromRequest = validEntries(sent);
  return fromRequest.length === 0 ? liveEntries(old) : fromRequest;
}

/** The stored entries: this server wrote them, or checked them when a client sent them. */
function liveEntries(old: Readonly<KObject>): readonly ManagedFieldsEntry[] {
  return (old.metadata.managedFields as readonly ManagedFieldsEntry[] | undefined) ?? [];
}

function store(obj: KObject, entries: readonly ManagedFieldsEntry[] | undefined): void {
  if (entries === undefined || entries.length === 0) delete obj.metadata.managedFields;
  else obj.metadata.managedFields = entries;
}
