import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from './fixtures.js';

let viewer: RunningViewer;
const get = async (p: string): Promise<{ status: number; body: any }> => {
  const r = await fetch(new URL(p, viewer.url));
  return { status: r.status, body: await r.json() };
};
const R = '/api/recordings/pod-loss-recovery';

beforeAll(async () => {
  viewer = await startViewer({ dir: recordingsDir(['pod-loss-recovery']), port: 0 });
});
afterAll(async () => viewer?.close());

describe('viewer API: the event log filters by part of a name or reason, in any case', () => {
  it('nameContains and reasonContains match a case-insensitive substring; name and reason stay exact', async () => {
    const all = (await get(`${R}/events?limit=5000`)).body.events as Array<{ name: string; reason: string | null }>;
    const byPart = (await get(`${R}/events?nameContains=WEB-&limit=5000`)).body.events as Array<{ name: string }>;
    const expected = all.filter((e) => e.name.toLowerCase().includes('web-'));
    expect(expected.length).toBeGreaterThan(5);
    expect(byPart.map((e) => e.name)).toEqual(expected.map((e) => e.name));
    // The exact filter does not find a part of a name.
    expect((await get(`${R}/events?name=WEB-&limit=5000`)).body.events).toEqual([]);
    const reasons = (await get(`${R}/events?reasonContains=sched&limit=5000`)).body.events as Array<{ reason: string }>;
    expect(new Set(reasons.map((e) => e.reason))).toEqual(new Set(all.filter((e) => e.reason?.toLowerCase().includes('sched')).map((e) => e.reason)));
    expect(reasons.map((e) => e.reason)).toContain('Scheduled');
  });

  it('"_" and "%" are literal, not SQL wildcards', async () => {
    expect((await get(`${R}/events?nameContains=%25&limit=10`)).body.events).toEqual([]);
    expect((await get(`${R}/events?nameContains=_&limit=10`)).body.events).toEqual([]);
  });

  it('pages backwards from a seq with a substring filter, as the log asks for the 25 before the playhead', async () => {
    const back = (await get(`${R}/events?nameContains=web&toSeq=80&order=desc&limit=3`)).body.events as Array<{ seq: number; name: string }>;
    expect(back).toHaveLength(3);
    expect(back[0]!.seq).toBeLessThanOrEqual(80);
    expect(back.map((e) => e.seq)).toEqual([...back.map((e) => e.seq)].sort((a, b) => b - a));
    expect(back.every((e) => e.name.includes('web'))).toBe(true);
  });
});

describe('viewer API: diffs name list items by merge key, between any two versions', () => {
  it('a pod turning Ready reads status.conditions[type=Ready].status, in the event detail and the diff route', async () => {
    const events = (await get(`${R}/events?kind=pod&limit=5000`)).body.events as Array<{ seq: number; namespace: string; name: string }>;
    let found: { seq: number; diff: any[] } | undefined;
    for (const e of events) {
      const d = (await get(`${R}/events/${e.seq}`)).body;
      if (d.diff.some((c: any) => c.path === 'status.conditions[type=Ready].status' && c.to === 'True')) {
        found = { seq: e.seq, diff: d.diff };
        break;
      }
    }
    expect(found).toBeDefined();
    expect(found!.diff.some((c: any) => /conditions\[\d+\]/.test(c.path))).toBe(false);
    const viaRoute = (await get(`${R}/diff?to=${found!.seq}`)).body;
    expect(viaRoute.changes).toEqual(found!.diff);
  });

  it('from any earlier (or later) version of the same object: the first version against the last', async () => {
    const pod = (await get(`${R}/events?kind=pod&reason=Scheduled&limit=1`)).body.events[0];
    const h = (await get(`${R}/history?kind=pod&namespace=${pod.namespace}&name=${pod.name}`)).body.versions as Array<{ seq: number }>;
    expect(h.length).toBeGreaterThan(3);
    const first = h[0]!.seq;
    const last = h[h.length - 1]!.seq;
    const d = (await get(`${R}/diff?from=${first}&to=${last}`)).body;
    expect(d.from).toBe(first);
    expect(d.changes).toContainEqual(expect.objectContaining({ path: 'spec.nodeName', type: 'added' }));
    const back = (await get(`${R}/diff?from=${last}&to=${first}`)).body;
    expect(back.changes).toContainEqual(expect.objectContaining({ path: 'spec.nodeName', type: 'removed' }));
  });
});
