import { describe, expect, it } from 'vitest';
import { decimateSteps } from '../../viewer/web/src/charts/decimate.js';

type Step = [number, number];
const px = (p: Step): number => p[0] / 10; // 10 ms a pixel
const total = (p: Step): number => p[1];
/** The value a step series holds at time t (curveStepAfter): the last step at or before it. */
const valueAt = (s: readonly Step[], t: number): number => {
  let v = 0;
  for (const p of s) if (p[0] <= t) v = p[1];
  return v;
};

describe('a chart series cut to its pixels (decimate.ts)', () => {
  it('draws a story-sized series exactly as it is', () => {
    const s: Step[] = [[0, 1], [5, 2], [7, 3], [300, 0]];
    expect(decimateSteps(s, px, total, 0, 100)).toBe(s);
  });

  it('keeps at most three steps a pixel column, each column ending on the true value, spikes still reaching their height', () => {
    // 20,000 steps over 200 px: 100 a column, a one-step spike to 500 inside column 50.
    const s: Step[] = [];
    for (let i = 0; i < 20_000; i++) s.push([i * 0.1, i === 5_005 ? 500 : i % 7]);
    const d = decimateSteps(s, px, total, 0, 200);
    expect(d.length).toBeLessThanOrEqual(3 * 200);
    expect(d.length).toBeLessThan(s.length / 30);
    expect(Math.max(...d.map((p) => p[1]))).toBe(500);
    for (let c = 0; c < 200; c++) {
      const t = c * 10 + 9.95; // the last moment of column c
      expect(valueAt(d, t), `column ${c}`).toBe(valueAt(s, t));
    }
    // In time order, as the path needs them.
    for (let k = 1; k < d.length; k++) expect((d[k] as Step)[0]).toBeGreaterThanOrEqual((d[k - 1] as Step)[0]);
  });

  it('zoomed in, keeps the value the window starts with and the first step after it, nothing else outside', () => {
    const s: Step[] = [];
    for (let i = 0; i < 10_000; i++) s.push([i, i]);
    // A window of 50 px from x 100 to 150: times 1,000 to 1,500.
    const d = decimateSteps(s, px, total, 100, 150);
    expect(d[0]).toEqual([999, 999]);
    expect(d[d.length - 1]).toEqual([1501, 1501]);
    expect(d.filter((p) => p[0] < 1000 || p[0] > 1500)).toHaveLength(2);
    expect(valueAt(d, 1239.5)).toBe(1239); // column 123 ends on its true value
  });
});
