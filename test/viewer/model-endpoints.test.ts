import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { noiseRunsOf } from '../../viewer/server/lens/noise-index.js';
import { cacheFileOf } from '../../viewer/server/model/model-cache.js';
import { proxyModel } from '../../viewer/server/model/proxy-model.js';
import { buildStoryModel } from '../../viewer/server/model/story-model.js';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from './fixtures.js';

/**
 * Issue 15's open-time target: the story model holds only what the first frame needs and
 * goes over the wire compressed; the story lens's noise runs and the kube-proxy lane are
 * their own endpoints, asked for after the first frame and answered from a cache.
 */
let dir: string;
let viewer: RunningViewer;
const url = (p: string): string => new URL(p, viewer.url).toString();

beforeAll(async () => {
  dir = recordingsDir(['prestop-off', 'pod-loss-recovery']);
  viewer = await startViewer({ dir, port: 0 });
}, 120_000);
afterAll(async () => viewer?.close());

describe('the story model on the wire', () => {
  it('is gzip-compressed, a fraction of its JSON, without the noise runs or the kube-proxy lane', async () => {
    const res = await fetch(url('/api/recordings/prestop-off/model'), { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const wire = Number(res.headers.get('content-length'));
    const text = await res.text(); // fetch inflates it
    expect(wire).toBeLessThan(text.length / 4);
    const m = JSON.parse(text);
    expect(m.name).toBe('prestop-off');
    expect(m.pods.length).toBeGreaterThan(0);
    expect('noise' in m).toBe(false);
    expect('proxy' in m).toBe(false);
  });

  it('a client that does not take gzip gets the same JSON plain', async () => {
    const gz = await (await fetch(url('/api/recordings/prestop-off/model'))).text();
    const plain = await fetch(url('/api/recordings/prestop-off/model'), { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(gz);
  });

  it('a page opened again gets 304 for an unchanged model, and the full body once the recording changed', async () => {
    // As a browser revalidates (fetch() itself would add cache-control: no-cache, which always gets the body).
    const again = (etag: string): Promise<Response> => fetch(url('/api/recordings/prestop-off/model'), { headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' } });
    const first = await fetch(url('/api/recordings/prestop-off/model'));
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"/);
    expect((await again(etag!)).status).toBe(304);
    // A marker is part of the model: a new one changes the ETag.
    const rec = Recording.open(path.join(dir, 'prestop-off.db'), { readonly: false });
    rec.db.prepare("INSERT INTO markers (time_ms, seq, kind, title) VALUES (1000, 5, 'chapter', 'added later')").run();
    rec.close();
    const after = await again(etag!);
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(((await after.json()) as any).markers.map((m: { title: string }) => m.title)).toContain('added later');
  });
});

describe('sent on demand', () => {
  it('GET .../noise: the story lens runs, as a fresh scan finds them', async () => {
    const body = (await (await fetch(url('/api/recordings/pod-loss-recovery/noise'))).json()) as any;
    const rec = Recording.open(path.join(dir, 'pod-loss-recovery.db'));
    fs.rmSync(cacheFileOf(rec.path, '.noise.json'), { force: true });
    expect(body.runs).toEqual(noiseRunsOf(rec));
    // 77 of its writes (viewer/shared/noise.ts); 78 before the pod-kill fault restarted its pod in place.
    expect(body.runs.reduce((n: number, [a, b]: [number, number]) => n + b - a + 1, 0)).toBe(77);
    rec.close();
  });

  it('a fresh server reads the noise runs from their cache file instead of scanning the recording again', async () => {
    const file = path.join(dir, 'pod-loss-recovery.db');
    const cache = cacheFileOf(file, '.noise.json');
    await fetch(url('/api/recordings/pod-loss-recovery/noise'));
    const stored = fs.readFileSync(cache, 'utf8');
    const key = stored.slice(0, stored.indexOf('\n'));
    expect(key).toMatch(/^kubelapse-noise v\d+ \d+ [0-9a-f]{64}$/);
    // Mark the file: a scan would not find [1, 1].
    fs.writeFileSync(cache, `${key}\n[[1,1]]`);
    const fresh = await startViewer({ dir, port: 0 });
    try {
      expect(((await (await fetch(new URL('/api/recordings/pod-loss-recovery/noise', fresh.url))).json()) as any).runs).toEqual([[1, 1]]);
    } finally {
      await fresh.close();
      fs.rmSync(cache);
    }
  });

  it('GET .../proxy: each node\'s kube-proxy routing, as derived from the recording and its story model', async () => {
    const body = (await (await fetch(url('/api/recordings/prestop-off/proxy'))).json()) as any;
    const rec = Recording.open(path.join(dir, 'prestop-off.db'));
    const direct = proxyModel(rec, buildStoryModel(rec, 'prestop-off').pods);
    rec.close();
    expect(direct).not.toBeNull();
    expect(body.proxy).toEqual(direct);
    expect(body.proxy.nodes.map((n: { node: string }) => n.node)).toEqual(['node-1', 'node-2', 'node-3']);
  });
});
