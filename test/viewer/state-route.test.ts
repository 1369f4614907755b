import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { Replay } from '../../core/replay/replay.js';
import { sendKeys, sendState } from '../../viewer/server/routes/objects.js';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from './fixtures.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies */

let viewer: RunningViewer;
let dir: string;
const get = async (p: string): Promise<{ status: number; body: any }> => {
  const r = await fetch(new URL(p, viewer.url));
  return { status: r.status, body: await r.json() };
};

beforeAll(async () => {
  dir = recordingsDir(['pod-loss-recovery']);
  viewer = await startViewer({ dir, port: 0 });
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

describe('viewer API: the state written from the rows\' texts', () => {
  it('is the body res.json made of stateAt\'s objects (view=keys: of liveAt\'s keys), byte for byte, for one kind, a namespace and every kind, at many seqs', async () => {
    const rec = Recording.open(path.join(dir, 'pod-loss-recovery.db'), { readonly: true });
    try {
      const replay = Replay.open(rec);
      const last = replay.lastSeq;
      let objects = 0;
      for (const seq of [0, 1, Math.floor(last / 3), 120, last - 1, last]) {
        for (const [args, q] of [
          ['&kind=pods', { kinds: ['Pod'] }],
          ['&kind=pods,events&namespace=default', { kinds: ['Pod', 'Event'], namespace: 'default' }],
          ['', {}],
        ] as const) {
          const r = await fetch(new URL(`/api/recordings/pod-loss-recovery/state?seq=${seq}${args}`, viewer.url));
          expect(r.status).toBe(200);
          expect(r.headers.get('content-type')).toMatch(/^application\/json/);
          const want = replay.stateAt(seq, q);
          objects += want.length;
          expect(await r.text(), `seq ${seq}${args}`).toBe(JSON.stringify({ seq, timeMs: seq === 0 ? 0 : replay.index.timeOf(seq), objects: want }));
          // view=keys: the keys res.json wrote, one object a live key, byte for byte (and one name's)
          const timeMs = seq === 0 ? 0 : replay.index.timeOf(seq);
          const keys = replay.liveAt(seq, q).map((l) => ({ ...replay.index.parseKey(l.keyId), seq: l.seq }));
          const k = await fetch(new URL(`/api/recordings/pod-loss-recovery/state?seq=${seq}${args}&view=keys`, viewer.url));
          expect(await k.text(), `keys seq ${seq}${args}`).toBe(JSON.stringify({ seq, timeMs, keys }));
          const one = keys[Math.floor(keys.length / 2)];
          if (one !== undefined) {
            const named = await fetch(new URL(`/api/recordings/pod-loss-recovery/state?seq=${seq}${args}&view=keys&name=${one.name}`, viewer.url));
            expect(await named.text()).toBe(JSON.stringify({ seq, timeMs, keys: keys.filter((x) => x.name === one.name) }));
          }
        }
      }
      expect(objects).toBeGreaterThan(400);
    } finally {
      rec.close();
    }
  });

  it('in chunks of 3 objects and 3 keys (a 100,000-pod state goes out 1,024 objects or 8,192 keys at a time), the same bodies; an empty state is an empty list', async () => {
    const rec = Recording.open(path.join(dir, 'pod-loss-recovery.db'), { readonly: true });
    const replay = Replay.open(rec);
    const app = express();
    app.get('/s/:seq', async (req, res) => sendState(res, Number(req.params.seq), 7, replay.viewAt(Number(req.params.seq)), 3));
    app.get('/k/:seq', async (req, res) => sendKeys(res, Number(req.params.seq), 7, replay.viewAt(Number(req.params.seq)), 3));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((ok) => server.once('listening', ok));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/s/`;
      for (const seq of [0, 3, 120, replay.lastSeq]) {
        const want = replay.stateAt(seq);
        expect(await (await fetch(`${url}${seq}`)).text(), `seq ${seq}`).toBe(JSON.stringify({ seq, timeMs: 7, objects: want }));
        const keys = replay.liveAt(seq).map((l) => ({ ...replay.index.parseKey(l.keyId), seq: l.seq }));
        expect(await (await fetch(url.replace('/s/', '/k/') + seq)).text(), `keys seq ${seq}`).toBe(JSON.stringify({ seq, timeMs: 7, keys }));
      }
      expect(await (await fetch(`${url}0`)).json()).toEqual({ seq: 0, timeMs: 7, objects: [] });
    } finally {
      server.close();
      rec.close();
    }
  });
});

describe('viewer API: a state streamed while the recording changes on disk', () => {
  it('a request meanwhile that reopens the grown file does not close the recording under the stream; it closes when the stream ends', async () => {
    const { RecordingLibrary } = await import('../../viewer/server/library.js');
    const fs = await import('node:fs');
    const own = recordingsDir(['pod-loss-recovery']);
    const lib = new RecordingLibrary(own);
    try {
      const o = lib.get('pod-loss-recovery');
      const want = o.replay.stateAt(120, { kinds: ['Pod'] }).map((x) => JSON.stringify(x));
      const view = o.replay.viewAt(120, { kinds: ['Pod'] });
      expect(view.length).toBeGreaterThan(3);
      const release = o.pin();
      const first = view.texts(0, 2);
      // The file "grows" (a record or live session's commit): the next request reopens it.
      const file = path.join(own, 'pod-loss-recovery.db');
      const t = new Date(Date.UTC(2030, 0, 1));
      fs.utimesSync(file, t, t);
      const reopened = lib.get('pod-loss-recovery');
      expect(reopened).not.toBe(o);
      // The stream's next chunk still reads (before: "The database connection is not open").
      expect([...first, ...view.texts(2, view.length)]).toEqual(want);
      expect(o.rec.db.open).toBe(true);
      release();
      expect(o.rec.db.open).toBe(false);
      expect(reopened.rec.db.open).toBe(true);
    } finally {
      lib.close();
    }
  });

  it('refuses a name or namespace with a NUL character (the index joins a key with it)', async () => {
    const r = await fetch(new URL('/api/recordings/pod-loss-recovery/state?view=keys&kind=pods&name=default%00web', viewer.url));
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/^name: invalid .*NUL/);
  });
});

describe('viewer API: the streamed state answers a repeated request with 304', () => {
  it('a weak ETag from the recording, the seq and the query; If-None-Match gets 304 and no body until the file changes', async () => {
    const fs = await import('node:fs');
    const own = recordingsDir(['pod-loss-recovery']);
    const mine = await startViewer({ dir: own, port: 0 });
    try {
      const at = (q: string, etag?: string): Promise<Response> => fetch(new URL(`/api/recordings/pod-loss-recovery/state?${q}`, mine.url), etag === undefined ? {} : { headers: { 'If-None-Match': etag } });
      const first = await at('seq=120&kind=pods');
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag') ?? '';
      expect(etag).toMatch(/^W\/"[\w-]{27}"$/);
      const body = await first.text();
      expect(JSON.parse(body).objects.length).toBeGreaterThan(1);
      // Asked again with it: 304, empty, before anything is streamed (fetch adds Cache-Control:
      // no-cache to a request with If-None-Match: the 304 holds regardless).
      const again = await at('seq=120&kind=pods', etag);
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
      // A time is the state of the seq it lands on: the same ETag as that seq's.
      const byTime = await at(`time=${JSON.parse(body).timeMs as number}&kind=pods`);
      const landed = JSON.parse(await byTime.text()).seq as number;
      expect((await at(`seq=${landed}&kind=pods`, byTime.headers.get('etag') ?? '')).status).toBe(304);
      // Another seq, kind, view or name is another body: 200 with another ETag.
      for (const q of ['seq=119&kind=pods', 'seq=120&kind=events', 'seq=120&kind=pods&view=keys', 'seq=120&kind=pods&namespace=kube-system', `seq=120&kind=pods&name=${JSON.parse(body).objects[0].metadata.name}`]) {
        const r = await at(q, etag);
        expect(r.status, q).toBe(200);
        expect(r.headers.get('etag'), q).not.toBe(etag);
        const e2 = r.headers.get('etag') ?? '';
        await r.text();
        expect((await at(q, e2)).status, `${q} again`).toBe(304);
      }
      // The file changes (a record or live session's commit): the old ETag no longer matches.
      const t = new Date(Date.UTC(2030, 0, 1));
      fs.utimesSync(path.join(own, 'pod-loss-recovery.db'), t, t);
      const changed = await at('seq=120&kind=pods', etag);
      expect(changed.status).toBe(200);
      expect(await changed.text()).toBe(body);
      expect(changed.headers.get('etag')).not.toBe(etag);
    } finally {
      await mine.close();
    }
  });
});
