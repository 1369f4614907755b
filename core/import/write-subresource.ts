import { jsonEqual } from '../api/equal.js';
import { isObject, metaOf, type KObj } from './captured-object.js';

/**
 * Which subresource a MODIFIED watch event was written through, read from what changed
 * between the previous state and this one (a watch says only "MODIFIED"):
 * - spec.nodeName from empty to set: `binding`. Pod validation forbids changing
 *   spec.nodeName in an update, so the scheduler's POST pods/NAME/binding is the only
 *   write that does it (upstream: pkg/registry/core/pod/storage BindingREST).
 * - only status changed (and the bookkeeping every write changes: resourceVersion,
 *   managedFields): `status`, as kubelet, controllers' status updates and the scheduler's
 *   PodScheduled=False condition go through /status.
 * - only spec.replicas changed, and the newest managedFields entry names subresource
 *   `scale` (kubectl scale, an HPA): `scale`.
 * - anything else: a plain update (null).
 * With no previous state, the newest managedFields entry's subresource is the hint.
 */
export function writeSubresource(prev: KObj | undefined, next: KObj): string | null {
  if (prev === undefined) {
    const hint = newestManagedEntry(next)?.subresource;
    return hint === 'status' ? 'status' : null;
  }
  const prevSpec = isObject(prev.spec) ? prev.spec : {};
  const nextSpec = isObject(next.spec) ? next.spec : {};
  if (next.kind === 'Pod' && !prevSpec.nodeName && typeof nextSpec.nodeName === 'string' && nextSpec.nodeName !== '') return 'binding';
  const a = withoutBookkeeping(prev);
  const b = withoutBookkeeping(next);
  const { status: _sa, ...restA } = a;
  const { status: _sb, ...restB } = b;
  if (jsonEqual(restA, restB)) return 'status';
  if (newestManagedEntry(next)?.subresource === 'scale') {
    const { spec: specA, ...otherA } = restA;
    const { spec: specB, ...otherB } = restB;
    const { replicas: _ra, ...sa } = isObject(specA) ? specA : {};
    const { replicas: _rb, ...sb } = isObject(specB) ? specB : {};
    if (jsonEqual(otherA, otherB) && jsonEqual(sa, sb)) return 'scale';
  }
  return null;
}

function withoutBookkeeping(o: KObj): Record<string, unknown> {
  const { resourceVersion: _rv, managedFields: _mf, ...meta } = metaOf(o);
  return { ...o, metadata: meta };
}

/** The managedFields entry with the latest time (the last such in the list on a tie). */
export function newestManagedEntry(o: KObj): Record<string, unknown> | undefined {
  const mf = metaOf(o).managedFields;
  if (!Array.isArray(mf)) return undefined;
  let best: Record<string, unknown> | undefined;
  for (const e of mf) {
    if (!isObject(e)) continue;
    // RFC 3339 UTC text of one format orders as text ("...T21:19:15Z" < "...T21:19:18Z").
    if (best === undefined || String(e.time ?? '') >= String(best.time ?? '')) best = e;
  }
  return best;
}
