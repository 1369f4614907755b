import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from './fixtures.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies */

let viewer: RunningViewer;
const get = async (p: string): Promise<{ status: number; body: any }> => {
  const r = await fetch(new URL(p, viewer.url));
  return { status: r.status, body: await r.json() };
};

beforeAll(async () => {
  viewer = await startViewer({ dir: recordingsDir(['pod-loss-recovery']), port: 0 });
});
afterAll(async () => viewer?.close());

describe('viewer API: state by name and as keys', () => {
  it('name= returns that object alone, as the whole state has it; view=keys lists the same objects with their version seqs, none read', async () => {
    const base = '/api/recordings/pod-loss-recovery/state?seq=120&kind=pods&namespace=default';
    const all = (await get(base)).body.objects as any[];
    expect(all.length).toBeGreaterThan(1);
    const one = all[1];
    const named = await get(`${base}&name=${one.metadata.name}`);
    expect(named.body.objects).toEqual([one]);
    expect((await get(`${base}&name=no-such-pod`)).body.objects).toEqual([]);
    const keys = (await get(`${base}&view=keys`)).body.keys as any[];
    expect(keys.map((k) => [k.kind, k.namespace, k.name])).toEqual(all.map((o) => ['Pod', 'default', o.metadata.name]));
    // Each key's seq is the version the state shows: the object's resourceVersion was written there.
    for (const k of keys) expect(k.seq).toBeLessThanOrEqual(120);
    expect((await get(`${base}&view=keys&name=${one.metadata.name}`)).body.keys).toHaveLength(1);
    expect((await get(`${base}&view=bogus`)).status).toBe(400);
  });
});
