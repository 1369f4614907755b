import { clone } from '../../api/patch.js';
import { secondTimestamp } from '../../sim/time.js';
import { type AuditRecord, isObject } from './audit-record.js';
import { foldPatch, patchTypeOf } from './patch-fold.js';
import { kindOfResource } from './resource-kinds.js';

/**
 * The object after each write, from what the log's level holds:
 * - RequestResponse: the response body is the object after the write (kind from it);
 * - Request: a create's or update's body is the object (server-set fields absent); a
 *   patch is applied to the last known state; a binding or scale folds its one field;
 * - Metadata: no body: null (the pipeline stores the identity only), partial.
 * A delete's object is the last known state. Called in time order: `states` is the last
 * known object of every live object (an informer's cache, not the log), so memory grows
 * with the cluster, not with the log's length.
 */
export interface Folded {
  kind: string;
  apiVersion: string;
  object: Record<string, unknown> | null;
  partial: boolean;
  note: string | null;
  resourceVersion: string | null;
  /** a delete that only started (deletionTimestamp set, finalizers or grace pending): the object stays */
  graceful: boolean;
}

/** Response bodies that are not the written object (a subresource's own type, a Status). */
const NOT_THE_OBJECT = new Set(['Status', 'Scale', 'Binding', 'Eviction', 'DeleteOptions', 'TokenRequest']);

export class ObjectFolder {
  private readonly states = new Map<string, { object: Record<string, unknown>; stale: boolean }>();

  get size(): number {
    return this.states.size;
  }

  fold(r: AuditRecord, name: string): Folded {
    const { resource, group, version, namespace } = r.ref;
    const resolved = kindOfResource(group, resource);
    const key = `${group}/${resource}/${namespace ?? ''}/${name}`;
    const known = this.states.get(key);
    const response = isObject(r.responseObject) && !NOT_THE_OBJECT.has(String(r.responseObject.kind)) ? r.responseObject : null;
    const kind = typeof response?.kind === 'string' ? response.kind : resolved.kind;
    const apiVersion = typeof response?.apiVersion === 'string' ? response.apiVersion : group === '' ? version : `${group}/${version}`;
    const flag = resolved.known || response !== null ? null : `kind ${kind} derived from resource ${group === '' ? resource : `${resource}.${group}`}: not a built-in resource`;
    const skeleton = { apiVersion, kind, metadata: { name, ...(namespace !== null ? { namespace } : {}) } };
    const result = (object: Record<string, unknown> | null, partial: boolean, note: string | null): Folded => {
      const notes = [note, known?.stale === true && object !== null && partial ? 'folded onto a state older than a Metadata-level write' : null, flag].filter((n) => n !== null);
      const rv = isObject(object?.metadata) ? object.metadata.resourceVersion : undefined;
      const graceful = r.verb === 'delete' && this.states.has(key);
      return { kind, apiVersion, object, partial, note: notes.length > 0 ? notes.join('; ') : null, resourceVersion: typeof rv === 'string' ? rv : null, graceful };
    };

    if (r.verb === 'delete') {
      // A graceful delete answers with the object, deletionTimestamp set: it stays while a
      // grace period (30 s for a pod by default) or a finalizer is pending. The kubelet's
      // final delete (grace 0, no finalizers) answers with deletionTimestamp set too, but
      // the object is gone: that one is a delete.
      if (response !== null && isObject(response.metadata) && response.metadata.deletionTimestamp !== undefined && stays(response.metadata)) {
        this.states.set(key, { object: response, stale: false });
        return result(response, false, 'delete started: deletionTimestamp set, the object stays until its grace period or finalizers end');
      }
      this.states.delete(key);
      if (response !== null) return result(response, false, null);
      return known !== undefined ? result(known.object, true, 'delete: the last known state') : result(null, true, 'delete of an object never seen in the log');
    }
    let folded: { object: Record<string, unknown> | null; partial: boolean; note: string | null };
    if (response !== null) folded = { object: response, partial: false, note: null };
    else if (r.level === 'Metadata') folded = { object: null, partial: true, note: 'metadata-level: no object in the log' };
    else folded = this.fromRequest(r, known?.object ?? null, skeleton, resolved.known);
    if (folded.object !== null) this.states.set(key, { object: folded.object, stale: false });
    else if (known !== undefined) known.stale = true;
    return result(folded.object, folded.partial, folded.note);
  }

  private fromRequest(r: AuditRecord, previous: Record<string, unknown> | null, skeleton: Record<string, unknown>, builtin: boolean): { object: Record<string, unknown> | null; partial: boolean; note: string | null } {
    const body = r.requestObject;
    const sub = r.ref.subresource;
    if (sub === 'binding' && isObject(body) && isObject(body.target)) {
      // Upstream's BindingREST: spec.nodeName from target.name, PodScheduled=True at the
      // time of the write (metav1.Now, whole seconds).
      const pod = (previous !== null ? clone(previous) : clone(skeleton)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      pod.spec = { ...(pod.spec ?? {}), nodeName: body.target.name };
      const conditions = (pod.status?.conditions ?? []).filter((c: { type?: string }) => c.type !== 'PodScheduled');
      conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: secondTimestamp(r.at) });
      pod.status = { ...(pod.status ?? {}), conditions };
      return { object: dropServerFields(pod), partial: true, note: previous === null ? 'binding of a pod never seen in the log: only nodeName and PodScheduled' : 'binding folded onto the previous state' };
    }
    if (sub === 'scale') {
      const replicas = isObject(body) && isObject(body.spec) ? body.spec.replicas : undefined;
      if (typeof replicas !== 'number') return { object: null, partial: true, note: 'scale request without spec.replicas' };
      const obj = (previous !== null ? clone(previous) : clone(skeleton)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      obj.spec = { ...(obj.spec ?? {}), replicas };
      return { object: dropServerFields(obj), partial: true, note: previous === null ? 'scale of an object never seen in the log: only spec.replicas' : 'scale folded onto the previous state' };
    }
    if (sub === 'eviction') {
      return { object: previous, partial: true, note: 'eviction: the deletion it starts is not in a request-level log' };
    }
    if (r.verb === 'patch') {
      const fold = foldPatch(previous, body, patchTypeOf(body, builtin), skeleton);
      return { object: fold.object, partial: true, note: fold.note };
    }
    if (!isObject(body) || (typeof body.kind === 'string' && NOT_THE_OBJECT.has(body.kind))) {
      return { object: null, partial: true, note: `request-level ${r.verb} without the object in the log` };
    }
    const object = clone(body);
    const meta = isObject(object.metadata) ? object.metadata : {};
    object.metadata = { ...meta, name: (skeleton.metadata as { name: string }).name, ...(r.ref.namespace !== null ? { namespace: r.ref.namespace } : {}) };
    object.apiVersion ??= skeleton.apiVersion;
    object.kind ??= skeleton.kind;
    return { object, partial: true, note: r.verb === 'create' ? 'request-level: server defaults absent' : 'request-level: the update as sent, server-set fields absent' };
  }
}

/** The previous write's resourceVersion and managedFields would be wrong after this one. */
function dropServerFields(obj: Record<string, unknown>): Record<string, unknown> {
  if (isObject(obj.metadata)) {
    delete obj.metadata.resourceVersion;
    delete obj.metadata.managedFields;
  }
  return obj;
}

/** Whether an object answered with deletionTimestamp set is still stored: a grace period or a finalizer is pending. */
function stays(metadata: Record<string, unknown>): boolean {
  const finalizers = metadata.finalizers;
  if (Array.isArray(finalizers) && finalizers.length > 0) return true;
  return typeof metadata.deletionGracePeriodSeconds === 'number' && metadata.deletionGracePeriodSeconds > 0;
}
