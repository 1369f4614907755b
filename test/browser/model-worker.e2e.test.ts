import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch } from './browser.js';

/*
 * The story model is read by a worker (index.html): it asks for the cached gzip as a file
 * (`?as=gzip`), inflates it and hands the bytes to the page, so the page's own thread
 * neither receives 3.8 MB of a large recording nor waits for them before running app.js.
 * A person sees the same first frame either way, and the same page without workers.
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
async function open(query: string, noWorkers = false): Promise<{ page: Page; asked: string[]; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const asked: string[] = [];
  const problems: string[] = [];
  context.on('request', (r) => asked.push(new URL(r.url()).pathname + new URL(r.url()).search));
  page.on('pageerror', (e) => problems.push(e.message));
  if (noWorkers) await page.addInitScript(() => Reflect.deleteProperty(globalThis, 'Worker'));
  await page.goto(`${viewer.url}${query}`);
  await page.waitForFunction(() => (globalThis as any).__kubelapse?.ready === true || (globalThis as any).__kubelapse?.error !== undefined, null, { timeout: 30_000 });
  return { page, asked, problems };
}

/** What the first frame shows: the cluster's nodes and chips, the Workloads charts' markup, the position readout. */
async function firstFrame(page: Page): Promise<{ nodes: number; chips: number; workloads: string; timeline: string }> {
  return page.evaluate(() => ({
    nodes: document.querySelectorAll('#cluster [data-node]').length,
    chips: document.querySelectorAll('#cluster .pod').length,
    workloads: document.querySelector('#workloads')?.innerHTML ?? '',
    timeline: document.querySelector('#timeline')?.innerHTML ?? '',
  }));
}

describe('the story model read by a worker', () => {
  it('is asked for as gzip bytes, and the first frame shows the recording as a page without workers shows it', async () => {
    const a = await open('?rec=rolling-update&seq=600');
    expect(a.asked).toContain('/api/recordings/rolling-update/model?as=gzip');
    const b = await open('?rec=rolling-update&seq=600', true);
    // Without workers the page reads the model itself, as the browser inflates it.
    expect(b.asked).toContain('/api/recordings/rolling-update/model');
    expect(b.asked).not.toContain('/api/recordings/rolling-update/model?as=gzip');
    const fa = await firstFrame(a.page);
    const fb = await firstFrame(b.page);
    expect(fa.nodes).toBeGreaterThan(0);
    expect(fa.chips).toBeGreaterThan(0);
    expect(fa.workloads).toContain('lane-stage');
    expect(fa).toEqual(fb);
    expect(await a.page.evaluate(() => (globalThis as any).__kubelapse.timings.modelJson > 0)).toBe(true);
    expect([...a.problems, ...b.problems]).toEqual([]);
    await a.page.context().close();
    await b.page.context().close();
  });

  it('a recording that does not exist still says so, through the worker', async () => {
    const { page } = await open('?rec=nope');
    expect(await page.textContent('.error-box')).toContain('recording "nope" not found');
    await page.context().close();
  });
});
