import { isObject, metaOf, resourceVersionOf, type KObj } from './captured-object.js';

/**
 * The order to write objects that already existed when a capture began (a k8shark
 * capture's first polls): they were created before it, and the recording's first seqs
 * should tell that in the order it happened.
 *
 * 1. creationTimestamp first: kube-apiserver sets it on create, so across seconds it is
 *    the real order (a ReplicaSet of 21:10:02 was created before a pod of 21:17:28,
 *    whatever their kinds). "Owners first" by kind alone would put an older rollout's
 *    pods after a Deployment created later in the same namespace.
 * 2. Within one second (creationTimestamp has no finer grain, and `kubectl apply` of a
 *    Deployment makes its ReplicaSet, its pods and their Events in the same second:
 *    the real capture's 1 Deployment, 1 ReplicaSet, 3 pods and 7 Events all read
 *    21:17:28): what caused what. An owner before what it owns (ownerReferences: the
 *    replicaset-controller makes a pod only after it saw the ReplicaSet), an Event after
 *    the object it is about (involvedObject, or `regarding` for events.k8s.io/v1) but
 *    before what that object made next: Deployment 0, ReplicaSet 1, the Deployment's
 *    "Scaled up replica set" Event 1.5, pods 2, the ReplicaSet's "Created pod" Events 2.5,
 *    a pod's Events 3.5. An Event is recorded after the write it reports (the controller
 *    emits it once its create returned), and with a whole step (+1) it tied with the
 *    object's children and the resourceVersion put "Created pod" before the pods.
 * 3. Then resourceVersion: not a creation order (it moves on every update: the capture's
 *    Deployment had the highest of all because its status was written last, which put it
 *    after its own pods and Events at seq 11), only a stable last tie-break.
 */
export function creationOrder<T extends { object: KObj }>(items: readonly T[]): T[] {
  const byUid = new Map<string, KObj>();
  for (const { object } of items) {
    const uid = metaOf(object).uid;
    if (typeof uid === 'string') byUid.set(uid, object);
  }
  const depths = new Map<KObj, number>();
  const depth = (o: KObj, seen: Set<KObj>): number => {
    const known = depths.get(o);
    if (known !== undefined) return known;
    if (seen.has(o)) return 0; // an ownership cycle (invalid, but a capture may hold one)
    seen.add(o);
    let d = 0;
    for (const uid of causeUids(o)) {
      const parent = byUid.get(uid);
      if (parent !== undefined && parent !== o) d = Math.max(d, depth(parent, seen) + (o.kind === 'Event' ? 1.5 : 1));
    }
    depths.set(o, d);
    return d;
  };
  const keyed = items.map((item) => ({ item, created: String(metaOf(item.object).creationTimestamp ?? ''), depth: depth(item.object, new Set()) }));
  keyed.sort((a, b) => (a.created !== b.created ? (a.created < b.created ? -1 : 1) : a.depth - b.depth || byVersion(a.item.object, b.item.object)));
  return keyed.map((k) => k.item);
}

/** The uids an object's creation followed: its owners', or for an Event the object it reports on. */
function causeUids(o: KObj): string[] {
  const uids: string[] = [];
  const refs = metaOf(o).ownerReferences;
  if (Array.isArray(refs)) for (const r of refs) if (isObject(r) && typeof r.uid === 'string') uids.push(r.uid);
  if (o.kind === 'Event') {
    const about = isObject(o.involvedObject) ? o.involvedObject : isObject(o.regarding) ? o.regarding : undefined;
    if (about !== undefined && typeof about.uid === 'string') uids.push(about.uid);
  }
  return uids;
}

/** Numeric resourceVersions in order (shorter text is smaller: "999" before "1000"). */
export function byVersion(a: KObj, b: KObj): number {
  const ra = resourceVersionOf(a) ?? '';
  const rb = resourceVersionOf(b) ?? '';
  return ra.length - rb.length || (ra < rb ? -1 : ra > rb ? 1 : 0);
}
