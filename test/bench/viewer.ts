/**
 * Viewer benchmark, in Debian's chromium against the real server:
 *   a. opening: from navigation to the first drawn frame of a ~100,000-event recording, in
 *      a fresh server and page: as `kubelapse run` leaves it (story model cached beside it),
 *      and without the cache (a recording from elsewhere); pod-loss-recovery (130 events)
 *      is the baseline of the same run; target < 1 s. Each open also says when the page
 *      was interactive (…LoadedMs: the story lens's noise runs and any kube-proxy lane in,
 *      asked for after the first frame), the model's bytes on the wire and its JSON size.
 *   b. scrubbing: the playhead dragged with the mouse over the whole 1,000-pod recording,
 *      each frame's synchronous render timed with performance.now() in the page (cluster
 *      view, charts' playheads, narration, controls); target < 16 ms per frame. Baseline:
 *      the same drag over pod-loss-recovery.
 * Prints one JSON line.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../core/scenario/parse.js';
import { runScenario } from '../../core/scenario/runner.js';
import { startViewer } from '../../viewer/server/serve.js';
import { cacheFileOf } from '../../viewer/server/model/model-cache.js';
import type { Page } from 'playwright-core';
import { launch } from '../browser/browser.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubelapse-viewer-bench-'));
// The recording is made as `kubelapse run` makes one, model cache included; the cold
// open without it (a recording from elsewhere) is measured too, after deleting the cache.
// Arguments [replicas nodes minEvents] (default 1000 40 100000): `node dist/test/bench/viewer.js 10000 100 1`
// is the 10,000-pod, 100-node cluster scaled up once.
const [replicas = '1000', nodes = '40', minEvents = '100000'] = process.argv.slice(2);
// KUBELAPSE_BENCH_FROM=<folder> takes big.db and small.db from an earlier run instead (the 10,000-pod one takes ~8 min to make);
// big.db may be any recording, e.g. a link to kwok-scale's (KUBELAPSE_BENCH_KEEP=/path.db of `kwok-scale.js 20 1000 200`: 20,000 pods on 1,000 nodes).
const from = process.env.KUBELAPSE_BENCH_FROM;
let made: { events: number; rollouts?: number; endTimeMs?: number };
if (from !== undefined) {
  for (const f of ['big.db', 'small.db']) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  made = { events: Number(execFileSync('sqlite3', [path.join(dir, 'big.db'), 'SELECT MAX(seq) FROM events'], { encoding: 'utf8' })) };
} else {
  made = JSON.parse(execFileSync(process.execPath, [path.join(here, 'viewer-recording.js'), path.join(dir, 'big.db'), replicas, nodes, minEvents], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as typeof made;
  runScenario(loadScenario(path.join(root, 'recordings', 'pod-loss-recovery.yaml')), { output: path.join(dir, 'small.db') });
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

const browser = await launch();
interface Opened {
  /** The first frame (the page's timings.ready), from navigation. */
  ms: number;
  /** Interactive: the lens's runs and the lanes in (timings.loaded). */
  loadedMs: number;
}
interface Measured {
  uncachedOpenMs: number;
  uncachedLoadedMs: number;
  openMs: number;
  loadedMs: number;
  warmOpenMs: number;
  warmLoadedMs: number;
  modelWireBytes: number;
  modelJsonBytes: number;
  frames: number[];
  maxPods: number;
}

/** Pods the cluster view shows: its SVG chips, or for a large recording drawn on a canvas (cluster-canvas.ts) the pods it counts. */
async function podsShown(page: Page): Promise<number> {
  const svg = await page.locator('svg.cluster g.pod:visible').count();
  if (svg > 0) return svg;
  return page.evaluate(() => ((globalThis as any).__kubelapseClusters?.[0]?.snapshot().boxes ?? []).reduce((n: number, b: { pods: number }) => n + b.pods, 0));
}

/**
 * A fetch tried up to three times: on a loaded machine undici at times reuses a kept-alive
 * socket the server is closing ("terminated: other side closed"), which ended the run.
 */
async function fetchAgain(url: string, init: RequestInit): Promise<{ res: Response; body: ArrayBuffer }> {
  for (let tries = 1; ; tries++) {
    try {
      const res = await fetch(url, init);
      return { res, body: await res.arrayBuffer() };
    } catch (e) {
      if (tries >= 3) throw e;
    }
  }
}

async function measure(name: string): Promise<Measured> {
  let viewer = await startViewer({ dir, port: 0 });
  let page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const open = async (): Promise<Opened> => {
    // An uncached 10,000-pod model takes longer than playwright's 30 s default on a busy machine.
    await page.goto(`${viewer.url}?rec=${name}&seq=0`, { timeout: 180_000 });
    await page.waitForFunction(() => (globalThis as any).__kubelapse?.ready === true, null, { timeout: 180_000 });
    const t = (await page.evaluate(() => (globalThis as any).__kubelapse.timings)) as Record<string, number>;
    return { ms: t.ready as number, loadedMs: t.loaded as number };
  };
  // 1. A recording from elsewhere: no model cache (nor noise runs), a fresh server builds it.
  for (const suffix of ['.model.json.gz', '.noise.json']) fs.rmSync(cacheFileOf(path.join(dir, `${name}.db`), suffix), { force: true });
  const uncached = await open();
  await page.close();
  await viewer.close();
  // 2. As `kubelapse run` leaves it (the cache file now exists), with a fresh server and a fresh page.
  viewer = await startViewer({ dir, port: 0 });
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const cached = await open();
  // 3. Opened again in the same server.
  const warm = await open();
  const modelJsonBytes = (await fetchAgain(`${viewer.url}api/recordings/${name}/model`, { headers: { 'accept-encoding': 'gzip' } })).body.byteLength; // fetch inflates it
  const modelWireBytes = Number((await fetchAgain(`${viewer.url}api/recordings/${name}/model`, { headers: { 'accept-encoding': 'gzip' }, method: 'HEAD' })).res.headers.get('content-length'));
  await page.evaluate(() => ((globalThis as any).__kubelapse.frames.length = 0));
  const box = (await page.locator('svg.timeline rect.scrub').boundingBox())!;
  const y = box.y + box.height / 2;
  let maxPods = 0;
  await page.mouse.move(box.x + 1, y);
  await page.mouse.down();
  for (let i = 0; i <= 300; i++) {
    await page.mouse.move(box.x + 1 + ((box.width - 2) * i) / 300, y);
    if (i % 30 === 0) maxPods = Math.max(maxPods, await podsShown(page));
  }
  await page.mouse.up();
  const frames = (await page.evaluate(() => (globalThis as any).__kubelapse.frames.slice())) as number[];
  await page.close();
  await viewer.close();
  return {
    uncachedOpenMs: uncached.ms, uncachedLoadedMs: uncached.loadedMs, openMs: cached.ms, loadedMs: cached.loadedMs, warmOpenMs: warm.ms, warmLoadedMs: warm.loadedMs,
    modelWireBytes, modelJsonBytes, frames, maxPods,
  };
}
const big = await measure('big');
const small = await measure('small');
await browser.close();
fs.rmSync(dir, { recursive: true, force: true });
const summary = (m: Measured): Record<string, number> => ({
  uncachedOpenMs: Math.round(m.uncachedOpenMs), uncachedLoadedMs: Math.round(m.uncachedLoadedMs), openMs: Math.round(m.openMs), loadedMs: Math.round(m.loadedMs),
  warmOpenMs: Math.round(m.warmOpenMs), warmLoadedMs: Math.round(m.warmLoadedMs), modelWireBytes: m.modelWireBytes, modelJsonBytes: m.modelJsonBytes, frames: m.frames.length,
  p50: +pct(m.frames, 50).toFixed(2), p95: +pct(m.frames, 95).toFixed(2), max: +Math.max(...m.frames).toFixed(2), maxPods: m.maxPods,
});
console.log(JSON.stringify({ recording: made, big: summary(big), small: summary(small) }));
