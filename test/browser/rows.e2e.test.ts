/* eslint-disable @typescript-eslint/no-explicit-any -- the page's globals, read inside page.evaluate */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import type { StoryModel } from '../../viewer/shared/model.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch, openViewer, shotAt, SIZES } from './browser.js';

/*
 * The pod lifecycle rows (issue 15, problems 6 and 8; time per hop; issue 14's CPU
 * throttling), as a person watching sees them at 1280x720 and 1600x1000: the rows that
 * change at the playhead are in the box, "in endpoints" is a band one can see, a
 * recovery's critical path is drawn across the rows with its time broken down, and a
 * pod over its CPU limit is marked throttled. Screenshots in test-artifacts/rows-*.png.
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

async function model(name: string): Promise<StoryModel> {
  return (await (await fetch(new URL(`/api/recordings/${name}/model`, viewer.url))).json()) as StoryModel;
}

type Box = { top: number; bottom: number; left: number; right: number; height: number; width: number };
const box = (page: Page, selector: string): Promise<Box | null> =>
  page.evaluate((s) => {
    const r = (globalThis as any).document.querySelector(s)?.getBoundingClientRect();
    return r === undefined ? null : { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height, width: r.width };
  }, selector);

/** The part of the lifecycles box one can see rows in: below its sticky bar (follow toggle, axis), inside its border. */
async function rowsView(page: Page): Promise<{ top: number; bottom: number }> {
  const panel = (await box(page, '#lifecycles')) as Box;
  const bar = await box(page, '#lifecycles .lc-bar');
  return { top: bar?.bottom ?? panel.top, bottom: panel.bottom };
}

beforeAll(async () => {
  const dir = recordingsDir(['rolling-update', 'pod-loss-recovery', 'prestop-on', 'cpu-throttled']);
  viewer = await startViewer({ dir, port: 0 });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

describe('pod lifecycle rows follow the playhead (problem 6)', () => {
  it.each(SIZES)('rolling-update seq 600 at %o: the revision-3 pods being created are in the visible box', async (size) => {
    const m = await model('rolling-update');
    const rs3 = m.replicaSets.find((r) => r.deployment === 'web' && r.revision === '3');
    expect(rs3).toBeDefined();
    const made = m.pods.filter((p) => p.owner === `ReplicaSet/${rs3!.name}` && p.createdSeq <= 600).map((p) => p.name);
    expect(made.length).toBeGreaterThanOrEqual(2);
    const page = await open('?rec=rolling-update&seq=600', size);
    await page.locator('#lifecycles').scrollIntoViewIfNeeded();
    const view = await rowsView(page);
    for (const name of made) {
      const row = await box(page, `#lifecycles g.row[data-pod="${name}"]`);
      expect(row, `${name} drawn`).not.toBeNull();
      expect(row!.top, `${name} below the bar`).toBeGreaterThanOrEqual(view.top - 1);
      expect(row!.bottom, `${name} above the box's bottom`).toBeLessThanOrEqual(view.bottom + 1);
    }
    expect(await page.locator('#lifecycles .lc-follow input').isChecked()).toBe(true);
    await shotAt(page, `rows-follow-${size.width}`, '#lifecycles');
  });

  it('a scroll by hand pauses following (a small step does not jump back); a far move or the toggle resumes it', async () => {
    const page = await open('?rec=rolling-update&seq=600', SIZES[0]);
    const scrolled = await page.evaluate(() => (globalThis as any).document.querySelector('#lifecycles')!.scrollTop);
    expect(scrolled).toBeGreaterThan(0);
    await page.locator('#lifecycles').hover();
    await page.mouse.wheel(0, -2000);
    await expect.poll(() => page.evaluate(() => (globalThis as any).document.querySelector('#lifecycles')!.scrollTop)).toBe(0);
    expect(await page.locator('#lifecycles .lc-follow input').isChecked()).toBe(false);
    // One event on (a few ms of cluster time): the user's scroll stands.
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (globalThis as any).document.querySelector('#lifecycles')!.scrollTop)).toBe(0);
    // Far from there (1:00 back, more than 10% of the 5 min window): following resumes.
    await page.evaluate(() => (globalThis as any).__kubelapse.nav.toTime(110_000));
    await expect.poll(() => page.locator('#lifecycles .lc-follow input').isChecked()).toBe(true);
    await page.evaluate(() => (globalThis as any).__kubelapse.nav.toSeq(600));
    await expect.poll(() => page.evaluate(() => (globalThis as any).document.querySelector('#lifecycles')!.scrollTop)).toBeGreaterThan(0);
    // Paused again by hand, then the toggle brings the rows back at once.
    await page.mouse.wheel(0, -2000);
    await expect.poll(() => page.locator('#lifecycles .lc-follow input').isChecked()).toBe(false);
    await page.locator('#lifecycles .lc-follow input').check();
    await expect.poll(() => page.evaluate(() => (globalThis as any).document.querySelector('#lifecycles')!.scrollTop)).toBeGreaterThan(0);
  });
});

describe('a scroll by hand is the user\'s even when the rows are redrawn before its scroll event', () => {
  it('a wheel, its scroll and a redraw in one frame: the rows stay where the user put them, following pauses', async () => {
    const page = await open('?rec=rolling-update&seq=600', SIZES[0]);
    const top = (): Promise<number> => page.evaluate(() => (globalThis as any).document.querySelector('#lifecycles')!.scrollTop);
    expect(await top()).toBeGreaterThan(0);
    // What one wheel turn over the rows does, in order: the wheel event, the box's scroll to the top
    // (its scroll event only comes with the next frame), and here a redraw before that frame (a zoom
    // by 1 ms redraws the rows). An untrusted WheelEvent does not scroll by itself, so the scroll is set.
    await page.evaluate(() => {
      const el = (globalThis as any).document.querySelector('#lifecycles');
      el.dispatchEvent(new (globalThis as any).WheelEvent('wheel', { deltaY: -2000, bubbles: true }));
      el.scrollTop = 0;
      const store = (globalThis as any).__kubelapse.store;
      store.set({ t0: store.state.t0 + 1 });
    });
    await page.waitForTimeout(300);
    expect(await top()).toBe(0);
    expect(await page.locator('#lifecycles .lc-follow input').isChecked()).toBe(false);
  });
  it('"follow" ticked again after a scroll by hand stays ticked through a redraw just after the click', async () => {
    const page = await open('?rec=rolling-update&seq=600', SIZES[0]);
    const follow = page.locator('#lifecycles .lc-follow input');
    // A scroll by hand of 20 px down (the rows at the playhead stay in view, so the tick does not scroll): following pauses.
    await page.evaluate(() => {
      const el = (globalThis as any).document.querySelector('#lifecycles');
      el.scrollTop += 20;
    });
    await expect.poll(() => follow.isChecked()).toBe(false);
    // The tick (a click inside the box) and, at once, a redraw (a zoom by 1 ms).
    await follow.check();
    await page.evaluate(() => {
      const store = (globalThis as any).__kubelapse.store;
      store.set({ t0: store.state.t0 + 1 });
    });
    await page.waitForTimeout(300);
    expect(await follow.isChecked()).toBe(true);
  });
});

describe('"in endpoints" is a band one can see (problem 8)', () => {
  it.each(SIZES)('prestop-on at %o: the band is at least 4 px tall, apart in colour from the Ready bar under it, with a legend entry', async (size) => {
    const page = await open('?rec=prestop-on&time=20000', size);
    const band = page.locator('#lifecycles g.row rect.ep-1').first();
    const geo = await band.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const seg = [...el.closest('g.row')!.querySelectorAll('rect.seg')].find((s) => s.getAttribute('fill') === '#31a354')!;
      return { height: r.height, fill: (globalThis as any).getComputedStyle(el).fill, ready: (globalThis as any).getComputedStyle(seg).fill, segTop: seg.getBoundingClientRect().top, bottom: r.bottom };
    });
    expect(geo.height).toBeGreaterThanOrEqual(4);
    expect(geo.fill).not.toBe(geo.ready);
    expect(geo.segTop).toBeGreaterThanOrEqual(geo.bottom);
    expect(await band.locator('title').textContent()).toMatch(/^in the Service's endpoints, ready: routed to: /);
    const legend = page.locator('section:has(#lifecycles) h2 .legend');
    expect(await legend.textContent()).toContain('in endpoints (ready)');
    expect(await legend.textContent()).toContain('terminating endpoint');
    await shotAt(page, `rows-endpoints-${size.width}`, '#lifecycles');
  });
});

describe('time per hop: the critical path of a recovery across the rows', () => {
  it.each(SIZES)('pod-loss-recovery at 0:35 at %o: arrow from the deleted pod to its replacement, hops dotted, time to recovery broken down', async (size) => {
    const m = await model('pod-loss-recovery');
    const name = (uid: string): string => m.pods.find((p) => p.uid === uid)!.name;
    const deleted = m.recoveries[0]!;
    const page = await open('?rec=pod-loss-recovery&time=35000', size);
    await page.locator('#lifecycles').scrollIntoViewIfNeeded();
    const caption = await page.locator('#lifecycles .lc-recovery').textContent();
    // The delete is itself the loss write (noticed 0 ms); the 2.0 s is the readiness probe's initial delay.
    expect(caption).toMatch(/^recovered in 2\.4 s: noticed 0 ms, created \d+ ms, scheduled \d+ ms, started \d+ ms, ready 2\.0 s \(/);
    expect(caption).toContain(name(deleted.lostUid));
    // The replacement is also the pod the fault at 1:10 restarts in place: its recovery is the one from the deleted pod.
    const path = page.locator(`#lifecycles g.recovery[data-lost="${name(deleted.lostUid)}"][data-pod="${name(deleted.podUid)}"]`);
    expect(await path.locator('circle.rc-hop').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')))).toEqual(['created', 'scheduled', 'started', 'ready']);
    expect(await path.locator('text.rc-label').textContent()).toBe('recovered in 2.4 s');
    // The cause arrow runs from the lost pod's row down to the replacement's.
    const arrow = (await path.locator('path.rc-cause').boundingBox())!;
    const lost = (await page.locator(`#lifecycles g.row[data-pod="${name(deleted.lostUid)}"]`).boundingBox())!;
    const made = (await page.locator(`#lifecycles g.row[data-pod="${name(deleted.podUid)}"]`).boundingBox())!;
    expect(arrow.y).toBeGreaterThanOrEqual(lost.y - 1);
    expect(arrow.y).toBeLessThanOrEqual(lost.y + lost.height);
    expect(arrow.y + arrow.height).toBeGreaterThanOrEqual(made.y - 1);
    expect(await page.locator('section:has(#lifecycles) h2 .legend').textContent()).toContain('recovery path');
    await shotAt(page, `rows-recovery-${size.width}`, '#lifecycles');
  });

  it.each(SIZES)('pod-loss-recovery at 1:15 at %o: the fault\'s pod restarted in place, on its own row, Ready again in 3.4 s', async (size) => {
    const m = await model('pod-loss-recovery');
    const killed = m.recoveries[1]!;
    expect(killed.podUid).toBe(killed.lostUid);
    const pod = m.pods.find((p) => p.uid === killed.podUid)!.name;
    const page = await open('?rec=pod-loss-recovery&time=75000', size);
    await page.locator('#lifecycles').scrollIntoViewIfNeeded();
    // The kubelet's 1 s relist, the new sandbox and container start, the 2 s readiness delay; no replacement named.
    const caption = await page.locator('#lifecycles .lc-recovery').textContent();
    expect(caption).toMatch(/^restarted in place, Ready again in 3\.4 s: noticed 1\.0 s, restarted \d+ ms, ready 2\.0 s \(web-[a-z0-9-]+\)$/);
    expect(caption).toContain(`(${pod})`);
    expect(caption).not.toContain('→');
    const path = page.locator(`#lifecycles g.recovery[data-pod="${pod}"][data-lost="${pod}"]`);
    expect(await path.count()).toBe(1);
    expect(await path.locator('circle.rc-hop').evaluateAll((els) => els.map((e) => e.getAttribute('data-step')))).toEqual(['restarted', 'ready']);
    // The whole label where it fits after the last dot (1600 px); at 1280 px the short one.
    expect(await path.locator('text.rc-label').textContent()).toBe(size.width >= 1600 ? 'restarted in place, Ready again in 3.4 s' : 'restarted in place, 3.4 s');
    expect(await path.locator('title').first().textContent()).toMatch(/^restarted in place, Ready again in 3\.4 s: /);
    // No cause arrow (nothing was created), and the path stays on the pod's own row.
    expect(await path.locator('path.rc-cause').count()).toBe(0);
    const row = (await page.locator(`#lifecycles g.row[data-pod="${pod}"]`).boundingBox())!;
    const line = (await path.locator('polyline.rc-path').boundingBox())!;
    expect(line.y).toBeGreaterThanOrEqual(row.y - 1);
    expect(line.y + line.height).toBeLessThanOrEqual(row.y + row.height + 1);
    // The label is whole inside the rows' clip, after the Ready dot: not cut at the right edge (at 1280x720 the whole
    // label ran 1 px past the svg), nor left of the ring over the same row's earlier recovery.
    const label = (await path.locator('text.rc-label').boundingBox())!;
    const clip = await page.locator('#lifecycles svg.lifecycles').evaluate((svg) => {
      const r = svg.querySelector('clipPath rect')!;
      return { x: svg.getBoundingClientRect().left + Number(r.getAttribute('x')), width: Number(r.getAttribute('width')) };
    });
    expect(label.width).toBeGreaterThan(80);
    const readyDot = (await path.locator('circle.rc-hop[data-step="ready"]').boundingBox())!;
    expect(label.x).toBeGreaterThan(readyDot.x + readyDot.width / 2);
    expect(label.x + label.width).toBeLessThanOrEqual(clip.x + clip.width);
    await shotAt(page, `rows-restart-in-place-${size.width}`, '#lifecycles');
  });

  it('stepping with the story lens from the fault through the restart: the caption grows hop by hop to "Ready again in 3.4 s"', async () => {
    const m = await model('pod-loss-recovery');
    const killed = m.recoveries[1]!;
    const [noticed, restarted, ready] = killed.hops.map((h) => h[1]) as [number, number, number];
    const page = await open(`?rec=pod-loss-recovery&seq=${noticed}`, SIZES[0]);
    await page.locator('#lifecycles').scrollIntoViewIfNeeded();
    const captions = new Map<number, string>();
    for (let i = 0; i < 20; i++) {
      const seq = await page.evaluate(() => (globalThis as any).__kubelapse.store.state.seq as number);
      captions.set(seq, (await page.locator('#lifecycles .lc-recovery').textContent()) ?? '');
      if (seq >= ready) break;
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction((b) => (globalThis as any).__kubelapse.store.state.seq !== b, seq, { timeout: 2000 });
    }
    expect(captions.get(noticed)).toMatch(/^restarting in place: 1\.0 s so far: noticed 1\.0 s \(/);
    expect(captions.get(restarted)).toMatch(/^restarting in place: 1\.4 s so far: noticed 1\.0 s, restarted \d+ ms \(/);
    expect(captions.get(ready)).toMatch(/^restarted in place, Ready again in 3\.4 s: /);
    await shotAt(page, 'rows-restart-in-place-lens-1280', '#lifecycles');
  });

  it('mid-recovery the caption counts only the hops done so far', async () => {
    const page = await open('?rec=pod-loss-recovery&time=30200', SIZES[0]);
    expect(await page.locator('#lifecycles .lc-recovery').textContent()).toMatch(/^recovering: 200 ms so far: noticed 0 ms, created \d+ ms, scheduled \d+ ms \(/);
    const restarting = await open('?rec=pod-loss-recovery&time=71200', SIZES[0]);
    expect(await restarting.locator('#lifecycles .lc-recovery').textContent()).toMatch(/^restarting in place: 1\.2 s so far: noticed 1\.0 s \(web-[a-z0-9-]+\)$/);
  });
});

describe('CPU over its limit is throttled, shown on the rows (issue 14)', () => {
  it.each(SIZES)('cpu-throttled at 0:28 at %o: both pods hatched from 0:20 to 0:35, titled with demand and limit', async (size) => {
    const page = await open('?rec=cpu-throttled&time=28000', size);
    await page.locator('#lifecycles').scrollIntoViewIfNeeded();
    const rows = page.locator('#lifecycles g.row[data-pod^="api-"]');
    expect(await rows.count()).toBe(2);
    const svg = (await box(page, '#lifecycles svg.lifecycles')) as Box;
    // The time axis: 150 px of labels on the left, 14 px of margin on the right, 50 s in between.
    const plot = svg.width - 150 - 14;
    for (let i = 0; i < 2; i++) {
      const mark = rows.nth(i).locator('rect.throttle');
      expect(await mark.count()).toBe(1);
      expect(await mark.locator('title').textContent()).toMatch(/^CPU throttled: demand 7\d\dm over limit 500m \(0:20\.0 - 0:35\.0\)$/);
      const b = (await mark.boundingBox())!;
      expect(Math.abs(b.x - (svg.left + 150 + (plot * 20) / 50))).toBeLessThan(2);
      expect(Math.abs(b.width - (plot * 15) / 50)).toBeLessThan(2);
      expect(b.height).toBeGreaterThanOrEqual(8);
    }
    expect(await page.locator('#lifecycles g.row[data-pod^="kube-proxy-"] rect.throttle').count()).toBe(0);
    expect(await page.locator('section:has(#lifecycles) h2 .legend').textContent()).toContain('CPU throttled');
    await shotAt(page, `rows-throttled-${size.width}`, '#lifecycles');
  });
});
