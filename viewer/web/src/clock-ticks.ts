import * as d3 from 'd3';
import { clock } from './format.js';

/**
 * Where a time axis puts its ticks: only on whole tenths of a second, the finest time a
 * clock() label tells apart. d3 picks ticks for the scale alone: an imported KHI
 * recording's three writes share one instant (its domain is [0, 1] ms), and d3's 11
 * ticks 0.1 ms apart all read "0:00.0"; a window zoomed to 0.2 s gets ticks every 20 ms,
 * five in a row reading "0:44.4". Kept to multiples of 100 ms, every label differs; a
 * window too narrow for even one (or a single instant) gets one tick at its start, so the
 * axis reads as that one labelled instant.
 */
export function clockTicks(t0: number, t1: number, count: number): number[] {
  const a = Math.min(t0, t1);
  const b = Math.max(t0, t1);
  const tenths = d3.ticks(a, b, count).filter((t) => Math.abs(t / 100 - Math.round(t / 100)) < 1e-6);
  // The same label twice can still come from -0 and 0, or float noise: one tick a label.
  const seen = new Set<string>();
  const out = tenths.filter((t) => !seen.has(clock(t)) && seen.add(clock(t)) !== undefined);
  return out.length > 0 ? out : [a];
}

/** A d3 time axis over `x` with clockTicks' ticks and clock() labels. */
export function clockAxis(make: (x: d3.ScaleLinear<number, number>) => d3.Axis<d3.NumberValue>, x: d3.ScaleLinear<number, number>, count: number): d3.Axis<d3.NumberValue> {
  const [t0, t1] = x.domain() as [number, number];
  return make(x).tickValues(clockTicks(t0, t1, count)).tickFormat((d) => clock(Number(d)));
}
