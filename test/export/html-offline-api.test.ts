import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipBundle } from '../../core/export/html-bundle.js';
import { Recording } from '../../core/record/recording.js';
import type { OfflineBundle } from '../../viewer/shared/offline-bundle.js';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import type { Transport } from '../../viewer/web/src/api.js';
import { offlineTransport } from '../../viewer/web/src/offline/offline-transport.js';
import { recordingsDir } from '../viewer/fixtures.js';

/*
 * The html export answers the viewer's requests from the bundle in the page
 * (viewer/web/src/offline/), the server from SQLite: for every request the viewer makes,
 * both must give the same JSON, or a feature of the export shows something else than the
 * served viewer. Each path below is one the viewer sends (event log pages around the
 * playhead with and without the story lens, filters, an event with its diff, a diff
 * between two chosen versions, search, chains, logs, notes).
 */

let viewer: RunningViewer;
let offline: Transport;
let firstPod: number;

beforeAll(async () => {
  const dir = recordingsDir(['rolling-update']);
  const rec = Recording.open(path.join(dir, 'rolling-update.db'), { readonly: true });
  const { gz } = await gzipBundle(rec, 'rolling-update');
  firstPod = [...rec.events({ kind: 'Pod', limit: 1 })][0]!.seq;
  rec.close();
  offline = offlineTransport(Promise.resolve(JSON.parse(zlib.gunzipSync(gz).toString('utf8')) as OfflineBundle));
  viewer = await startViewer({ dir, port: 0 });
});

afterAll(async () => {
  await viewer?.close();
});

const R = '/api/recordings/rolling-update';
const served = async (p: string): Promise<unknown> => {
  const res = await fetch(`${viewer.url}${p.slice(1)}`);
  expect(res.status).toBe(200);
  return res.json();
};

describe('html export: the page answers as the server does', () => {
  it.each([
    `${R}/model`,
    `${R}/events?limit=50&offset=100`,
    `${R}/events?toSeq=400&limit=26&order=desc&lens=story`,
    `${R}/events?fromSeq=401&limit=25&lens=story`,
    `${R}/events?kind=Pod&actor=scheduler&limit=20&offset=3`,
    `${R}/events?kind=pods&nameContains=WEB&reasonContains=sched&limit=10`,
    `${R}/events?kind=Deployment&name=web&namespace=default&toSeq=522&order=desc&limit=1000`,
    `${R}/events?fromTime=40000&toTime=41000&limit=5000`,
    `${R}/events/300`,
    `${R}/events/32`,
    `${R}/events/523`,
    `${R}/diff?from=32&to=523`,
    `${R}/diff?from=523&to=263`,
    `${R}/search?q=SetImage&lens=all&offset=0&limit=50`,
    `${R}/search?q=node-2&lens=story&offset=5&limit=10`,
    `${R}/chain/300`,
    `${R}/chain/263`,
    `${R}/actors`,
    `${R}/annotations`,
  ])('%s', async (p) => {
    expect(await offline.get(p)).toEqual(await served(p));
  });

  it("a pod's logs and the recording's summary", async () => {
    const p = `${R}/logs?seq=${firstPod}`;
    expect(await offline.get(p)).toEqual(await served(p));
    const list = (await served('/api/recordings')) as { recordings: unknown[] };
    expect(((await offline.get('/api/recordings')) as { recordings: unknown[] }).recordings).toEqual(list.recordings);
  });

  it('says what an export cannot do instead of answering wrong', async () => {
    await expect(offline.get(`${R}/compare/pod-loss-recovery`)).rejects.toThrow('compare needs the other recording');
    await expect(offline.post(`${R}/annotations`, { seq: 1, text: 'x' })).rejects.toThrow('notes cannot be saved here');
    await expect(offline.get('/api/recordings/other/model')).rejects.toThrow('recording "other" is not in this html export');
  });
});
