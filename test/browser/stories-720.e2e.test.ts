import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { cli, ROOT } from '../helpers.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch, openViewer, shotAt, SIZES } from './browser.js';

/*
 * The stories as a teacher records them, at 1280x720 (and 1600x1000): the preStop story's
 * kube-proxy lane names each endpoint row's pod, has a time axis, and sets each node's
 * "kube-proxy stops routing" against the pod's delete, SIGTERM and the moment it stops
 * listening; and a time axis never repeats one label (KHI's three writes share an
 * instant). Screenshots in test-artifacts/stories720-*.png.
 */
const KHI = ['1_1', '1_2', '1_3'].map((n) => path.join(ROOT, '..', 'shared', 'real', 'audit', `khi-container_recorder_test_${n}.yaml`));

let viewer: RunningViewer;
let browser: Browser;

beforeAll(async () => {
  const dir = recordingsDir(['pod-loss-recovery', 'prestop-off', 'prestop-on', 'rolling-update']);
  const r = cli(['import', ...KHI, '-o', path.join(dir, 'khi.db'), '-q']);
  expect(r.code, r.stderr).toBe(0);
  viewer = await startViewer({ dir, port: 0 });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

/** What the lane shows: each row's label and pod, the axis's labels, the moments and the per-node stops, with their boxes. */
function lane(page: Page): Promise<{
  rows: Array<{ node: string; pod: string; label: string; h: number }>;
  ticks: string[];
  moments: Array<{ kind: string; text: string; x: number; box: { left: number; right: number; top: number; bottom: number } }>;
  stops: Array<{ node: string; text: string; x: number }>;
  svg: { left: number; right: number };
}> {
  return page.$eval('svg.proxy-lane', (svg) => {
    const box = (e: { getBoundingClientRect(): { left: number; right: number; top: number; bottom: number } }): { left: number; right: number; top: number; bottom: number } => {
      const r = e.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    };
    const s = svg.getBoundingClientRect();
    return {
      rows: [...svg.querySelectorAll('g.proxy-route')].map((r) => ({
        node: r.closest('g.proxy-node')?.getAttribute('data-node') ?? '',
        pod: r.getAttribute('data-pod') ?? '',
        label: r.querySelector('text.route-label')?.firstChild?.textContent ?? '',
        h: r.querySelector('text.route-label')?.getBoundingClientRect().height ?? 0,
      })),
      ticks: [...svg.querySelectorAll('g.proxy-axis .tick text')].map((t) => t.textContent ?? ''),
      moments: [...svg.querySelectorAll('g.moment')].map((m) => ({ kind: m.getAttribute('data-kind') ?? '', text: m.querySelector('text')?.textContent ?? '', x: m.querySelector('line')!.getBoundingClientRect().left, box: box(m.querySelector('text')!) })),
      stops: [...svg.querySelectorAll('g.proxy-stop')].map((g) => ({ node: g.closest('g.proxy-node')?.getAttribute('data-node') ?? '', text: g.querySelector('text')?.textContent ?? '', x: g.querySelector('path')!.getBoundingClientRect().left + 4 })),
      svg: { left: s.left, right: s.right },
    };
  });
}

const overlaps = (a: { left: number; right: number; top: number; bottom: number }, b: typeof a): boolean => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('the preStop story\'s kube-proxy lane at a teacher\'s 1280x720 (and 1600x1000)', () => {
  for (const size of SIZES) {
    it(`prestop-on at 0:48.0 (${size.width}x${size.height}): each row names its pod as its chip does, a readable time axis, every node stops routing 6.1 s before the pod stops listening`, async () => {
      const { page, problems } = await openViewer(browser, `${viewer.url}?rec=prestop-on&time=48000`, size);
      await page.waitForSelector('svg.proxy-lane g.moment');
      const l = await lane(page);
      // 3 nodes x 8 endpoints (4 old pods, 4 new), each row labelled with its name's last part ("web-869fc6774c-d9fdb" -> "d9fdb").
      expect(l.rows).toHaveLength(24);
      for (const r of l.rows) {
        expect(r.label).toBe(r.pod.slice(r.pod.lastIndexOf('-') + 1));
        expect(r.h).toBeGreaterThanOrEqual(9); // 9 px type, not the 3-5 px rows of main with no name at all
      }
      // The chips above show the same short names.
      const chips = await page.locator('svg.cluster g.pod text.label').allTextContents();
      expect(chips.some((c) => l.rows.some((r) => r.label === c))).toBe(true);
      // A time axis over the 2:00 recording, every label different.
      expect(l.ticks.length).toBeGreaterThanOrEqual(4);
      expect(new Set(l.ticks).size).toBe(l.ticks.length);
      expect(l.ticks[0]).toBe('0:00.0');
      // The first deleted pod's moments, labelled: delete and its 5 s preStop, SIGTERM, stops listening.
      const pod = (await page.locator('.proxy-readout').getAttribute('data-pod')) as string;
      const short = pod.slice(pod.lastIndexOf('-') + 1);
      expect(l.moments.map((m) => [m.kind, m.text])).toEqual([['delete', `${short} deleted · preStop 0:44.4`], ['sigterm', 'SIGTERM 0:49.4'], ['quiet', 'stops listening 0:51.6']]);
      // Each node's kube-proxy stopped routing to it at 0:45.5: left of SIGTERM and of the pod going quiet.
      expect(l.stops.map((s) => [s.node, s.text])).toEqual([['node-1', 'kube-proxy stops 0:45.5'], ['node-2', 'kube-proxy stops 0:45.5'], ['node-3', 'kube-proxy stops 0:45.5']]);
      const quiet = l.moments.find((m) => m.kind === 'quiet')!;
      const sigterm = l.moments.find((m) => m.kind === 'sigterm')!;
      for (const s of l.stops) {
        expect(s.x).toBeLessThan(sigterm.x);
        expect(s.x).toBeLessThan(quiet.x);
      }
      // The labels, 7 s apart (~33 px at 1280), are stacked, not drawn over one another, and inside the lane.
      for (let i = 0; i < l.moments.length; i++) {
        const a = l.moments[i]!;
        expect(a.box.left).toBeGreaterThanOrEqual(l.svg.left);
        expect(a.box.right).toBeLessThanOrEqual(l.svg.right);
        for (const b of l.moments.slice(i + 1)) expect(overlaps(a.box, b.box)).toBe(false);
      }
      await shotAt(page, `stories720-prestop-on-lane-${size.width}x${size.height}`, 'svg.proxy-lane');
      expect(problems).toEqual([]);
    });
  }

  it('prestop-off at 0:45.2 (1280x720): no hook, SIGTERM with the delete, the pod stops listening while every node still routes to it', async () => {
    const { page, problems } = await openViewer(browser, `${viewer.url}?rec=prestop-off&time=45200`, SIZES[0]);
    await page.waitForSelector('svg.proxy-lane g.moment');
    const l = await lane(page);
    expect(l.rows.every((r) => r.label === r.pod.slice(r.pod.lastIndexOf('-') + 1))).toBe(true);
    const pod = (await page.locator('.proxy-readout').getAttribute('data-pod')) as string;
    expect(l.moments.map((m) => [m.kind, m.text])).toEqual([['delete', `${pod.slice(pod.lastIndexOf('-') + 1)} deleted · SIGTERM 0:44.4`], ['quiet', 'stops listening 0:44.4']]);
    const quiet = l.moments.find((m) => m.kind === 'quiet')!;
    expect(l.stops).toHaveLength(3);
    for (const s of l.stops) {
      expect(s.text).toBe('kube-proxy stops 0:45.5');
      expect(s.x).toBeGreaterThan(quiet.x); // routed 1.1 s past the moment nothing listened
    }
    // The two labels at one instant stack instead of printing over each other.
    expect(overlaps(l.moments[0]!.box, l.moments[1]!.box)).toBe(false);
    await shotAt(page, 'stories720-prestop-off-lane-1280x720', 'svg.proxy-lane');
    expect(problems).toEqual([]);
  });

  it('follows the playhead: at 1:00.0 the moments are the last deleted pod\'s, and its row\'s name is in bold', async () => {
    const { page, problems } = await openViewer(browser, `${viewer.url}?rec=prestop-on&time=60000`, SIZES[0]);
    await page.waitForSelector('svg.proxy-lane g.moment');
    const pod = (await page.locator('.proxy-readout').getAttribute('data-pod')) as string;
    const short = pod.slice(pod.lastIndexOf('-') + 1);
    expect(await page.locator('svg.proxy-lane g.moment.delete text').textContent()).toMatch(new RegExp(`^${short} deleted · preStop 0:55\\.6$`));
    expect(await page.locator('svg.proxy-lane text.route-label.focus').evaluateAll((els) => [...new Set(els.map((e) => e.firstChild?.textContent))])).toEqual([short]);
    expect(problems).toEqual([]);
  });
});

describe('pod lifecycles at 1280x720', () => {
  it('pod-loss-recovery: every row\'s name stays in its column, and a long one keeps the part that tells it apart (CoreDNS\'s two pods)', async () => {
    const { page, problems } = await openViewer(browser, `${viewer.url}?rec=pod-loss-recovery&time=75000`, SIZES[0]);
    await page.locator('svg.lifecycles').scrollIntoViewIfNeeded();
    const rows = await page.$$eval('svg.lifecycles g.row', (els) => els.map((g) => {
      const label = g.querySelector('text.pod-label')!;
      const svg = g.closest('svg')!.getBoundingClientRect().left;
      return { pod: g.getAttribute('data-pod') ?? '', text: label.textContent ?? '', right: label.getBoundingClientRect().right - svg };
    }));
    expect(rows.length).toBeGreaterThanOrEqual(10);
    // The bars start at 150 px (LABEL_W): a name ends at least 3 px before them. Main's
    // "coredns-57bfbb8d98-2jhbm" ended at 151, its last letter on the bar.
    for (const r of rows) expect(r.right, r.text).toBeLessThanOrEqual(147);
    const dns = rows.filter((r) => r.pod.startsWith('coredns-'));
    expect(dns).toHaveLength(2);
    for (const r of dns) expect(r.text.endsWith(r.pod.slice(r.pod.lastIndexOf('-')))).toBe(true);
    await shotAt(page, 'stories720-pod-loss-lifecycles-1280x720', 'svg.lifecycles');
    expect(problems).toEqual([]);
  });
});

describe('time axes never repeat a label', () => {
  it('KHI\'s three writes at one instant: one labelled instant on the timeline and the lifecycles, not 17 and 6 ticks all reading 0:00.0', async () => {
    const { page, problems } = await openViewer(browser, `${viewer.url}?rec=khi`, SIZES[0]);
    const timeline = await page.locator('#timeline g.axis .tick text, .timeline g.axis .tick text').allTextContents();
    const lifecycles = await page.locator('g.lc-axis .tick text').allTextContents();
    expect(timeline).toEqual(['0:00.0']);
    expect(lifecycles).toEqual(['0:00.0']);
    await shotAt(page, 'stories720-khi-axes-1280x720', 'svg.lifecycles');
    expect(problems).toEqual([]);
  });

  it('a window zoomed to 0.4 s: ticks on whole tenths, each label once', async () => {
    const { page, problems } = await openViewer(browser, `${viewer.url}?rec=rolling-update&time=40100&t0=40000&t1=40400`, SIZES[0]);
    const state = await page.evaluate(() => (globalThis as any).__kubelapse.store.state);
    expect(state.t1 - state.t0).toBeLessThan(1000);
    for (const sel of ['g.lc-axis .tick text', '.timeline g.axis .tick text, #timeline g.axis .tick text']) {
      const ticks = await page.locator(sel).allTextContents();
      expect(ticks.length).toBeGreaterThanOrEqual(1);
      expect(new Set(ticks).size, `${sel}: ${ticks.join(' ')}`).toBe(ticks.length);
    }
    expect(problems).toEqual([]);
  });
});

// The files the test reads: a missing one is a failure naming it, not a skip.
for (const f of KHI) if (!fs.existsSync(f)) throw new Error(`no KHI sample at ${f}`);
