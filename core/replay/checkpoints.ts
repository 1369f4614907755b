import type { EventIndex } from './event-index.js';

/** The live objects at one seq: parallel arrays of object key ids and the seq of each one's latest version. */
interface Checkpoint {
  seq: number;
  keys: Int32Array;
  seqs: Int32Array;
}

/**
 * Snapshots of "which version of which object is live" taken while indexing. A new
 * snapshot is taken after max(minInterval, live/2) events: with 1,000 live objects and
 * minInterval 2,000, at most 2,000 events are folded per query, and the snapshots
 * together never hold more than about two entries per event (8 bytes each).
 */
export class Checkpoints {
  private readonly list: Checkpoint[] = [{ seq: 0, keys: new Int32Array(0), seqs: new Int32Array(0) }];

  static build(index: EventIndex, minInterval = 2000): Checkpoints {
    const cps = new Checkpoints();
    const live = new Map<number, number>();
    let since = 0;
    for (let s = 1; s <= index.length; s++) {
      applyEvent(live, index, s);
      if (++since >= Math.max(minInterval, live.size >> 1)) {
        cps.list.push(snapshot(s, live));
        since = 0;
      }
    }
    return cps;
  }

  get count(): number {
    return this.list.length;
  }

  /** Live key -> version seq at `seq`, from the nearest checkpoint plus the events after it. */
  liveAt(index: EventIndex, seq: number): Map<number, number> {
    let lo = 0;
    let hi = this.list.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.list[mid] as Checkpoint).seq <= seq) lo = mid;
      else hi = mid - 1;
    }
    const cp = this.list[lo] as Checkpoint;
    const live = new Map<number, number>();
    for (let i = 0; i < cp.keys.length; i++) live.set(cp.keys[i] as number, cp.seqs[i] as number);
    for (let s = cp.seq + 1; s <= seq; s++) applyEvent(live, index, s);
    return live;
  }
}

function applyEvent(live: Map<number, number>, index: EventIndex, s: number): void {
  const verb = index.verbOf(s);
  if (verb === 0) return; // a gap in seqs (a damaged recording): nothing to fold
  if (verb === 3) live.delete(index.keyOf(s));
  else live.set(index.keyOf(s), s);
}

function snapshot(seq: number, live: Map<number, number>): Checkpoint {
  const keys = new Int32Array(live.size);
  const seqs = new Int32Array(live.size);
  let i = 0;
  for (const [k, v] of live) {
    keys[i] = k;
    seqs[i] = v;
    i++;
  }
  return { seq, keys, seqs };
}
