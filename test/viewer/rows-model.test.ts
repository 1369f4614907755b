import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { buildStoryModel } from '../../viewer/server/model/story-model.js';
import { throttledSpans, THROTTLE_WINDOW_MS } from '../../viewer/server/model/cpu-throttle.js';
import type { RecoveryModel, StoryModel } from '../../viewer/shared/model.js';
import { recordingsDir } from './fixtures.js';

/*
 * What the pod lifecycle rows draw beyond stages, derived on the server: CPU throttling
 * from the traffic table x each pod's cpu-per-request cost against its CPU limit, and
 * the critical path of each recovery from the cause_seq links.
 */

const dir = recordingsDir(['cpu-throttled', 'pod-loss-recovery', 'rolling-update', 'node-failure']);
function model(name: string): StoryModel {
  const rec = Recording.open(path.join(dir, `${name}.db`), { readonly: true });
  try {
    return buildStoryModel(rec, name);
  } finally {
    rec.close();
  }
}
const timeOf = (m: StoryModel, seq: number): number => m.timeDeltas.slice(0, seq).reduce((a, b) => a + b, 0);

describe('cpu throttling derived from the traffic table', () => {
  it('a window is throttled only above the limit: 100 requests/s at 5m is 500m, exactly the limit, not over it', () => {
    const windows = new Map([[0, 100], [1000, 101], [2000, 160], [3000, 140], [4000, 50], [6000, 200]]);
    expect(throttledSpans(windows, 0.005, 500)).toEqual([
      [1000, 4000, Math.round(((101 + 160 + 140) / 3) * 5), 500], // 505m, 800m, 700m: one stretch, its mean 668m
      [6000, 7000, 1000, 500],
    ]);
    expect(THROTTLE_WINDOW_MS).toBe(1000);
  });

  it('no limit (or no cost), no throttling: the same demand under no CFS quota', () => {
    expect(throttledSpans(new Map([[0, 1000]]), 0.005, Infinity)).toEqual([]);
    expect(throttledSpans(new Map([[0, 1000]]), 0, 500)).toEqual([]);
  });

  it('cpu-throttled: both pods run throttled from 20 s to 35 s at about 750m against their 500m limit, and not before or after', () => {
    const m = model('cpu-throttled');
    const api = m.pods.filter((p) => p.name.startsWith('api-'));
    expect(api).toHaveLength(2);
    for (const p of api) {
      const spans = m.throttles[p.uid];
      expect(spans, p.name).toHaveLength(1);
      const [from, to, demand, limit] = spans![0]!;
      expect([from, to, limit]).toEqual([20_000, 35_000, 500]);
      // 300 requests/s over two pods at 5 ms each: 750m, within the split's jitter.
      expect(demand).toBeGreaterThan(700);
      expect(demand).toBeLessThan(800);
    }
    // No other pod (kube-system's have no cost) is marked.
    expect(Object.keys(m.throttles).sort()).toEqual(api.map((p) => p.uid).sort());
  });

  it('a recording without limits has no throttling', () => {
    expect(model('pod-loss-recovery').throttles).toEqual({});
  });
});

describe('recovery critical paths from cause_seq', () => {
  const hopMs = (m: StoryModel, r: RecoveryModel): Record<string, number> => {
    const out: Record<string, number> = {};
    let prev = r.startMs;
    for (const [step, seq] of r.hops) {
      out[step] = timeOf(m, seq) - prev;
      prev = timeOf(m, seq);
    }
    return out;
  };

  it('pod-loss-recovery: the kubectl delete leads to a replacement, hop by hop to Ready; the fault replaces nothing', () => {
    const m = model('pod-loss-recovery');
    // The pod-kill fault at 70 s: the kubelet gives the same pod a new sandbox and restarts it, so no replacement, no recovery here.
    expect(m.recoveries).toHaveLength(1);
    const [deleted] = m.recoveries as [RecoveryModel];
    expect(deleted.startMs).toBe(30_000);
    expect(deleted.cause).toMatch(/^kubectl delete pod/);
    expect(deleted.hops.map((h) => h[0])).toEqual(['noticed', 'created', 'scheduled', 'started', 'ready']);
    // The delete is itself the loss write: noticed at once. Ready after the 2 s readiness delay.
    const d = hopMs(m, deleted);
    expect(d.noticed).toBe(0);
    expect(d.created).toBeLessThan(10);
    expect(d.ready).toBe(2000);
  });

  it('node-failure: the silent node is what began it (the marker names the node the lost pod was on); noticed when the taint manager evicts', () => {
    const m = model('node-failure');
    expect(m.recoveries.length).toBeGreaterThanOrEqual(1);
    const r = m.recoveries[0]!;
    expect(r.startMs).toBe(30_000);
    expect(r.cause).toMatch(/^fault: node node-2 down/);
    // 40 s node-monitor grace + 300 s not-ready toleration + syncs: more than 5 min to notice, then seconds to recover.
    const noticed = timeOf(m, r.hops[0]![1]) - r.startMs;
    expect(noticed).toBeGreaterThan(300_000);
    expect(noticed).toBeLessThan(400_000);
  });

  it('rolling-update: new pods made by the rollout are no recoveries (their cause is a pod that became Ready, not one lost)', () => {
    expect(model('rolling-update').recoveries).toEqual([]);
  });
});
