import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch, openViewer, shot, SIZES, viewState } from './browser.js';

/**
 * Issue 15, problem 7 and the story lens: stepping tells the story (no lease renewals or
 * Event echoes), Shift+→ lands on each marker and reaches the last, the narration agrees
 * with the position readout, a kubectl delete reads "delete", ← → can follow one causal
 * chain, each reason has a gloss, and search jumps the playhead.
 */
let viewer: RunningViewer;
let browser: Browser;
const pages: Page[] = [];
const api = async (p: string): Promise<any> => (await fetch(new URL(p, viewer.url))).json();
/** Every write of pod-loss-recovery, by seq. */
let all: Map<number, any>;

async function open(query: string, size?: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
  const r = await openViewer(browser, `${viewer.url}${query}`, size);
  pages.push(r.page);
  return r;
}

const readout = (page: Page): Promise<string> => page.textContent('#position').then((t) => t ?? '');
const narration = (page: Page): Promise<string> => page.textContent('#narration .event').then((t) => t ?? '');
const isLeaseRenewal = (e: any): boolean => e.kind === 'Lease' && e.verb === 'update';

beforeAll(async () => {
  const dir = recordingsDir(['pod-loss-recovery', 'liveness-restart']);
  viewer = await startViewer({ dir, port: 0 });
  browser = await launch();
  all = new Map((await api('/api/recordings/pod-loss-recovery/events?limit=5000')).events.map((e: any) => [e.seq, e]));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

describe('stepping with the story lens (problem 7)', () => {
  it('→ walks the story without lease renewals or Event echoes; L turns the lens off and the permalink keeps it', async () => {
    const { page, problems } = await open('?rec=pod-loss-recovery&seq=0');
    expect(await page.textContent('.lens-controls [data-act="lens"]')).toBe('story lens: on');
    const visited: number[] = [];
    for (let i = 0; i < 300; i++) {
      await page.keyboard.press('ArrowRight');
      const { seq } = await viewState(page);
      if (seq === visited[visited.length - 1]) break;
      visited.push(seq);
    }
    const events = visited.map((s) => all.get(s));
    expect(events.filter(isLeaseRenewal)).toEqual([]);
    // The scheduler's Scheduled Event and the ReplicaSet controller's SuccessfulCreate Event echo the binding and the pod create beside them.
    expect(events.filter((e) => e.kind === 'Event' && (e.reason === 'Scheduled' || e.reason === 'SuccessfulCreate'))).toEqual([]);
    // What has no other row stays: the kubelet's Killing, a readiness probe failing, and every pod write.
    expect(events.some((e) => e.kind === 'Event' && e.reason === 'Killing')).toBe(true);
    expect(events.some((e) => e.kind === 'Event' && e.reason === 'Unhealthy')).toBe(true);
    const podWrites = [...all.values()].filter((e) => e.kind === 'Pod').map((e) => e.seq);
    expect(podWrites.filter((s) => !visited.includes(s))).toEqual([]);
    // About a third fewer steps than writes.
    expect(visited.length).toBeLessThan(all.size * 0.7);
    // ← goes back the same way.
    await page.keyboard.press('ArrowLeft');
    expect((await viewState(page)).seq).toBe(visited[visited.length - 2]);

    // Lens off: the lease renewal after the endpoint update is a step again, and the log lists it.
    const endpoints = [...all.values()].find((e) => (e.kind === 'EndpointSlice' || e.kind === 'Endpoints') && e.verb === 'update' && all.get(e.seq + 1)?.kind === 'Lease');
    await page.evaluate((seq) => (globalThis as any).__kubelapse.nav.toSeq(seq), endpoints.seq);
    await expect.poll(() => page.$$eval('#log tbody tr', (trs) => trs.map((t) => t.textContent ?? '').some((t) => t.includes('LeaseRenewed')))).toBe(false);
    await page.keyboard.press('ArrowRight');
    expect(isLeaseRenewal(all.get((await viewState(page)).seq))).toBe(false);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('l');
    expect(await page.textContent('.lens-controls [data-act="lens"]')).toBe('story lens: off');
    await page.keyboard.press('ArrowRight');
    expect((await viewState(page)).seq).toBe(endpoints.seq + 1);
    await expect.poll(() => page.$$eval('#log tbody tr', (trs) => trs.map((t) => t.textContent ?? '').some((t) => t.includes('LeaseRenewed')))).toBe(true);
    await expect.poll(() => page.evaluate(() => (globalThis as any).location.search)).toContain('lens=0');
    const again = await open(await page.evaluate(() => (globalThis as any).location.search));
    expect(await again.page.textContent('.lens-controls [data-act="lens"]')).toBe('story lens: off');
    expect(problems).toEqual([]);
  });

  it('Shift+→ lands on each marker\'s first write, passes two markers at one place, reaches the final expectation, and the narration agrees with the readout', async () => {
    for (const size of SIZES) {
      const { page, problems } = await open('?rec=pod-loss-recovery&seq=0', size);
      const stops: Array<{ seq: number; timeMs: number; readout: string; narration: string }> = [];
      for (let i = 0; i < 20; i++) {
        await page.keyboard.press('Shift+ArrowRight');
        const s = await viewState(page);
        const last = stops[stops.length - 1];
        if (last !== undefined && last.seq === s.seq && last.timeMs === s.timeMs) break;
        await expect.poll(() => page.getAttribute('#narration .event', 'data-seq')).toBe(String(s.seq));
        stops.push({ seq: s.seq, timeMs: s.timeMs, readout: await readout(page), narration: await narration(page) });
        if (size.width === 1280 && s.timeMs === 30_000) await shot(page, `step-marker-delete-${size.width}`);
      }
      const del = [...all.values()].find((e) => e.actor === 'kubectl' && e.reason === 'Delete');
      // The chapter "Someone deletes a pod" lands on the delete itself, not the lease renewal before it.
      const atDelete = stops.find((p) => p.timeMs === 30_000);
      expect(atDelete?.seq).toBe(del.seq);
      expect(atDelete?.narration).toContain('kubectl delete pod/');
      // Past 1:10 (a chapter and a fault at one place) to the final expectation at 2:00.
      expect(stops.some((p) => p.timeMs === 70_000)).toBe(true);
      const end = stops[stops.length - 1];
      expect(end?.timeMs).toBe(120_000);
      expect(end?.narration).toContain('expectation: deployment/web: passed');
      // The narration never tells another moment than the readout: "0:29.0 · seq 148 / 215" and "0:29.0 · expectation ...".
      for (const p of stops) expect(p.narration, p.readout).toContain(p.readout.split(' · ')[0]);
      if (size.width === 1600) await shot(page, 'step-marker-end-1600');
      expect(problems).toEqual([]);
    }
  });

  it('a kubectl delete reads "delete" in the log, the selected event and the chain (recorded as the update it is in storage)', async () => {
    const del = [...all.values()].find((e) => e.actor === 'kubectl' && e.reason === 'Delete');
    expect(del.verb).toBe('update'); // the recording's verb is the storage effect (docs/recording-format.md)
    expect(del.requestVerb).toBe('delete');
    const { page, problems } = await open(`?rec=pod-loss-recovery&seq=${del.seq}&sel=${del.seq}`);
    const row = page.locator(`#log tbody tr[data-seq="${del.seq}"]`);
    await expect.poll(() => row.locator('td').nth(3).textContent()).toBe('delete');
    await expect.poll(() => page.textContent('#detail .detail-head')).toContain(`kubectl delete Pod/${del.name}`);
    // The kubelet's final removal stays a delete; a status write while terminating stays an update.
    const removed = [...all.values()].find((e) => e.verb === 'delete' && e.name === del.name);
    expect(removed.requestVerb).toBeUndefined();
    expect(problems).toEqual([]);
  });
});

describe('the story lens: glosses and following a causal chain', () => {
  it('the narration glosses the reason in plain words', async () => {
    const failed = [...all.values()].find((e) => e.reason === 'PodFailed');
    const { page, problems } = await open(`?rec=pod-loss-recovery&seq=${failed.seq}`);
    await expect.poll(() => page.textContent('#narration .gloss')).toBe("PodFailed: the kubelet saw the pod's containers gone and reported the pod Failed");
    await shot(page, 'step-gloss-podfailed');
    expect(problems).toEqual([]);
  });

  it('C follows the selected chain: → visits only what the kubectl delete led to, in order', async () => {
    const del = [...all.values()].find((e) => e.actor === 'kubectl' && e.reason === 'Delete');
    const { page, problems } = await open(`?rec=pod-loss-recovery&seq=${del.seq}&sel=${del.seq}`);
    await page.keyboard.press('c');
    expect(await page.textContent('.lens-controls [data-act="follow"]')).toBe(`following chain of seq ${del.seq}`);
    const visited: number[] = [];
    for (let i = 0; i < 40; i++) {
      const before = (await viewState(page)).seq;
      await page.keyboard.press('ArrowRight');
      const moved = await page.waitForFunction((b) => (globalThis as any).__kubelapse.store.state.seq !== b, before, { timeout: 2000 }).then(() => true, () => false);
      if (!moved) break;
      visited.push((await viewState(page)).seq);
    }
    expect(visited.length).toBeGreaterThan(5);
    expect([...visited].sort((a, b) => a - b)).toEqual(visited);
    // Every step is caused, link by link, by the delete.
    for (const seq of visited) {
      const chain = await api(`/api/recordings/pod-loss-recovery/chain/${seq}`);
      expect(chain.ancestors.map((a: any) => a.seq), `seq ${seq}`).toContain(del.seq);
    }
    // The replacement's creation and its Ready are on the way; the fault at 1:10 is another story.
    const replacement = [...all.values()].find((e) => e.kind === 'Pod' && e.verb === 'create' && e.causeSeq === del.seq);
    expect(visited).toContain(replacement.seq);
    expect(visited.some((s) => all.get(s).reason === 'ContainerReady' && all.get(s).name === replacement.name)).toBe(true);
    expect(visited.every((s) => all.get(s).timeMs < 70_000)).toBe(true);
    expect(await page.evaluate(() => (globalThis as any).location.search)).toContain('follow=1');
    expect(problems).toEqual([]);
  });
});

describe('search (Ctrl+K or /)', () => {
  it('finds names, reasons and messages in any case; Enter and a click jump the playhead and select', async () => {
    for (const size of SIZES) {
      const { page, problems } = await open('?rec=pod-loss-recovery&seq=0', size);
      await page.keyboard.press('Control+k');
      expect(await page.isVisible('#search input')).toBe(true);
      const failed = [...all.values()].find((e) => e.reason === 'PodFailed');
      await page.keyboard.type(failed.name.toUpperCase());
      // Typed a key at a time, it searches as it goes: wait for the whole name's answer.
      await expect.poll(() => page.textContent('#search .search-meta')).toContain(`for "${failed.name.toUpperCase()}"`);
      expect(await page.locator('#search li').count()).toBeGreaterThan(3);
      const texts = await page.$$eval('#search li', (lis) => lis.map((l) => l.textContent ?? ''));
      expect(texts.every((t) => t.toLowerCase().includes(failed.name))).toBe(true);
      await shot(page, `step-search-${size.width}`);
      await page.keyboard.press('Escape');
      expect(await page.isVisible('#search')).toBe(false);

      await page.keyboard.press('/');
      await page.fill('#search input', 'podfailed');
      await expect.poll(() => page.locator('#search li').count()).toBe(1);
      await page.keyboard.press('Enter');
      expect(await viewState(page)).toMatchObject({ seq: failed.seq, sel: failed.seq });
      expect(await page.isVisible('#search')).toBe(false);

      await page.keyboard.press('Control+k');
      await page.fill('#search input', 'connection REFUSED');
      // The list of the last search stays until this one's answer replaces it.
      await expect.poll(() => page.locator('#search li').first().textContent()).toMatch(/connection refused/);
      const first = Number(await page.locator('#search li').first().getAttribute('data-seq'));
      expect(all.get(first).message).toMatch(/connection refused/);
      await page.locator('#search li').first().click();
      expect((await viewState(page)).seq).toBe(first);
      expect(problems).toEqual([]);
    }
  });
});

describe('the ? help', () => {
  it('lists every key, the lens, follow and search among them', async () => {
    const { page, problems } = await open('?rec=liveness-restart');
    await page.keyboard.press('?');
    const keys = await page.$$eval('#help th', (ths) => ths.map((t) => t.textContent));
    expect(keys).toEqual(expect.arrayContaining(['Space', '← / →', 'Shift + ← / →', 'Home / End', '+ / −', 'L', 'C', 'Ctrl + K or /', '?', 'Esc']));
    expect(keys.length).toBeGreaterThanOrEqual(11);
    expect(problems).toEqual([]);
  });
});
