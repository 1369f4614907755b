/** The last element of `versions` whose seq (element 0) is <= seq: binary search, as scrubbing needs it per pod per frame. */
export function versionAt<V extends readonly number[]>(versions: readonly V[], seq: number): V | undefined {
  let lo = 0;
  let hi = versions.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (((versions[mid] as V)[0] as number) <= seq) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans < 0 ? undefined : versions[ans];
}

/** Whether an object with this life exists right after `seq`. */
export function alive(t: { createdSeq: number; deletedSeq: number | null }, seq: number): boolean {
  return t.createdSeq <= seq && (t.deletedSeq === null || t.deletedSeq > seq);
}

/** Its version at `seq` while it exists; undefined before it was made and after it was deleted. */
export function liveVersion<V extends readonly number[]>(t: { createdSeq: number; deletedSeq: number | null; versions: readonly V[] }, seq: number): V | undefined {
  return alive(t, seq) ? versionAt(t.versions, seq) : undefined;
}
