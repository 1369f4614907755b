import type * as d3 from 'd3';
import { clock } from './format.js';

/**
 * Where a time axis puts its ticks: on multiples of a step a clock reads well (0.1, 0.2,
 * 0.5, 1, 2, 5, 10, 15, 20, 30 s, 1, 2, 5, 10, 15, 30 min, 1 h), the smallest that gives at
 * most `count` ticks. d3 picks steps for the numbers alone: 50,000 ms on rollback's 4:00
 * lifecycles read 0:50.0, 1:40.0, 2:30.0; and an imported KHI recording's three writes
 * share one instant (its domain is [0, 1] ms), where d3's 11 ticks 0.1 ms apart all read
 * "0:00.0"; a window zoomed to 0.2 s got ticks every 20 ms, five in a row reading
 * "0:44.4". Steps are at least 100 ms, the finest clock() tells apart, so every label
 * differs; a window too narrow for even one tick (or a single instant) gets one at its
 * start, so the axis reads as that one labelled instant.
 */
export function clockTicks(t0: number, t1: number, count: number): number[] {
  const a = Math.min(t0, t1);
  const b = Math.max(t0, t1);
  const step = STEPS.find((s) => (b - a) / s <= Math.max(1, count)) ?? Math.ceil((b - a) / Math.max(1, count) / 3_600_000) * 3_600_000;
  const out: number[] = [];
  for (let k = Math.ceil(a / step); k * step <= b; k++) out.push(k * step);
  return out.length > 0 ? out : [a];
}

const STEPS = [100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 20_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000];

/** A d3 time axis over `x` with clockTicks' ticks and clock() labels. */
export function clockAxis(make: (x: d3.ScaleLinear<number, number>) => d3.Axis<d3.NumberValue>, x: d3.ScaleLinear<number, number>, count: number): d3.Axis<d3.NumberValue> {
  const [t0, t1] = x.domain() as [number, number];
  return make(x).tickValues(clockTicks(t0, t1, count)).tickFormat((d) => clock(Number(d)));
}
