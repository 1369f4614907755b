import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { sqlite, tmpDir } from '../helpers.js';
import { recordLogsStory } from '../record/logs-fixture.js';
import { launch, openViewer, shotAt, SIZES } from './browser.js';

/*
 * The viewer's log panel in chromium: select a pod, and its containers' lines show up to
 * the playhead, a tab per container; moving the playhead makes lines appear and go.
 * Screenshots at 1280x720 and 1600x1000 in test-artifacts/logs-*.png.
 */

let viewer: RunningViewer;
let browser: Browser;
let db: string;
const pages: Page[] = [];

beforeAll(async () => {
  const dir = tmpDir();
  ({ db } = recordLogsStory(dir));
  viewer = await startViewer({ dir, port: 0 });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  for (const p of pages) await p.close();
  await browser?.close();
  await viewer?.close();
});

const seqOf = (sql: string): number => Number(sqlite(db, sql).trim());
const shown = (page: Page): Promise<string[]> => page.locator('#pod-logs .log-line').evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/^\S+ /, '')));
const moveTo = (page: Page, seq: number): Promise<void> => page.evaluate((s) => (globalThis as any).__kubelapse.nav.toSeq(s), seq);

describe('viewer log panel in chromium', () => {
  it.each(SIZES)('at %o: a selected pod shows its lines up to the playhead, a tab per container', async (size) => {
    const created = seqOf("SELECT MIN(seq) FROM events WHERE kind = 'Pod' AND name = 'two'");
    const listening = seqOf("SELECT seq_after FROM logs WHERE pod = 'two' AND container = 'a' AND line = 'listening on :80'");
    // The line carries the seq before it (seq_after) and a later time: the next event is the first moment it shows.
    const r = await openViewer(browser, `${viewer.url}?rec=logs-story&sel=${created}&seq=${listening + 1}`, size);
    const page = r.page;
    pages.push(page);
    await expect.poll(() => shown(page)).toEqual(['starting nginx:1.27', 'listening on :80']);
    expect(await page.locator('#pod-logs .log-tabs button').allTextContents()).toEqual(['a 2', 'b 0']);
    // One event earlier, "listening" has not been written yet.
    await moveTo(page, listening);
    await expect.poll(() => shown(page)).toEqual(['starting nginx:1.27']);
    // Past the SIGTERM: the request summaries and the shutdown are there.
    const exited = seqOf("SELECT MAX(seq_after) FROM logs WHERE pod = 'two' AND container = 'a'");
    await moveTo(page, exited + 1);
    await expect.poll(async () => (await shown(page)).slice(-3)).toEqual(['received SIGTERM', 'draining connections for 2s', 'exiting with code 0']);
    await page.locator('#pod-logs button[data-tab="b"]').click();
    await expect.poll(async () => (await shown(page))[0]).toBe('starting busybox:1.36');
    expect(await page.locator('#pod-logs pre.log-lines').isVisible()).toBe(true);
    // The panel fits the right column: no horizontal overflow at either size.
    const box = await page.locator('#pod-logs').boundingBox();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(size.width);
    await page.locator('#pod-logs button[data-tab="a"]').click();
    await shotAt(page, `logs-panel-${size.width}`, '#pod-logs');
    expect(r.problems).toEqual([]);
  });

  it('a crashing pod shows each run with a restart rule, stderr marked; an event about no pod says so', async () => {
    const crashy = seqOf("SELECT MIN(seq) FROM events WHERE kind = 'Pod' AND name LIKE 'crashy-%'");
    const late = seqOf("SELECT MAX(seq) FROM events WHERE time_ms <= 30000");
    const r = await openViewer(browser, `${viewer.url}?rec=logs-story&sel=${crashy}&seq=${late}`, SIZES[0]);
    pages.push(r.page);
    const page = r.page;
    await expect.poll(() => page.locator('#pod-logs .log-run').allTextContents()).toEqual(['— restart 1 —', '— restart 2 —']);
    expect(await page.locator('#pod-logs .log-line.stderr').count()).toBe(4);
    const deployment = seqOf("SELECT MIN(seq) FROM events WHERE kind = 'Deployment' AND name = 'crashy'");
    await page.evaluate((s) => (globalThis as any).__kubelapse.store.set({ sel: s }), deployment);
    await expect.poll(() => page.locator('#pod-logs').textContent()).toContain('The selected event is not about a pod.');
    expect(r.problems).toEqual([]);
  });
});
