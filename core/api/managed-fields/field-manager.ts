import { jsonEqual } from '../equal.js';
import { apiVersionOf, type KindInfo } from '../kinds.js';
import type { KObject, RequestContext } from '../types.js';
import { compareObjects, type Comparison } from './compare.js';
import { FieldSet } from './field-set.js';
import { fieldPe } from './path-element.js';
import { copyManaged, decodeManaged, emptyManaged, encodeManaged, managerId, type Managed } from './managed.js';
import { resetFields, zeroObject } from './reset-fields.js';
import { schemaFor } from './schema.js';
import { filterComparison, takeOver, updateManaged } from './update.js';
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
  if (a.endsWith('-controller') || a === 'garbage-collector' || a === 'pod-garbage-collector' || a === 'horizontal-pod-autoscaler') return 'kube-controller-manager';
  return a;
}

/** A non-empty managedFields with no entries, or one empty entry: the client resets them. */
function isReset(entries: unknown): boolean {
  if (!Array.isArray(entries)) return false;
  return entries.length === 0 || (entries.length === 1 && entries[0] !== null && typeof entries[0] === 'object' && Object.keys(entries[0]).length === 0);
}

function decodeOrEmpty(entries: unknown): Managed {
  if (entries === undefined) return emptyManaged();
  try {
    return decodeManaged(entries);
  } catch {
    return emptyManaged();
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
    const managed = isReset(sentEntries) ? emptyManaged() : decodeOrEmpty(sentEntries);
    const version = ctx.apiVersion ?? apiVersionOf(info);
    let view: KObject = obj;
    if (info.kind === 'Pod' && obj.spec !== undefined) {
      const { tolerations: _admitted, ...spec } = obj.spec as Record<string, unknown>;
      const sent = (requested.spec as Record<string, unknown> | undefined)?.tolerations;
      view = { ...obj, spec: sent === undefined ? spec : { ...spec, tolerations: sent } };
    }
    const cmp = this.comparison(info, version, zeroObject(info.kind), view, null);
    if (cmp === undefined) return;
    updateManaged(managed, { name: managerOf(ctx) }, version, cmp, this.now(), (v) => comparisonIn(info.kind, v, zeroObject(info.kind), view));
    this.store(obj, managed);
  }

  updated(info: KindInfo, old: Readonly<KObject>, next: KObject, ctx: RequestContext, subresource: 'status' | null): void {
    if (ctx.appliedManagedFields !== undefined) {
      next.metadata.managedFields = ctx.appliedManagedFields;
      return;
    }
    const managed = this.liveOrNew(old, next, subresource !== null);
    if (managed.fields.size === 0) {
      // skipNonAppliedManager: an object nobody tracks stays untracked until an apply.
      delete next.metadata.managedFields;
      return;
    }
    const version = ctx.apiVersion ?? apiVersionOf(info);
    const cmp = this.comparison(info, version, old, next, subresource);
    if (cmp === undefined) {
      // UpdateNoErrors: a write the field manager cannot follow keeps the entries it had.
      next.metadata.managedFields = old.metadata.managedFields;
      return;
    }
    updateManaged(managed, { name: managerOf(ctx), subresource }, version, cmp, this.now(), (v) => comparisonIn(info.kind, v, old, next));
    this.store(next, managed);
  }

  /**
   * PUT or PATCH of /scale (ScaleHandler.ToParent): the scaler's entry names the scale
   * subresource and owns spec.replicas, taken from whoever owned it if the value
   * changed. Upstream carries the time of such an entry over from the parent object's
   * entries, so a new one has none.
   */
  scaled(info: KindInfo, old: Readonly<KObject>, next: KObject, ctx: RequestContext): void {
    const managed = decodeOrEmpty(old.metadata.managedFields);
    if (managed.fields.size === 0) return;
    const version = apiVersionOf(info);
    const cmp = this.comparison(info, version, old, next, null);
    if (cmp === undefined) return;
    const id = managerId({ manager: managerOf(ctx), operation: 'Update', apiVersion: version, subresource: 'scale' });
    takeOver(managed, id, version, cmp, (v) => comparisonIn(info.kind, v, old, next));
    if (!managed.fields.has(id)) managed.fields.set(id, { set: FieldSet.of([fieldPe('spec'), fieldPe('replicas')]), apiVersion: version, applied: false });
    this.store(next, managed);
  }

  private comparison(info: KindInfo, version: string, live: unknown, next: unknown, subresource: 'status' | null): Comparison | undefined {
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

  /** decodeLiveOrNew: the request's entries when it sends some (that is how they are edited), else the live ones. */
  private liveOrNew(old: Readonly<KObject>, next: KObject, subresource: boolean): Managed {
    const live = old.metadata.managedFields;
    const sent = next.metadata.managedFields;
    if (subresource || sent === undefined || sent === live) return decodeOrEmpty(live);
    if (isReset(sent)) return emptyManaged();
    // A client that sends back what it read (a controller's copy of the cached object)
    // reuses the decoded live entries instead of decoding its copy again.
    if (jsonEqual(sent, live)) return decodeOrEmpty(live);
    const fromRequest = decodeOrEmpty(sent);
    return fromRequest.fields.size === 0 ? decodeOrEmpty(live) : fromRequest;
  }

  private store(obj: KObject, managed: Managed): void {
    const entries = encodeManaged(managed);
    if (entries === undefined) delete obj.metadata.managedFields;
    else obj.metadata.managedFields = entries;
  }
}

export { copyManaged };
