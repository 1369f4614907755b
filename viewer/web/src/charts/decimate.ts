/**
 * A step series cut down to what its pixels can show. A chart's series has a point per
 * write that changed it: 1,000 pods rolled 7 times are ~40,000 stage steps over 8
 * ReplicaSet lanes, drawn into ~1,400 px, so 30 steps share a pixel column and the
 * browser builds (and rasterises) path data nobody can see: ~520 ms of a cached open.
 *
 * Per pixel column this keeps the column's first step, the one with the highest total
 * (a spike inside the pixel still reaches its height) and its last one (the value it
 * leaves for the next column), in order; of the steps left of the window only the last
 * (the value the window starts with) and right of it only the first. A series with no
 * more points than the window has pixels is returned as it is, so a story's few steps
 * are drawn exactly as before.
 */
export function decimateSteps<T>(steps: readonly T[], px: (p: T) => number, total: (p: T) => number, x0: number, x1: number): readonly T[] {
  if (steps.length <= Math.max(1, x1 - x0)) return steps;
  const out: T[] = [];
  let before: T | undefined;
  let col = Number.NaN;
  // Indices into steps of the open column's first, highest and last step.
  let first = -1;
  let high = -1;
  let highV = -Infinity;
  let last = -1;
  const flush = (): void => {
    if (first < 0) return;
    for (const k of [...new Set([first, high, last])].sort((a, b) => a - b)) out.push(steps[k] as T);
    first = -1;
  };
  for (let k = 0; k < steps.length; k++) {
    const p = steps[k] as T;
    const x = px(p);
    if (x < x0) {
      before = p;
      continue;
    }
    if (before !== undefined) {
      out.push(before);
      before = undefined;
    }
    if (x > x1) {
      flush();
      out.push(p);
      return out;
    }
    const c = Math.floor(x);
    if (c !== col || first < 0) {
      flush();
      col = c;
      first = high = last = k;
      highV = total(p);
      continue;
    }
    last = k;
    const v = total(p);
    if (v > highV) {
      highV = v;
      high = k;
    }
  }
  flush();
  if (before !== undefined) out.push(before);
  return out;
}
