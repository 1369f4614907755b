import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch } from './browser.js';

/*
 * The story model is asked for as the cached gzip file (`?as=gzip`, index.html) and
 * inflated in the page; a large one (more than 64 kB of gzip) by a worker, so the page's
 * own thread neither receives 3.8 MB of a large recording nor inflates them while app.js
 * waits. A person sees the same first frame whichever way the model came: through the
 * worker (forced here for a story with __kubelapseInflateAway), inflated on the page's
 * thread, or plain JSON inflated by the browser where DecompressionStream is missing.
 */

let viewer: RunningViewer;
let browser: Browser;

beforeAll(async () => {
  viewer = await startViewer({ dir: recordingsDir(['pod-loss-recovery', 'rolling-update']), port: 0 });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

/** A fresh page (its own context: no worker, cache or init script shared) opened at `query`, once it is ready or failed. */
async function open(query: string, how: 'worker' | 'here' | 'plain' = 'worker'): Promise<{ page: Page; asked: string[]; problems: string[]; workers: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const asked: string[] = [];
  const problems: string[] = [];
  context.on('request', (r) => asked.push(new URL(r.url()).pathname + new URL(r.url()).search));
  page.on('pageerror', (e) => problems.push(e.message));
  let workers = 0;
  page.on('worker', () => void workers++);
  if (how === 'worker') await page.addInitScript(() => ((globalThis as any).__kubelapseInflateAway = 0));
  if (how === 'plain') await page.addInitScript(() => Reflect.deleteProperty(globalThis, 'DecompressionStream'));
  await page.goto(`${viewer.url}${query}`);
  await page.waitForFunction(() => (globalThis as any).__kubelapse?.ready === true || (globalThis as any).__kubelapse?.error !== undefined, null, { timeout: 30_000 });
  return { page, asked, problems, workers };
}

/** What the first frame shows: the cluster's nodes and chips, the Workloads charts' markup, the position readout. */
async function firstFrame(page: Page): Promise<{ nodes: number; chips: number; workloads: string; timeline: string }> {
  return page.evaluate(() => {
    const document = (globalThis as any).document;
    return {
    nodes: document.querySelectorAll('#cluster [data-node]').length,
    chips: document.querySelectorAll('#cluster .pod').length,
    workloads: document.querySelector('#workloads')?.innerHTML ?? '',
    timeline: document.querySelector('#timeline')?.innerHTML ?? '',
    };
  });
}

describe('the story model read by a worker', () => {
  it('is asked for as gzip bytes, and the first frame is the same through a worker, inflated on the page, or as plain JSON', async () => {
    const q = '?rec=rolling-update&seq=600';
    const a = await open(q, 'worker');
    const b = await open(q, 'here');
    const c = await open(q, 'plain');
    for (const x of [a, b]) expect(x.asked).toContain('/api/recordings/rolling-update/model?as=gzip');
    expect(a.workers).toBe(1);
    // A story's few kB are inflated on the page's thread: no worker is started for them.
    expect(b.workers).toBe(0);
    // Without DecompressionStream the page reads the JSON the browser inflates.
    expect(c.asked).toContain('/api/recordings/rolling-update/model');
    expect(c.asked).not.toContain('/api/recordings/rolling-update/model?as=gzip');
    const [fa, fb, fc] = await Promise.all([a, b, c].map((x) => firstFrame(x.page)));
    expect(fa?.nodes).toBeGreaterThan(0);
    expect(fa?.chips).toBeGreaterThan(0);
    expect(fa?.workloads).toContain('lane-stage');
    expect(fb).toEqual(fa);
    expect(fc).toEqual(fa);
    expect(await a.page.evaluate(() => (globalThis as any).__kubelapse.timings.modelJson > 0)).toBe(true);
    expect([...a.problems, ...b.problems, ...c.problems]).toEqual([]);
    for (const x of [a, b, c]) await x.page.context().close();
  });

  it('a recording that does not exist still says so, through the worker', async () => {
    const { page } = await open('?rec=nope', 'worker');
    expect(await page.textContent('.error-box')).toContain('recording "nope" not found');
    await page.context().close();
  });
});
