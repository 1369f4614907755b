import { describe, expect, it } from 'vitest';
import { grouped } from '../../viewer/web/src/format.js';

// The counts the cluster canvas and the lifecycle bands print ("Unscheduled (8,042)") read as
// toLocaleString('en') wrote them before: the page no longer calls it (its first call loads locale data).
describe('a count with thousands separators (format.ts grouped)', () => {
  it('writes what toLocaleString("en") writes for whole counts', () => {
    for (const n of [0, 7, 42, 999, 1000, 8042, 12345, 100000, 999999, 1000000, 113907, -1, -1234, -1234567, 2 ** 31]) expect(grouped(n)).toBe(n.toLocaleString('en'));
  });
  it('leaves a fraction as it is', () => {
    expect(grouped(1.5)).toBe('1.5');
  });
});
