/**
 * Compare mode's clock: two recordings of the same story rarely reach each chapter at the
 * same cluster time (a slower rollout starts its "traffic" chapter 12 s later), so the
 * playhead is mapped through chapter starts instead of being one shared time. "Chapter 3
 * + 2.1 s" in A is "chapter 3 + 2.1 s" in B. Pure: the browser and the tests use it alike.
 */

/** A chapter as both sides know it: where it starts (ms) and the last seq before its first write. */
export interface ChapterMark {
  timeMs: number;
  /** Writes done before the chapter began (a marker's seq); null: read from the time. */
  seq: number | null;
  title: string;
}

/** What the mapping needs of a recording: seq <-> time (ModelIndex has all of it). */
export interface Timebase {
  timeOf(seq: number): number;
  /** The last seq at or before `t` (0: none). */
  seqAtTime(t: number): number;
  readonly lastSeq: number;
  readonly endTime: number;
}

export interface ChapterPair {
  a: ChapterMark;
  b: ChapterMark;
  /** Matched by an identical title, or (no title in common at all) by position. */
  by: 'title' | 'order';
}

/**
 * Pairs the two lists of chapters: the longest run of identical titles in the same order
 * (an LCS, so a chapter only one side has is skipped, not a reason to give up); when no
 * title is shared, the first min(n, m) chapters by position. [] when either has none:
 * then the two sides share plain cluster time.
 */
export function alignChapters(a: readonly ChapterMark[], b: readonly ChapterMark[]): ChapterPair[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j]: the longest common title run of a[i..] and b[j..].
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const row = lcs[i] as number[];
      row[j] = a[i]?.title === b[j]?.title ? (lcs[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const out: ChapterPair[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const x = a[i] as ChapterMark;
    const y = b[j] as ChapterMark;
    if (x.title === y.title) {
      out.push({ a: x, b: y, by: 'title' });
      i++;
      j++;
    } else if ((lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0)) i++;
    else j++;
  }
  if (out.length > 0) return out;
  return a.slice(0, Math.min(n, m)).map((x, k) => ({ a: x, b: b[k] as ChapterMark, by: 'order' as const }));
}

/** Where a playhead lands on the other side. */
export interface Mapped {
  seq: number;
  timeMs: number;
  /** Index into the pairs of the chapter the playhead is in (-1: before the first matched chapter). */
  pair: number;
  /** Time since that chapter's start (ms; since 0 before the first). */
  offsetMs: number;
  /** The other side's chapter ended sooner: it waits at its end (just before its next chapter). */
  clamped: boolean;
}

/** Writes done before a chapter: its marker's seq, or every write before its time. */
function anchorSeq(c: ChapterMark, tb: Timebase): number {
  return c.seq ?? tb.seqAtTime(c.timeMs - 0.001);
}

/**
 * Maps a playhead (seq, time) of one side (`from`, whose chapters are `side` of each pair)
 * to the other. Worked example: A's chapter "rollout" starts at 40,000 ms, B's at 52,000;
 * A at 42,100 ms (+2.1 s) maps to B at 54,100 ms. Many writes share a millisecond (the
 * 29 bootstrap writes at 0 ms), so within one ms the k-th write after the chapter start
 * maps to B's k-th: both sides open on the same state, not one at the ms's last write.
 * If B's chapter is shorter than the offset, B waits at the end of its chapter.
 */
export function mapPlayhead(pairs: readonly ChapterPair[], side: 'a' | 'b', from: Timebase, to: Timebase, seq: number, timeMs: number): Mapped {
  const other = side === 'a' ? 'b' : 'a';
  let k = -1;
  for (let i = 0; i < pairs.length; i++) {
    const c = (pairs[i] as ChapterPair)[side];
    const start = anchorSeq(c, from);
    if (c.timeMs < timeMs || (c.timeMs === timeMs && start <= seq)) k = i;
    else break;
  }
  const here = k < 0 ? { timeMs: 0, seq: 0 } : { timeMs: (pairs[k] as ChapterPair)[side].timeMs, seq: anchorSeq((pairs[k] as ChapterPair)[side], from) };
  const there = k < 0 ? { timeMs: 0, seq: 0 } : { timeMs: (pairs[k] as ChapterPair)[other].timeMs, seq: anchorSeq((pairs[k] as ChapterPair)[other], to) };
  const offsetMs = timeMs - here.timeMs;
  const next = pairs[k + 1];
  const limit = next === undefined ? to.endTime : next[other].timeMs;
  let tOther = there.timeMs + offsetMs;
  if (next !== undefined && tOther >= limit && offsetMs > 0) {
    // B's chapter is over before A's: B shows its chapter's last state.
    return { seq: anchorSeq(next[other], to), timeMs: limit, pair: k, offsetMs, clamped: true };
  }
  const clamped = tOther > limit;
  tOther = Math.min(tOther, Math.max(limit, there.timeMs));
  const last = to.seqAtTime(tOther);
  // The writes of this very millisecond already applied on this side, counted from the chapter start when it is this ms.
  const baseFrom = offsetMs === 0 ? Math.max(here.seq, from.seqAtTime(timeMs - 0.001)) : from.seqAtTime(timeMs - 0.001);
  const baseTo = offsetMs === 0 ? Math.max(there.seq, to.seqAtTime(tOther - 0.001)) : to.seqAtTime(tOther - 0.001);
  const onWrite = seq > 0 && from.timeOf(seq) === timeMs;
  const mapped = onWrite || offsetMs === 0 ? Math.min(last, Math.max(baseTo, baseTo + (seq - baseFrom))) : last;
  return { seq: Math.min(mapped, to.lastSeq), timeMs: tOther, pair: k, offsetMs, clamped };
}

/** Only the time of a mapping (drawing B's markers and density on A's axis). */
export function mapTime(pairs: readonly ChapterPair[], side: 'a' | 'b', t: number): number {
  const other = side === 'a' ? 'b' : 'a';
  let k = -1;
  for (let i = 0; i < pairs.length; i++) if ((pairs[i] as ChapterPair)[side].timeMs <= t) k = i;
  if (k < 0) return t;
  const p = pairs[k] as ChapterPair;
  const next = pairs[k + 1];
  const out = p[other].timeMs + (t - p[side].timeMs);
  return next === undefined ? out : Math.min(out, next[other].timeMs);
}
