/* eslint-disable @typescript-eslint/no-explicit-any -- the page's globals and the replay's pods, read as open JSON */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Recording } from '../../core/record/recording.js';
import { Replay } from '../../core/replay/replay.js';
import { stageOf } from '../../viewer/server/model/pods.js';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { tmpDir } from '../helpers.js';
import { aggregateRecording, AGG_REPLICAS } from '../viewer/aggregate-recording.js';
import { launch, openViewer, shotAt, SIZES } from './browser.js';

/*
 * Issue 18's 100,000 pods, as a user meets them, on a recording small enough for a test:
 * the aggregate line lowered to 100 (KUBELAPSE_AGGREGATE_PODS), 180 pods on 8 nodes rolled
 * once (~400 pods over the recording). The page gets counts per node and per owner instead
 * of pod tracks, says so on screen, draws each node's counts as the replay has them at
 * the playhead and as it scrubs, and a click on a node lists exactly that node's pods.
 */

interface Snapshot {
  notice: string;
  focus: string | null;
  boxes: Array<{ key: string; kind: string; x: number; y: number; w: number; h: number; pods: number; counts: number[] }>;
}

const REPLICAS = AGG_REPLICAS;
const LINE = 100;
const saved = process.env.KUBELAPSE_AGGREGATE_PODS;
let viewer: RunningViewer;
let browser: Browser;
let rec: Recording;
let replay: Replay;
let rollAt = 0;
let last = 0;

beforeAll(async () => {
  const dir = tmpDir('kubelapse-aggregate-e2e-');
  let file: string;
  ({ file, rollAt, last } = aggregateRecording(dir));
  rec = Recording.open(file, { readonly: true });
  replay = Replay.open(rec);
  process.env.KUBELAPSE_AGGREGATE_PODS = String(LINE);
  viewer = await startViewer({ dir, port: 0 });
  browser = await launch();
}, 180_000);

afterAll(async () => {
  if (saved === undefined) delete process.env.KUBELAPSE_AGGREGATE_PODS;
  else process.env.KUBELAPSE_AGGREGATE_PODS = saved;
  await browser?.close();
  await viewer?.close();
  rec?.close();
});

async function open(query: string, size: { width: number; height: number }): Promise<Page> {
  const r = await openViewer(browser, `${viewer.url}${query}`, size);
  expect(r.problems).toEqual([]);
  return r.page;
}

const snapshot = (page: Page): Promise<Snapshot> => page.evaluate(() => (globalThis as any).__kubelapseAggregates[0].snapshot());
const toSeq = (page: Page, seq: number): Promise<void> => page.evaluate((s) => (globalThis as any).__kubelapse.nav.toSeq(s), seq);

/** Per node, the replay's pods per stage at `seq` (stages as the cluster view colours them). */
function replayNodes(seq: number): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const p of replay.stateAt(seq, { kinds: ['Pod'] }) as any[]) {
    const node: string | null = p.spec?.nodeName ?? null;
    const key = node ?? 'Unscheduled';
    const c = (out[key] ??= [0, 0, 0, 0, 0, 0, 0]);
    c[stageOf(node, p.status?.phase ?? null, p.metadata?.deletionTimestamp != null, p.status?.conditions ?? [])]! += 1;
  }
  return out;
}

function drawnNodes(s: Snapshot): Record<string, number[]> {
  return Object.fromEntries(s.boxes.filter((b) => b.pods > 0).map((b) => [b.key, b.counts]));
}

describe(`an aggregated recording (${REPLICAS} pods rolled once, the line lowered to ${LINE})`, () => {
  it.each(SIZES)('at %o the first frame draws counts per node as the replay has them, and says why on screen', async (size) => {
    const seq = rollAt + 300;
    const page = await open(`?rec=agg&seq=${seq}`, size);
    const snap = await snapshot(page);
    expect(snap.boxes.filter((b) => b.kind === 'node')).toHaveLength(8);
    expect(drawnNodes(snap)).toEqual(replayNodes(seq));
    // The note: how many pods, that these are counts, and what to do; in the window, legible.
    const note = page.locator('#cluster .aggregate-notice');
    expect(await note.textContent()).toMatch(/^\d[\d,]* pods in this recording, more than 100 to draw one by one: counts per node \([\d,]+ pods on 8 nodes now\); click a node to see its pods$/);
    const box = await note.boundingBox();
    expect(box!.y + box!.height).toBeLessThan(size.height);
    expect(box!.width).toBeGreaterThan(300);
    expect(Number.parseFloat(await note.evaluate((e) => (globalThis as any).getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(12);
    // No per-pod view was built from a model that has no pods: the owners' counts instead.
    expect(await page.locator('#agg-owners tbody tr').count()).toBeGreaterThanOrEqual(3);
    await shotAt(page, `aggregate-first-frame-${size.width}x${size.height}`, '#cluster');
  });

  it('scrubbing changes the counts as the recording does, forwards and back', async () => {
    const page = await open(`?rec=agg&seq=${rollAt}`, SIZES[0]);
    const seen: string[] = [];
    for (const seq of [rollAt + 100, Math.floor((rollAt + last) / 2), last, rollAt + 20, 50]) {
      await toSeq(page, seq);
      const snap = await snapshot(page);
      expect(drawnNodes(snap), `seq ${seq}`).toEqual(replayNodes(seq));
      seen.push(JSON.stringify(drawnNodes(snap)));
    }
    // The recording does change under the playhead: the counts drawn differ along the way.
    expect(new Set(seen).size).toBeGreaterThanOrEqual(4);
  });

  it('a click on a node lists exactly its pods at the playhead, and a row selects that pod\'s write', async () => {
    const seq = Math.floor((rollAt + last) / 2);
    const page = await open(`?rec=agg&seq=${seq}`, SIZES[0]);
    const snap = await snapshot(page);
    const node = snap.boxes.find((b) => b.kind === 'node' && b.pods > 3)!;
    await page.mouse.click(node.x + node.w / 2, node.y + node.h / 2);
    await expect.poll(() => page.evaluate(() => (globalThis as any).__kubelapseAggregatePods.listed)).not.toBeNull();
    const listed = await page.evaluate(() => (globalThis as any).__kubelapseAggregatePods.listed);
    const want = (replay.stateAt(seq, { kinds: ['Pod'] }) as any[]).filter((p) => p.spec?.nodeName === node.key).map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();
    expect(listed.by).toBe(`node=${node.key}`);
    expect(listed.seq).toBe(seq);
    expect([...listed.names].sort()).toEqual(want);
    expect(await page.locator('.agg-pods-head').textContent()).toMatch(new RegExp(`^node ${node.key}: ${want.length} pods at `));
    expect((await snapshot(page)).focus).toBe(node.key);
    // Their rows as any recording's lifecycles draw them; a click on one selects a write of that pod.
    await shotAt(page, 'aggregate-node-pods-1280x720', '#agg-pods');
    const row = page.locator('#agg-pods svg.lifecycles g.row').first();
    const rb = await row.boundingBox();
    await page.mouse.click(rb!.x + rb!.width * 0.5, rb!.y + rb!.height / 2);
    await expect.poll(() => page.evaluate(() => (globalThis as any).__kubelapse.store.state.sel)).toBeGreaterThan(0);
  });

  it('a click on an owner lists its live pods; a bad question to the endpoint gets a JSON error', async () => {
    const seq = last;
    const page = await open(`?rec=agg&seq=${seq}`, SIZES[1]);
    const row = page.locator('#agg-owners tbody tr', { hasText: 'ReplicaSet/' }).filter({ hasNotText: /\s0$/ }).first();
    const uid = await row.getAttribute('data-uid');
    await row.click();
    await expect.poll(() => page.evaluate(() => (globalThis as any).__kubelapseAggregatePods.listed?.by)).toBe(`owner=${uid}`);
    const listed = await page.evaluate(() => (globalThis as any).__kubelapseAggregatePods.listed);
    const want = (replay.stateAt(seq, { kinds: ['Pod'] }) as any[]).filter((p) => p.metadata.ownerReferences?.some((r: any) => r.controller === true && r.uid === uid)).map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();
    expect(want.length).toBeGreaterThan(0);
    expect([...listed.names].sort()).toEqual(want);
    const bad = await page.evaluate(async () => {
      const res = await fetch('/api/recordings/agg/pods?node=node-999&at=3');
      return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as any };
    });
    expect(bad.status).toBe(404);
    expect(bad.type).toMatch(/application\/json/);
    expect(bad.body.error.message).toBe('node "node-999" is not in this recording');
  });
});
