import { describe, expect, it } from 'vitest';
import { HeapBudget, MIN_PERCENT } from '../../core/record/heap-budget.js';

const MiB = 1024 * 1024;

describe('the heap budget', () => {
  it('leaves V8 its own growth while the live heap is small, then grows only to the budget, never by less than 1.2x', () => {
    const set: number[] = [];
    const b = new HeapBudget(1500 * MiB, (p) => set.push(p));
    b.check(100 * MiB); // 4 x 100 MiB is within 1,500: V8's own
    b.check(300 * MiB); // 100 kept + 3/4 of the 200 promoted since = 250: still within
    b.check(250 * MiB); // a full collection kept 250
    expect(set).toEqual([]);
    expect(b.current).toBe(0);
    b.check(600 * MiB); // 250 + 3/4 of 350 = 512.5: 1,500 / 512.5 = 2.92x
    expect(set).toEqual([192]);
    b.check(500 * MiB); // kept 500: 3x
    b.check(1000 * MiB); // 500 + 375 = 875: 1.71x
    b.check(1000 * MiB); // the same: V8's flag is not set again
    expect(set).toEqual([192, 200, 71]);
    b.check(1250 * MiB); // 1,062.5: 1.41x
    b.check(1200 * MiB); // kept 1,200: 1.25x
    b.check(1300 * MiB); // 1,275: 1.17x, below the floor
    expect(b.current).toBe(MIN_PERCENT);
    b.check(200 * MiB); // the live heap fell far: V8's own again
    expect(set).toEqual([192, 200, 71, 41, 25, MIN_PERCENT, 0]);
  });
});
