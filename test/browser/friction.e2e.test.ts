import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch, openViewer, shotAt, SIZES, viewState } from './browser.js';

// Issue 15, problem 10 (friction): the zoom strip, wheel and WASD zoom, the event log's
// live filters and its table at 1280x720, filters in the permalink, and the diff with
// list items named by merge key between any two versions.

let viewer: RunningViewer;
let browser: Browser;
const pages: Page[] = [];
const api = async (p: string): Promise<any> => (await fetch(new URL(p, viewer.url))).json();
const R = '/api/recordings/pod-loss-recovery';

async function open(query: string, size: { width: number; height: number } = SIZES[0]): Promise<{ page: Page; problems: string[] }> {
  const r = await openViewer(browser, `${viewer.url}${query}`, size);
  pages.push(r.page);
  return r;
}

/** The zoomed part of the timeline on screen, and the cluster time at a fraction of its width. */
async function plot(page: Page): Promise<{ x: number; y: number; width: number; height: number; timeAt: (f: number) => Promise<number> }> {
  const box = (await page.locator('svg.timeline rect.scrub').boundingBox())!;
  return {
    ...box,
    timeAt: async (f: number) => {
      const s = await viewState(page);
      return s.t0 + f * (s.t1 - s.t0);
    },
  };
}

beforeAll(async () => {
  viewer = await startViewer({ dir: recordingsDir(['pod-loss-recovery', 'rolling-update']), port: 0 });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => undefined);
  await browser?.close();
  await viewer?.close();
});

describe('friction: zooming the timeline', () => {
  it('dragging across the zoom strip on first open zooms to what was dragged over', async () => {
    const { page, problems } = await open('?rec=pod-loss-recovery&seq=60');
    const before = await viewState(page);
    expect(before.t0).toBe(0);
    const strip = (await page.locator('svg.timeline .brush rect.overlay').boundingBox())!;
    const y = strip.y + strip.height / 2;
    await page.mouse.move(strip.x + strip.width * 0.25, y);
    await page.mouse.down();
    await page.mouse.move(strip.x + strip.width * 0.4, y, { steps: 5 });
    await page.mouse.move(strip.x + strip.width * 0.5, y, { steps: 5 });
    await page.mouse.up();
    const end = before.t1;
    const after = await viewState(page);
    expect(after.t0).toBeGreaterThan(end * 0.23);
    expect(after.t0).toBeLessThan(end * 0.27);
    expect(after.t1).toBeGreaterThan(end * 0.48);
    expect(after.t1).toBeLessThan(end * 0.52);
    // The axis now reads the zoomed window, and the permalink carries it.
    await expect.poll(() => page.evaluate(() => new URLSearchParams((globalThis as any).location.search).get('t0'))).toBe(String(Math.round(after.t0)));
    expect(problems).toEqual([]);
  });

  it('Ctrl+wheel zooms around the mouse; Shift+wheel pans; a plain wheel leaves the window alone', async () => {
    const { page, problems } = await open('?rec=pod-loss-recovery&seq=60');
    const p = await plot(page);
    const atMouse = await p.timeAt(0.7);
    await page.mouse.move(p.x + p.width * 0.7, p.y + p.height / 2);
    await page.mouse.wheel(0, 200);
    expect(await viewState(page)).toMatchObject({ t0: 0 });
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -300);
    await page.keyboard.up('Control');
    const zoomed = await viewState(page);
    const end = (await api(R)).durationMs as number;
    expect(zoomed.t1 - zoomed.t0).toBeLessThan(end * 0.7);
    // The time under the mouse stayed under the mouse.
    expect(Math.abs((await p.timeAt(0.7)) - atMouse)).toBeLessThan(end * 0.01);
    await page.keyboard.down('Shift');
    await page.mouse.wheel(0, -100);
    await page.keyboard.up('Shift');
    const panned = await viewState(page);
    expect(panned.t0).toBeLessThan(zoomed.t0);
    expect(panned.t1 - panned.t0).toBeCloseTo(zoomed.t1 - zoomed.t0, 3);
    expect(problems).toEqual([]);
  });

  it('W/S zoom around the mouse on the timeline (the playhead when the mouse is elsewhere), A/D pan; ? lists them', async () => {
    const { page, problems } = await open('?rec=pod-loss-recovery&seq=60');
    // Away from the timeline: W zooms around the playhead, which keeps its place on screen.
    await page.mouse.move(10, 200);
    const s1 = await viewState(page);
    const frac = (s1.timeMs - s1.t0) / (s1.t1 - s1.t0);
    await page.keyboard.press('w');
    const s2 = await viewState(page);
    expect(s2.t1 - s2.t0).toBeCloseTo((s1.t1 - s1.t0) * 0.8, 0);
    expect((s2.timeMs - s2.t0) / (s2.t1 - s2.t0)).toBeCloseTo(frac, 2);
    await page.keyboard.press('s');
    expect(await viewState(page)).toMatchObject({ t0: 0, t1: s1.t1 });
    // Over the timeline: around the time under the mouse.
    const p = await plot(page);
    await page.mouse.move(p.x + p.width * 0.3, p.y + p.height / 2);
    const atMouse = await p.timeAt(0.3);
    const w0 = s1.t1;
    await page.keyboard.press('w');
    await page.keyboard.press('W');
    const z = await viewState(page);
    expect(z.t1 - z.t0).toBeCloseTo(w0 * 0.64, 0);
    expect(Math.abs((await p.timeAt(0.3)) - atMouse)).toBeLessThan(w0 * 0.005);
    await page.keyboard.press('d');
    const d = await viewState(page);
    expect(d.t0).toBeCloseTo(z.t0 + (z.t1 - z.t0) * 0.1, 0);
    await page.keyboard.press('a');
    expect((await viewState(page)).t0).toBeCloseTo(z.t0, 0);
    await page.keyboard.press('s');
    const s3 = await viewState(page);
    expect(s3.t1 - s3.t0).toBeCloseTo((z.t1 - z.t0) / 0.8, 0);
    // Typing a w into a filter is text, not a zoom.
    await page.locator('#log input[data-f="name"]').pressSequentially('w');
    const s4 = await viewState(page);
    expect(s4.t1 - s4.t0).toBeCloseTo(s3.t1 - s3.t0, 3);
    await page.locator('#log input[data-f="name"]').blur();
    await page.keyboard.press('?');
    const help = await page.textContent('#help');
    expect(help).toContain('W / S');
    expect(help).toContain('A / D');
    expect(help).toContain('Ctrl + wheel');
    expect(problems).toEqual([]);
  });
});

describe('friction: the event log', () => {
  it('name and reason filter as you type, any part in any case, and the permalink carries them', async () => {
    const { page, problems } = await open('?rec=pod-loss-recovery&seq=80');
    await page.locator('#log input[data-f="name"]').pressSequentially('WEB');
    await expect.poll(() => page.$$eval('#log tbody tr[data-seq]', (els) => els.length)).toBeGreaterThan(5);
    await expect.poll(() => page.$$eval('#log td.object', (els) => els.every((e) => /web/i.test(e.textContent ?? '')))).toBe(true);
    await page.locator('#log input[data-f="reason"]').pressSequentially('kill');
    await expect.poll(() => page.$$eval('#log td.reason', (els) => [...new Set(els.map((e) => e.textContent))])).toEqual(['Killing']);
    await expect.poll(() => page.evaluate(() => (globalThis as any).location.search as string)).toMatch(/name=WEB.*reason=kill|reason=kill.*name=WEB/);
    const again = await open(await page.evaluate(() => (globalThis as any).location.search as string));
    expect(await again.page.inputValue('#log input[data-f="name"]')).toBe('WEB');
    expect(await again.page.inputValue('#log input[data-f="reason"]')).toBe('kill');
    await expect.poll(() => again.page.$$eval('#log td.reason', (els) => [...new Set(els.map((e) => e.textContent))])).toEqual(['Killing']);
    // An actor from a permalink is picked in its list too.
    const byActor = await open('?rec=pod-loss-recovery&seq=80&actor=scheduler');
    expect(await byActor.page.inputValue('#log select[data-f="actor"]')).toBe('scheduler');
    await expect.poll(() => byActor.page.$$eval('#log td.actor', (els) => [...new Set(els.map((e) => e.textContent))])).toEqual(['scheduler']);
    expect([...problems, ...again.problems, ...byActor.problems]).toEqual([]);
  });

  for (const size of SIZES) {
    it(`at ${size.width}x${size.height} the table fits its panel, reason and message in view, long cells cut with the whole text in a tooltip`, async () => {
      const sel = (await api(`${R}/events?reason=Killing&limit=1`)).events[0].seq as number;
      const { page, problems } = await open(`?rec=pod-loss-recovery&seq=${sel}&sel=${sel}`, size);
      await page.waitForSelector(`#log tr[data-seq="${sel}"]`);
      const g = await page.evaluate(() => {
        const doc = (globalThis as any).document;
        const box = doc.querySelector('#log .log-scroll');
        const r = box.getBoundingClientRect();
        const ths = [...doc.querySelectorAll('#log thead th')].map((th: any) => ({ text: th.textContent as string, right: th.getBoundingClientRect().right as number, width: th.getBoundingClientRect().width as number }));
        return { boxRight: (r.left as number) + (box.clientLeft as number) + (box.clientWidth as number), scrollWidth: box.scrollWidth as number, clientWidth: box.clientWidth as number, table: box.querySelector('table').getBoundingClientRect().width as number, ths };
      });
      expect(g.scrollWidth).toBeLessThanOrEqual(g.clientWidth);
      expect(g.table).toBeLessThanOrEqual(g.clientWidth + 1);
      for (const th of g.ths) expect(th.right, th.text ?? '').toBeLessThanOrEqual(g.boxRight + 1);
      expect(g.ths.find((t) => t.text === 'message')!.width).toBeGreaterThan(85);
      // Every column keeps room to read: the reason column (hidden before) at least a short word's width.
      for (const th of g.ths) expect(th.width, th.text ?? '').toBeGreaterThan(30);
      const obj = page.locator(`#log tr[data-seq="${sel}"] td.object`);
      expect(await obj.getAttribute('title')).toBe(await obj.textContent());
      await shotAt(page, `friction-log-${size.width}x${size.height}`, '#log');
      expect(problems).toEqual([]);
    });
  }
});

describe('friction: the diff', () => {
  /** A pod status write that turned Ready True, from the API's event detail. */
  async function readyWrite(): Promise<{ seq: number; name: string }> {
    const events = (await api(`${R}/events?kind=pod&actor=kubelet/node-1&limit=5000`)).events as Array<{ seq: number; name: string; subresource: string | null }>;
    for (const e of events.filter((x) => x.subresource === 'status')) {
      const d = await api(`${R}/events/${e.seq}`);
      if (d.diff.some((c: any) => /conditions\[type=Ready\]\.status$/.test(c.path) && c.to === 'True')) return e;
    }
    throw new Error('no pod turned Ready on node-1');
  }

  for (const size of SIZES) {
    it(`at ${size.width}x${size.height} names list items by merge key, and diffs against any version picked from the object's history`, async () => {
      const ready = await readyWrite();
      const { page, problems } = await open(`?rec=pod-loss-recovery&seq=${ready.seq}&sel=${ready.seq}`, size);
      await page.waitForSelector('#detail table.diff');
      const paths = await page.$$eval('#detail table.diff td.path', (els) => els.map((e) => e.textContent ?? ''));
      expect(paths).toContain('status.conditions[type=Ready].status');
      expect(paths.filter((p) => /conditions\[\d+\]/.test(p))).toEqual([]);
      // From the pod's first version: everything the pod gained since it was created.
      const select = page.locator('#detail select[aria-label="compare with version"]');
      await expect.poll(() => select.locator('option').count()).toBeGreaterThan(2);
      const first = await select.locator('option:not([disabled])').first().getAttribute('value');
      await select.selectOption(first!);
      await expect.poll(() => page.textContent('#detail .diff-title')).toBe(`What changed since seq ${first}`);
      await expect.poll(() => page.$$eval('#detail table.diff td.path', (els) => els.map((e) => e.textContent))).toContain('spec.nodeName');
      await shotAt(page, `friction-diff-${size.width}x${size.height}`, '#detail .diff-title');
      expect(problems).toEqual([]);
    });
  }
});
