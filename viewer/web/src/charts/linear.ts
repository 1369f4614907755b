import type * as d3 from 'd3';

/**
 * A d3 linear scale as a plain function that gives the same numbers: d3 maps a value
 * through a normalizer and an interpolator, t = (v - d0) / (d1 - d0) then
 * r0 * (1 - t) + r1 * t (d3-scale's bimap and d3-interpolate's number), and so does this,
 * in the same order, so every pixel and every path string is the same. What it saves is
 * d3's generic path per call (unknown/clamp checks, transform, the piecewise closure):
 * a rolled 1,000-pod Deployment's lanes ask for 61,010 step x positions to decimate
 * them, ~30 ms of a loaded machine's first frame through the scale. Anything other than
 * an ascending two-number domain and range without clamping keeps the scale itself.
 */
export function linearOf(s: d3.ScaleLinear<number, number>): (v: number) => number {
  const domain = s.domain();
  const range = s.range();
  if (domain.length !== 2 || range.length !== 2 || s.clamp()) return (v) => s(v);
  const [d0, d1] = domain as [number, number];
  const [r0, r1] = range as [number, number];
  const span = d1 - d0;
  if (!(d1 > d0) || !Number.isFinite(span) || !Number.isFinite(r0) || !Number.isFinite(r1)) return (v) => s(v);
  return (v) => {
    const t = (v - d0) / span;
    return r0 * (1 - t) + r1 * t;
  };
}
