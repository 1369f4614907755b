/* eslint-disable @typescript-eslint/no-explicit-any -- the page's globals, read inside page.evaluate */
/**
 * Issue 18's viewer at 100,000 pods: a recording past the aggregate line (the story model
 * counts pods per node and owner: viewer/shared/aggregate-model.ts), in Debian's chromium
 * against the real server, and pod-loss-recovery (130 events) as the baseline of the same run.
 *   a. the model built uncached (optional, KUBELAPSE_BENCH_UNCACHED=1: ~35 s on the
 *      100,000-pod recording) and its cached size;
 *   b. opening: a fresh server and page with the model cached, first frame from navigation
 *      (timings.ready); then the same page again (warm); target < 2 s;
 *   c. scrubbing: the playhead dragged over the whole recording in 300 mouse moves, each
 *      frame's synchronous render timed in the page; target p95 < 16 ms;
 *   d. a click on the fullest node: until its pods are listed (GET .../pods?node=&at=).
 * The big recording is linked, not copied (4.45 GB): KUBELAPSE_BENCH_AGG=/work/scale/rec/k100.db
 *   node --expose-gc dist/test/bench/viewer-aggregate.js
 * KUBELAPSE_BENCH_AGG_DIR=<folder> puts the link and the small recording there instead of
 * the shared $TMPDIR/kubelapse-agg-bench (two runs at once would replace each other's link).
 * Prints one JSON line, with each figure divided by the baseline's in `ratio`; `nodesDrawn`
 * and `notice` say what the page drew (node boxes on the canvas) and what it says on screen
 * about the pods it counts instead of drawing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { loadScenario } from '../../core/scenario/parse.js';
import { runScenario } from '../../core/scenario/runner.js';
import { Recording } from '../../core/record/recording.js';
import { startViewer } from '../../viewer/server/serve.js';
import { cacheFileOf, storyModelBody } from '../../viewer/server/model/model-cache.js';
import type { StoryModel } from '../../viewer/shared/model.js';
import { launch } from '../browser/browser.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const bigFile = process.env.KUBELAPSE_BENCH_AGG;
if (bigFile === undefined || !fs.existsSync(bigFile)) throw new Error('set KUBELAPSE_BENCH_AGG to a recording with more pods than the aggregate line (e.g. /work/scale/rec/k100.db)');
// One folder kept from run to run (a link and the small recording): the model cache is
// named by the recording's path, so the big model built once stays cached for the next run.
const dir = process.env.KUBELAPSE_BENCH_AGG_DIR ?? path.join(os.tmpdir(), 'kubelapse-agg-bench');
fs.mkdirSync(dir, { recursive: true });
fs.rmSync(path.join(dir, 'big.db'), { force: true });
fs.rmSync(path.join(dir, 'small.db'), { force: true });
fs.symlinkSync(path.resolve(bigFile), path.join(dir, 'big.db'));
runScenario(loadScenario(path.join(root, 'recordings', 'pod-loss-recovery.yaml')), { output: path.join(dir, 'small.db') });

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

/** The model as the server gets it: built (its cache files removed first) when `uncached`, then read from the cache; its sizes. */
function model(name: string, uncached: boolean): Record<string, number> {
  const file = path.join(dir, `${name}.db`);
  const rec = Recording.open(file, { readonly: true });
  try {
    const out: Record<string, number> = {};
    if (uncached) {
      for (const suffix of ['.model.json.gz', '.pods.json.gz']) fs.rmSync(cacheFileOf(file, suffix), { force: true });
      const t = performance.now();
      storyModelBody(rec, name, file);
      out.uncachedBuildMs = Math.round(performance.now() - t);
    }
    const t = performance.now();
    const body = storyModelBody(rec, name, file);
    out.cachedReadMs = Math.round(performance.now() - t);
    out.modelGzipBytes = body.gzip.length;
    const m = JSON.parse(gunzipSync(body.gzip).toString('utf8')) as StoryModel;
    out.modelJsonBytes = JSON.stringify(m).length;
    out.pods = m.aggregate?.pods ?? m.pods.length;
    out.aggregated = m.aggregate === undefined ? 0 : 1;
    out.events = m.lastSeq;
    out.nodes = m.nodes.length;
    return out;
  } finally {
    rec.close();
  }
}

const browser = await launch();
async function measure(name: string): Promise<Record<string, number | string>> {
  const viewer = await startViewer({ dir, port: 0 });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const open = async (): Promise<Record<string, number>> => {
    await page.goto(`${viewer.url}?rec=${name}&seq=0`, { timeout: 300_000 });
    await page.waitForFunction(() => (globalThis as any).__kubelapse?.ready === true, null, { timeout: 300_000 });
    return (await page.evaluate(() => (globalThis as any).__kubelapse.timings)) as Record<string, number>;
  };
  const cached = await open();
  const warm = await open();
  await page.evaluate(() => ((globalThis as any).__kubelapse.frames.length = 0));
  const box = (await page.locator('svg.timeline rect.scrub').boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 1, y);
  await page.mouse.down();
  for (let i = 0; i <= 300; i++) await page.mouse.move(box.x + 1 + ((box.width - 2) * i) / 300, y);
  await page.mouse.up();
  const frames = (await page.evaluate(() => (globalThis as any).__kubelapse.frames.slice())) as number[];
  // A click on the node holding the most pods at the end: until its rows are listed.
  let clickMs = -1;
  let listed = -1;
  let podsDrawn = -1;
  let nodesDrawn = -1;
  let notice = '';
  const agg = await page.evaluate(() => (globalThis as any).__kubelapseAggregates?.[0]?.snapshot() ?? null);
  if (agg !== null) {
    podsDrawn = agg.boxes.reduce((n: number, b: any) => n + b.pods, 0);
    nodesDrawn = agg.boxes.filter((b: any) => b.kind === 'node').length;
    notice = agg.notice;
    // The fullest node of those in view (the canvas scrolls in its box below the first rows).
    const node = [...agg.boxes].filter((b: any) => b.kind === 'node' && b.y > 0 && b.y + b.h < 500).sort((a: any, b: any) => b.pods - a.pods)[0];
    const b = node;
    const t = Date.now();
    await page.mouse.click(b.x + b.w / 2, b.y + b.h / 2);
    await page.waitForFunction((k) => (globalThis as any).__kubelapseAggregatePods?.listed?.by === `node=${k}`, node.key, { timeout: 120_000 });
    clickMs = Date.now() - t;
    listed = await page.evaluate(() => (globalThis as any).__kubelapseAggregatePods.listed.names.length);
  }
  await page.close();
  await viewer.close();
  return {
    openMs: Math.round(cached.ready ?? 0), modelInMs: Math.round(cached.modelIn ?? cached.model ?? 0), warmOpenMs: Math.round(warm.ready ?? 0),
    frames: frames.length, p50: +pct(frames, 50).toFixed(2), p95: +pct(frames, 95).toFixed(2), max: +Math.max(...frames).toFixed(2),
    podsDrawn, nodesDrawn, notice, clickToPodsMs: clickMs, podsListed: listed,
  };
}

const uncached = process.env.KUBELAPSE_BENCH_UNCACHED === '1';
const bigModel = model('big', uncached);
const smallModel = model('small', uncached);
const big = { ...bigModel, ...(await measure('big')) };
const small = { ...smallModel, ...(await measure('small')) };
await browser.close();
const ratio = Object.fromEntries(['openMs', 'warmOpenMs', 'p95', 'uncachedBuildMs'].filter((k) => (small as any)[k] > 0).map((k) => [k, +((big as any)[k] / (small as any)[k]).toFixed(2)]));
console.log(JSON.stringify({ big, small, ratio, load: os.loadavg().map((l) => +l.toFixed(1)) }));
