import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch, openViewer, shotAt, SIZES } from './browser.js';

/*
 * The viewer on the shipped stories of the rest of the workload API, recorded fresh by
 * the real controllers (the per-kind browser tests use hand-written fixtures): each
 * story's chart draws what its controller did, the story's pods come first in the
 * lifecycles (kube-system's after them), and nothing fails in the page. Screenshots at
 * 1280x720 and 1600x1000 in test-artifacts/stories-*.png.
 */

let viewer: RunningViewer;
let browser: Browser;
const pages: Page[] = [];

async function open(query: string, size: { width: number; height: number }): Promise<Page> {
  const r = await openViewer(browser, `${viewer.url}${query}`, size);
  pages.push(r.page);
  await r.page.waitForTimeout(300);
  expect(r.problems).toEqual([]);
  return r.page;
}

beforeAll(async () => {
  const dir = recordingsDir(['daemonset-rollout', 'statefulset-ordered', 'job-backoff', 'cronjob-concurrency']);
  viewer = await startViewer({ dir, port: 0 });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

const firstLifecycle = (page: Page): Promise<string | null> => page.locator('svg.lifecycles g.row').first().getAttribute('data-pod');

describe('viewer in chromium on the shipped workload stories', () => {
  it.each(SIZES)('daemonset-rollout at %o: mid-update, new and old pods per node; the story\'s pods lead the lifecycles', async (size) => {
    const page = await open('?rec=daemonset-rollout&time=73000', size);
    const chart = page.locator('svg.workload.daemonset[data-daemonset="node-agent"]');
    const states = await chart.locator('g.cell').evaluateAll((els) => els.map((e) => e.getAttribute('data-revision')));
    expect(states).toHaveLength(4);
    // The rolling update is under way: some nodes run the new template, some still the old.
    expect(new Set(states)).toEqual(new Set(['new', 'old']));
    expect(await firstLifecycle(page)).toMatch(/^node-agent-/);
    await shotAt(page, `stories-daemonset-${size.width}`, '#workloads');
  });

  it.each(SIZES)('statefulset-ordered at %o: the partition at 2, each ordinal with its Bound claim', async (size) => {
    const page = await open('?rec=statefulset-ordered&time=95000', size);
    const chart = page.locator('svg.workload.statefulset[data-statefulset="web"]');
    await expect.poll(() => chart.textContent()).toContain('partition 2');
    for (const n of [0, 1, 2]) expect(await chart.textContent()).toContain(`data-web-${n} Bound`);
    expect(await firstLifecycle(page)).toBe('web-0');
    await shotAt(page, `stories-statefulset-${size.width}`, '#workloads');
  });

  it.each(SIZES)('job-backoff at %o: the failing Job ends Failed with BackoffLimitExceeded', async (size) => {
    const page = await open('?rec=job-backoff&time=200000', size);
    const charts = page.locator('svg.workload.job');
    expect(await charts.count()).toBe(2);
    expect(await page.locator('#workloads').textContent()).toContain('BackoffLimitExceeded');
    await shotAt(page, `stories-job-${size.width}`, '#workloads');
  });

  it.each(SIZES)('cronjob-concurrency at %o: schedule ticks with their Jobs, the ones Forbid skipped crossed out', async (size) => {
    const page = await open('?rec=cronjob-concurrency&time=440000', size);
    const chart = page.locator('svg.workload.cronjob');
    expect(await chart.locator('g.cron-run').count()).toBeGreaterThanOrEqual(5);
    expect(await chart.locator('.skipped').count()).toBe(2);
    await shotAt(page, `stories-cronjob-${size.width}`, '#workloads');
  });
});
