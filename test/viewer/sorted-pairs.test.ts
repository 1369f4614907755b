import { describe, expect, it } from 'vitest';
import { sortedPairs } from '../../viewer/web/src/sorted-pairs.js';

/** What the viewer did before: [key, id] tuples, pushed in id order, through a stable sort by key. */
function tupleSort(keys: number[], ids: number[]): [number[], number[]] {
  const pairs = keys.map((k, i): [number, number] => [k, ids[i] as number]).sort((a, b) => a[0] - b[0]);
  return [pairs.map((p) => p[0]), pairs.map((p) => p[1])];
}

describe('change points sorted as packed numbers (sorted-pairs.ts)', () => {
  it('orders 10,000 pods\' seqs exactly as the stable sort of tuples did, ties by pod', () => {
    const keys: number[] = [];
    const ids: number[] = [];
    // Pods in display order, each with a few writes at seqs that collide with other pods' (a seq shared by many: a node lost).
    for (let pod = 0; pod < 10_000; pod++) {
      for (let w = 0; w < 5; w++) {
        keys.push(((pod * 7919 + w * 104_729) % 60_000) + 1);
        ids.push(pod);
      }
    }
    const s = sortedPairs(keys, ids);
    const [k, i] = tupleSort(keys, ids);
    expect(Array.from(s.keys)).toEqual(k);
    expect(Array.from(s.ids)).toEqual(i);
  });

  it('orders times before the recording\'s start, a fraction of a ms and past 24 days (the last two not packed) the same way', () => {
    for (const keys of [[5.5, 2.25, 5.5, -3], [-10, 4, -10, 0], [3e9, 1, 3e9 - 1, 2]]) {
      const ids = [3, 1, 2, 0];
      const s = sortedPairs(keys, ids);
      const sorted = keys.map((k, n): [number, number] => [k, ids[n] as number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      expect(Array.from(s.keys)).toEqual(sorted.map((p) => p[0]));
      expect(Array.from(s.ids)).toEqual(sorted.map((p) => p[1]));
    }
  });
});
