import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { loadScenario } from '../../core/scenario/parse.js';
import { runScenario } from '../../core/scenario/runner.js';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { ROOT } from '../helpers.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch, openViewer, shot, SIZES, viewState } from './browser.js';

/*
 * Compare mode (issue 15, problem 9) on the story it exists for, prestop-off against
 * prestop-on, and against prestop-late: prestop-on with its traffic and rollout chapters
 * 10 s and 15 s later, so only an alignment on chapters puts the two rollouts side by
 * side. Screenshots at 1280x720 and 1600x1000 in test-artifacts/compare-*.png.
 */

let viewer: RunningViewer;
let browser: Browser;
const pages: Page[] = [];

async function open(query: string, size: { width: number; height: number }): Promise<Page> {
  const r = await openViewer(browser, `${viewer.url}${query}`, size);
  pages.push(r.page);
  // The first divergence is asked after the first frame.
  await r.page.waitForSelector('button.cmp-div:not([disabled])', { timeout: 10_000 }).catch(() => undefined);
  expect(r.problems).toEqual([]);
  return r.page;
}

beforeAll(async () => {
  const dir = recordingsDir(['prestop-off', 'prestop-on']);
  // prestop-late: the same story, its second and third chapters (and their steps) 10 s and 15 s later.
  const yaml = fs.readFileSync(path.join(ROOT, 'recordings', 'prestop-on.yaml'), 'utf8').replace('name: prestop-on', 'name: prestop-late').replaceAll('at: 20s', 'at: 30s').replaceAll('at: 40s', 'at: 55s');
  const file = path.join(dir, 'prestop-late.yaml');
  fs.writeFileSync(file, yaml);
  runScenario(loadScenario(file), { output: path.join(dir, 'prestop-late.db') });
  viewer = await startViewer({ dir, port: 0 });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

/** The seq each side's narration shows ("0:44.5 · seq 212 ..."). */
const sideSeqs = (page: Page): Promise<number[]> =>
  page.$$eval('.compare .col .narr .event', (els) => els.map((e) => Number(/seq (\d+)/.exec(e.textContent ?? '')?.[1] ?? (e.textContent?.includes('Before the first write') ? 0 : -1))));

describe('compare in chromium: prestop-off against prestop-on', () => {
  it.each(SIZES)('at %o both sides open on the same state, nodes drawn, and B\'s lifecycles are in view', async (size) => {
    const page = await open('?rec=prestop-off&cmp=prestop-on', size);
    const cols = page.locator('.compare .col');
    // The first chapter's start on both: the cluster is built (3 nodes), none of the story's writes yet.
    await expect.poll(() => sideSeqs(page)).toEqual([29, 29]);
    for (const i of [0, 1]) expect(await cols.nth(i).locator('svg.cluster g.box[data-node]').count()).toBe(3);
    // B's lifecycle rows: at least its four web pods fully inside the middle of the window (not under the timeline).
    const bottom = (await page.locator('#timeline-panel').boundingBox())?.y ?? 0;
    const rows = await cols.nth(1).locator('svg.lifecycles g.row').evaluateAll((els) => els.slice(0, 4).map((e) => e.getBoundingClientRect().bottom));
    expect(rows).toHaveLength(4);
    for (const b of rows) expect(b).toBeLessThanOrEqual(bottom);
    await shot(page, `compare-open-${size.width}`);
  });

  it.each(SIZES)('at %o the first divergence is marked, named and one click away; the chapter deltas show what differs', async (size) => {
    const page = await open('?rec=prestop-off&cmp=prestop-on&time=20000', size);
    const btn = page.locator('button.cmp-div');
    expect(await btn.textContent()).toBe('≠ first divergence 0:44.6');
    expect(await page.locator('svg.timeline g.cmp-mark.divergence').count()).toBe(1);
    await btn.click();
    const s = await viewState(page);
    expect(s.timeMs).toBe(44_608);
    // A's first old pod has just been reported terminated; B's twin is still in its preStop sleep.
    await expect.poll(() => page.locator('.compare .col').nth(0).locator('.narr .event').textContent()).toContain('all containers stopped');
    await page.click('.compare-bar button[data-tab="chapters"]');
    const drawer = page.locator('.compare-drawer');
    expect(await drawer.locator('.divergence li').count()).toBe(2);
    expect(await drawer.locator('.divergence').textContent()).toMatch(/A 0:44\.6 · seq 221 kubelet\/node-\d update\/status Pod\/web-\w+-\w+ PodTerminated/);
    const rows = drawer.locator('table.deltas tbody tr');
    expect(await rows.count()).toBe(3);
    // The rollout chapter: failed requests A > 0, B 0, marked as differing; the bar says the same for the current chapter.
    const cells = await rows.nth(2).locator('td').allTextContents();
    expect(Number(cells[1])).toBeGreaterThan(0);
    expect(cells[2]).toBe('0');
    expect(await rows.nth(2).locator('td.differs').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.compare-bar .cmp-now .differs').first().textContent()).toMatch(/^failed requests \d+ \| 0$/);
    // The drawer is its own scroll: the two sides keep their place above it.
    const drawerBox = await drawer.boundingBox();
    const colsBox = await page.locator('.compare').boundingBox();
    expect((colsBox?.y ?? 0) + (colsBox?.height ?? 0)).toBeLessThanOrEqual((drawerBox?.y ?? 0) + 1);
    await shot(page, `compare-divergence-${size.width}`);
  });

  it.each(SIZES)('at %o a chip on either side selects it: that side\'s log, chain and diff', async (size) => {
    const page = await open('?rec=prestop-off&cmp=prestop-on&time=44600', size);
    const cols = page.locator('.compare .col');
    for (const [i, tab] of [[1, 'b'], [0, 'a']] as const) {
      const chip = cols.nth(i).locator('svg.cluster g.pod[data-pod^="web-"]').first();
      const name = await chip.getAttribute('data-pod');
      await chip.click();
      const pane = page.locator(`.drawer-pane[data-tab="${tab}"]`);
      await expect.poll(() => pane.isVisible()).toBe(true);
      await expect.poll(() => pane.locator('.detail-head').textContent()).toContain(`Pod/${name}`);
      expect(await pane.locator('svg.sequence.body').count()).toBe(1);
      expect(await pane.locator('table.diff, .detail-head ~ p.muted').count()).toBeGreaterThan(0);
      await expect.poll(() => pane.locator('table.log tbody tr[data-seq]').count()).toBeGreaterThan(10);
      expect(await page.locator(`.compare-bar button[data-tab="${tab}"]`).getAttribute('class')).toBe('on');
    }
    await shot(page, `compare-select-${size.width}`);
  });
});

describe('compare in chromium: chapters that start at different times', () => {
  it.each(SIZES)('at %o "rollout + 4.6 s" on A is "rollout + 4.6 s" on B, and B\'s markers are drawn on A\'s', async (size) => {
    const page = await open('?rec=prestop-off&cmp=prestop-late&time=44600', size);
    // A is 4.6 s into its rollout chapter (40 s); prestop-late's starts at 55 s: B is at 59.6 s.
    expect(await page.textContent('#narration .chapter-title')).toBe('3. The rollout replaces every pod, one at a time');
    expect(await page.textContent('#narration .cmp-where')).toBe('A and B 4.6 s into it (A at 0:44.6, B at 0:59.6)');
    const events = await page.$$eval('.compare .col .narr .event .when', (els) => els.map((e) => e.textContent));
    expect(events[0]).toMatch(/^0:44\.\d/);
    expect(events[1]).toMatch(/^0:59\.\d/);
    // The same moment of the same story: one old pod terminating on each side.
    const terminating = async (i: number): Promise<number> => page.locator('.compare .col').nth(i).locator('svg.cluster g.pod[data-stage^="Terminating"]').count();
    expect(await terminating(0)).toBeGreaterThan(0);
    expect(await terminating(1)).toBe(await terminating(0));
    // B's three chapter flags sit exactly on A's.
    const ax = await page.$$eval('svg.timeline g.marker.chapter', (els) => els.map((e) => e.getAttribute('transform')?.match(/translate\(([\d.]+)/)?.[1]));
    const bx = await page.$$eval('svg.timeline g.cmp-mark.chapter', (els) => els.map((e) => e.getAttribute('transform')?.match(/translate\(([\d.]+)/)?.[1]));
    expect(bx).toHaveLength(3);
    expect(bx).toEqual(ax);
    // B's own expectation markers are drawn too.
    expect(await page.locator('svg.timeline g.cmp-mark.expectation').count()).toBe(2);
    await shot(page, `compare-late-${size.width}`);
  });

  it('a permalink opens on the same pair of moments (the playhead written as seq and time)', async () => {
    const page = await open('?rec=prestop-off&cmp=prestop-late&time=44600', SIZES[0]);
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(400);
    const url = page.url();
    const before = await sideSeqs(page);
    const again = await open(url.slice(url.indexOf('?')), SIZES[0]);
    await expect.poll(() => sideSeqs(again)).toEqual(before);
  });
});

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => undefined);
});
