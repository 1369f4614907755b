import type { AnnotationModel, MarkerModel } from '../../shared/model.js';
import type { ChainFollow } from './chain-follow.js';
import { StoryLens } from './lens.js';
import { comparePlace, landing, markerStops, type MarkerStop, type StopContext } from './marker-stops.js';
import type { ModelIndex } from './model-index.js';
import type { Store } from './store.js';

/**
 * Moves the playhead. Steps go by seq on the primary recording, because many writes
 * share one millisecond (three pods created at 0:00.002 are three steps, not one); with
 * the story lens on they skip its noise (lease renewals, Event echoes), and with follow
 * on they go along the selected causal chain only. Marker jumps land where
 * marker-stops.ts says: a chapter on its first write, an expectation between writes.
 */
export class Navigator {
  readonly lens: StoryLens;
  private stopsCache: { lens: boolean; stops: MarkerStop[] } | undefined;
  private following = false;
  /** Settles once the lens's noise runs are in (they come after the first frame, GET .../noise). */
  readonly lensLoaded: Promise<void>;
  private lensReady: boolean;

  constructor(
    private readonly store: Store,
    private readonly mi: ModelIndex,
    private readonly endTime: () => number,
    private readonly chain?: ChainFollow,
    noise?: Promise<ReadonlyArray<readonly [number, number]>>,
  ) {
    this.lens = new StoryLens([], mi.lastSeq);
    this.lensReady = noise === undefined;
    this.lensLoaded = (noise ?? Promise.resolve([])).then((runs) => {
      this.lens.load(runs);
      this.lensReady = true;
      this.stopsCache = undefined;
    });
  }

  /** With the lens on and its runs not in yet, `then` runs once they are (a key pressed in the first moments waits); else now. */
  private afterLens(then: () => void): boolean {
    if (this.lensReady || !this.store.state.lens) return false;
    void this.lensLoaded.then(then);
    return true;
  }

  toSeq(seq: number, extra: { sel?: number } = {}): void {
    const s = Math.max(0, Math.min(this.mi.lastSeq, seq));
    this.store.set({ seq: s, timeMs: this.mi.timeOf(s), scrubbing: false, ...extra });
    this.reveal(this.mi.timeOf(s));
  }

  toTime(t: number, scrubbing = false): void {
    const time = Math.max(0, Math.min(this.endTime(), t));
    this.store.set({ timeMs: time, seq: this.mi.seqAtTime(time), scrubbing });
  }

  /** One write forward (1) or back (-1): the next the lens keeps, or the next of the followed chain. */
  step(delta: 1 | -1): void {
    if (this.afterLens(() => this.step(delta))) return;
    const s = this.store.state;
    const keep = (q: number): boolean => !s.lens || !this.lens.isNoise(q);
    // Between writes (at an expectation, or after scrubbing), back is the write just passed.
    if (delta < 0 && s.timeMs > this.mi.timeOf(s.seq) && s.seq > 0 && keep(s.seq) && !(s.follow && s.sel > 0)) return this.toSeq(s.seq);
    if (s.follow && s.sel > 0 && this.chain !== undefined) {
      if (this.following) return;
      this.following = true;
      this.chain
        .next(s.sel, s.seq, delta, keep)
        .then((q) => q !== undefined && this.toSeq(q))
        // A chain that cannot be fetched leaves the playhead where it is; the next key tries again.
        .catch(() => undefined)
        .finally(() => (this.following = false));
      return;
    }
    if (!s.lens) return this.toSeq(s.seq + delta);
    const q = this.lens.next(s.seq, delta);
    if (q !== undefined) this.toSeq(q);
    else if (delta < 0) this.toSeq(0);
  }

  start(): void {
    this.store.set({ playing: false });
    this.toTime(0);
  }

  end(): void {
    this.store.set({ playing: false });
    this.toTime(this.endTime());
  }

  /** A marker (timeline click) lands as Shift+→ would; a note at its seq and time. */
  toMarker(m: MarkerModel | AnnotationModel): void {
    if (this.afterLens(() => this.toMarker(m))) return;
    // A marker the viewer made itself (id -1: compare's first divergence, B's markers on A's
    // axis) already names the write it is about; the scenario's landing rules are for markers
    // written between writes (a chapter's seq is the write before it).
    const exact = 'kind' in m && m.id === -1 && m.seq !== null;
    const at = 'kind' in m && !exact ? landing(m, this.stopContext()) : { seq: m.seq ?? this.mi.seqAtTime(m.timeMs), timeMs: m.timeMs };
    this.store.set({ seq: at.seq, timeMs: at.timeMs, scrubbing: false });
    this.reveal(at.timeMs);
  }

  /** Every marker stop (chapters, actions, notes, expectations), for the current lens. */
  stops(): MarkerStop[] {
    const lens = this.store.state.lens;
    if (this.stopsCache?.lens !== lens) this.stopsCache = { lens, stops: markerStops(this.mi.m.markers, this.stopContext()) };
    return this.stopsCache.stops;
  }

  /** Next (+1) or previous (-1) marker stop from the playhead. */
  marker(dir: 1 | -1): void {
    if (this.afterLens(() => this.marker(dir))) return;
    const s = this.store.state;
    const stops = this.stops();
    const target = dir > 0 ? stops.find((p) => comparePlace(p, s) > 0) : [...stops].reverse().find((p) => comparePlace(p, s) < 0);
    if (target === undefined) return;
    this.store.set({ seq: target.seq, timeMs: target.timeMs, scrubbing: false });
    this.reveal(target.timeMs);
  }

  private stopContext(): StopContext {
    const mi = this.mi;
    const lens = this.store.state.lens;
    return { timeOf: (q) => mi.timeOf(q), seqAtTime: (t) => mi.seqAtTime(t), lastSeq: mi.lastSeq, ...(lens ? { noise: (q: number) => this.lens.isNoise(q) } : {}) };
  }

  /** Zoom the window around the playhead: factor 0.5 zooms in twice, 2 out. */
  zoom(factor: number): void {
    const s = this.store.state;
    const end = this.endTime();
    const w = Math.max(200, Math.min(end, (s.t1 - s.t0) * factor));
    let t0 = s.timeMs - (s.timeMs - s.t0) * (w / Math.max(1, s.t1 - s.t0));
    t0 = Math.max(0, Math.min(end - w, t0));
    this.store.set({ t0, t1: t0 + w });
  }

  /** Keeps the playhead inside the zoom window when it jumps out of it. */
  private reveal(t: number): void {
    const s = this.store.state;
    if (t >= s.t0 && t <= s.t1) return;
    const w = s.t1 - s.t0;
    const t0 = Math.max(0, Math.min(this.endTime() - w, t - w / 2));
    this.store.set({ t0, t1: t0 + w });
  }
}
