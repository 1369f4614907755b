import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch, openViewer, release, shotAt } from './browser.js';

/*
 * The cluster view on the shipped autoscaler-scale-out story at 1280x720: the machines the
 * autoscaler added appear, and the nodes it is draining and deleting are marked (the
 * ToBeDeletedByClusterAutoscaler taint first on the taint line, a dashed grey frame,
 * "(removing)" after the name) until they are gone. Screenshots in
 * test-artifacts/autoscaler-*.png.
 */

let viewer: RunningViewer;
let browser: Browser;

beforeAll(async () => {
  viewer = await startViewer({ dir: recordingsDir(['autoscaler-scale-out']), port: 0 });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

const SIZE = { width: 1280, height: 720 };

describe('viewer in chromium: nodes the cluster-autoscaler adds and removes', () => {
  it('after the scale-up the pool has four nodes, none being removed', async () => {
    const { page, problems } = await openViewer(browser, `${viewer.url}?rec=autoscaler-scale-out&time=150000`, SIZE);
    await page.waitForTimeout(300);
    expect(problems).toEqual([]);
    const nodes = page.locator('svg.cluster g.box.node');
    expect(await nodes.evaluateAll((els) => els.map((e) => e.getAttribute('data-node')))).toEqual(['control-plane', 'pool-1', 'pool-2', 'pool-3', 'pool-4']);
    expect(await page.locator('svg.cluster g.box.removing').count()).toBe(0);
    await shotAt(page, 'autoscaler-scaled-up-1280', 'svg.cluster');
    await release(page);
  });

  it('while the autoscaler drains and deletes them, the three unneeded nodes are marked removing, their taint shown first', async () => {
    const { page, problems } = await openViewer(browser, `${viewer.url}?rec=autoscaler-scale-out&time=912000`, SIZE);
    await page.waitForTimeout(300);
    expect(problems).toEqual([]);
    const removing = page.locator('svg.cluster g.box.removing');
    expect(await removing.evaluateAll((els) => els.map((e) => e.getAttribute('data-node')))).toEqual(['pool-2', 'pool-3', 'pool-4']);
    for (const name of ['pool-2', 'pool-3', 'pool-4']) {
      const box = page.locator(`svg.cluster g.box[data-node="${name}"]`);
      expect(await box.locator('text.name').textContent()).toBe(`${name} (removing)`);
      expect(await box.locator('text.taints').textContent()).toMatch(/^ToBeDeletedByCluster/);
      // The frame is drawn dashed, so the state reads without the taint text.
      expect(await box.locator('rect.frame').evaluate((r) => (globalThis as unknown as { getComputedStyle(e: unknown): { strokeDasharray: string } }).getComputedStyle(r).strokeDasharray)).not.toBe('none');
    }
    expect(await page.locator('svg.cluster g.box[data-node="pool-1"]').getAttribute('class')).not.toContain('removing');
    await shotAt(page, 'autoscaler-removing-1280', 'svg.cluster');
    await release(page);
  });

  it('once deleted, only the control plane and the group minimum are left', async () => {
    const { page, problems } = await openViewer(browser, `${viewer.url}?rec=autoscaler-scale-out&time=1000000`, SIZE);
    await page.waitForTimeout(300);
    expect(problems).toEqual([]);
    expect(await page.locator('svg.cluster g.box.node').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')))).toEqual(['control-plane', 'pool-1']);
    await release(page);
  });
});
