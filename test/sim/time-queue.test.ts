import { describe, expect, it } from 'vitest';
import { TimeQueue } from '../../core/sim/time-queue.js';
import { VirtualScheduler } from '../../core/sim/virtual-scheduler.js';

/** A small seeded generator (the test's own, so that a failure is repeatable). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('time queue', () => {
  it('gives items in (time, insertion order), as the old heap of (time, order) entries did', () => {
    for (const seed of [1, 2, 3, 42, 1234]) {
      const rnd = lcg(seed);
      const q = new TimeQueue<number>();
      // The oracle: every pending item with its time and order, taken by a full sort.
      let oracle: Array<{ time: number; order: number; tag: number }> = [];
      let order = 0;
      let now = 0;
      for (let step = 0; step < 5_000; step++) {
        if (rnd() < 0.55) {
          // Many equal times (a few distinct delays), some fractional, some now.
          const pick = rnd();
          const delay = pick < 0.2 ? 0 : pick < 0.7 ? 5_000 : pick < 0.9 ? Math.floor(rnd() * 50) : rnd() * 10;
          const time = now + delay;
          const tag = Math.floor(rnd() * 1000);
          q.push(time, order, tag);
          oracle.push({ time, order, tag });
          order++;
        } else {
          oracle.sort((a, b) => a.time - b.time || a.order - b.order);
          const want = oracle.shift();
          expect(q.peekTime()).toBe(want?.time);
          const got = q.shift();
          expect(got).toBe(want?.order);
          if (want !== undefined) {
            expect(q.lastTag).toBe(want.tag);
            now = want.time;
          }
        }
        expect(q.size).toBe(oracle.length);
      }
      oracle.sort((a, b) => a.time - b.time || a.order - b.order);
      expect(Array.from({ length: oracle.length }, () => q.shift())).toEqual(oracle.map((e) => e.order));
      expect(q.shift()).toBeUndefined();
      expect(q.peekTime()).toBeUndefined();
      oracle = [];
    }
  });

  it('runs a task set at an instant after the ones already due then, and one set earlier than the queued times first', () => {
    const s = new VirtualScheduler();
    const seen: string[] = [];
    s.after(1_000, () => {
      seen.push(`a@${s.now()}`);
      // Same instant: after b, which was queued before.
      s.after(0, () => seen.push(`c@${s.now()}`));
    });
    s.after(1_000, () => seen.push(`b@${s.now()}`));
    s.after(9_000, () => seen.push(`late@${s.now()}`));
    s.runUntil(2_000);
    // The clock now sits at 2 000 with 9 000 queued: a task at 2 500 comes before it.
    s.after(500, () => seen.push(`d@${s.now()}`));
    expect(s.nextTime()).toBe(2_500);
    expect(s.pending).toBe(2);
    s.runUntil(10_000);
    expect(seen).toEqual(['a@1000', 'b@1000', 'c@1000', 'd@2500', 'late@9000']);
    expect(s.pending).toBe(0);
  });
});
