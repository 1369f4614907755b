import { beforeAll, describe, expect, it } from 'vitest';
import { PV, RV, Stage, type StoryModel } from '../../viewer/shared/model.js';
import { ModelIndex } from '../../viewer/web/src/model-index.js';
import { rollouts, RsPods } from '../../viewer/web/src/charts/rs-pods.js';
import { decimateIndices, decimateSteps } from '../../viewer/web/src/charts/decimate.js';
import { SHIPPED, shippedModels } from './shipped-models.js';

/*
 * The Deployment chart's lanes read each ReplicaSet's pods per stage from RsPods, which
 * keeps its steps in typed-array columns. What a user reads off a lane (its counts at the
 * playhead, its peak, the rollouts shaded) must be what counting the pods themselves gives.
 */

let models: ReadonlyMap<string, StoryModel> = new Map();

beforeAll(() => {
  models = shippedModels();
}, 120_000);

/** Pods of ReplicaSet `index` per stage right after `seq`, counted from every pod's own track. */
function counted(mi: ModelIndex, index: number, seq: number): number[] {
  const n = new Array<number>(7).fill(0);
  for (const p of mi.m.pods) {
    if (mi.rsOf(p) !== index || p.createdSeq > seq || (p.deletedSeq !== null && p.deletedSeq <= seq)) continue;
    let v = p.versions[0];
    for (const w of p.versions) if (w[PV.seq] <= Math.max(seq, p.createdSeq)) v = w;
    if (v !== undefined) n[v[PV.stage]] = (n[v[PV.stage]] as number) + 1;
  }
  return n;
}

/** The rollouts as the chart had them before: an object per write, sorted, a map of which ReplicaSets are on. */
function rolloutsByObjects(mi: ModelIndex, rss: RsPods[]): Array<{ t0: number; t1: number }> {
  const changes = rss.flatMap((r) => r.rs.versions.map((v) => ({ seq: v[RV.seq], uid: r.rs.uid, on: v[RV.desired] > 0 || v[RV.current] > 0 }))
    .concat(r.rs.deletedSeq === null ? [] : [{ seq: r.rs.deletedSeq, uid: r.rs.uid, on: false }]));
  changes.sort((a, b) => a.seq - b.seq);
  const on = new Map<string, boolean>();
  const out: Array<{ t0: number; t1: number }> = [];
  let start: number | null = null;
  for (const c of changes) {
    on.set(c.uid, c.on);
    const active = [...on.values()].filter(Boolean).length;
    if (active >= 2 && start === null) start = c.seq;
    else if (active < 2 && start !== null) {
      out.push({ t0: mi.timeOf(start), t1: mi.timeOf(c.seq) });
      start = null;
    }
  }
  if (start !== null) out.push({ t0: mi.timeOf(start), t1: mi.endTime });
  return out;
}

describe("a ReplicaSet's pods per stage, kept in columns (rs-pods.ts)", () => {
  it('at every seq of every shipped recording, each lane counts what the pods themselves say', () => {
    let lanes = 0;
    for (const name of SHIPPED) {
      const mi = new ModelIndex(structuredClone(models.get(name) as StoryModel));
      const rss = mi.m.replicaSets.map((rs, i) => new RsPods(mi, rs, i));
      for (const r of rss) {
        if (r.pods.length === 0) continue;
        lanes++;
        let peak = 0;
        for (let seq = 0; seq <= mi.lastSeq; seq++) {
          const want = counted(mi, r.index, seq);
          expect(r.byStage(seq), `${name} ${r.rs.name} at seq ${seq}`).toEqual(want);
          const at = r.at(seq);
          expect([at.pods, at.ready, at.terminating], `${name} ${r.rs.name} readout at seq ${seq}`).toEqual([want.reduce((a, b) => a + b, 0), want[Stage.Ready], want[Stage.Terminating]]);
          peak = Math.max(peak, want.reduce((a, b) => a + b, 0));
        }
        for (let k = 0; k < r.length; k++) expect(r.totals[k]).toBe(r.stepAt(k)[1].reduce((a, b) => a + b, 0));
        expect(r.peak).toBe(Math.max(peak, ...r.rs.versions.map((v) => v[RV.desired])));
      }
    }
    expect(lanes).toBeGreaterThan(5);
  });

  it('shades the same rollouts as counting ReplicaSets that are on at each write', () => {
    let shaded = 0;
    for (const name of SHIPPED) {
      const mi = new ModelIndex(structuredClone(models.get(name) as StoryModel));
      for (const d of mi.m.deployments) {
        const rss = mi.m.replicaSets.map((rs, i) => ({ rs, i })).filter(({ rs }) => rs.deployment === d.name && rs.namespace === d.namespace).map(({ rs, i }) => new RsPods(mi, rs, i));
        const got = rollouts(mi, rss);
        expect(got, `${name} deployment/${d.name}`).toEqual(rolloutsByObjects(mi, rss));
        shaded += got.length;
      }
    }
    expect(shaded).toBeGreaterThan(0); // rolling-update has two
  });
});

describe('decimation by index (decimate.ts)', () => {
  /**
   * What decimation must keep, written the plain way: per pixel column of the window its first
   * step, its highest (the first of equal highs) and its last; the last step left of the window
   * and the first right of it. Steps are in x order.
   */
  function expected(steps: ReadonlyArray<[number, number]>, x0: number, x1: number): number[] {
    const cols = new Map<number, number[]>();
    let before = -1;
    let after = -1;
    steps.forEach(([x], k) => {
      if (x < x0) before = k;
      else if (x > x1) after = after < 0 ? k : after;
      else {
        const c = Math.floor(x);
        cols.set(c, [...(cols.get(c) ?? []), k]);
      }
    });
    const kept = new Set<number>();
    if (before >= 0) kept.add(before);
    if (after >= 0) kept.add(after);
    for (const ks of cols.values()) {
      const high = ks.reduce((a, b) => ((steps[b] as [number, number])[1] > (steps[a] as [number, number])[1] ? b : a));
      for (const k of [ks[0] as number, high, ks[ks.length - 1] as number]) kept.add(k);
    }
    return [...kept].sort((a, b) => a - b);
  }

  it('keeps each pixel column\'s first, highest and last step, and the steps either side of the window', () => {
    // A noisy series of 5,000 steps over 300 px, and the window partly before and after it.
    const steps = Array.from({ length: 5000 }, (_, k): [number, number] => [k * 0.1 + ((k * 7919) % 13) * 0.001, (k * 104729) % 97]);
    for (const [x0, x1] of [[0, 300], [100, 250], [-50, 600]] as const) {
      const byIndex = decimateIndices(steps.length, (k) => (steps[k] as [number, number])[0], (k) => (steps[k] as [number, number])[1], x0, x1);
      expect(byIndex).toEqual(expected(steps, x0, x1));
      expect(byIndex.length).toBeLessThan(steps.length);
      expect(decimateSteps(steps, (s) => s[0], (s) => s[1], x0, x1)).toEqual(byIndex.map((k) => steps[k]));
    }
    // A series no longer than the window has pixels is kept whole.
    expect(decimateIndices(3, (k) => k, () => 1, 0, 300)).toEqual([0, 1, 2]);
  });
});
