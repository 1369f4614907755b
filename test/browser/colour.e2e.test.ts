import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch, openViewer, shotAt, SIZES, viewState } from './browser.js';

/**
 * Issue 15, problems 4 and 5 on the shipped stories: the rolling-update chart read
 * precisely (a lane per ReplicaSet counting its pods as the chips show them, limits that
 * do not sit on the data, a window that shows a rollout), and a pod's phase and its
 * template in different channels (hue for the phase, a grey texture for the template,
 * with its key right above the chips). Screenshots at both sizes in test-artifacts/.
 */

let viewer: RunningViewer;
let browser: Browser;
const pages: Page[] = [];

/** rolling-update: seq 330 is 0:42.4, in the first rollout (10 replicas, 25%/25%): 13 pods, rev 2 creating 5. */
const MID_ROLLOUT = 330;

async function open(query: string, size: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
  const r = await openViewer(browser, `${viewer.url}${query}`, size);
  pages.push(r.page);
  return r;
}

/** The chips a person sees in the cluster view: per template mark (the top bar's fill), how many pods and how many Ready. */
function chipsByMark(page: Page): Promise<Record<string, { pods: number; ready: number }>> {
  return page.evaluate(() => {
    const out: Record<string, { pods: number; ready: number }> = {};
    for (const g of (globalThis as any).document.querySelectorAll('svg.cluster g.pod')) {
      if (g.style.display === 'none' || g.classList.contains('leaving') || !g.getAttribute('data-pod').startsWith('web-')) continue;
      const fill = g.querySelector('rect.rs').getAttribute('fill');
      const c = (out[fill] ??= { pods: 0, ready: 0 });
      c.pods++;
      if (g.getAttribute('data-stage') === 'Ready') c.ready++;
    }
    return out;
  });
}

beforeAll(async () => {
  const dir = recordingsDir(['rolling-update', 'rollback']);
  viewer = await startViewer({ dir, port: 0 });
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

describe.each(SIZES)('the rolling-update chart at $width x $height', (size) => {
  const tag = `${size.width}`;

  it('each ReplicaSet has a lane counting all its pods, Ready apart from available, and its counts are the chips\'', async () => {
    const { page, problems } = await open(`?rec=rolling-update&seq=${MID_ROLLOUT}`, size);
    const chart = page.locator('svg.workload[data-deployment="web"]');
    const lanes = chart.locator('g.lane-label');
    expect(await lanes.count()).toBe(3);
    const chips = await chipsByMark(page);
    const seen: string[] = [];
    for (const lane of await lanes.all()) {
      const fill = (await lane.locator('rect.rev-swatch').getAttribute('fill')) as string;
      const text = (await lane.locator('text.lane-readout').textContent()) as string;
      const m = /^(\d+) pods, (\d+) ready, (\d+) avail\.$/.exec(text);
      expect(m, text).not.toBeNull();
      const c = chips[fill] ?? { pods: 0, ready: 0 };
      expect([Number(m?.[1]), Number(m?.[2])], `${await lane.getAttribute('data-rs')} ${fill}`).toEqual([c.pods, c.ready]);
      seen.push(`${c.pods}/${c.ready}`);
      // The label stays in the label column: the plot starts 150 px in.
      const [svgBox, nameBox] = [await chart.boundingBox(), await lane.locator('text.lane-name').boundingBox()];
      expect((nameBox?.x ?? 0) + (nameBox?.width ?? 0)).toBeLessThanOrEqual((svgBox?.x ?? 0) + 150);
    }
    // Old: 8 pods all Ready; new: 5 pods, none Ready yet; the third not made yet.
    expect(seen).toEqual(['8/8', '5/0', '0/0']);
    // The old ReplicaSet's Ready pods are an area of their own, not a line under "available".
    const ready = await chart.locator('g.rs-lane').first().locator('path.lane-stage[data-stage="Ready"]').boundingBox();
    expect(ready?.height ?? 0).toBeGreaterThan(15);
    expect(await chart.locator('text.readout').textContent()).toContain('rev 2: 5 pods, 0 ready, 0 available');
    await shotAt(page, `colour-rolling-update-${tag}`, 'svg.workload[data-deployment="web"]');
    expect(problems).toEqual([]);
  });

  it('the header reads the same state as the chips at every step of the first rollout', async () => {
    const { page, problems } = await open(`?rec=rolling-update&seq=280`, size);
    // Each seq as a scrub would set it; header "ready R/10 · P pods" against the chips drawn at that seq.
    const lag = await page.evaluate(() => {
      const k = (globalThis as any).__kubelapse;
      const doc = (globalThis as any).document;
      const out: string[] = [];
      for (let seq = 280; seq <= 480; seq++) {
        k.store.set({ seq, timeMs: k.store.state.timeMs, scrubbing: true });
        const chips = [...doc.querySelectorAll('svg.cluster g.pod')].filter((g: any) => g.style.display !== 'none' && g.getAttribute('data-pod').startsWith('web-'));
        const ready = chips.filter((g: any) => g.getAttribute('data-stage') === 'Ready').length;
        const header = doc.querySelector('svg.workload[data-deployment="web"] text.readout').textContent as string;
        const said = Number(/ready (\d+)/.exec(header)?.[1]);
        if (said !== ready) out.push(`seq ${seq}: header ready ${said}, chips ${ready}`);
      }
      return out;
    });
    // Read from the Deployment's status (as before) it lagged at 76 of these 201 seqs: 10 ready while 2 of them terminate.
    expect(lag).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('the surge and availability limits sit just outside the data, not on it', async () => {
    const { page, problems } = await open(`?rec=rolling-update&seq=${MID_ROLLOUT}`, size);
    const chart = page.locator('svg.workload[data-deployment="web"]');
    // Every y a path has at the playhead's x (svg coordinates), sampled along the path.
    const ysAtPlayhead = (sel: string): Promise<number[]> =>
      chart.evaluate((svg: any, sel: string) => {
        const x = Number(svg.querySelector('line.playhead').getAttribute('x1'));
        const p = svg.querySelector(sel);
        const ys = new Set<number>();
        for (let l = 0; l <= p.getTotalLength(); l += 0.25) {
          const pt = p.getPointAtLength(l);
          if (Math.abs(pt.x - x) < 0.5) ys.add(Math.round(pt.y * 10) / 10);
        }
        return [...ys];
      }, sel);
    const gap = (a: number[], b: number[]): number => Math.min(...a.flatMap((y) => b.map((z) => Math.abs(y - z))));
    // At 0:42.4 the ReplicaSets count 13 pods, the ceiling (10 + 3); 8 available, the floor (10 - 2).
    const [ceiling, floor, pods, available] = await Promise.all(['path.fence', 'path.fence ~ path.fence', 'path.total-current', 'path.total-available'].map(ysAtPlayhead));
    expect(gap(ceiling as number[], pods as number[])).toBeGreaterThanOrEqual(2);
    expect(gap(floor as number[], available as number[])).toBeGreaterThanOrEqual(2);
    // And each limit is on the forbidden side of its count: the ceiling above, the floor below.
    expect(Math.max(...(ceiling as number[]))).toBeLessThan(Math.min(...(pods as number[])));
    expect(Math.min(...(floor as number[]))).toBeGreaterThan(Math.max(...(available as number[])));
    // The key beside the lines reads their values at the playhead.
    expect(await chart.locator('g.chart-legend text').allTextContents()).toEqual(['13 pods (RS status)', '8 available', 'limits ≤13 pods, ≥8']);
    expect(problems).toEqual([]);
  });

  it('a rollout button zooms the charts to the first rollout, ~30 px wide before', async () => {
    const { page, problems } = await open(`?rec=rolling-update&seq=${MID_ROLLOUT}`, size);
    const chart = page.locator('svg.workload[data-deployment="web"]');
    const before = await chart.locator('rect.rollout[data-rollout="1"]').boundingBox();
    expect(before?.width ?? 0).toBeLessThan(60);
    await chart.locator('g.focus-btn[data-focus="1"]').click();
    const after = await chart.locator('rect.rollout[data-rollout="1"]').boundingBox();
    const plot = ((await chart.boundingBox())?.width ?? 0) - 164;
    expect(after?.width ?? 0).toBeGreaterThan(plot * 0.6);
    const s = await viewState(page);
    expect(s.t0).toBeLessThan(40_000);
    expect(s.t1).toBeGreaterThan(52_000);
    expect(s.t1 - s.t0).toBeLessThan(20_000);
    expect(await chart.locator('g.focus-btn[data-focus="1"]').getAttribute('class')).toContain('on');
    await shotAt(page, `colour-rollout-1-${tag}`, 'svg.workload[data-deployment="web"]');
    await chart.locator('g.focus-btn[data-focus="all"]').click();
    expect((await viewState(page)).t1 - (await viewState(page)).t0).toBe(300_000);
    expect(problems).toEqual([]);
  });
});

describe.each(SIZES)('phase and template in different channels at $width x $height', (size) => {
  const tag = `${size.width}`;

  it('a chip\'s top bar is a grey texture (no hue, so never a phase), keyed right above the chips', async () => {
    const { page, problems } = await open(`?rec=rolling-update&seq=${MID_ROLLOUT}`, size);
    const marks = await page.evaluate(() => {
      const doc = (globalThis as any).document;
      const out: Record<string, string[]> = {};
      for (const r of doc.querySelectorAll('svg.cluster g.pod rect.rs')) {
        const fill = r.getAttribute('fill') as string;
        const id = /^url\(#(rev-\d)\)$/.exec(fill)?.[1];
        // The fills of the pattern it names, as the browser computes them.
        out[fill] = id === undefined ? [fill] : [...doc.querySelectorAll(`svg.cluster pattern#${id} rect`)].map((x: any) => (globalThis as any).getComputedStyle(x).fill);
      }
      return out;
    });
    expect(Object.keys(marks).length).toBeGreaterThanOrEqual(3);
    for (const [fill, fills] of Object.entries(marks)) {
      expect(fill).toMatch(/^url\(#rev-\d\)$/);
      for (const f of fills) {
        const [r, g, b] = (/rgb\((\d+), (\d+), (\d+)\)/.exec(f) ?? []).slice(1).map(Number);
        expect(r === g && g === b, `${fill}: ${f}`).toBe(true);
      }
    }
    // The key above the chips names each template at the playhead with its pods, as the chips count them.
    const items = page.locator('#cluster').locator('xpath=preceding-sibling::div[contains(@class,"rev-legend")]').locator('.rev-item');
    const texts = await items.allTextContents();
    expect(texts).toContain('web rev 1: 8 pods, 8 ready');
    expect(texts).toContain('web rev 2: 5 pods, 0 ready');
    const chips = await chipsByMark(page);
    expect(Object.values(chips).map((c) => `${c.pods}/${c.ready}`).sort()).toEqual(['5/0', '8/8']);
    const key = await page.locator('.rev-legend').boundingBox();
    const cluster = await page.locator('svg.cluster').boundingBox();
    const section = await page.locator('#cluster').locator('xpath=..').boundingBox();
    expect((cluster?.y ?? 0) - ((key?.y ?? 0) + (key?.height ?? 0))).toBeLessThan(12);
    expect((cluster?.y ?? 0) - ((key?.y ?? 0) + (key?.height ?? 0))).toBeGreaterThanOrEqual(0);
    expect((key?.x ?? 0) + (key?.width ?? 0)).toBeLessThanOrEqual((section?.x ?? 0) + (section?.width ?? 0));
    await shotAt(page, `colour-chips-${tag}`, '#cluster');
    expect(problems).toEqual([]);
  });

  it('rollback: the key follows the revision at the playhead, rev 1 before the undo and rev 3 after it', async () => {
    const { page, problems } = await open(`?rec=rollback&seq=200`, size);
    const key = page.locator('.rev-legend .rev-item');
    expect(await key.allTextContents()).toEqual(expect.arrayContaining(['web rev 1: 3 pods, 3 ready', expect.stringMatching(/^web rev 2: 2 pods, 0 ready$/)]));
    const chart = page.locator('svg.workload[data-deployment="web"]');
    expect(await chart.locator('g.lane-label text.lane-name').allTextContents()).toEqual([expect.stringMatching(/^rev 1→3 · /), expect.stringMatching(/^rev 2 · /)]);
    await shotAt(page, `colour-rollback-${tag}`, 'svg.workload[data-deployment="web"]');
    await page.evaluate(() => (globalThis as any).__kubelapse.nav.toSeq(330));
    await expect.poll(() => key.allTextContents()).toContain('web rev 3: 4 pods, 4 ready');
    expect(await chart.locator('text.readout').textContent()).toMatch(/^ready 4\/4 · /);
    await shotAt(page, `colour-rollback-undone-${tag}`, '#cluster');
    expect(problems).toEqual([]);
  });
});
