import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch, openViewer } from './browser.js';

/*
 * The event detail's yaml printer is a file of its own (yaml-print.js beside app.js, 15%
 * of what the bundle was), fetched the first time an event is shown rather than compiled
 * before every first frame. A person sees no difference: the first frame needs no such
 * request, and the selected event still shows its object as yaml.
 */

let viewer: RunningViewer;
let browser: Browser;

beforeAll(async () => {
  viewer = await startViewer({ dir: recordingsDir(['pod-loss-recovery']), port: 0 });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

describe('parts of the page loaded when first needed', () => {
  it('the first frame asks for no yaml printer; the first event shown does, once, and its object reads as yaml', async () => {
    const { page, problems } = await openViewer(browser, `${viewer.url}?rec=pod-loss-recovery&seq=40`);
    const asked = (): Promise<number> => page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/yaml-print.js')).length);
    expect(await asked()).toBe(0);
    const row = page.locator('#log tr[data-seq]').first();
    const seq = Number(await row.getAttribute('data-seq'));
    await row.click();
    await expect.poll(() => page.locator('#detail .detail-head b').first().textContent()).toBe(`seq ${seq}`);
    const yaml = (await page.textContent('#detail details.object pre')) ?? '';
    expect(yaml).toMatch(/^apiVersion: /m);
    expect(yaml).toMatch(/^metadata:\n {2}name: /m);
    expect(await asked()).toBe(1);
    // A second event uses the printer already loaded.
    const other = page.locator(`#log tr[data-seq]:not([data-seq="${seq}"])`).first();
    const seq2 = Number(await other.getAttribute('data-seq'));
    await other.click();
    await expect.poll(() => page.locator('#detail .detail-head b').first().textContent()).toBe(`seq ${seq2}`);
    expect(await page.textContent('#detail details.object pre')).toMatch(/^kind: /m);
    expect(await asked()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });
});
