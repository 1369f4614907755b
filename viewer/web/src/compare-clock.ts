import { alignChapters, mapPlayhead, mapTime, type ChapterMark, type ChapterPair, type Mapped } from '../../shared/chapter-align.js';
import type { MarkerModel } from '../../shared/model.js';
import type { ModelIndex } from './model-index.js';
import type { RowMark } from './compare-markers.js';

const mark = (m: MarkerModel): ChapterMark => ({ timeMs: m.timeMs, seq: m.seq, title: m.title });

/**
 * The two sides of a comparison on one playhead: A's seq and time are the store's, B's
 * are mapped through the matched chapters (shared/chapter-align.ts). With no chapter in
 * common both share plain cluster time, as compare mode did before.
 */
export class CompareClock {
  readonly pairs: ChapterPair[];
  /** The timeline's B row: B's markers on A's axis, then the first divergence once known. */
  readonly marks: RowMark[];

  constructor(readonly a: ModelIndex, readonly b: ModelIndex) {
    this.pairs = alignChapters(a.chapters.map(mark), b.chapters.map(mark));
    this.marks = this.bMarkersOnA().map((m) => ({ timeMs: m.timeMs, title: m.title, cls: m.kind, target: m }));
  }

  /** B's playhead for A's (seq, time). */
  bAt(seq: number, timeMs: number): Mapped {
    return mapPlayhead(this.pairs, 'a', this.a, this.b, seq, timeMs);
  }

  /** A's playhead that shows B at (seq, time): for jumps to something only B did. */
  aAt(seqB: number, timeB: number): Mapped {
    return mapPlayhead(this.pairs, 'b', this.b, this.a, seqB, timeB);
  }

  /** A time of B on A's axis (the timeline, B's lifecycles' window). */
  toA(tB: number): number {
    return mapTime(this.pairs, 'b', tB);
  }

  toB(tA: number): number {
    return mapTime(this.pairs, 'a', tA);
  }

  /**
   * Where both sides open: a permalink's playhead (its seq when it sits at its time, as
   * compare links write both), else the first matched chapter's start (its world built,
   * none of its writes yet), else A's first chapter, else 0.
   */
  opening(seq?: number, time?: number): { seq: number; timeMs: number } {
    const last = this.a.lastSeq;
    if (time !== undefined) {
      const s = seq !== undefined && seq <= last && this.a.timeOf(seq) <= time && this.a.seqAtTime(time) >= seq ? seq : this.a.seqAtTime(time);
      return { seq: s, timeMs: time };
    }
    if (seq !== undefined) return { seq: Math.min(seq, last), timeMs: this.a.timeOf(Math.min(seq, last)) };
    const c = this.pairs[0]?.a ?? (this.a.chapters[0] === undefined ? undefined : mark(this.a.chapters[0]));
    if (c === undefined) return { seq: 0, timeMs: 0 };
    return { seq: c.seq ?? this.a.seqAtTime(c.timeMs - 0.001), timeMs: c.timeMs };
  }

  /**
   * B as the timeline draws it on A's axis: its density and failed requests warped through
   * the chapters. A view over B's index (prototype B) with seqAtTime and traffic replaced.
   */
  warpedB(): ModelIndex {
    const b = this.b;
    const tr = b.m.traffic;
    const m = { ...b.m, endTimeMs: this.toA(b.endTime), traffic: tr === null ? null : { ...tr, buckets: tr.buckets.map(([t, ok, failed]) => [this.toA(t), ok, failed] as [number, number, number]) } };
    const warped = Object.create(b) as ModelIndex;
    Object.defineProperty(warped, 'm', { value: m });
    Object.defineProperty(warped, 'seqAtTime', { value: (tA: number) => b.seqAtTime(this.toB(tA)) });
    return warped;
  }

  /** B's markers on A's axis, for the timeline's B row; a matched chapter lands on A's chapter start. */
  bMarkersOnA(): MarkerModel[] {
    return this.b.m.markers
      .filter((m) => m.kind === 'chapter' || m.kind === 'action' || m.kind === 'expectation')
      .map((m) => {
        const p = this.pairs.find((x) => x.b.timeMs === m.timeMs && x.b.title === m.title);
        const timeMs = p?.a.timeMs ?? this.toA(m.timeMs);
        return { ...m, timeMs, seq: p?.a.seq ?? this.a.seqAtTime(timeMs) };
      });
  }
}
