import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { SummaryCache } from '../../core/replay/summary-cache.js';
import { tmpDir } from '../helpers.js';

describe('summary cache: lines added to a stored file', () => {
  it('are merged by seq with the stored ones, a replaced line wins, non-ASCII kept, every line read back', () => {
    const file = path.join(tmpDir(), 'r.db');
    const open = (): SummaryCache => SummaryCache.open(file, 'Pod', 'test', 99, 'abc');
    const want = new Map<number, string>();
    const first = open();
    for (const seq of [5, 9, 10, 20, 33, 40]) {
      first.set(seq, `line ${seq}`);
      want.set(seq, `line ${seq}`);
    }
    first.save();
    // Before the first, between, replacing (a damaged line made again), after the last.
    const second = open();
    expect(second.count).toBe(6);
    for (const [seq, text] of [
      [1, 'one'],
      [7, 'seven'],
      [10, 'ten again'],
      [21, 'ünïcode'],
      [22, ''],
      [40, 'forty again'],
      [41, 'last'],
    ] as const) {
      second.set(seq, text);
      want.set(seq, text);
    }
    second.save();
    const third = open();
    expect(third.count).toBe(want.size);
    expect(third.ascii).toBe(false);
    const seqs = [...want.keys()].sort((a, b) => a - b);
    expect(Array.from({ length: third.count }, (_, i) => third.seqAt(i))).toEqual(seqs);
    for (const seq of seqs) expect(third.get(seq), `seq ${seq}`).toBe(want.get(seq));
    // Only ASCII left once the non-ASCII line is replaced.
    third.set(21, 'twenty-one');
    third.save();
    const fourth = open();
    expect(fourth.ascii).toBe(true);
    expect(fourth.get(21)).toBe('twenty-one');
    expect(fourth.get(20)).toBe('line 20');
    expect(fourth.get(41)).toBe('last');
  });
});
