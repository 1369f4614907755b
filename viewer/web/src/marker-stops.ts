import type { MarkerModel } from '../../shared/model.js';

/** Where Shift+← → stops: one place on the timeline, with every marker that lands there. */
export interface MarkerStop {
  seq: number;
  timeMs: number;
  markers: MarkerModel[];
}

export interface StopContext {
  timeOf(seq: number): number;
  seqAtTime(t: number): number;
  lastSeq: number;
  /** The story lens's noise test, or none when the lens is off. */
  noise?: (seq: number) => boolean;
}

/**
 * Where a marker puts the playhead. A marker's seq differs by kind (docs/recording-format.md):
 * an action's is the first write it made, so it lands there; a chapter's or note's is the
 * last write *before* it, so it lands on the first write at the marker's own time (the
 * chapter "Someone deletes a pod" at 0:30 has seq 148, a lease renewal from 0:20; it
 * lands on seq 149, the kubectl delete at 0:30), skipping the lens's noise; an expectation
 * is checked after its seq's write and writes nothing, so it lands between writes, at
 * (its seq, its time). Where nothing was written at the marker's time the playhead sits
 * at (seq, marker time) and the narration says what the marker is.
 */
export function landing(m: MarkerModel, c: StopContext): { seq: number; timeMs: number } {
  const base = m.seq ?? c.seqAtTime(m.timeMs);
  if (m.kind === 'chapter' || m.kind === 'note') {
    for (let s = base + 1; s <= c.lastSeq && c.timeOf(s) === m.timeMs; s++) {
      if (c.noise?.(s) !== true) return { seq: s, timeMs: m.timeMs };
    }
  }
  return { seq: base, timeMs: m.timeMs };
}

/**
 * Every marker's landing, in time order, markers landing on the same place merged into
 * one stop: pod-loss-recovery's chapter "A pod's containers vanish" and its fault both
 * land at (seq 180, 1:10.0), which used to be two markers at one place, where Shift+→
 * stopped for good. The final expectation (at the end) is a stop too.
 */
export function markerStops(markers: readonly MarkerModel[], c: StopContext): MarkerStop[] {
  const stops: MarkerStop[] = [];
  const byPlace = new Map<string, MarkerStop>();
  for (const m of markers) {
    const at = landing(m, c);
    const key = `${at.seq}@${at.timeMs}`;
    const stop = byPlace.get(key);
    if (stop !== undefined) stop.markers.push(m);
    else {
      const s: MarkerStop = { ...at, markers: [m] };
      byPlace.set(key, s);
      stops.push(s);
    }
  }
  return stops.sort((a, b) => a.timeMs - b.timeMs || a.seq - b.seq);
}

/** -1, 0 or 1: place a before, at or after place b, by time and then seq. */
export function comparePlace(a: { seq: number; timeMs: number }, b: { seq: number; timeMs: number }): number {
  return Math.sign(a.timeMs - b.timeMs || a.seq - b.seq);
}
