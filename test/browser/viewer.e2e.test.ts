import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import type { Browser, Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { networkRecording, recordingsDir } from '../viewer/fixtures.js';
import { launch, openViewer, shot, viewState } from './browser.js';

let viewer: RunningViewer;
let browser: Browser;
const pages: Page[] = [];
const api = async (p: string): Promise<any> => (await fetch(new URL(p, viewer.url))).json();

async function open(query: string, size?: { width: number; height: number }): Promise<{ page: Page; problems: string[] }> {
  const r = await openViewer(browser, `${viewer.url}${query}`, size);
  pages.push(r.page);
  return r;
}

/** Names of the pods the cluster view draws, per node box ('' for the unscheduled lane). */
async function drawnPods(page: Page): Promise<Array<{ name: string; stage: string }>> {
  // Chips no pod uses are kept hidden for reuse while scrubbing; they are not drawn pods.
  return page.$$eval('svg.cluster g.pod:not(.leaving)', (els) =>
    els.filter((e) => (e as any).style.display !== 'none').map((e) => ({ name: e.getAttribute('data-pod') ?? '', stage: e.getAttribute('data-stage') ?? '' })),
  );
}

beforeAll(async () => {
  const dir = recordingsDir(['pod-loss-recovery', 'rolling-update', 'rollback', 'prestop-off', 'prestop-on']);
  networkRecording(dir);
  Recording.create(path.join(dir, 'empty.db'), { source: 'watch', name: 'empty' }).close();
  viewer = await startViewer({ dir, port: 0 });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

describe('viewer in chromium: opening a recording', () => {
  it('opens the recording, tells the chapter and shows the pods the API says exist at that seq', async () => {
    // The last write before the delete at 0:30: three pods Ready (and CoreDNS's two).
    const seq = (await api('/api/recordings/pod-loss-recovery/events?toTime=29999&order=desc&limit=1')).events[0].seq as number;
    const { page, problems } = await open(`?rec=pod-loss-recovery&seq=${seq}`);
    const state = await api(`/api/recordings/pod-loss-recovery/state?seq=${seq}&kind=pods`);
    const expected = state.objects.map((o: any) => o.metadata.name).sort();
    const drawn = await drawnPods(page);
    expect(drawn.map((p) => p.name).sort()).toEqual(expected);
    expect(drawn.every((p) => p.stage === 'Ready')).toBe(true);
    await expect.poll(() => page.textContent('#narration .chapter-title')).toBe('Three replicas come up');
    await expect.poll(() => page.getAttribute('#narration .event', 'data-seq')).toBe(String(seq));
    expect(await page.$$eval('svg.cluster g.box.node', (els) => els.map((e) => e.getAttribute('data-node')))).toEqual(['node-1', 'node-2', 'node-3']);
    expect(await page.textContent('#recording-info')).toMatch(/chain verified/);
    await shot(page, 'pod-loss-three-ready');
    expect(problems).toEqual([]);
  });

  it('a deleted pod is drawn terminating, counting down to its recorded exit, its replacement already on the way', async () => {
    const events = await api('/api/recordings/pod-loss-recovery/events?actor=kubectl&reason=Delete');
    const del = events.events[0];
    const { page, problems } = await open(`?rec=pod-loss-recovery&seq=${del.seq + 3}`);
    const terminating = page.locator(`svg.cluster g.pod[data-pod="${del.name}"]`);
    await expect.poll(() => terminating.getAttribute('data-stage')).toBe('Terminating');
    expect(await terminating.getAttribute('class')).toMatch(/terminating/);
    // Not the 30 s grace period: the app exits 0.2 s after SIGTERM (recorded), and the countdown says so.
    const countdown = await terminating.locator('text.countdown').textContent();
    expect(countdown).toMatch(/^exit 0\.[0-2]s$/);
    await shot(page, 'pod-loss-terminating');
    expect(problems).toEqual([]);
  });

  it('a recording with nothing in it opens, and says what is absent instead of failing', async () => {
    const { page, problems } = await open('?rec=empty');
    expect(await page.textContent('#workloads')).toContain('No Deployments in this recording.');
    expect(await page.textContent('#lifecycles')).toContain('No pods in this recording.');
    expect(await page.textContent('#timeline')).toContain('no traffic in this recording');
    expect(await page.textContent('#narration')).toContain('Before the first write');
    expect(await page.locator('svg.cluster g.pod').count()).toBe(0);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await page.keyboard.press('Space');
    expect(problems).toEqual([]);
  });

  it('a recording that does not exist gets a clear message, not a blank page', async () => {
    const { page } = await open('?rec=nope');
    expect(await page.textContent('.error-box')).toContain('recording "nope" not found');
  });
});

describe('viewer in chromium: moving through time', () => {
  it('keys: → steps one event, shift+→ jumps to the next marker, + zooms, space plays and pauses, ? lists the keys', async () => {
    const { page, problems } = await open('?rec=pod-loss-recovery&seq=10');
    await page.keyboard.press('ArrowRight');
    expect((await viewState(page)).seq).toBe(11);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect((await viewState(page)).seq).toBe(9);
    const markers = (await api('/api/recordings/pod-loss-recovery/markers')).markers.filter((m: any) => m.kind === 'chapter' || m.kind === 'action');
    await page.keyboard.press('Shift+ArrowRight');
    const s1 = await viewState(page);
    const next = markers.find((m: any) => m.seq > 9 || m.timeMs > 0);
    // A chapter's seq is the write before it: it lands on its first write, the kubectl apply (step.e2e.test.ts).
    expect([s1.seq, s1.timeMs]).toEqual([next.seq + 1, next.timeMs]);
    await page.keyboard.press('Shift+ArrowRight');
    expect((await viewState(page)).timeMs).toBeGreaterThanOrEqual(next.timeMs);
    const before = await viewState(page);
    await page.keyboard.press('+');
    const zoomed = await viewState(page);
    expect(zoomed.t1 - zoomed.t0).toBeCloseTo((before.t1 - before.t0) / 2, 0);
    await page.keyboard.press('-');
    expect((await viewState(page)).t1 - (await viewState(page)).t0).toBeCloseTo(before.t1 - before.t0, 0);
    await page.selectOption('#controls select', '8');
    await page.keyboard.press('Space');
    expect((await viewState(page)).playing).toBe(true);
    // 8x: the 90 s of cluster time left after the second marker last 11 s of play, 5 s of it
    // ~0.6 s. At 64x the rest lasted 1.4 s, and on a loaded machine the player reached the
    // recording's end (which stops it, so the second Space started it again) before the press.
    await page.waitForFunction((t) => (globalThis as any).__kubelapse.store.state.timeMs > t, before.timeMs + 5000);
    await page.keyboard.press('Space');
    const played = await viewState(page);
    expect(played.playing).toBe(false);
    expect(played.timeMs).toBeGreaterThan(before.timeMs + 5000);
    await page.keyboard.press('?');
    expect(await page.isVisible('#help')).toBe(true);
    expect(await page.textContent('#help')).toContain('previous / next marker');
    await page.keyboard.press('Escape');
    expect(await page.isVisible('#help')).toBe(false);
    expect(problems).toEqual([]);
  });

  it('dragging the playhead scrubs: the cluster view follows and the URL keeps the position', async () => {
    const { page, problems } = await open('?rec=rolling-update&seq=0');
    const box = (await page.locator('svg.timeline rect.scrub').boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.1, y);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width * (0.1 + i * 0.05), y);
    const during = await page.evaluate(() => (globalThis as any).__kubelapse.store.state.scrubbing);
    await page.mouse.up();
    const s = await viewState(page);
    expect(during).toBe(true);
    const end = (await api('/api/recordings/rolling-update/model')).endTimeMs;
    expect(s.timeMs / end).toBeGreaterThan(0.55);
    expect(s.timeMs / end).toBeLessThan(0.65);
    const state = await api(`/api/recordings/rolling-update/state?seq=${s.seq}&kind=pods`);
    await expect.poll(async () => (await drawnPods(page)).map((p) => p.name).sort()).toEqual(state.objects.map((o: any) => o.metadata.name).sort());
    await expect.poll(() => page.evaluate(() => (globalThis as any).location.search)).toContain(`seq=${s.seq}`);
    await shot(page, 'rolling-update-scrubbed');
    expect(problems).toEqual([]);
  });

  it('clicking a chapter marker on the timeline jumps there', async () => {
    const { page } = await open('?rec=pod-loss-recovery&seq=0');
    await page.locator('svg.timeline g.marker.chapter', { hasText: 'Someone deletes a pod' }).click();
    const s = await viewState(page);
    expect(s.timeMs).toBe(30_000);
    await expect.poll(() => page.textContent('#narration .chapter-title')).toBe('Someone deletes a pod');
  });
});

describe('viewer in chromium: permalinks, selection, causal chains', () => {
  it('a permalink restores recording, seq, zoom window and selection exactly', async () => {
    // The kubelet's SandboxChanged status write at 1:11.0; seq + 4 and + 5 are its Created and Started Events.
    const created = (await api('/api/recordings/pod-loss-recovery/events?kind=pod&reason=SandboxChanged')).events[0];
    // lens=0: every write is a step (seq + 5 is an Event echo the story lens would skip).
    const { page, problems } = await open(`?rec=pod-loss-recovery&seq=${created.seq + 4}&t0=60000&t1=90000&sel=${created.seq}&lens=0`);
    const s = await viewState(page);
    expect(s).toMatchObject({ seq: created.seq + 4, t0: 60_000, t1: 90_000, sel: created.seq });
    await expect.poll(() => page.textContent('#detail .detail-head')).toContain(`seq ${created.seq}`);
    expect(await page.textContent('svg.timeline .axis')).toMatch(/1:0\d\.\d/);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.evaluate(() => (globalThis as any).location.search)).toContain(`seq=${created.seq + 5}`);
    const link = await page.evaluate(() => (globalThis as any).location.href);
    const again = await open(new URL(link).search);
    expect(await viewState(again.page)).toMatchObject({ seq: created.seq + 5, t0: 60_000, t1: 90_000, sel: created.seq });
    expect(problems).toEqual([]);
  });

  it("selecting the replacement pod's creation shows the textbook chain as numbered arrows, and its diff", async () => {
    // The kubectl delete at 0:30 is what the story's one replacement answers.
    const failed = (await api('/api/recordings/pod-loss-recovery/events?actor=kubectl&reason=Delete')).events[0];
    const created = (await api(`/api/recordings/pod-loss-recovery/events?kind=pod&reason=SuccessfulCreate&fromSeq=${failed.seq}&limit=1`)).events[0];
    const { page, problems } = await open(`?rec=pod-loss-recovery&seq=${created.seq}`);
    await page.locator(`#log tr[data-seq="${created.seq}"]`).click();
    await page.waitForSelector('#detail svg.sequence');
    const lanes = await page.$$eval('#detail svg.sequence .lane-head text', (els) => els.map((e) => e.textContent));
    expect(lanes).toEqual(['API server', failed.actor, 'replicaset-controller']);
    const steps = await page.$$eval('#detail svg.sequence .step-label', (els) => els.map((e) => e.textContent ?? ''));
    expect(steps[0]).toMatch(/^1\. (update|delete) Pod\/web-.* · Delete$/);
    expect(steps[steps.length - 1]).toBe(`${steps.length}. create Pod/${created.name} · SuccessfulCreate`);
    expect(await page.textContent('#detail')).toContain('What it caused');
    expect(await page.textContent('#detail .effects')).toContain('scheduler');
    expect(await page.textContent('#detail')).toContain('What changed (first version)');
    expect(await page.textContent('#detail details.object')).toContain(`name: ${created.name}`);
    await shot(page, 'pod-loss-causal-chain');
    // Walking the chain: clicking the first arrow selects the kubectl delete, which only marks the pod.
    await page.locator('#detail svg.sequence g.step').first().click();
    await expect.poll(async () => (await viewState(page)).sel).toBe(failed.seq);
    await expect.poll(() => page.textContent('#detail table.diff')).toContain('deletionTimestamp');
    expect(problems).toEqual([]);
  });

  it('clicking a pod chip selects that pod at the playhead', async () => {
    const { page } = await open('?rec=pod-loss-recovery&seq=60');
    const chip = page.locator('svg.cluster g.pod').first();
    const name = await chip.getAttribute('data-pod');
    await chip.click();
    await expect.poll(() => page.textContent('#detail .detail-head')).toContain(`Pod/${name}`);
  });

  it('the event log filters by actor', async () => {
    const { page } = await open('?rec=pod-loss-recovery&seq=60');
    await page.selectOption('#log select[data-f="actor"]', 'scheduler');
    await expect.poll(() => page.$$eval('#log td.actor', (els) => [...new Set(els.map((e) => e.textContent))])).toEqual(['scheduler']);
  });
});

describe('viewer in chromium: workloads, lifecycles, traffic, compare, notes', () => {
  it('a pod stuck pulling a bad image is outlined with its reason', async () => {
    // 33 s: both new pods have failed to pull nginx's bad tag.
    const { page } = await open('?rec=rollback&time=33000');
    const stuck = page.locator('svg.cluster g.pod.trouble');
    expect(await stuck.count()).toBe(2);
    expect(await stuck.first().getAttribute('data-reason')).toMatch(/^(ErrImagePull|ImagePullBackOff)$/);
  });

  it('the workloads chart draws each ReplicaSet and the surge/unavailable limits for the rollout', async () => {
    const { page, problems } = await open('?rec=rolling-update&seq=400');
    const chart = page.locator('svg.workload[data-deployment="web"]');
    expect(await chart.locator('g.rs-lane').count()).toBeGreaterThanOrEqual(2);
    expect(await chart.locator('path.fence').count()).toBe(2);
    expect(await chart.locator('g.chart-legend text').nth(2).textContent()).toMatch(/^limits ≤\d+ pods, ≥\d+$/);
    expect(await page.locator('svg.lifecycles g.row').count()).toBeGreaterThan(10);
    await shot(page, 'rolling-update-workloads');
    expect(problems).toEqual([]);
  });

  it('lifecycle rows show endpoints membership and failed requests; the timeline shows the failures strip', async () => {
    const { page, problems } = await open('?rec=network&seq=1');
    const row = page.locator('svg.lifecycles g.row[data-pod="web-b"]');
    expect(await row.locator('rect.ep-1').count()).toBe(1);
    expect(await row.locator('rect.ep-2').count()).toBe(1);
    expect(await row.locator('line.fail').count()).toBe(2);
    expect(await page.locator('svg.timeline rect.failed').count()).toBe(2);
    expect(problems).toEqual([]);
  });

  it('compare puts two recordings side by side on one time axis', async () => {
    const { page, problems } = await open('?rec=network&cmp=pod-loss-recovery&time=7000');
    const cols = page.locator('.compare .col');
    expect(await cols.count()).toBe(2);
    expect(await cols.nth(0).getAttribute('data-rec')).toBe('network');
    expect(await cols.nth(1).getAttribute('data-rec')).toBe('pod-loss-recovery');
    expect(await cols.nth(0).locator('.traffic-sum').textContent()).toBe('failed requests so far: 4');
    expect(await cols.nth(1).locator('.traffic-sum').textContent()).toBe('no traffic in this recording');
    expect(await page.locator('svg.timeline path.density').count()).toBe(3); // overview + one row per recording
    const s = await viewState(page);
    expect(s.timeMs).toBe(7000);
    expect(s.t1).toBe(120_000); // the longer of the two
    expect(await cols.nth(1).locator('svg.cluster g.pod').count()).toBe(8); // web's 3, CoreDNS's 2, a kube-proxy per node
    await shot(page, 'compare');
    expect(problems).toEqual([]);
  });

  it('prestop-off against prestop-on: the same rollout, requests lost only without the preStop sleep', async () => {
    const { page, problems } = await open('?rec=prestop-off&cmp=prestop-on&time=120000');
    const cols = page.locator('.compare .col');
    const off = Number((await cols.nth(0).locator('.traffic-sum').textContent())?.replace(/\D+/g, ''));
    expect(off).toBeGreaterThan(0);
    expect(await cols.nth(1).locator('.traffic-sum').textContent()).toBe('failed requests so far: 0');
    expect(await page.locator('svg.timeline rect.failed').count()).toBeGreaterThan(0);
    // Lifecycle rows show when each pod was in the endpoints, and the failed requests of prestop-off.
    expect(await cols.nth(0).locator('svg.lifecycles rect.ep-1').count()).toBeGreaterThan(0);
    expect(await cols.nth(0).locator('svg.lifecycles line.fail').count()).toBeGreaterThan(0);
    expect(await cols.nth(1).locator('svg.lifecycles line.fail').count()).toBe(0);
    await shot(page, 'compare-prestop');
    expect(problems).toEqual([]);
  });

  it('a note added at the playhead is listed, pinned on the timeline, and jumps back there', async () => {
    const { page, problems } = await open('?rec=rolling-update&seq=200');
    await page.fill('.note-form textarea', 'surge pods appear here');
    await page.fill('.note-form input[name=author]', 'reviewer');
    await page.click('.note-form button[type=submit]');
    await expect.poll(() => page.textContent('ul.notes')).toContain('surge pods appear here');
    expect(await page.locator('svg.timeline g.note').count()).toBe(1);
    const stored = await api('/api/recordings/rolling-update/annotations');
    expect(stored.annotations).toContainEqual(expect.objectContaining({ seq: 200, author: 'reviewer', text: 'surge pods appear here' }));
    await page.keyboard.press('End');
    await page.locator('ul.notes li', { hasText: 'surge pods appear here' }).click();
    expect((await viewState(page)).seq).toBe(200);
    expect(problems).toEqual([]);
  });
});
