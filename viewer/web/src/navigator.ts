import type { AnnotationModel, MarkerModel } from '../../shared/model.js';
import type { ModelIndex } from './model-index.js';
import type { Store } from './store.js';

/**
 * Moves the playhead. Steps go by seq on the primary recording, because many writes
 * share one millisecond (three pods created at 0:00.002 are three steps, not one);
 * marker jumps land just before the marker's first write, so the chapter starts with
 * nothing of it done yet.
 */
export class Navigator {
  constructor(
    private readonly store: Store,
    private readonly mi: ModelIndex,
    private readonly endTime: () => number,
  ) {}

  toSeq(seq: number, extra: { sel?: number } = {}): void {
    const s = Math.max(0, Math.min(this.mi.lastSeq, seq));
    this.store.set({ seq: s, timeMs: this.mi.timeOf(s), scrubbing: false, ...extra });
    this.reveal(this.mi.timeOf(s));
  }

  toTime(t: number, scrubbing = false): void {
    const time = Math.max(0, Math.min(this.endTime(), t));
    this.store.set({ timeMs: time, seq: this.mi.seqAtTime(time), scrubbing });
  }

  step(delta: number): void {
    this.toSeq(this.store.state.seq + delta);
  }

  start(): void {
    this.store.set({ playing: false });
    this.toTime(0);
  }

  end(): void {
    this.store.set({ playing: false });
    this.toTime(this.endTime());
  }

  toMarker(m: MarkerModel | AnnotationModel): void {
    const seq = m.seq ?? this.mi.seqAtTime(m.timeMs);
    this.store.set({ seq, timeMs: m.timeMs, scrubbing: false });
    this.reveal(m.timeMs);
  }

  /** Next (+1) or previous (-1) chapter/action marker from the playhead. */
  marker(dir: 1 | -1): void {
    const s = this.store.state;
    const list = this.mi.m.markers.filter((m) => m.kind === 'chapter' || m.kind === 'action');
    const pos = (m: MarkerModel): [number, number] => [m.timeMs, m.seq ?? this.mi.seqAtTime(m.timeMs)];
    const after = (m: MarkerModel): boolean => {
      const [t, q] = pos(m);
      return t > s.timeMs || (t === s.timeMs && q > s.seq);
    };
    const before = (m: MarkerModel): boolean => {
      const [t, q] = pos(m);
      return t < s.timeMs || (t === s.timeMs && q < s.seq);
    };
    const target = dir > 0 ? list.find(after) : [...list].reverse().find(before);
    if (target !== undefined) this.toMarker(target);
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
