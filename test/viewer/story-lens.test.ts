import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import type { EventSummary, StoryModel } from '../../viewer/shared/model.js';
import { noiseOf, noiseRuns, type NoiseRow } from '../../viewer/shared/noise.js';
import { StoryLens } from '../../viewer/web/src/lens.js';
import { markerStops } from '../../viewer/web/src/marker-stops.js';
import { recordingsDir } from './fixtures.js';

let viewer: RunningViewer;
const get = async (p: string): Promise<{ status: number; body: any }> => {
  const r = await fetch(new URL(p, viewer.url));
  return { status: r.status, body: await r.json() };
};
let model: StoryModel;
/** The story lens's runs, as the page asks for them (GET .../noise: not part of the model). */
let noise: Array<[number, number]>;
let all: EventSummary[];

beforeAll(async () => {
  const dir = recordingsDir(['pod-loss-recovery', 'drain-with-pdb', 'namespace-delete']);
  viewer = await startViewer({ dir: path.resolve(dir), port: 0 });
  model = (await get('/api/recordings/pod-loss-recovery/model')).body;
  noise = (await get('/api/recordings/pod-loss-recovery/noise')).body.runs;
  all = (await get('/api/recordings/pod-loss-recovery/events?limit=5000')).body.events;
}, 120_000);
afterAll(async () => viewer?.close());

const row = (seq: number, kind: string, actor: string, causeSeq: number | null, timeMs = 1000, verb = 'create'): NoiseRow => ({ seq, timeMs, kind, verb, actor, causeSeq });

describe('noise: what the story lens skips (viewer/shared/noise.ts)', () => {
  it('a Lease update is a renewal; its creation is not', () => {
    const renew = row(1, 'Lease', 'kubelet/node-1', 0, 10_000, 'update');
    expect(noiseOf(renew, [renew])).toBe('lease-renewal');
    const created = row(2, 'Lease', 'kubelet/node-1', null, 0, 'create');
    expect(noiseOf(created, [created])).toBeNull();
  });

  it('an Event is an echo only beside a write of its own actor, cause and millisecond', () => {
    const bind = row(10, 'Pod', 'scheduler', 7, 2000, 'update');
    const scheduled = row(11, 'Event', 'scheduler', 7, 2000);
    expect(noiseOf(scheduled, [bind, scheduled])).toBe('event-echo');
    // Another actor, another cause or another millisecond: the Event is the only record of what it says.
    expect(noiseOf(scheduled, [row(10, 'Pod', 'kubelet/node-1', 7, 2000, 'update'), scheduled])).toBeNull();
    expect(noiseOf(scheduled, [row(10, 'Pod', 'scheduler', 8, 2000, 'update'), scheduled])).toBeNull();
    expect(noiseOf(scheduled, [row(10, 'Pod', 'scheduler', 7, 1999, 'update'), scheduled])).toBeNull();
    // Two Events do not echo each other.
    expect(noiseOf(scheduled, [row(10, 'Event', 'scheduler', 7, 2000), scheduled])).toBeNull();
  });

  it('runs merge neighbours and judge each millisecond on its own', () => {
    const rows = [
      row(1, 'Lease', 'kubelet/node-1', null, 0, 'update'),
      row(2, 'Lease', 'kubelet/node-2', null, 0, 'update'),
      row(3, 'Pod', 'scheduler', 1, 5, 'update'),
      row(4, 'Event', 'scheduler', 1, 5),
      row(5, 'Event', 'scheduler', 1, 6), // its twin is a millisecond earlier
      row(6, 'Lease', 'kubelet/node-1', null, 10, 'update'),
    ];
    expect(noiseRuns(rows)).toEqual([[1, 2], [4, 4], [6, 6]]);
  });

  it("in pod-loss-recovery: every lease renewal and echo is noise, no pod write and no Killing is", () => {
    const lens = new StoryLens(noise, model.lastSeq);
    for (const e of all) {
      if (e.kind === 'Lease' && e.verb === 'update') expect(lens.isNoise(e.seq), `seq ${e.seq}`).toBe(true);
      if (e.kind === 'Event' && (e.reason === 'Scheduled' || e.reason === 'SuccessfulCreate')) expect(lens.isNoise(e.seq), `seq ${e.seq}`).toBe(true);
      if (e.kind === 'Pod' || e.reason === 'Killing' || e.reason === 'Unhealthy') expect(lens.isNoise(e.seq), `seq ${e.seq}`).toBe(false);
    }
    // Stepping from the start visits exactly what the lens keeps.
    let steps = 0;
    for (let s = lens.next(0, 1); s !== undefined; s = lens.next(s, 1)) steps++;
    expect(steps).toBe(lens.kept());
    expect(steps).toBeLessThan(model.lastSeq * 0.7);
  });
});

describe('marker stops (Shift+← →)', () => {
  const ctx = (noise?: StoryLens) => {
    const times: number[] = [];
    let t = 0;
    for (const d of model.timeDeltas) times.push((t += d));
    return {
      timeOf: (s: number) => (s <= 0 ? 0 : (times[s - 1] as number)),
      seqAtTime: (ms: number) => times.filter((x) => x <= ms).length,
      lastSeq: model.lastSeq,
      ...(noise ? { noise: (s: number) => noise.isNoise(s) } : {}),
    };
  };

  it('a chapter lands on its first write; a chapter and a fault at one place are one stop; the final expectation is the last', () => {
    const lens = new StoryLens(noise, model.lastSeq);
    const stops = markerStops(model.markers, ctx(lens));
    const del = all.find((e) => e.actor === 'kubectl' && e.reason === 'Delete') as EventSummary;
    const at30 = stops.filter((s) => s.timeMs === 30_000);
    expect(at30.map((s) => s.seq)).toEqual([del.seq]);
    expect(at30[0]?.markers.map((m) => m.kind)).toEqual(['chapter', 'action']);
    const at70 = stops.filter((s) => s.timeMs === 70_000);
    expect(at70).toHaveLength(1);
    expect(at70[0]?.markers.map((m) => m.kind).sort()).toEqual(['action', 'chapter']);
    expect(stops[stops.length - 1]).toMatchObject({ timeMs: 120_000, seq: model.lastSeq });
    expect(stops[stops.length - 1]?.markers[0]?.kind).toBe('expectation');
    // Places only go forward.
    for (let i = 1; i < stops.length; i++) expect(stops[i]!.timeMs * 1e6 + stops[i]!.seq).toBeGreaterThan(stops[i - 1]!.timeMs * 1e6 + stops[i - 1]!.seq);
  });

  it('without the lens a chapter lands on whatever was written first at its time, a lease renewal included', () => {
    const stops = markerStops(model.markers, ctx());
    const chapter70 = stops.find((s) => s.markers.some((m) => m.kind === 'chapter' && m.timeMs === 70_000));
    const first = all.find((e) => e.timeMs === 70_000) as EventSummary;
    expect(chapter70?.seq).toBe(first.seq);
    expect(first.kind).toBe('Lease');
  });
});

describe('request verbs: what the viewer shows for a write', () => {
  it('a kubectl delete of a running pod is recorded as update and shown as delete; the kubelet\'s final delete stays delete', async () => {
    const del = all.find((e) => e.actor === 'kubectl' && e.reason === 'Delete') as EventSummary;
    expect([del.verb, del.requestVerb]).toEqual(['update', 'delete']);
    const gone = all.find((e) => e.verb === 'delete' && e.name === del.name) as EventSummary;
    expect(gone.requestVerb).toBeUndefined();
    // A status write while the pod terminates is an update of both kinds.
    const between = all.filter((e) => e.name === del.name && e.seq > del.seq && e.seq < gone.seq);
    expect(between.length).toBeGreaterThan(0);
    expect(between.every((e) => e.requestVerb === undefined)).toBe(true);
    // The same in the selected event and the chain.
    expect((await get(`/api/recordings/pod-loss-recovery/events/${del.seq}`)).body.event.requestVerb).toBe('delete');
    expect((await get(`/api/recordings/pod-loss-recovery/chain/${gone.seq}`)).body.ancestors.find((a: EventSummary) => a.seq === del.seq).requestVerb).toBe('delete');
  });

  it('an eviction is a create of pods/eviction; a namespace delete is delete, its finalize an update', async () => {
    const evictions = (await get('/api/recordings/drain-with-pdb/events?reason=Eviction&kind=pods')).body.events as EventSummary[];
    expect(evictions.length).toBeGreaterThan(0);
    expect(evictions.every((e) => e.subresource === 'eviction' && e.requestVerb === 'create')).toBe(true);
    const ns = (await get('/api/recordings/namespace-delete/events?kind=ns&name=team-a')).body.events as EventSummary[];
    expect(ns.find((e) => e.reason === 'Delete')?.requestVerb).toBe('delete');
    const fin = ns.find((e) => e.subresource === 'finalize') as EventSummary;
    expect([fin.verb, fin.requestVerb]).toEqual(['delete', 'update']);
  });
});

describe('lens=story and search on the API', () => {
  it('the event log\'s lens=story leaves out noise and pages over what it keeps', async () => {
    const kept = (await get('/api/recordings/pod-loss-recovery/events?lens=story&limit=5000')).body.events as EventSummary[];
    expect(kept.some((e) => e.kind === 'Lease' && e.verb === 'update')).toBe(false);
    expect(kept.length).toBe(new StoryLens(noise, model.lastSeq).kept());
    const page2 = (await get('/api/recordings/pod-loss-recovery/events?lens=story&limit=10&offset=10')).body;
    expect(page2.events.map((e: EventSummary) => e.seq)).toEqual(kept.slice(10, 20).map((e) => e.seq));
    expect(page2.nextOffset).toBe(20);
    expect((await get('/api/recordings/pod-loss-recovery/events?lens=maybe')).body.error.message).toBe('lens: "maybe" is not story or all');
  });

  it('search matches names, reasons, messages and actors in any case, paged, with LIKE wildcards taken literally', async () => {
    const r = (await get('/api/recordings/pod-loss-recovery/search?q=SANDBOXCHANGED')).body;
    expect(r.events.length).toBeGreaterThan(0);
    expect(r.events.every((e: EventSummary) => e.reason === 'SandboxChanged')).toBe(true);
    const byName = (await get('/api/recordings/pod-loss-recovery/search?q=pod/WEB-')).body.events as EventSummary[];
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((e) => e.kind === 'Pod' && e.name.startsWith('web-'))).toBe(true);
    const actor = (await get('/api/recordings/pod-loss-recovery/search?q=KUBECTL&limit=500')).body.events as EventSummary[];
    expect(actor.some((e) => e.actor === 'kubectl')).toBe(true);
    expect((await get('/api/recordings/pod-loss-recovery/search?q=web_6454')).body.events).toEqual([]);
    // Pages: 3 at a time, in seq order, lining up.
    const p1 = (await get('/api/recordings/pod-loss-recovery/search?q=web-6454d6f499&limit=3')).body;
    const p2 = (await get(`/api/recordings/pod-loss-recovery/search?q=web-6454d6f499&limit=3&offset=${p1.nextOffset}`)).body;
    const both = [...p1.events, ...p2.events].map((e: EventSummary) => e.seq);
    expect(both).toEqual([...both].sort((a, b) => a - b));
    expect(new Set(both).size).toBe(6);
    // The lens hides renewals and says how many.
    const renewed = (await get('/api/recordings/pod-loss-recovery/search?q=renewed&lens=story')).body;
    expect(renewed.events).toEqual([]);
    expect(renewed.hiddenByLens).toBe(all.filter((e) => e.kind === 'Lease' && e.verb === 'update').length);
  });

  it('bad search input is a 400 naming the parameter', async () => {
    expect(await get('/api/recordings/pod-loss-recovery/search')).toMatchObject({ status: 400, body: { error: { message: 'q: give the text to search for' } } });
    expect(await get('/api/recordings/pod-loss-recovery/search?q=a&limit=501')).toMatchObject({ status: 400, body: { error: { message: 'limit: at most 500 results a page (got 501)' } } });
    expect((await get(`/api/recordings/pod-loss-recovery/search?q=${'x'.repeat(201)}`)).status).toBe(400);
  });
});
