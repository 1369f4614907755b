/**
 * Sets of completion indexes as ordered, non-overlapping intervals (indexed_job_utils.go
 * orderedIntervals): what status.completedIndexes and status.failedIndexes print as
 * "1,3-5,7". Two adjacent indexes print with a comma ("3,4"), three or more as a range.
 */
export interface Interval {
  first: number;
  last: number;
}

export type Intervals = Interval[];

export function total(oi: Intervals): number {
  return oi.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
}

export function intervalsString(oi: Intervals): string {
  return oi.map((v) => (v.last === v.first ? `${v.first}` : `${v.first}${v.last === v.first + 1 ? ',' : '-'}${v.last}`)).join(',');
}

export function has(oi: Intervals, ix: number): boolean {
  let lo = 0;
  let hi = oi.length;
  while (hi > lo) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if ((oi[mid] as Interval).last >= ix) hi = mid;
    else lo = mid + 1;
  }
  return hi < oi.length && (oi[hi] as Interval).first <= ix;
}

/** The union of two interval lists, merging touching intervals (2-3 and 4 make 2-4). */
export function merge(a: Intervals, b: Intervals): Intervals {
  const out: Intervals = [];
  const add = (iv: Interval): void => {
    const last = out[out.length - 1];
    if (last === undefined || iv.first > last.last + 1) out.push({ ...iv });
    else if (last.last < iv.last) last.last = iv.last;
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if ((a[i] as Interval).first < (b[j] as Interval).first) add(a[i++] as Interval);
    else add(b[j++] as Interval);
  }
  while (i < a.length) add(a[i++] as Interval);
  while (j < b.length) add(b[j++] as Interval);
  return out;
}

/** withOrderedIndexes: add indexes given in increasing order. */
export function withIndexes(oi: Intervals, indexes: readonly number[]): Intervals {
  return merge(oi, indexes.map((ix) => ({ first: ix, last: ix })));
}

/**
 * parseIndexesFromString: tolerant of what a user may have written into status; corrupted
 * fragments are skipped, indexes at or past completions dropped (1-9 with 5 completions is 1-4).
 */
export function parseIndexes(text: string | undefined, completions: number): Intervals {
  if (text === undefined || text === '') return [];
  const out: Intervals = [];
  for (const part of text.split(',')) {
    const limits = part.split('-');
    const first = /^\d+$/.test(limits[0] as string) ? Number(limits[0]) : Number.NaN;
    if (Number.isNaN(first)) continue;
    if (first >= completions) break;
    let last = first;
    if (limits.length > 1) {
      last = /^\d+$/.test(limits[1] as string) ? Number(limits[1]) : Number.NaN;
      if (Number.isNaN(last)) continue;
      if (last >= completions) last = completions - 1;
    }
    const prev = out[out.length - 1];
    if (prev !== undefined && prev.last === first - 1) prev.last = last;
    else out.push({ first, last });
  }
  return out;
}
