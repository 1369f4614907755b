import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch, openViewer, shotAt } from './browser.js';

/*
 * The viewer on the two resource stories, recorded fresh: OOMKilled and Evicted marked
 * on the pod lifecycle rows, and the node box under memory pressure. Screenshots at
 * 1280x720 in test-artifacts/resources-*.png.
 */

let viewer: RunningViewer;
let browser: Browser;
const pages: Page[] = [];
const SIZE = { width: 1280, height: 720 };

async function open(query: string): Promise<Page> {
  const r = await openViewer(browser, `${viewer.url}${query}`, SIZE);
  pages.push(r.page);
  await r.page.waitForTimeout(300);
  expect(r.problems).toEqual([]);
  return r.page;
}

beforeAll(async () => {
  const dir = recordingsDir(['oom-killed', 'node-pressure']);
  viewer = await startViewer({ dir, port: 0 });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

describe('viewer in chromium on the resource stories (1280x720)', () => {
  it('oom-killed: the leaking pod\'s row has an OOM mark for each kill, each titled with the exit code', async () => {
    const page = await open('?rec=oom-killed&time=190000');
    const row = page.locator('svg.lifecycles g.row[data-pod^="leaky-"]').first();
    const marks = row.locator('line.kill[data-kill="OOMKilled"]');
    expect(await marks.count()).toBe(5);
    expect(await marks.first().locator('title').textContent()).toContain('OOMKilled: over its memory limit, exit code 137');
    expect(await row.locator('text.kill').first().textContent()).toBe('OOM');
    await shotAt(page, 'resources-oom-killed', '#lifecycles');
  });

  it('node-pressure: the node box says MemoryPressure with its taint, and the evicted cache pods are marked Evicted', async () => {
    const page = await open('?rec=node-pressure&time=300000');
    const box = page.locator('g.box[data-node="node-1"]');
    expect(await box.getAttribute('class')).toContain('memory-pressure');
    expect(await box.locator('text.status').textContent()).toBe('Ready · MemoryPressure');
    expect(await box.locator('text.taints').textContent()).toContain('memory-pressure:NoSchedule');
    const evicted = page.locator('svg.lifecycles line.kill[data-kill="Evicted"]');
    expect(await evicted.count()).toBe(3);
    await shotAt(page, 'resources-node-pressure', '#cluster');
    await shotAt(page, 'resources-node-pressure-lifecycles', '#lifecycles');
  });

  it('node-pressure after the transition period: the box is back to plain Ready', async () => {
    const page = await open('?rec=node-pressure&time=650000');
    const box = page.locator('g.box[data-node="node-1"]');
    expect(await box.locator('text.status').textContent()).toBe('Ready');
    expect(await box.getAttribute('class')).not.toContain('memory-pressure');
  });
});
