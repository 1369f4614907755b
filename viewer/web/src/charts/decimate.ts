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
  return decimateIndices(steps.length, (k) => px(steps[k] as T), (k) => total(steps[k] as T), x0, x1).map((k) => steps[k] as T);
}

/**
 * decimateSteps over steps 0..n-1 named by index, for a series kept in columns
 * (rs-pods.ts): the indices of the steps kept, in order; every index when n fits the window.
 */
export function decimateIndices(n: number, px: (k: number) => number, total: (k: number) => number, x0: number, x1: number): number[] {
  if (n <= Math.max(1, x1 - x0)) return Array.from({ length: n }, (_, k) => k);
  const out: number[] = [];
  let before = -1;
  let col = Number.NaN;
  // The open column's first, highest and last step.
  let first = -1;
  let high = -1;
  let highV = -Infinity;
  let last = -1;
  const flush = (): void => {
    if (first < 0) return;
    out.push(first);
    if (high !== first) out.push(high);
    if (last !== high) out.push(last);
    first = -1;
  };
  for (let k = 0; k < n; k++) {
    const x = px(k);
    if (x < x0) {
      before = k;
      continue;
    }
    if (before >= 0) {
      out.push(before);
      before = -1;
    }
    if (x > x1) {
      flush();
      out.push(k);
      return out;
    }
    const c = Math.floor(x);
    if (c !== col || first < 0) {
      flush();
      col = c;
      first = high = last = k;
      highV = total(k);
      continue;
    }
    last = k;
    const v = total(k);
    if (v > highV) {
      highV = v;
      high = k;
    }
  }
  flush();
  if (before >= 0) out.push(before);
  return out;
}
