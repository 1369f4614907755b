import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch, openViewer, shotAt, SIZES } from './browser.js';

/*
 * The lifecycle rows of pods with init containers, on the shipped sidecar-patterns story
 * recorded fresh: web's row shows its init phases (Init:0/2 while it waits for Service db,
 * Init:1/2 for the migration, PodInitializing) before Running, bad-init's row its init
 * container failing. Screenshot at 1280x720 in test-artifacts/containers-1280.png.
 */

let viewer: RunningViewer;
let browser: Browser;
const pages: Page[] = [];
const size = SIZES[0];

beforeAll(async () => {
  const dir = recordingsDir(['sidecar-patterns']);
  viewer = await startViewer({ dir, port: 0 });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  for (const p of pages) await p.close();
  await browser?.close();
  await viewer?.close();
});

describe('viewer in chromium: init containers in the pod lifecycles', () => {
  it('sidecar-patterns at 1280x720: web shows Init:0/2, Init:1/2, PodInitializing before it runs; bad-init its failing init container', async () => {
    const r = await openViewer(browser, `${viewer.url}?rec=sidecar-patterns&time=60000`, size);
    pages.push(r.page);
    const page = r.page;
    await page.waitForTimeout(300);
    expect(r.problems).toEqual([]);
    const row = (pod: string): ReturnType<Page['locator']> => page.locator(`svg.lifecycles g.row[data-pod="${pod}"]`);
    const labels = (pod: string): Promise<Array<string | null>> => row(pod).locator('rect.seg.init').evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
    await expect.poll(() => labels('web')).toEqual(['Init:0/2', 'Init:1/2', 'PodInitializing']);
    expect(await row('web').locator('rect.seg.init').first().locator('title').textContent()).toMatch(/^Initializing: Init:0\/2 /);
    // The 25 s wait for db is wide enough for its words at 1280 px.
    expect(await row('web').locator('text.init-label').first().textContent()).toBe('Init:0/2');
    const bad = await labels('bad-init');
    expect(bad).toContain('Init:Error');
    expect(bad).toContain('Init:CrashLoopBackOff');
    // A pod without init containers has no init phase.
    expect(await row('adapter').locator('rect.seg.init').count()).toBe(0);
    await shotAt(page, 'containers-1280', 'svg.lifecycles');
  });
});
