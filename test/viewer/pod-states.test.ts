import { beforeAll, describe, expect, it } from 'vitest';
import { PV, type StoryModel } from '../../viewer/shared/model.js';
import { ModelIndex } from '../../viewer/web/src/model-index.js';
import { CANVAS_FROM_PODS, peakPods, PodStates } from '../../viewer/web/src/pod-states.js';
import { ClusterBook, LANE } from '../../viewer/web/src/cluster-book.js';
import { buildBands, countsAt, ownerKey } from '../../viewer/web/src/lifecycles-band-model.js';
import { SHIPPED, shippedModels } from './shipped-models.js';

/*
 * The large-recording views update from what changed between two seqs (pod-states.ts,
 * cluster-book.ts) and band pod rows per owner (lifecycles-bands.ts). Each must say what
 * a full scan (ModelIndex.podsAt, the SVG view's way) says, at every seq it is moved to.
 */

let models: ReadonlyMap<string, StoryModel> = new Map();

beforeAll(() => {
  models = shippedModels();
}, 120_000);

const mi = (name: string): ModelIndex => new ModelIndex(structuredClone(models.get(name) as StoryModel));
const key = (uid: string, v: readonly number[]): string => `${uid}@${v[PV.seq]}`;

/** A walk a user might make: steps forward, a drag back, jumps to both ends and the middle. */
function walk(last: number): number[] {
  const seqs: number[] = [];
  for (let s = 0; s <= Math.min(last, 80); s += 3) seqs.push(s);
  for (let s = last; s > 0; s -= Math.max(1, Math.floor(last / 37))) seqs.push(s);
  seqs.push(last, 1, Math.floor(last / 2), Math.floor(last / 2) + 1, Math.floor(last / 2), last);
  return seqs;
}

describe('PodStates: the pods at the playhead from what changed', () => {
  it.each(['rolling-update', 'pod-loss-recovery', 'node-failure', 'daemonset-rollout'])('%s: at every seq of a walk, the same pods and versions as a full scan', (name) => {
    const m = mi(name);
    const states = new PodStates(m);
    for (const seq of walk(m.lastSeq)) {
      states.moveTo(seq);
      const got = states.at.filter((p) => p !== undefined).map((p) => key(p.track.uid, p.v)).sort();
      expect(got, `seq ${seq}`).toEqual(m.podsAt(seq).map((p) => key(p.track.uid, p.v)).sort());
    }
  });

  it('one step touches only the pods written at that seq, not every pod', () => {
    const m = mi('rolling-update');
    const states = new PodStates(m);
    states.moveTo(1);
    let most = 0;
    for (let seq = 2; seq <= m.lastSeq; seq++) {
      const changed = states.moveTo(seq) as number[];
      // A write changes at most one pod: its creation, a new version, or its removal.
      const written = m.m.pods.filter((p) => p.createdSeq === seq || p.deletedSeq === seq || p.versions.some((v) => v[PV.seq] === seq)).length;
      expect(changed.length, `seq ${seq}`).toBe(written);
      most = Math.max(most, changed.length);
    }
    expect(most).toBe(1);
    expect(m.m.pods.length).toBeGreaterThan(20);
  });
});

describe('ClusterBook: pods per node and per phase', () => {
  it.each(['rolling-update', 'node-failure'])('%s: each box holds the pods a full scan puts on its node (the lane: no live node), counted per stage', (name) => {
    const m = mi(name);
    const book = new ClusterBook(new PodStates(m));
    for (const seq of walk(m.lastSeq)) {
      const nodes = m.nodesAt(seq);
      book.moveTo(seq, nodes);
      const live = new Set(nodes.map((n) => n.track.name));
      const want = new Map<string, number[]>();
      for (const p of m.podsAt(seq)) {
        const k = p.node !== null && live.has(p.node) ? p.node : LANE;
        const c = want.get(k) ?? [0, 0, 0, 0, 0, 0, 0];
        c[p.v[PV.stage]]! += 1;
        want.set(k, c);
      }
      for (const k of [LANE, ...live]) {
        expect([seq, k, ...book.counts(k)]).toEqual([seq, k, ...(want.get(k) ?? [0, 0, 0, 0, 0, 0, 0])]);
        expect(book.sorted(k).map((i) => book.states.pods[i]!.name)).toEqual(m.podsAt(seq).filter((p) => (p.node !== null && live.has(p.node) ? p.node : LANE) === k).map((p) => p.track.name));
      }
      expect(book.total).toBe(m.podsAt(seq).length);
    }
  });
});

describe('lifecycle bands: one per owner, counted per phase', () => {
  it('rolling-update: between any two events, a band counts its owner\'s pods per stage as a full scan does', () => {
    const m = mi('rolling-update');
    // Bands from each pod's stages, as the lifecycle rows make them: a stage lasts from its version to the next (or the pod's removal).
    const rows = m.m.pods.map((p) => ({
      owner: ownerKey(p.namespace, p.owner),
      rev: m.revOf(p),
      segments: p.versions.map((v, i) => ({ t0: m.timeOf(v[PV.seq]), t1: p.versions[i + 1] !== undefined ? m.timeOf(p.versions[i + 1]![PV.seq]) : p.deletedSeq === null ? m.endTime : m.timeOf(p.deletedSeq), stage: v[PV.stage] })),
    }));
    const bands = buildBands(rows);
    expect(bands.map((b) => b.key)).toContain(`default/ReplicaSet/${m.m.replicaSets.find((r) => r.deployment === 'web')!.name}`);
    for (let seq = 5; seq < m.lastSeq; seq += 7) {
      const t0 = m.timeOf(seq);
      const t1 = m.timeOf(seq + 1);
      if (t1 <= t0) continue;
      const t = (t0 + t1) / 2;
      for (const b of bands) {
        const want = [0, 0, 0, 0, 0, 0, 0];
        for (const p of m.podsAt(seq)) if (ownerKey(p.track.namespace, p.track.owner) === b.key) want[p.v[PV.stage]]! += 1;
        expect([seq, b.key, ...countsAt(b, t)]).toEqual([seq, b.key, ...want]);
      }
    }
  });
});

describe('the canvas is for large recordings only', () => {
  it(`every shipped story has at most ${CANVAS_FROM_PODS} pods at once, so keeps the SVG cluster view`, () => {
    const peaks = SHIPPED.map((n) => [n, peakPods(mi(n))] as const);
    for (const [n, peak] of peaks) expect(peak, n).toBeLessThanOrEqual(CANVAS_FROM_PODS);
    expect(Math.max(...peaks.map(([, p]) => p))).toBeGreaterThan(10);
  });
});
