import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch, viewState } from './browser.js';

/**
 * Issue 15's open-time target: the first frame comes from the story model alone; the
 * story lens's noise runs and the kube-proxy lane arrive after it (GET .../noise,
 * .../proxy). A user who steps before the runs are in still steps over the noise, and the
 * lane is drawn as soon as its model is there.
 */
let viewer: RunningViewer;
let browser: Browser;
const api = async (p: string): Promise<any> => (await fetch(new URL(p, viewer.url))).json();

beforeAll(async () => {
  viewer = await startViewer({ dir: recordingsDir(['pod-loss-recovery', 'prestop-off']), port: 0 });
  browser = await launch();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

describe('opening: the first frame first, the lens and the lane after', () => {
  it('→ pressed before the noise runs arrived waits for them and steps over the noise', async () => {
    const runs = (await api('/api/recordings/pod-loss-recovery/noise')).runs as Array<[number, number]>;
    const [a, b] = runs.find(([from]) => from > 1)!; // a run of noise right after seq a - 1
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/noise', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${viewer.url}?rec=pod-loss-recovery&seq=${a - 1}`);
    // The first frame is drawn while the runs are still held back.
    await page.waitForFunction(() => (globalThis as any).__kubelapse?.timings?.ready !== undefined);
    expect(await page.evaluate(() => (globalThis as any).__kubelapse.ready)).toBe(false);
    expect(await page.locator('svg.cluster').count()).toBe(1);
    await page.keyboard.press('ArrowRight');
    expect((await viewState(page)).seq).toBe(a - 1); // not onto the noise at seq a
    release();
    await page.waitForFunction(() => (globalThis as any).__kubelapse.ready === true);
    await expect.poll(async () => (await viewState(page)).seq).toBe(b + 1);
    await page.close();
  });

  it('the kube-proxy lane and the per-node failure split appear once GET .../proxy answered', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const asked: string[] = [];
    page.on('request', (r) => void (r.url().includes('/api/') && asked.push(new URL(r.url()).pathname)));
    await page.goto(`${viewer.url}?rec=prestop-off&time=60000`);
    await page.waitForFunction(() => (globalThis as any).__kubelapse?.ready === true);
    expect(asked).toContain('/api/recordings/prestop-off/proxy');
    expect(await page.locator('svg.proxy-lane g.proxy-node').count()).toBe(3);
    expect(await page.locator('.failed-counter').textContent()).toMatch(/^failed requests so far: \d+ \(node-1 \d+ · node-2 \d+ · node-3 \d+\)$/);
    await page.close();
  });
});
