import fc from 'fast-check';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recorder } from '../../core/record/recorder.js';
import { Recording } from '../../core/record/recording.js';
import { Simulation } from '../../core/sim/cluster.js';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { networkRecording, recordingsDir } from '../viewer/fixtures.js';

/*
 * The viewer's JSON API under random requests: every answer is below 500 and, when
 * refused, says why as {"error": {code, message}}. Recordings include one with an
 * object nested 3,000 levels deep, as an older kubelapse could write.
 */

/** A recording whose ConfigMap nests 3,000 levels: rows written straight through the recorder. */
function deepRecording(dir: string): number {
  const rec = Recording.create(path.join(dir, 'deep.db'), { source: 'simulation', epoch: '2026-01-01T00:00:00Z', name: 'deep', title: 'deep' });
  const recorder = new Recorder(rec);
  const sim = new Simulation({ seed: 1, epoch: '2026-01-01T00:00:00Z' });
  recorder.attach(sim.api.writes$);
  sim.bootstrap([{ name: 'node-1', cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [] }]);
  const seq = sim.api.lastSeq;
  let deep = '{}';
  for (let i = 0; i < 3000; i++) deep = `{"x":${deep}}`;
  for (const [i, verb] of (['create', 'update'] as const).entries()) {
    const object = `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deep","namespace":"default","uid":"u-1","resourceVersion":"${seq + i + 1}"},"data":{"v":"${i}"},"extra":${deep}}`;
    recorder.append({ seq: seq + i + 1, timeMs: 1000 * (i + 1), verb, subresource: null, apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'deep', uid: 'u-1', resourceVersion: seq + i + 1, actor: 'old-kubelapse', causeSeq: null, reason: null, message: null, objectJson: object, object: JSON.parse('{}') });
  }
  recorder.close({ complete: true, endTimeMs: 3000 });
  rec.close();
  return seq + 2;
}

function get(viewer: RunningViewer, method: string, urlPath: string, body?: string, contentType = 'application/json'): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: viewer.port, path: urlPath, method, headers: { Host: `127.0.0.1:${viewer.port}`, ...(body !== undefined ? { 'Content-Type': contentType } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const names = fc.constantFrom('label-change', 'network', 'deep', 'nope', '..%2F..%2Fetc%2Fpasswd', '%00', 'a%20b', 'x'.repeat(300), '.hidden');
// DEEP stands for the seq of the deep ConfigMap's second version in `deep` (the first is DEEP-1).
const endpoints = fc.constantFrom('', '/events', '/events/1', '/events/DEEP', '/events/DEEP-1', '/chain/DEEP', '/history?kind=ConfigMap&name=deep', '/diff?to=DEEP', '/diff?from=DEEP-1&to=DEEP', '/state?seq=DEEP', '/events/0', '/events/-1', '/events/abc', '/events/99999999999999999999', '/chain/15', '/chain/1', '/chain/x', '/diff', '/state', '/history', '/model', '/markers', '/actors', '/annotations', '/traffic', '/verify', '/unknown');
const keys = fc.constantFrom('seq', 'time', 'from', 'to', 'fromSeq', 'toSeq', 'fromTime', 'toTime', 'kind', 'kinds', 'name', 'namespace', 'actor', 'reason', 'limit', 'offset', 'order', 'bucket', 'bucketMs', 'service', 'uid');
const values = fc.oneof(
  fc.constantFrom('1', '0', '-1', '14', '15', '3000', 'abc', '1e309', '99999999999999999999', '1m30s', '9x', 'desc', 'asc', 'ConfigMap', 'Pod', 'deep', 'default', '', '%00', 'NaN', '1.5'),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);
const query = fc.array(fc.tuple(keys, values), { maxLength: 4 }).map((ps) => (ps.length === 0 ? '' : '?' + ps.map(([k, v]) => `${k}=${v}`).join('&')));
const noteBody = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.record({ text: fc.oneof(fc.string({ maxLength: 30 }), fc.constant('x'.repeat(20_000)), fc.integer()), seq: fc.oneof(fc.integer({ min: -5, max: 40 }), fc.constant(1e12), fc.constant(null), fc.string()), timeMs: fc.oneof(fc.integer({ min: -5000, max: 1e7 }), fc.double(), fc.constant(null)), author: fc.oneof(fc.string({ maxLength: 10 }), fc.integer()) }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.constantFrom('null', '[]', '"text"', '{', '', '{"text": "' + 'é'.repeat(100) + '"}'),
);

describe('the viewer API under random requests', () => {
  let viewer: RunningViewer;
  const tally = new Map<number, number>();
  let deepSeq = 0;

  beforeAll(async () => {
    const dir = recordingsDir(['label-change']);
    networkRecording(dir);
    deepSeq = deepRecording(dir);
    viewer = await startViewer({ dir, port: 0 });
  }, 60_000);

  afterAll(async () => {
    await viewer?.close();
  });

  it('never answers 5xx, and every refusal is {"error": {code, message}}', async () => {
    await fc.assert(
      fc.asyncProperty(names, endpoints, query, fc.option(noteBody, { nil: undefined }), async (name, endpoint, q, note) => {
        const isNote = endpoint === '/annotations' && note !== undefined;
        const at = endpoint.replace('DEEP-1', String(deepSeq - 1)).replace('DEEP', String(deepSeq));
        const url = `/api/recordings/${name}${at}${at.includes('?') ? q.replace('?', '&') : q}`;
        const r = await get(viewer, isNote ? 'POST' : 'GET', url, isNote ? note : undefined);
        tally.set(r.status, (tally.get(r.status) ?? 0) + 1);
        expect(r.status, `${url} ${note ?? ''}: ${r.text.slice(0, 300)}`).toBeLessThan(500);
        if (r.status >= 400) {
          const body = JSON.parse(r.text) as { error?: { code?: number; message?: string } };
          expect(body.error?.code).toBe(r.status);
          expect(typeof body.error?.message).toBe('string');
        }
      }),
      { seed: 20261203, numRuns: 400 },
    );
    console.log(`viewer API fuzz: ${[...tally].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${v} x ${k}`).join(', ')}`);
    expect([...tally.keys()].some((s) => s === 200)).toBe(true);
  }, 240_000);
});
