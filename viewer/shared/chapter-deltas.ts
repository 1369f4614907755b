import type { ChapterMark, ChapterPair, Timebase } from './chapter-align.js';
import { PV, Stage, type StoryModel } from './model.js';

/** What one recording did in one chapter: the numbers compare mode puts side by side. */
export interface ChapterStats {
  /** Writes in the chapter (every write, heartbeats included: both sides have the same). */
  events: number;
  /** Failed requests in the chapter's time; null without traffic data. */
  failed: number | null;
  /** Pods created in the chapter, and how many of them became Ready in the recording. */
  created: number;
  ready: number;
  /** Creation to first Ready (ms) of the slowest of them; null when none became Ready. */
  slowestReadyMs: number | null;
}

export interface ChapterDelta {
  title: string;
  a: ChapterStats;
  b: ChapterStats;
}

function anchor(c: ChapterMark, tb: Timebase): number {
  return c.seq ?? tb.seqAtTime(c.timeMs - 0.001);
}

/**
 * One chapter of one recording: writes after its start's seq up to the next chapter's,
 * failures in [start, next start), pods created in it and their time to Ready. In
 * prestop-off's rollout chapter (40 s to the end) that reads ~150 writes, 227 failed,
 * 4 pods each Ready ~4 s after creation; prestop-on's the same but 0 failed.
 */
export function chapterStats(m: Pick<StoryModel, 'pods' | 'traffic'>, tb: Timebase, from: ChapterMark, to: ChapterMark | undefined): ChapterStats {
  const s0 = anchor(from, tb);
  const s1 = to === undefined ? tb.lastSeq : anchor(to, tb);
  const t1 = to === undefined ? Infinity : to.timeMs;
  let failed: number | null = null;
  if (m.traffic !== null) {
    failed = 0;
    for (const [t, , f] of m.traffic.buckets) if (t >= from.timeMs && t < t1) failed += f;
  }
  let created = 0;
  let ready = 0;
  let slowest: number | null = null;
  for (const p of m.pods) {
    if (p.createdSeq <= s0 || p.createdSeq > s1) continue;
    created++;
    const v = p.versions.find((x) => x[PV.stage] === Stage.Ready);
    if (v === undefined) continue;
    ready++;
    const ms = tb.timeOf(v[PV.seq]) - tb.timeOf(p.createdSeq);
    slowest = Math.max(slowest ?? 0, ms);
  }
  return { events: Math.max(0, s1 - s0), failed, created, ready, slowestReadyMs: slowest };
}

/** A row per matched chapter, each side measured over its own chapter. */
export function chapterDeltas(pairs: readonly ChapterPair[], a: { m: Pick<StoryModel, 'pods' | 'traffic'>; tb: Timebase }, b: { m: Pick<StoryModel, 'pods' | 'traffic'>; tb: Timebase }): ChapterDelta[] {
  return pairs.map((p, k) => ({
    title: p.a.title === p.b.title ? p.a.title : `${p.a.title} / ${p.b.title}`,
    a: chapterStats(a.m, a.tb, p.a, pairs[k + 1]?.a),
    b: chapterStats(b.m, b.tb, p.b, pairs[k + 1]?.b),
  }));
}
