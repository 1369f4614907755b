import type { Recording } from '../../../core/record/recording.js';

/**
 * The first point where two recordings of one story stop telling the same story.
 *
 * Definition (docs/viewer.md, "Compare"): each recording's writes become a list of
 * signatures `kind verb[/subresource] namespace/name reason`, leaving out Lease writes
 * (node heartbeats every 10 s: timing noise) and Event objects (echoes of writes already
 * in the list). Generated name parts (a ReplicaSet's pod-template-hash, a pod's 5
 * character suffix: runs of 5+ characters of Kubernetes' random alphabet) are replaced by
 * their order of first appearance in that recording, so `web-5dfd55bf6-d9fdb` in A and
 * `web-869fc6774-d9fdb` in B both read `web-‹1›-‹2›`. Writes of one millisecond are sorted
 * by signature: their order inside the ms is the simulator's queue order, not the story
 * (pod-loss-recovery and node-failure admit the same three pods at 0:00.004 in another
 * order). The first index where the two lists differ is the divergence; a list that ends first diverges where it ends. Times do not
 * count: the same writes later is a delta (the chapter table), not a divergence.
 * prestop-off against prestop-on: 190 writes agree, then A's kubelet reports the deleted
 * pod's containers stopped while B's pod is still in its 5 s preStop sleep.
 */

/** [seq, time_ms, verb, subresource, kind, namespace, name, reason] */
type SigRow = [number, number, string, string | null, string, string | null, string, string | null];

export interface Signed {
  seq: number;
  timeMs: number;
  sig: string;
}

/** Kubernetes' rand.String and SafeEncodeString alphabet (no vowels, no 0/1/3): generated suffixes and hashes. */
const GENERATED = /^[bcdfghjklmnpqrstvwxz2456789]{5,}$/;

/** Replaces generated name parts by `‹n›`, n their order of first appearance in `seen`. */
export function canonicalName(name: string, seen: Map<string, number>): string {
  return name
    .split('-')
    .map((part) => {
      if (!GENERATED.test(part)) return part;
      let n = seen.get(part);
      if (n === undefined) seen.set(part, (n = seen.size + 1));
      return `‹${n}›`;
    })
    .join('-');
}

/** Every write that counts, signed, in seq order. */
export function signatures(rows: Iterable<SigRow>): Signed[] {
  const seen = new Map<string, number>();
  const out: Signed[] = [];
  for (const [seq, timeMs, verb, sub, kind, ns, name, reason] of rows) {
    if (kind === 'Event' || kind === 'Lease') continue;
    const v = sub === null ? verb : `${verb}/${sub}`;
    out.push({ seq, timeMs, sig: `${kind} ${v} ${ns ?? ''}/${canonicalName(name, seen)} ${reason ?? ''}`.trimEnd() });
  }
  // Names are numbered in seq order above; only then is each millisecond's run put in signature order.
  for (let i = 0; i < out.length; ) {
    let j = i + 1;
    while (j < out.length && (out[j] as Signed).timeMs === (out[i] as Signed).timeMs) j++;
    if (j - i > 1) out.splice(i, j - i, ...out.slice(i, j).sort((x, y) => (x.sig < y.sig ? -1 : x.sig > y.sig ? 1 : x.seq - y.seq)));
    i = j;
  }
  return out;
}

export function signaturesOf(rec: Recording): Signed[] {
  const sql = "SELECT seq, time_ms, verb, subresource, kind, namespace, name, reason FROM events WHERE kind NOT IN ('Event', 'Lease') ORDER BY seq";
  return signatures(rec.db.prepare(sql).raw(true).iterate() as Iterable<SigRow>);
}

export interface Divergence {
  /** How many signed writes agreed before it. */
  agreed: number;
  /** The first differing write on each side; null where that side had no more writes. */
  a: Signed | null;
  b: Signed | null;
}

/** null: the two lists are the same. */
export function firstDivergence(a: readonly Signed[], b: readonly Signed[]): Divergence | null {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    const y = b[i];
    if (x?.sig !== y?.sig) return { agreed: i, a: earliest(a, i), b: earliest(b, i) };
  }
  return null;
}

/** The first write (by seq) of the rest of entry i's millisecond: where the playhead goes to see it happen. */
function earliest(list: readonly Signed[], i: number): Signed | null {
  let best = list[i];
  if (best === undefined) return null;
  for (let j = i + 1; j < list.length && (list[j] as Signed).timeMs === best.timeMs; j++) if ((list[j] as Signed).seq < best.seq) best = list[j] as Signed;
  return best;
}
