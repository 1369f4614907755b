import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from './fixtures.js';

/**
 * `GET .../model?as=gzip`: the cached gzip as a file, for the page's worker to inflate
 * (index.html), so a large recording's model crosses the browser as 0.5 MB, not 3.8.
 * It must be the same model as the JSON answer, and revalidate on its own ETag.
 */
let viewer: RunningViewer;
const url = (p: string): string => new URL(p, viewer.url).toString();

beforeAll(async () => {
  viewer = await startViewer({ dir: recordingsDir(['pod-loss-recovery']), port: 0 });
}, 120_000);
afterAll(async () => viewer?.close());

describe('the story model as a gzip file', () => {
  it('holds the same JSON as the plain answer, sent as application/gzip with no Content-Encoding', async () => {
    const file = await fetch(url('/api/recordings/pod-loss-recovery/model?as=gzip'), { headers: { 'accept-encoding': 'gzip' } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toMatch(/^application\/gzip/);
    expect(file.headers.get('content-encoding')).toBeNull();
    const bytes = Buffer.from(await file.arrayBuffer()); // not inflated by fetch: no Content-Encoding
    expect(bytes[0]).toBe(0x1f);
    expect(bytes[1]).toBe(0x8b);
    const plain = await (await fetch(url('/api/recordings/pod-loss-recovery/model'), { headers: { 'accept-encoding': 'identity' } })).text();
    expect(gunzipSync(bytes).toString('utf8')).toBe(plain);
    expect(JSON.parse(plain).name).toBe('pod-loss-recovery');
  });

  it('has an ETag of its own, and a page that has it gets 304', async () => {
    const file = await fetch(url('/api/recordings/pod-loss-recovery/model?as=gzip'));
    const json = await fetch(url('/api/recordings/pod-loss-recovery/model'));
    const etag = file.headers.get('etag') as string;
    expect(etag).toMatch(/^".+-gz"$/);
    expect(etag).not.toBe(json.headers.get('etag'));
    const again = await fetch(url('/api/recordings/pod-loss-recovery/model?as=gzip'), { headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' } });
    expect(again.status).toBe(304);
  });

  it('a recording that does not exist is a JSON error, not gzip', async () => {
    const res = await fetch(url('/api/recordings/nope/model?as=gzip'));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/json/);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('nope');
  });
});
