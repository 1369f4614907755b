import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../core/scenario/parse.js';
import { runScenario } from '../../core/scenario/runner.js';
import { ROOT, tmpDir } from '../helpers.js';

interface Sync {
  t: number;
  current: number;
  desired: number;
  util: number | undefined;
}

describe('acceptance: hpa-scale-out follows upstream formula from the recorded metrics', () => {
  const out = path.join(tmpDir(), 'hpa-scale-out.db');
  const result = runScenario(loadScenario(path.join(ROOT, 'recordings', 'hpa-scale-out.yaml')), { output: out });
  const db = new Database(out, { readonly: true });
  const syncs: Sync[] = (db.prepare("SELECT time_ms, object FROM events WHERE kind = 'HorizontalPodAutoscaler' AND subresource = 'status' ORDER BY seq").all() as Array<{ time_ms: number; object: string }>).map((r) => {
    const s = JSON.parse(r.object).status;
    return { t: r.time_ms, current: s.currentReplicas, desired: s.desiredReplicas, util: s.currentMetrics?.[0]?.resource?.current?.averageUtilization };
  });
  const TARGET = 50;

  it('passes its expectations: out to 4, then to the 12 maximum, back to 2 after the window', () => {
    expect(result.expectations.every((e) => e.passed)).toBe(true);
    const sizes = (db.prepare("SELECT message FROM events WHERE kind = 'Deployment' AND reason = 'SuccessfulRescale' ORDER BY seq").pluck().all() as string[]).map((m) => Number(/New size: (\d+)/.exec(m)?.[1]));
    // At 3:30 the 4 old pods run at 137% and the 4 new ones have no metric yet (0% when scaling up):
    // trunc(4 x 137.x / 8) = 68%, ratio 1.36, ceil(1.36 x 8) = 11; 12 (the max) at the next sync.
    expect(sizes).toEqual([4, 8, 11, 12, 2]);
  });

  it('every scale-up is ceil(current x utilization / target), capped by max(+4 pods, +100%) per 15 s and maxReplicas', () => {
    const ups = syncs.filter((s) => s.desired > s.current);
    expect(ups.length).toBeGreaterThanOrEqual(3);
    for (const s of ups) {
      const util = s.util as number;
      expect(Math.abs(util / TARGET - 1), `at ${s.t}`).toBeGreaterThan(0.1);
      // The status rounds utilization to a whole percent: allow half a percent either way.
      const formula = Math.ceil((s.current * (util + 0.5)) / TARGET);
      const rate = Math.max(s.current + 4, 2 * s.current);
      expect(s.desired, `at ${s.t}`).toBeLessThanOrEqual(Math.min(12, rate, formula));
      expect(s.desired, `at ${s.t}`).toBeGreaterThan(s.current);
    }
    // Pods without a first metric window or not yet Ready count as 0% (upstream), so later steps can be below the
    // plain formula; the first one, with every pod measured, is exact: 2 pods at 99% of a 50% target -> ceil(2 x 1.98) = 4.
    expect(ups[0]).toMatchObject({ current: 2, desired: Math.ceil((2 * (ups[0]!.util as number)) / TARGET) });
  });

  it('within the 10% tolerance nothing changes, and scaling in waits 300 s after the last high recommendation', () => {
    for (const s of syncs) if (s.util !== undefined && Math.abs(s.util / TARGET - 1) <= 0.09) expect(s.desired, `at ${s.t}`).toBe(s.current);
    // A sync without metrics (the first, before metrics-server's first window) keeps desiredReplicas as it was, 0 for a
    // new HPA, as upstream: that is no scale-in.
    const down = syncs.find((s) => s.util !== undefined && s.desired < s.current)!;
    // Status is written only when it changes: the load was high at every sync until the first low one was written,
    // so the last high recommendation came from the sync 15 s before it.
    const firstLow = syncs.find((s) => s.t > 240_000 && s.util !== undefined && s.util < TARGET * 0.9)!;
    const lastHigh = firstLow.t - 15_000;
    expect(down.t - lastHigh).toBeGreaterThanOrEqual(300_000);
    expect(down.t - lastHigh).toBeLessThan(300_000 + 15_000);
    expect(down.desired).toBe(2);
  });
});
