import type { Recording } from '../../../core/record/recording.js';

/**
 * The verb of the API request behind a write, where it differs from the recorded verb.
 *
 * The recording's `verb` is the storage effect (docs/recording-format.md, a public
 * contract): a `kubectl delete pod` of a running pod only sets deletionTimestamp, so it
 * is recorded as `update`, and replay relies on `delete` meaning "gone". Upstream's audit
 * log names the request instead: that DELETE is verb `delete`, an eviction is `create`
 * of pods/eviction, and removing the last finalizer of an object being deleted is an
 * `update` even though storage deletes it (as is the namespace controller's PUT of
 * namespaces/<name>/finalize). The viewer shows the request's verb, so a
 * `kubectl delete` reads as a delete; the recording is left as its format defines it.
 *
 * The rule: only a DELETE request sets or changes deletionTimestamp (an update cannot:
 * the API server keeps the old value), so an `update` whose object gained or changed
 * deletionTimestamp / deletionGracePeriodSeconds is a DELETE. Rows are read only where
 * deletion is involved (the object text mentions deletionTimestamp, or verb delete).
 */
const cache = new WeakMap<Recording, { last: number; verbs: Map<number, string> }>();

interface Deleting {
  stamp: string;
  finalizers: number;
}

export function requestVerbsOf(rec: Recording): Map<number, string> {
  const last = rec.lastSeq();
  const hit = cache.get(rec);
  if (hit !== undefined && hit.last === last) return hit.verbs;
  const verbs = new Map<number, string>();
  const seen = new Map<string, Deleting>();
  const stmt = rec.db
    .prepare(`SELECT seq, verb, subresource, uid, object FROM events WHERE verb = 'delete' OR subresource IN ('eviction', 'finalize') OR instr(object, '"deletionTimestamp"') > 0 ORDER BY seq`)
    .raw(true);
  for (const r of stmt.iterate()) {
    const [seq, verb, subresource, uid, object] = r as [number, string, string | null, string, string];
    const now = deletingOf(object);
    const before = seen.get(uid);
    if (subresource === 'eviction') verbs.set(seq, 'create');
    // PUT namespaces/<name>/finalize emptied spec.finalizers and storage removed the namespace.
    else if (subresource === 'finalize' && verb === 'delete') verbs.set(seq, 'update');
    else if (verb === 'update' && now !== undefined && now.stamp !== before?.stamp) verbs.set(seq, 'delete');
    else if (verb === 'delete' && before !== undefined && before.finalizers > 0 && (now?.finalizers ?? 0) === 0) verbs.set(seq, 'update');
    if (now !== undefined) seen.set(uid, now);
  }
  cache.set(rec, { last, verbs });
  return verbs;
}

/** deletionTimestamp + grace (what a DELETE sets) and the finalizer count, or undefined when not being deleted. */
function deletingOf(json: string): Deleting | undefined {
  let meta: { deletionTimestamp?: string; deletionGracePeriodSeconds?: number; finalizers?: unknown[] } | undefined;
  try {
    meta = (JSON.parse(json) as { metadata?: typeof meta }).metadata;
  } catch {
    return undefined; // nested past JSON.parse's stack: such an object is no deletion story
  }
  if (meta?.deletionTimestamp === undefined) return undefined;
  return { stamp: `${meta.deletionTimestamp}/${meta.deletionGracePeriodSeconds ?? ''}`, finalizers: meta.finalizers?.length ?? 0 };
}
