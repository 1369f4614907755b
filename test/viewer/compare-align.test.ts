import { describe, expect, it } from 'vitest';
import { alignChapters, mapPlayhead, mapTime, type ChapterMark, type Timebase } from '../../viewer/shared/chapter-align.js';

/** A recording's clock from the time of each seq (times[0] is seq 1's). */
function timebase(times: number[], endTime = Math.max(0, ...times)): Timebase {
  return {
    timeOf: (seq) => (seq <= 0 ? 0 : (times[Math.min(seq, times.length) - 1] ?? 0)),
    seqAtTime: (t) => times.filter((x) => x <= t).length,
    lastSeq: times.length,
    endTime,
  };
}
const ch = (title: string, timeMs: number, seq: number | null): ChapterMark => ({ title, timeMs, seq });

describe('compare: chapters matched by title, then order', () => {
  it('pairs identical titles in order and skips a chapter only one side has', () => {
    const a = [ch('setup', 0, 0), ch('traffic', 20_000, 10), ch('rollout', 40_000, 20)];
    const b = [ch('setup', 0, 0), ch('warm-up', 10_000, 5), ch('traffic', 25_000, 12), ch('rollout', 52_000, 30)];
    const pairs = alignChapters(a, b);
    expect(pairs.map((p) => [p.a.title, p.b.title, p.by])).toEqual([
      ['setup', 'setup', 'title'],
      ['traffic', 'traffic', 'title'],
      ['rollout', 'rollout', 'title'],
    ]);
  });

  it('falls back to position when no title is shared, and to nothing without chapters', () => {
    const pairs = alignChapters([ch('one', 0, 0), ch('two', 5000, 3)], [ch('uno', 0, 0), ch('dos', 7000, 4), ch('tres', 9000, 6)]);
    expect(pairs.map((p) => [p.a.title, p.b.title, p.by])).toEqual([['one', 'uno', 'order'], ['two', 'dos', 'order']]);
    expect(alignChapters([], [ch('x', 0, 0)])).toEqual([]);
  });
});

describe('compare: the playhead maps through chapter starts', () => {
  // A: rollout chapter at 40 s (after seq 4); B: at 52 s (after seq 5), a slower run.
  const A = timebase([0, 0, 10_000, 39_000, 40_000, 42_000, 42_100, 50_000], 60_000);
  const B = timebase([0, 0, 10_000, 30_000, 51_000, 52_000, 54_000, 54_100, 60_000], 70_000);
  const pairs = alignChapters([ch('setup', 0, 0), ch('rollout', 40_000, 4)], [ch('setup', 0, 0), ch('rollout', 52_000, 5)]);

  it('"rollout + 2.1 s" on A is "rollout + 2.1 s" on B', () => {
    const m = mapPlayhead(pairs, 'a', A, B, 7, 42_100);
    expect(m).toMatchObject({ timeMs: 54_100, seq: 8, pair: 1, offsetMs: 2100, clamped: false });
    // And back.
    expect(mapPlayhead(pairs, 'b', B, A, 8, 54_100)).toMatchObject({ timeMs: 42_100, seq: 7 });
  });

  it('at a chapter start both sides are just before its first write', () => {
    expect(mapPlayhead(pairs, 'a', A, B, 4, 40_000)).toMatchObject({ seq: 5, timeMs: 52_000, pair: 1, offsetMs: 0 });
    // Seq 5 is A's first rollout write at 40 s exactly: B gets its first one too.
    expect(mapPlayhead(pairs, 'a', A, B, 5, 40_000)).toMatchObject({ seq: 6, timeMs: 52_000 });
  });

  it('writes sharing a millisecond map one for one, so both sides open on the same state', () => {
    // Seq 1 and 2 are both at 0 ms: A at seq 1 is B at seq 1, not B at seq 2 (the ms's last).
    expect(mapPlayhead(pairs, 'a', A, B, 1, 0).seq).toBe(1);
    expect(mapPlayhead(pairs, 'a', A, B, 2, 0).seq).toBe(2);
    expect(mapPlayhead(pairs, 'a', A, B, 0, 0).seq).toBe(0);
  });

  it('B waits at the end of a chapter that was shorter than A\'s', () => {
    const short = alignChapters([ch('s', 0, 0), ch('r', 40_000, 4)], [ch('s', 0, 0), ch('r', 20_000, 3)]);
    const m = mapPlayhead(short, 'a', A, B, 4, 30_000);
    expect(m).toMatchObject({ clamped: true, timeMs: 20_000, seq: 3, pair: 0 });
  });

  it('B\'s times drawn on A\'s axis land on A\'s chapter starts', () => {
    expect(mapTime(pairs, 'b', 52_000)).toBe(40_000);
    expect(mapTime(pairs, 'b', 54_100)).toBe(42_100);
    // Past the end of A's "setup" chapter B's setup is squeezed onto its last instant.
    expect(mapTime(pairs, 'b', 45_000)).toBe(40_000);
  });
});
