import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLive, type RunningLive } from './live-fixture.js';

/** Reads a watch for up to `ms` of wall time: its status, events, and whether the server ended it. */
function watchFor(l: RunningLive, urlPath: string, ms: number): Promise<{ status: number; events: any[]; endedByServer: boolean; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(urlPath, l.url), { headers: { Authorization: `Bearer ${l.token}` }, ca: l.ca }, (res) => {
      let buf = '';
      let settled = false;
      res.on('data', (c: Buffer) => (buf += c.toString('utf8')));
      const done = (endedByServer: boolean) => {
        if (settled) return;
        settled = true;
        const events = res.headers['content-type']?.includes('json') && res.statusCode === 200 ? buf.split('\n').filter((s) => s.trim() !== '').map((s) => JSON.parse(s)) : [];
        resolve({ status: res.statusCode ?? 0, events, endedByServer, body: buf });
      };
      res.on('end', () => done(true));
      setTimeout(() => {
        done(false);
        req.destroy();
      }, ms);
    });
    req.on('error', (e) => (String(e).includes('socket hang up') ? undefined : reject(e)));
    req.end();
  });
}

/** A GET with the request target exactly as given (`new URL` would read `//x` as a host). */
function rawGet(l: RunningLive, target: string): Promise<{ status: number; json: any }> {
  const u = new URL(l.url);
  return new Promise((resolve, reject) => {
    const req = https.request({ host: u.hostname, port: u.port, path: target, ca: l.ca, headers: { Authorization: `Bearer ${l.token}` } }, (res) => {
      let buf = '';
      res.on('data', (c: Buffer) => (buf += c.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(buf) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('live API: query parameters and paths as upstream reads them', () => {
  let l: RunningLive;
  beforeAll(async () => {
    l = await startLive();
  });
  afterAll(async () => {
    await l.stop();
  });

  it('opens a watch for every spelling of true that upstream\'s query decoding accepts (Python sends watch=True)', async () => {
    const spellings = ['True', 'true', 'TRUE', 't', '1', '', 'yes'];
    const watches = await Promise.all(spellings.map((spelling) => watchFor(l, `/api/v1/nodes?watch=${spelling}&timeoutSeconds=1`, 3000)));
    for (const [i, spelling] of spellings.entries()) {
      const w = watches[i] as Awaited<ReturnType<typeof watchFor>>;
      expect(w.status, `watch=${spelling}`).toBe(200);
      // A watch: one ADDED event per node, not a NodeList.
      expect(w.events.map((e) => e.type), `watch=${spelling}`).toEqual(['ADDED', 'ADDED', 'ADDED']);
      expect(w.endedByServer, `watch=${spelling} ends after timeoutSeconds`).toBe(true);
    }
    for (const spelling of ['false', 'False', 'FALSE', '0']) {
      const list = await l.request('GET', `/api/v1/nodes?watch=${spelling}`);
      expect(list.json.kind, `watch=${spelling}`).toBe('NodeList');
    }
    // allowWatchBookmarks=True is accepted too (no BOOKMARK events are sent).
    expect((await watchFor(l, '/api/v1/nodes?watch=True&allowWatchBookmarks=True&timeoutSeconds=1', 3000)).events).toHaveLength(3);
  });

  it('refuses a timeoutSeconds or limit that is not an int64 with upstream\'s 400, and ends a watch with a negative one at once', async () => {
    const abc = await l.request('GET', '/api/v1/pods?watch=1&timeoutSeconds=abc');
    expect(abc.status).toBe(400);
    expect(abc.json).toMatchObject({ kind: 'Status', reason: 'BadRequest', message: 'strconv.ParseInt: parsing "abc": invalid syntax' });
    const huge = await l.request('GET', '/api/v1/pods?watch=1&timeoutSeconds=99999999999999999999');
    expect(huge.json).toMatchObject({ code: 400, message: 'strconv.ParseInt: parsing "99999999999999999999": value out of range' });
    expect((await l.request('GET', '/api/v1/pods?limit=ten')).json.message).toBe('strconv.ParseInt: parsing "ten": invalid syntax');
    const negative = await watchFor(l, '/api/v1/nodes?watch=1&timeoutSeconds=-5', 3000);
    expect(negative.status).toBe(200);
    expect(negative.endedByServer).toBe(true);
    expect(negative.events).toEqual([]);
    // 10^10 s is 10^19 ns: past int64, time.Duration wraps negative, the watch ends at once.
    expect((await watchFor(l, '/api/v1/nodes?watch=1&timeoutSeconds=10000000000', 3000)).endedByServer).toBe(true);
    // A large one that does not wrap keeps the watch open.
    expect((await watchFor(l, '/api/v1/nodes?watch=1&timeoutSeconds=9000000000', 800)).endedByServer).toBe(false);
  });

  it('validates resourceVersionMatch and sendInitialEvents as ValidateListOptions does (422 on ListOptions.meta.k8s.io)', async () => {
    const noRv = await l.request('GET', '/api/v1/pods?resourceVersionMatch=Exact');
    expect(noRv.status).toBe(422);
    expect(noRv.json).toMatchObject({
      reason: 'Invalid',
      message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
      details: { group: 'meta.k8s.io', kind: 'ListOptions', causes: [{ reason: 'FieldValueForbidden', field: 'resourceVersionMatch' }] },
    });
    const bogus = await l.request('GET', '/api/v1/pods?resourceVersion=1&resourceVersionMatch=Newest');
    expect(bogus.json.message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", ""');
    const watchMatch = await l.request('GET', '/api/v1/pods?watch=1&resourceVersionMatch=NotOlderThan');
    expect(watchMatch.json.message).toContain('resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided');
    // WatchList streams are not served: the client falls back to LIST + WATCH.
    const stream = await l.request('GET', '/api/v1/pods?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true');
    expect(stream.status).toBe(422);
    expect(stream.json.message).toContain('sendInitialEvents is forbidden for watch unless the WatchList feature gate is enabled');
  });

  it('answers a LIST at a future resourceVersion with 504 Too large resource version, and a watch from one sees only what comes after it', async () => {
    const rv = Number((await l.request('GET', '/api/v1/nodes')).json.metadata.resourceVersion);
    const future = rv + 1000;
    const list = await l.request('GET', `/api/v1/pods?resourceVersion=${future}`);
    expect(list.status).toBe(504);
    expect(list.json).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Timeout', code: 504,
      message: `Timeout: Too large resource version: ${future}, current: ${rv}`,
      details: { causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }], retryAfterSeconds: 1 },
    });
    const w = watchFor(l, `/api/v1/namespaces?watch=1&resourceVersion=${future}`, 1200);
    await new Promise((r) => setTimeout(r, 200));
    expect((await l.request('POST', '/api/v1/namespaces', { body: '{"metadata":{"name":"after-future"}}', contentType: 'application/json' })).status).toBe(201);
    expect((await w).events).toEqual([]);
  });

  it('answers paths starting with // with a 404 Status that carries empty details, as a route miss upstream', async () => {
    for (const p of ['//api/v1/pods', '//', '//:', '///apis', '//evil.example/api/v1/nodes']) {
      const r = await rawGet(l, p);
      expect(r.status, p).toBe(404);
      expect(r.json, p).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 });
    }
    expect((await l.request('GET', '/api/v1/nodes')).status).toBe(200);
  });
});
