import type { Recording } from '../../../core/record/recording.js';
import type { EventRow } from '../../../core/record/schema.js';

/**
 * The verb of the API request behind a write, where it differs from the recorded verb.
 *
 * The recording's `verb` is the storage effect (docs/recording-format.md, a public
 * contract): a `kubectl delete pod` of a running pod only sets deletionTimestamp, so it
 * is recorded as `update`, and replay relies on `delete` meaning "gone". Upstream's audit
 * log names the request instead: that DELETE is verb `delete`, an eviction is `create`
 * of pods/eviction, and removing the last finalizer of an object being deleted is an
 * `update` even though storage deletes it (as is the namespace controller's PUT of
 * namespaces/<name>/finalize). The viewer shows the request's verb, so a `kubectl delete`
 * reads as a delete; the recording is left as its format defines it.
 *
 * The rule: only a DELETE request sets or changes deletionTimestamp (an update cannot:
 * the API server keeps the old value), so an `update` whose object gained or changed
 * deletionTimestamp / deletionGracePeriodSeconds since its previous version is a DELETE.
 * Judged per row as pages are sent (one indexed look-up of the previous version, only for
 * rows whose object mentions deletionTimestamp or that delete), never by scanning the
 * recording: 182,000 events' objects take ~1.7 s to scan.
 */
const cache = new WeakMap<Recording, Map<number, string | null>>();

interface Deleting {
  stamp: string;
  finalizers: number;
}

export function requestVerbOf(rec: Recording, e: EventRow): string | undefined {
  let seen = cache.get(rec);
  if (seen === undefined) cache.set(rec, (seen = new Map()));
  const hit = seen.get(e.seq);
  if (hit !== undefined) return hit ?? undefined;
  const verb = judge(rec, e);
  if (seen.size > 100_000) seen.clear();
  seen.set(e.seq, verb ?? null);
  return verb;
}

function judge(rec: Recording, e: EventRow): string | undefined {
  if (e.subresource === 'eviction') return 'create';
  // PUT namespaces/<name>/finalize emptied spec.finalizers, and storage removed the namespace.
  if (e.subresource === 'finalize' && e.verb === 'delete') return 'update';
  if (e.verb === 'update' && e.object.includes('"deletionTimestamp"')) {
    const now = deletingOf(e.object);
    return now !== undefined && now.stamp !== previousOf(rec, e)?.stamp ? 'delete' : undefined;
  }
  if (e.verb === 'delete') {
    const before = previousOf(rec, e);
    if (before !== undefined && before.finalizers > 0 && (deletingOf(e.object)?.finalizers ?? 0) === 0) return 'update';
  }
  return undefined;
}

/** The deletion state of the same object's previous version (same uid), if it was being deleted. */
function previousOf(rec: Recording, e: EventRow): Deleting | undefined {
  const row = rec.db
    .prepare('SELECT uid, object FROM events WHERE kind = ? AND namespace IS ? AND name = ? AND seq < ? ORDER BY seq DESC LIMIT 1')
    .raw(true)
    .get(e.kind, e.namespace, e.name, e.seq) as [string, string] | undefined;
  return row === undefined || row[0] !== e.uid ? undefined : deletingOf(row[1]);
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
