import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { buildStoryModel } from '../../viewer/server/model/story-model.js';
import { alignChapters, type Timebase } from '../../viewer/shared/chapter-align.js';
import { chapterDeltas } from '../../viewer/shared/chapter-deltas.js';
import type { StoryModel } from '../../viewer/shared/model.js';
import { recordingsDir } from './fixtures.js';

/** seq <-> time of a story model, as the browser's ModelIndex decodes it. */
function timebase(m: StoryModel): Timebase {
  const times: number[] = [];
  let t = 0;
  for (const d of m.timeDeltas) times.push((t += d));
  return {
    timeOf: (seq) => (seq <= 0 ? 0 : (times[Math.min(seq, times.length) - 1] ?? 0)),
    seqAtTime: (x) => {
      let n = 0;
      while (n < times.length && (times[n] as number) <= x) n++;
      return n;
    },
    lastSeq: m.lastSeq,
    endTime: m.endTimeMs,
  };
}

describe('per-chapter deltas: prestop-off against prestop-on', () => {
  let off: StoryModel;
  let on: StoryModel;
  beforeAll(() => {
    const dir = recordingsDir(['prestop-off', 'prestop-on']);
    const model = (n: string): StoryModel => {
      const rec = Recording.open(path.join(dir, `${n}.db`), { readonly: true });
      const m = buildStoryModel(rec, n);
      rec.close();
      return m;
    };
    off = model('prestop-off');
    on = model('prestop-on');
  });

  it('puts every failed request in the rollout chapter, on A only; the same pods reach Ready as fast on both', () => {
    const chapters = (m: StoryModel) => m.markers.filter((x) => x.kind === 'chapter');
    const pairs = alignChapters(chapters(off), chapters(on));
    const d = chapterDeltas(pairs, { m: off, tb: timebase(off) }, { m: on, tb: timebase(on) });
    expect(d.map((x) => x.title)).toEqual(['Four replicas behind a Service', 'Steady traffic, 200 requests per second', 'The rollout replaces every pod, one at a time']);
    const [setup, traffic, rollout] = d;
    // Every failure of the recording falls in the rollout (the expectation says 227 in all).
    const total = off.traffic?.buckets.reduce((n, b) => n + b[2], 0) ?? 0;
    expect(total).toBeGreaterThan(0);
    expect(rollout?.a.failed).toBe(total);
    expect(rollout?.b.failed).toBe(0);
    expect(traffic?.a.failed).toBe(0);
    // No traffic yet in the first chapter, but the data is there: 0, not "no data".
    expect(setup?.a.failed).toBe(0);
    // The rollout creates four new pods on each side, all Ready; the slowest in a few seconds (readiness probe every 2 s).
    expect(rollout?.a).toMatchObject({ created: 4, ready: 4 });
    expect(rollout?.b).toMatchObject({ created: 4, ready: 4 });
    expect(rollout?.a.slowestReadyMs).toBeGreaterThan(2000);
    expect(rollout?.a.slowestReadyMs).toBeLessThan(10_000);
    // Writes per chapter add up to the recording, less those before the first chapter.
    const sum = d.reduce((n, x) => n + x.a.events, 0);
    expect(sum).toBe(off.lastSeq - (chapters(off)[0]?.seq ?? 0));
  });
});
