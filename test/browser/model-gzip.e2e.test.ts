import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch } from './browser.js';

/*
 * The story model is asked for as the cached gzip file (`?as=gzip`, index.html) and
 * inflated by the page (DecompressionStream), so the page's thread does not take 3.8 MB of
 * a large recording's JSON from the network process while app.js waits. A person sees the
 * same first frame whichever way the model came: inflated by the page, or plain JSON
 * inflated by the browser where DecompressionStream is missing.
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
async function open(query: string, how: 'gzip' | 'plain' = 'gzip'): Promise<{ page: Page; asked: string[]; problems: string[]; workers: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const asked: string[] = [];
  const problems: string[] = [];
  context.on('request', (r) => asked.push(new URL(r.url()).pathname + new URL(r.url()).search));
  page.on('pageerror', (e) => problems.push(e.message));
  let workers = 0;
  page.on('worker', () => void workers++);
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

describe('the story model read as gzip bytes', () => {
  it('is asked for as gzip bytes and inflated by the page, and the first frame is the same as from plain JSON', async () => {
    const q = '?rec=rolling-update&seq=600';
    const a = await open(q, 'gzip');
    const c = await open(q, 'plain');
    expect(a.asked).toContain('/api/recordings/rolling-update/model?as=gzip');
    // Inflated on the page's thread: no worker is started.
    expect(a.workers).toBe(0);
    // Without DecompressionStream the page reads the JSON the browser inflates.
    expect(c.asked).toContain('/api/recordings/rolling-update/model');
    expect(c.asked).not.toContain('/api/recordings/rolling-update/model?as=gzip');
    const [fa, fc] = await Promise.all([a, c].map((x) => firstFrame(x.page)));
    expect(fa?.nodes).toBeGreaterThan(0);
    expect(fa?.chips).toBeGreaterThan(0);
    expect(fa?.workloads).toContain('lane-stage');
    expect(fc).toEqual(fa);
    expect(await a.page.evaluate(() => (globalThis as any).__kubelapse.timings.modelJson > 0)).toBe(true);
    expect([...a.problems, ...c.problems]).toEqual([]);
    for (const x of [a, c]) await x.page.context().close();
  });

  it('a recording that does not exist still says so', async () => {
    const { page } = await open('?rec=nope', 'gzip');
    expect(await page.textContent('.error-box')).toContain('recording "nope" not found');
    await page.context().close();
  });
});
