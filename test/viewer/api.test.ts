import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { EndpointState, PV, Stage, type ChainModel, type EventDetail, type StoryModel } from '../../viewer/shared/model.js';
import { cliAsync, sqlite } from '../helpers.js';
import { networkRecording, putFile, recordingsDir } from './fixtures.js';

let viewer: RunningViewer;
let dir: string;
const get = async (p: string): Promise<{ status: number; body: any }> => {
  const r = await fetch(new URL(p, viewer.url));
  return { status: r.status, body: await r.json() };
};
const post = async (p: string, body: string, type = 'application/json'): Promise<{ status: number; body: any }> => {
  const r = await fetch(new URL(p, viewer.url), { method: 'POST', headers: { 'content-type': type }, body });
  return { status: r.status, body: await r.json() };
};

beforeAll(async () => {
  dir = recordingsDir(['pod-loss-recovery', 'rolling-update']);
  networkRecording(dir);
  putFile(dir, 'broken.db', 'not sqlite at all');
  viewer = await startViewer({ dir, port: 0 });
});
afterAll(async () => viewer?.close());

describe('viewer API: recordings', () => {
  it('answers only loopback Host names (a DNS-rebound page is refused with 403)', async () => {
    const get = (host: string): Promise<{ status: number; body: string }> =>
      new Promise((resolve, reject) => {
        const u = new URL('/api/recordings', viewer.url);
        const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, headers: { Host: host } }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    const port = new URL(viewer.url).port;
    const evil = await get(`rebound.example:${port}`);
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body).error.message).toContain('host "rebound.example:');
    expect((await get(`localhost:${port}`)).status).toBe(200);
    expect((await get(`127.0.0.1:${port}`)).status).toBe(200);
  });

  it('binds 127.0.0.1 by default', () => {
    expect(viewer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('lists every recording with title, source, duration, events, complete and a verified chain; a broken file says why', async () => {
    const { status, body } = await get('/api/recordings');
    expect(status).toBe(200);
    const names = body.recordings.map((r: any) => r.name);
    expect(names).toEqual(['broken', 'network', 'pod-loss-recovery', 'rolling-update']);
    const pl = body.recordings.find((r: any) => r.name === 'pod-loss-recovery');
    const events = Number(sqlite(path.join(dir, 'pod-loss-recovery.db'), 'SELECT COUNT(*) FROM events').trim());
    expect(pl).toMatchObject({ title: 'A pod is deleted and replaced; another loses its containers and is restarted in place', source: 'simulation', durationMs: 120_000, events, complete: true, chainVerified: true });
    const broken = body.recordings.find((r: any) => r.name === 'broken');
    expect(broken.error).toMatch(/broken\.db/);
    expect(broken.chainVerified).toBeNull();
  });

  it('refuses names with path parts and answers unknown ones with 404, as JSON with a message', async () => {
    for (const bad of ['..%2Fetc', '%2Fetc%2Fpasswd', '.hidden', 'a%5Cb']) {
      const r = await get(`/api/recordings/${bad}/model`);
      expect(r.status, bad).toBe(400);
      expect(r.body.error.message).toMatch(/invalid recording name/);
    }
    const missing = await get('/api/recordings/nope/events');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe('recording "nope" not found in ' + dir);
    const endpoint = await get('/api/what');
    expect(endpoint).toEqual({ status: 404, body: { error: { code: 404, message: 'no such API endpoint: GET /what' } } });
  });
});

describe('viewer API: events', () => {
  it('pages events by seq with filters, and pages backwards with order=desc', async () => {
    const first = await get('/api/recordings/pod-loss-recovery/events?kind=pod&limit=3');
    expect(first.body.events).toHaveLength(3);
    expect(first.body.events.every((e: any) => e.kind === 'Pod' && e.object === undefined)).toBe(true);
    expect(first.body.nextOffset).toBe(3);
    const second = await get('/api/recordings/pod-loss-recovery/events?kind=pod&limit=3&offset=3');
    expect(second.body.events[0].seq).toBeGreaterThan(first.body.events[2].seq);
    const byActor = await get('/api/recordings/pod-loss-recovery/events?actor=scheduler&reason=Scheduled');
    expect(byActor.body.events.length).toBeGreaterThanOrEqual(4);
    expect(byActor.body.events.every((e: any) => e.actor === 'scheduler')).toBe(true);
    const back = await get('/api/recordings/pod-loss-recovery/events?toSeq=50&limit=5&order=desc');
    expect(back.body.events.map((e: any) => e.seq)).toEqual([50, 49, 48, 47, 46]);
    const timed = await get('/api/recordings/pod-loss-recovery/events?fromTime=30s&toTime=30s');
    expect(timed.body.events.length).toBeGreaterThan(0);
    expect(timed.body.events.every((e: any) => e.timeMs === 30_000)).toBe(true);
  });

  it('names the bad query value', async () => {
    expect((await get('/api/recordings/pod-loss-recovery/events?limit=x')).body.error.message).toBe('limit: invalid number "x"');
    expect((await get('/api/recordings/pod-loss-recovery/events?limit=9999')).body.error.message).toMatch(/at most 5000/);
    expect((await get('/api/recordings/pod-loss-recovery/events?kind=gizmo')).body.error.message).toBe('kind: unknown kind "gizmo"');
    expect((await get('/api/recordings/pod-loss-recovery/events?fromTime=9x')).status).toBe(400);
    expect((await get('/api/recordings/pod-loss-recovery/events/0')).status).toBe(400);
    expect((await get('/api/recordings/pod-loss-recovery/events/99999')).body.error.message).toMatch(/no event with seq 99999/);
  });

  it('one event comes with its object and the diff against the previous version', async () => {
    const sched = (await get('/api/recordings/pod-loss-recovery/events?reason=Scheduled&limit=1')).body.events[0];
    const { body } = (await get(`/api/recordings/pod-loss-recovery/events/${sched.seq}`)) as { body: EventDetail };
    expect(body.event.subresource).toBe('binding');
    expect((body.object as any).spec.nodeName).toMatch(/^node-\d$/);
    expect(body.previousSeq).toBeLessThan(sched.seq);
    expect(body.diff).toContainEqual(expect.objectContaining({ path: 'spec.nodeName', type: 'added' }));
  });

  it('the causal chain of the pod restarted in place leads back to the kubelet reporting its sandbox gone', async () => {
    const lost = (await get('/api/recordings/pod-loss-recovery/events?kind=pod&reason=SandboxChanged')).body.events[0];
    const ready = (await get(`/api/recordings/pod-loss-recovery/events?kind=pod&name=${lost.name}&reason=ContainerReady&fromSeq=${lost.seq}&limit=1`)).body.events[0];
    const { body } = (await get(`/api/recordings/pod-loss-recovery/chain/${ready.seq}`)) as { body: ChainModel };
    expect(body.ancestors.map((e) => [e.actor, e.reason])).toContainEqual([lost.actor, 'SandboxChanged']);
    expect(body.ancestors[0]?.causeSeq).toBeNull();
    // The same pod is Ready again: the ReplicaSet counts it, and creates nothing.
    expect(body.effects.some((e) => e.actor === 'replicaset-controller' && e.reason === 'ReplicaSetStatus')).toBe(true);
    expect(body.effects.some((e) => e.reason === 'SuccessfulCreate')).toBe(false);
  });
});

describe('viewer API: state, history, diff, traffic, markers', () => {
  it('the cluster at a seq matches kubelapse get at the same seq', async () => {
    const seq = 100;
    const { body } = await get(`/api/recordings/pod-loss-recovery/state?seq=${seq}&kind=pods`);
    const names = body.objects.map((o: any) => o.metadata.name).sort();
    // Every namespace's pods, CoreDNS's in kube-system too, as `get -A` lists them.
    const r = await cliAsync(['get', path.join(dir, 'pod-loss-recovery.db'), 'pods', '-A', '--seq', String(seq), '-o', 'name']);
    expect(names.map((n: string) => `pod/${n}`)).toEqual(r.stdout.trim().split('\n').sort());
    const byTime = await get('/api/recordings/pod-loss-recovery/state?time=0&kind=Deployment');
    expect(byTime.body.objects.map((o: any) => o.metadata.name).sort()).toEqual(['coredns', 'web']);
    expect((await get('/api/recordings/pod-loss-recovery/state?seq=999999')).body.error.message).toMatch(/past the end/);
    expect((await get('/api/recordings/pod-loss-recovery/state?seq=1&time=2')).status).toBe(400);
  });

  it("an object's history and the diff between two of its versions; versions of different objects are refused", async () => {
    const { body } = await get('/api/recordings/rolling-update/history?kind=deploy&name=web');
    expect(body.versions.length).toBeGreaterThan(5);
    const images = body.versions.map((v: any) => v.object.spec.template.spec.containers[0].image);
    expect(new Set(images).size).toBeGreaterThan(1);
    const change = body.versions.findIndex((_v: any, i: number) => i > 0 && images[i] !== images[i - 1]);
    const d = await get(`/api/recordings/rolling-update/diff?from=${body.versions[change - 1].seq}&to=${body.versions[change].seq}`);
    expect(d.body.changes).toContainEqual({ path: `spec.template.spec.containers[name=${body.versions[change].object.spec.template.spec.containers[0].name}].image`, type: 'changed', from: images[change - 1], to: images[change] });
    const node = (await get('/api/recordings/rolling-update/events?kind=node&limit=1')).body.events[0];
    expect((await get(`/api/recordings/rolling-update/diff?from=${node.seq}&to=${body.versions[1].seq}`)).body.error.message).toMatch(/different objects/);
    expect((await get('/api/recordings/rolling-update/history?kind=pod&name=ghost')).status).toBe(404);
  });

  it('actors for the event log filter', async () => {
    const { body } = await get('/api/recordings/pod-loss-recovery/actors');
    expect(body.actors).toEqual(expect.arrayContaining(['kubectl', 'kubelet/node-1', 'replicaset-controller', 'scheduler']));
  });

  it('traffic rows and markers', async () => {
    const t = await get('/api/recordings/network/traffic?from=6000&to=6100');
    expect(t.body.rows).toHaveLength(3);
    const series = await get('/api/recordings/network/traffic?bucket=1000&service=web');
    expect(series.body.series).toEqual([
      { timeMs: 2000, ok: 10, refused: 0, reset: 0, 'no-endpoints': 0 },
      { timeMs: 6000, ok: 9, refused: 3, reset: 1, 'no-endpoints': 0 },
    ]);
    expect((await get('/api/recordings/network/traffic?bucket=1000&service=other')).body.series).toEqual([]);
    const m = await get('/api/recordings/pod-loss-recovery/markers');
    expect(m.body.markers.filter((x: any) => x.kind === 'chapter').map((x: any) => x.title)).toContain('Someone deletes a pod');
  });
});

describe('viewer API: the story model', () => {
  it("pod tracks follow a pod's life: scheduled, creating, running, ready, then failed or terminating and gone", async () => {
    const { body } = (await get('/api/recordings/pod-loss-recovery/model')) as { body: StoryModel };
    expect(body.timeDeltas).toHaveLength(body.lastSeq);
    const times = body.timeDeltas.reduce<number[]>((acc, d) => [...acc, (acc.at(-1) ?? 0) + d], []);
    const seq64 = (await get('/api/recordings/pod-loss-recovery/events/64')).body.event;
    expect(times[63]).toBe(seq64.timeMs);
    expect(times.at(-1)).toBe((await get(`/api/recordings/pod-loss-recovery/events/${body.lastSeq}`)).body.event.timeMs);
    const deleted = body.pods.find((p) => p.versions.some((v) => v[PV.stage] === Stage.Terminating));
    expect(deleted).toBeDefined();
    const stages = deleted!.versions.map((v) => v[PV.stage]);
    expect(stages.indexOf(Stage.Pending)).toBeLessThan(stages.indexOf(Stage.Creating));
    expect(stages.indexOf(Stage.Creating)).toBeLessThan(stages.indexOf(Stage.Ready));
    expect(stages.indexOf(Stage.Ready)).toBeLessThan(stages.indexOf(Stage.Terminating));
    expect(deleted!.deletedSeq).not.toBeNull();
    const term = deleted!.versions.find((v) => v[PV.stage] === Stage.Terminating)!;
    expect(term[PV.grace]).toBe(30);
    expect(term[PV.deletionStart]).toBe(30_000); // kubectl delete at 0:30
    // The pod whose sandbox vanished is restarted in place (Ready, not Ready, Ready again), not Failed.
    expect(body.pods.some((p) => p.versions.some((v) => v[PV.stage] === Stage.Failed))).toBe(false);
    const again = body.pods.find((p) => {
      const s = p.versions.map((v) => v[PV.stage]);
      const r = s.indexOf(Stage.Ready);
      return r >= 0 && s.slice(r).some((x, i, a) => x !== Stage.Ready && a.slice(i).includes(Stage.Ready));
    });
    expect(again).toBeDefined();
    expect(body.nodes.map((n) => n.name)).toEqual(['node-1', 'node-2', 'node-3']);
    // No Service of its own: the only endpoints are kube-dns's, CoreDNS's pods.
    expect(Object.keys(body.endpoints ?? {}).length).toBeGreaterThan(0);
    expect(Object.keys(body.endpoints ?? {}).every((k) => k.startsWith('kube-system/coredns-'))).toBe(true);
    expect(body.traffic).toBeNull();
  });

  it('deployment tracks carry the resolved surge and unavailable limits (10 replicas at 25%: 3 and 2)', async () => {
    const { body } = (await get('/api/recordings/rolling-update/model')) as { body: StoryModel };
    const d = body.deployments.find((x) => x.name === 'web')!;
    const first = d.versions.find((v) => v[1] === 10)!;
    expect([first[2], first[3]]).toEqual([3, 2]);
    expect(body.replicaSets.filter((r) => r.deployment === 'web').length).toBeGreaterThanOrEqual(2);
  });

  it('endpoint spans say when a pod was ready, terminating, then out of the endpoints; traffic folds per bucket', async () => {
    const { body } = (await get('/api/recordings/network/model')) as { body: StoryModel };
    const b = body.endpoints!['default/web-b']!;
    expect(b.map((s) => s[2])).toEqual([EndpointState.Ready, EndpointState.Terminating]);
    expect(b[1]![1]).not.toBeNull(); // it left
    expect(body.endpoints!['default/web-a']![0]![1]).toBeNull(); // still in at the end
    expect(body.traffic!.buckets).toEqual([[2000, 10, 0], [6000, 0, 3], [6100, 9, 1]]);
    expect(body.traffic!.failures).toContainEqual([6100, 'web-b', 'reset', 1]);
    expect(body.traffic!.bucketMs).toBe(100);
  });
});

describe('viewer API: annotations', () => {
  it('a note is stored in the annotations table at the seq given, and the events are untouched', async () => {
    const file = path.join(dir, 'pod-loss-recovery.db');
    const before = sqlite(file, 'SELECT COUNT(*), MAX(hash) FROM events');
    // kubectl's delete at 0:30
    const seq = Number(sqlite(file, "SELECT MIN(seq) FROM events WHERE actor = 'kubectl' AND time_ms = 30000").trim());
    const r = await post('/api/recordings/pod-loss-recovery/annotations', JSON.stringify({ seq, text: '  the delete only marks the pod  ', author: 'ana' }));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ seq, timeMs: 30_000, text: 'the delete only marks the pod', author: 'ana' });
    const list = await get('/api/recordings/pod-loss-recovery/annotations');
    expect(list.body.annotations).toContainEqual(expect.objectContaining({ id: r.body.id, text: 'the delete only marks the pod' }));
    expect(sqlite(file, 'SELECT seq, text FROM annotations').trim()).toBe(`${seq}|the delete only marks the pod`);
    expect(sqlite(file, 'SELECT COUNT(*), MAX(hash) FROM events')).toBe(before);
    expect((await cliAsync(['verify', file])).code).toBe(0);
    expect((await get('/api/recordings')).body.recordings.find((x: any) => x.name === 'pod-loss-recovery').chainVerified).toBe(true);
  });

  it('bad notes get 400 with the reason; malformed JSON and oversized bodies too', async () => {
    expect((await post('/api/recordings/pod-loss-recovery/annotations', JSON.stringify({ seq: 3 }))).body.error.message).toBe('text: a note needs some text');
    expect((await post('/api/recordings/pod-loss-recovery/annotations', JSON.stringify({ seq: 99999, text: 'x' }))).body.error.message).toMatch(/not a seq of this recording/);
    expect((await post('/api/recordings/pod-loss-recovery/annotations', JSON.stringify({ text: 'x' }))).body.error.message).toMatch(/needs seq or timeMs/);
    const bad = await post('/api/recordings/pod-loss-recovery/annotations', '{"text": ');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^malformed JSON body/);
    const form = await post('/api/recordings/pod-loss-recovery/annotations', 'text=hi&seq=1', 'application/x-www-form-urlencoded');
    expect(form).toEqual({ status: 415, body: { error: { code: 415, message: 'content-type must be application/json (got "application/x-www-form-urlencoded")' } } });
    const big = await post('/api/recordings/pod-loss-recovery/annotations', JSON.stringify({ seq: 1, text: 'x'.repeat(40_000) }));
    expect(big).toEqual({ status: 413, body: { error: { code: 413, message: 'request body too large' } } });
  });

  it('a body that is not a note object (null, an array, a string) is 400 saying what a note is', async () => {
    const url = '/api/recordings/pod-loss-recovery/annotations';
    for (const [body, got] of [['null', 'null'], ['[]', 'an array'], ['"hello"', 'string'], ['5', 'number']]) {
      expect(await post(url, body!), body).toEqual({ status: 400, body: { error: { code: 400, message: `a note is a JSON object {text, seq | timeMs, author?}, got ${got}` } } });
    }
  });

  it('timeMs is checked like seq: within the recording (0..120 s here), and not given with seq', async () => {
    const url = '/api/recordings/pod-loss-recovery/annotations';
    const msg = async (body: unknown): Promise<string> => (await post(url, JSON.stringify(body))).body.error.message;
    expect(await msg({ text: 'x', timeMs: 99_999_999_999 })).toBe('timeMs: 99999999999 is not a time of this recording (0..120000 ms)');
    expect(await msg({ text: 'x', timeMs: -1 })).toBe('timeMs: -1 is not a time of this recording (0..120000 ms)');
    expect(await msg({ text: 'x', timeMs: '30s' })).toBe('timeMs: "30s" is not a time of this recording (0..120000 ms)');
    expect(await msg({ text: 'x', seq: 3, timeMs: 1000 })).toBe('give seq or timeMs, not both');
    expect(await msg({ text: 'x', seq: 3, author: 'a'.repeat(101) })).toBe('author: at most 100 characters (got 101)');
    const end = await post(url, JSON.stringify({ text: 'at the very end', timeMs: 120_000 }));
    expect(end.status).toBe(201);
    expect(end.body).toMatchObject({ seq: null, timeMs: 120_000 });
  });

  it('a recording keeps at most 1,000 notes; the next is 409 and nothing is written', async () => {
    const file = path.join(dir, 'network.db');
    sqlite(file, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 999) INSERT INTO annotations (time_ms, seq, author, text, created_at) SELECT 0, 0, NULL, 'note ' || i, '2026-01-01T00:00:00Z' FROM n");
    const url = '/api/recordings/network/annotations';
    expect((await post(url, JSON.stringify({ seq: 1, text: 'the thousandth' }))).status).toBe(201);
    const over = await post(url, JSON.stringify({ seq: 1, text: 'one too many' }));
    expect(over).toEqual({ status: 409, body: { error: { code: 409, message: 'this recording already has 1000 notes, the most it keeps (1000)' } } });
    expect(sqlite(file, 'SELECT COUNT(*) FROM annotations').trim()).toBe('1000');
  });
});
