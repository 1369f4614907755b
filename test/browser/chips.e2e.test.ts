import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch, openViewer, shot, shotAt, SIZES } from './browser.js';

let viewer: RunningViewer;
let browser: Browser;
const pages: Page[] = [];
const api = async (p: string): Promise<any> => (await fetch(new URL(p, viewer.url))).json();

async function open(query: string, size: { width: number; height: number } = SIZES[1]): Promise<{ page: Page; problems: string[] }> {
  const r = await openViewer(browser, `${viewer.url}${query}`, size);
  pages.push(r.page);
  return r;
}

/** The one terminating pod chip drawn inside `scope` (a compare column, or the page). */
function terminatingChip(scope: Page | Locator): Locator {
  return scope.locator('svg.cluster g.pod[data-stage="Terminating"]:not(.leaving)');
}

/** What a user sees of a chip: its fill (a hatch pattern or a colour), the part it says, its countdown and tooltip. */
async function looks(chip: Locator): Promise<{ fill: string; part: string | null; countdown: string; bar: number; title: string }> {
  await chip.hover();
  return chip.evaluate((g) => {
    const body = g.querySelector('rect.body')!;
    const bar = g.querySelector('rect.grace')!.getBoundingClientRect().width / body.getBoundingClientRect().width;
    return { fill: body.getAttribute('fill') ?? '', part: g.getAttribute('data-part'), countdown: g.querySelector('text.countdown')?.textContent ?? '', bar, title: g.querySelector('title')?.textContent ?? '' };
  });
}

beforeAll(async () => {
  const dir = recordingsDir(['pod-loss-recovery', 'prestop-off', 'prestop-on']);
  viewer = await startViewer({ dir, port: 0 });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

describe('pod chips: preStop or after SIGTERM, and what really ends a termination (issue 15, problems 1 and 8c)', () => {
  for (const size of SIZES) {
    it(`prestop-off against prestop-on at 0:44.6 (${size.width}x${size.height}): the deleted pod is past SIGTERM without a hook, in its preStop hook with one`, async () => {
      const { page, problems } = await open('?rec=prestop-off&cmp=prestop-on&time=44600', size);
      const cols = page.locator('.compare .col');
      const off = terminatingChip(cols.nth(0));
      const on = terminatingChip(cols.nth(1));
      expect(await off.count()).toBe(1);
      expect(await on.count()).toBe(1);
      const a = await looks(off);
      const b = await looks(on);
      // prestop-off: no hook, SIGTERM came with the delete at 0:44.4: solid dark red, not hatched.
      expect(a.fill).not.toMatch(/^url\(/);
      expect(a.part).toBe('sigterm');
      // prestop-on: 5 s sleep in the hook: hatched until 0:49.4.
      expect(b.part).toBe('prestop');
      expect(b.fill).toMatch(/^url\(#hatch/);
      expect(a.fill).not.toBe(b.fill);
      // The countdowns say what comes next: off exits within 0.1 s (and is removed with it), on gets SIGTERM in 4.8 s.
      expect(a.countdown).toMatch(/^exit 0\.[01]s$/);
      expect(b.countdown).toBe('TERM 4.8s');
      expect(a.title).toContain('after SIGTERM (no preStop hook)');
      expect(a.title).not.toMatch(/29\.\ds/);
      expect(b.title).toContain('preStop hook running: SIGTERM in 4.8 s');
      // The bar runs to the recorded end: nearly empty for off (0.2 s of 0.2 s gone), nearly full for on (0.2 of 7.2 s).
      expect(a.bar).toBeLessThan(0.1);
      expect(b.bar).toBeGreaterThan(0.9);
      await shotAt(page, `chips-prestop-compare-44600-${size.width}x${size.height}`, '.compare');
      expect(problems).toEqual([]);
    });
  }

  it('prestop-on past its hook: the same pod turns from hatched to "after SIGTERM" at 0:49.4, counting down to its recorded exit', async () => {
    const { page, problems } = await open('?rec=prestop-on&time=50400');
    const chip = terminatingChip(page);
    const l = await looks(chip.first());
    expect(l.fill).not.toMatch(/^url\(/);
    expect(l.part).toBe('sigterm');
    // Drains 2 s after SIGTERM at 0:49.4, exits at 0:51.6: 1.2 s left at 0:50.4.
    expect(l.countdown).toBe('exit 1.2s');
    expect(problems).toEqual([]);
  });

  for (const size of SIZES) {
    it(`a plain kubectl delete in pod-loss-recovery (${size.width}x${size.height}) is not hatched: no hook, SIGTERM at once, the process exits 0.2 s later`, async () => {
      const events = await api('/api/recordings/pod-loss-recovery/events?actor=kubectl&reason=Delete');
      const del = events.events[0];
      const { page, problems } = await open(`?rec=pod-loss-recovery&seq=${del.seq}`, size);
      const chip = page.locator(`svg.cluster g.pod[data-pod="${del.name}"]`);
      await expect.poll(() => chip.getAttribute('data-stage')).toBe('Terminating');
      const l = await looks(chip);
      expect(l.fill).not.toMatch(/^url\(/);
      expect(l.part).toBe('sigterm');
      expect(l.countdown).toBe('exit 0.2s');
      expect(l.title).not.toContain('grace period: ');
      // No traffic in this story: no kube-proxy lane repeating CoreDNS's endpoints under the cluster.
      expect(await page.locator('.proxy-lane-section').count()).toBe(0);
      await shotAt(page, `chips-pod-loss-delete-${size.width}x${size.height}`, '#cluster');
      expect(problems).toEqual([]);
    });
  }
});

describe('the preStop "why": failed requests and each node\'s kube-proxy (issue 15, problem 8a, 8b)', () => {
  it('single recording: the failed-request counter shows, split by the node that sent them (prestop-off), and says 0 for prestop-on', async () => {
    const { page, problems } = await open('?rec=prestop-off&time=60000');
    const counter = page.locator('.failed-counter');
    await expect.poll(() => counter.textContent()).toMatch(/^failed requests so far: \d+ \(node-1 \d+ · node-2 \d+ · node-3 \d+\)$/);
    const text = (await counter.textContent()) ?? '';
    const [total, ...perNode] = [...text.matchAll(/\d+(?!-)/g)].map((m) => Number(m[0])).filter((_n, i) => i !== 1 && i !== 3 && i !== 5);
    expect(total).toBeGreaterThan(0);
    expect(perNode.reduce((a, b) => a + b, 0)).toBe(total);
    expect(await counter.evaluate((e) => (globalThis as any).getComputedStyle(e).color)).toBe('rgb(198, 40, 40)');
    const on = await open('?rec=prestop-on&time=60000');
    await expect.poll(() => on.page.locator('.failed-counter').textContent()).toBe('failed requests so far: 0');
    expect(problems).toEqual([]);
    expect(on.problems).toEqual([]);
  });

  /** Right edge of the deleted pod's route on each node, and the x of its process's "stopped listening" tick. */
  async function gap(page: Page, pod: string): Promise<Array<{ node: string; routeEnd: number; quiet: number; dead: number; stale: number }>> {
    return page.$$eval('svg.proxy-lane g.proxy-node', (nodes, name) => nodes.map((n) => {
      const row = n.querySelector(`g.proxy-route[data-pod="${name}"]`)!;
      const rects = [...row.querySelectorAll('rect.route')].map((r) => r.getBoundingClientRect());
      return {
        node: n.getAttribute('data-node') ?? '',
        routeEnd: Math.max(...rects.map((r) => r.right)),
        quiet: row.querySelector('line.quiet')!.getBoundingClientRect().x,
        dead: [...row.querySelectorAll('rect.route.dead')].reduce((w, r) => w + r.getBoundingClientRect().width, 0),
        stale: [...row.querySelectorAll('rect.route.stale')].reduce((w, r) => w + r.getBoundingClientRect().width, 0),
      };
    }), pod);
  }

  it('the kube-proxy lane: without preStop every node keeps routing to the deleted pod after its process stopped listening (red); with it, every node stops ~6 s before', async () => {
    const off = await open('?rec=prestop-off&time=45000', SIZES[0]);
    const lane = off.page.locator('svg.proxy-lane');
    expect(await lane.locator('g.proxy-node').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')))).toEqual(['node-1', 'node-2', 'node-3']);
    const readout = off.page.locator('.proxy-readout');
    expect(await readout.getAttribute('data-verdict')).toBe('lost');
    const podA = (await readout.getAttribute('data-pod')) as string;
    expect(await readout.textContent()).toMatch(/left the EndpointSlice 0:44\.5 · every node's kube-proxy stopped routing 0:45\.5 · its process stopped listening 0:44\.4 → 1\.1 s of requests sent to a closed port/);
    const a = await gap(off.page, podA);
    expect(a).toHaveLength(3);
    for (const n of a) {
      expect(n.quiet).toBeLessThan(n.routeEnd); // the process went quiet while the node still routed
      expect(n.dead).toBeGreaterThan(0);
    }
    // Each node sent some of the failed requests: red ticks on every node's line.
    for (const node of ['node-1', 'node-2', 'node-3']) expect(await lane.locator(`g.proxy-node[data-node="${node}"] line.proxy-fail`).count()).toBeGreaterThan(0);
    await shotAt(off.page, 'chips-proxy-lane-prestop-off-1280x720', 'svg.proxy-lane');

    const on = await open('?rec=prestop-on&time=48000', SIZES[0]);
    const readoutB = on.page.locator('.proxy-readout');
    expect(await readoutB.getAttribute('data-verdict')).toBe('safe');
    expect(await readoutB.textContent()).toMatch(/its process stopped listening 0:51\.6 → 6\.1 s to spare/);
    const b = await gap(on.page, (await readoutB.getAttribute('data-pod')) as string);
    const pxPerSecond = await on.page.$eval('svg.proxy-lane', (s) => (s.getBoundingClientRect().width - 164) / 120);
    for (const n of b) {
      expect(n.dead).toBe(0);
      expect(n.stale).toBeGreaterThan(0); // still routed for 1 s after leaving the slice, while it still listened
      expect((n.quiet - n.routeEnd) / pxPerSecond).toBeGreaterThan(5.5);
    }
    expect(await on.page.locator('svg.proxy-lane line.proxy-fail').count()).toBe(0);
    await shotAt(on.page, 'chips-proxy-lane-prestop-on-1280x720', 'svg.proxy-lane');
    expect(off.problems).toEqual([]);
    expect(on.problems).toEqual([]);
  });

  it('compare shows the lane on both sides', async () => {
    const { page, problems } = await open('?rec=prestop-off&cmp=prestop-on&time=45000', SIZES[1]);
    const cols = page.locator('.compare .col');
    expect(await cols.nth(0).locator('svg.proxy-lane g.proxy-node').count()).toBe(3);
    expect(await cols.nth(1).locator('svg.proxy-lane g.proxy-node').count()).toBe(3);
    expect(await cols.nth(0).locator('.proxy-readout').getAttribute('data-verdict')).toBe('lost');
    expect(await cols.nth(1).locator('.proxy-readout').getAttribute('data-verdict')).toBe('safe');
    await shot(page, 'chips-compare-lanes-1600x1000');
    expect(problems).toEqual([]);
  });
});
