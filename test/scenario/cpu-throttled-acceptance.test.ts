import { describe, expect, it } from 'vitest';
import { recordStory } from './story.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- recorded objects are open JSON */

describe('acceptance: cpu-throttled', () => {
  const { result, rows, obj, db } = recordStory('cpu-throttled');
  const api = rows.filter((r) => r.kind === 'Pod' && r.name.startsWith('api-'));
  const perPodPerSecond = (from: number, to: number): number[] =>
    (db.prepare("SELECT SUM(count) FROM traffic WHERE service = 'api' AND outcome = 'ok' AND time_ms >= ? AND time_ms < ? GROUP BY pod ORDER BY pod").pluck(true).all(from, to) as number[]).map((n) => n / ((to - from) / 1000));

  it('passes its expectations', () => {
    expect(result.expectations.length).toBeGreaterThanOrEqual(3);
    expect(result.expectations.every((e) => e.passed)).toBe(true);
  });

  it('each pod has a 500m CPU limit and costs 5m a request', () => {
    const created = api.filter((r) => r.verb === 'create').map(obj);
    expect(created).toHaveLength(2);
    for (const p of created) {
      expect(p.spec.containers[0].resources.limits.cpu).toBe('500m');
      expect(p.metadata.annotations['kubelapse/cpu-per-request']).toBe('5m');
    }
  });

  it('300 requests/s is about 150 a second a pod (750m of demand at 5m), 100 requests/s about 50 (250m)', () => {
    for (const rps of perPodPerSecond(21_000, 34_000)) expect(Math.abs(rps * 5 - 750)).toBeLessThan(40);
    for (const rps of perPodPerSecond(11_000, 19_000)) expect(Math.abs(rps * 5 - 250)).toBeLessThan(30);
  });

  it('over its CPU limit nothing is killed or restarted and nothing fails: throttling is not an API write', () => {
    expect(api.some((r) => r.verb === 'delete')).toBe(false);
    expect(api.filter((r) => r.subresource === 'status').every((r) => (obj(r).status.containerStatuses ?? []).every((c: any) => c.restartCount === 0))).toBe(true);
    expect(db.prepare("SELECT COUNT(*) FROM traffic WHERE outcome <> 'ok'").pluck(true).get()).toBe(0);
  });
});
