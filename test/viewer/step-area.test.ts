import * as d3 from 'd3';
import { describe, expect, it } from 'vitest';
import { linearOf } from '../../viewer/web/src/charts/linear.js';
import { stepAfterArea } from '../../viewer/web/src/charts/step-area.js';

/** A small deterministic generator (no Math.random: the same numbers every run). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe("a Deployment lane's stage areas written directly (step-area.ts, linear.ts)", () => {
  it('places every value where the d3 scale does, to the last bit', () => {
    const rnd = lcg(7);
    for (let c = 0; c < 50; c++) {
      const d0 = Math.floor(rnd() * 1e5);
      const d1 = d0 + 1 + rnd() * 3e6;
      const r0 = 150 + rnd() * 10;
      const r1 = r0 + 200 + rnd() * 1400;
      const s = d3.scaleLinear().domain([d0, d1]).range([r0, r1]);
      const f = linearOf(s);
      for (let k = 0; k < 200; k++) {
        const v = d0 - 1e4 + rnd() * (d1 - d0 + 2e4);
        expect(f(v)).toBe(s(v));
      }
      // A lane's y: counts 0..peak onto a 30 px lane, drawn upwards.
      const y = d3.scaleLinear().domain([0, 1 + Math.floor(rnd() * 1000)]).range([r0 + 27, r0 + 3]);
      const fy = linearOf(y);
      for (let n = 0; n <= 1000; n += 7) expect(fy(n)).toBe(y(n));
    }
  });

  it('keeps the scale itself where the plain form would differ (clamped, descending domain)', () => {
    const clamped = d3.scaleLinear().domain([0, 10]).range([0, 100]).clamp(true);
    expect(linearOf(clamped)(20)).toBe(100);
    const desc = d3.scaleLinear().domain([10, 0]).range([0, 100]);
    expect(linearOf(desc)(2.5)).toBe(desc(2.5));
  });

  it("writes the same path string as d3.area with curveStepAfter, byte for byte", () => {
    const rnd = lcg(42);
    for (const n of [1, 2, 3, 10, 500, 2800]) {
      const x = d3.scaleLinear().domain([0, 300_000]).range([150, 1100]);
      const y = d3.scaleLinear().domain([0, 1000]).range([127, 103]);
      const times = Array.from({ length: n }, () => rnd() * 300_000).sort((a, b) => a - b);
      const lo = times.map(() => Math.floor(rnd() * 500));
      const hi = lo.map((v) => v + Math.floor(rnd() * 500));
      const steps = times.map((t, k) => ({ t, lo: lo[k] as number, hi: hi[k] as number }));
      const ref = d3.area<(typeof steps)[number]>().x((s) => x(s.t)).y0((s) => y(s.lo)).y1((s) => y(s.hi)).curve(d3.curveStepAfter)(steps);
      const xs = Float64Array.from(times, (t) => linearOf(x)(t));
      const fy = linearOf(y);
      const mine = stepAfterArea(n, xs, (k) => fy(lo[k] as number), (k) => fy(hi[k] as number));
      expect(mine).toBe(ref);
    }
    expect(stepAfterArea(0, [], () => 0, () => 0)).toBe(null);
  });
});
