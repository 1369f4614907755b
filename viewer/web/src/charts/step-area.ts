/**
 * The path string d3.area().curve(d3.curveStepAfter) writes for n points (x[k], from
 * y0(k) up to y1(k)), written directly: the top edge left to right as steps after each
 * point, then the base right to left as steps before, closed. Numbers are rounded to 3
 * decimals as d3-shape 3.2's paths round them, so the string is the same to the byte
 * (test/viewer/step-area.test.ts compares them).
 *
 * Why: a rolled 1,000-pod Deployment's 8 lanes keep up to ~2,800 steps each, drawn as
 * up to 7 stacked stage areas: d3 builds each from a [time, counts] tuple per step
 * through four accessor callbacks, a curve object and a path object per point (~35-50
 * ms of a loaded machine's first frame with the tuples and stacks behind them). Here the
 * lane hands over columns (typed arrays) and one loop writes the string.
 */
export function stepAfterArea(n: number, x: ArrayLike<number>, y0: (k: number) => number, y1: (k: number) => number): string | null {
  if (n === 0) return null;
  const r = (v: number): number => Math.round(v * 1000) / 1000;
  // Top edge: d3's step point with t = 1 goes across at the previous y, then up or down.
  let py = r(y1(0));
  let d = `M${r(x[0] as number)},${py}`;
  for (let k = 1; k < n; k++) {
    const xk = r(x[k] as number);
    const yk = r(y1(k));
    d += `L${xk},${py}L${xk},${yk}`;
    py = yk;
  }
  // Base, back from the last point: t = 0 goes up or down at the previous x, then across.
  let bx = r(x[n - 1] as number);
  d += `L${bx},${r(y0(n - 1))}`;
  for (let k = n - 2; k >= 0; k--) {
    const xk = r(x[k] as number);
    const yk = r(y0(k));
    d += `L${bx},${yk}L${xk},${yk}`;
    bx = xk;
  }
  return `${d}Z`;
}
