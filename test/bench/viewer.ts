/**
 * Viewer benchmark, in Debian's chromium against the real server:
 *   a. opening: from navigation to the first drawn frame of a ~100,000-event recording, in
 *      a fresh server and page: as `kubelapse run` leaves it (story model cached beside it),
 *      and without the cache (a recording from elsewhere); pod-loss-recovery (130 events)
 *      is the baseline of the same run; target < 1 s.
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
const made = JSON.parse(execFileSync(process.execPath, [path.join(here, 'viewer-recording.js'), path.join(dir, 'big.db'), replicas, nodes, minEvents], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as { events: number; rollouts: number; endTimeMs: number };
runScenario(loadScenario(path.join(root, 'recordings', 'pod-loss-recovery.yaml')), { output: path.join(dir, 'small.db') });

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
};

const browser = await launch();
interface Measured {
  uncachedOpenMs: number;
  openMs: number;
  warmOpenMs: number;
  frames: number[];
  maxPods: number;
}

/** Pods the cluster view shows: its SVG chips, or for a large recording drawn on a canvas (cluster-canvas.ts) the pods it counts. */
async function podsShown(page: Page): Promise<number> {
  const svg = await page.locator('svg.cluster g.pod:visible').count();
  if (svg > 0) return svg;
  return page.evaluate(() => ((globalThis as any).__kubelapseClusters?.[0]?.snapshot().boxes ?? []).reduce((n: number, b: { pods: number }) => n + b.pods, 0));
}

async function measure(name: string): Promise<Measured> {
  let viewer = await startViewer({ dir, port: 0 });
  let page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const open = async (): Promise<number> => {
    await page.goto(`${viewer.url}?rec=${name}&seq=0`);
    await page.waitForFunction(() => (globalThis as any).__kubelapse?.ready === true, null, { timeout: 60_000 });
    return page.evaluate(() => performance.now());
  };
  // 1. A recording from elsewhere: no model cache, a fresh server builds it.
  fs.rmSync(cacheFileOf(path.join(dir, `${name}.db`)), { force: true });
  const uncachedOpenMs = await open();
  await page.close();
  await viewer.close();
  // 2. As `kubelapse run` leaves it (the cache file now exists), with a fresh server and a fresh page.
  viewer = await startViewer({ dir, port: 0 });
  page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const openMs = await open();
  // 3. Opened again in the same server.
  const warmOpenMs = await open();
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
  return { uncachedOpenMs, openMs, warmOpenMs, frames, maxPods };
}
const big = await measure('big');
const small = await measure('small');
await browser.close();
fs.rmSync(dir, { recursive: true, force: true });
const summary = (m: Measured): Record<string, number> => ({
  uncachedOpenMs: Math.round(m.uncachedOpenMs), openMs: Math.round(m.openMs), warmOpenMs: Math.round(m.warmOpenMs), frames: m.frames.length,
  p50: +pct(m.frames, 50).toFixed(2), p95: +pct(m.frames, 95).toFixed(2), max: +Math.max(...m.frames).toFixed(2), maxPods: m.maxPods,
});
console.log(JSON.stringify({ recording: made, big: summary(big), small: summary(small) }));
