/* eslint-disable @typescript-eslint/no-explicit-any -- the page's globals, read inside page.evaluate */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { PV, Stage, type PodTrack, type StoryModel } from '../../viewer/shared/model.js';
import { recordingsDir } from '../viewer/fixtures.js';
import { launch, pageOfSize, SIZES } from './browser.js';

/*
 * What the first painted frame shows (issue 15: a ~100,000-event recording to its first
 * frame in < 1 s). To get there the page asks for the model before its script loads,
 * draws the charts from cut-down series, and draws a large recording's pod lifecycles
 * (below the fold) right after that frame (large.e2e.test.ts checks those bands once the
 * page is ready). A person must not see the difference: the first frame already has
 * every ReplicaSet lane of the Deployment chart with the counts at the playhead, opened
 * on the whole recording or zoomed into a later rollout by a permalink, and the
 * lifecycles are there, following the playhead, by the time the page answers keys.
 *
 * The frame is read by a requestAnimationFrame loop installed before the page's own
 * script: its first callback after the views are built runs just before that frame's
 * paint, so what it reads is what was painted.
 */

interface FirstFrame {
  lanes: Array<{ rs: string; stages: number; readout: string }>;
  header: string;
  chips: number;
}

let viewer: RunningViewer;
let browser: Browser;
let model: StoryModel;
const pages: Page[] = [];
/** Pages that have the first-frame reader installed (a page lent again keeps its init scripts). */
const reading = new WeakSet<Page>();

beforeAll(async () => {
  viewer = await startViewer({ dir: recordingsDir(['rolling-update']), port: 0 });
  browser = await launch();
  model = (await (await fetch(new URL('/api/recordings/rolling-update/model', viewer.url))).json()) as StoryModel;
}, 120_000);

afterAll(async () => {
  for (const p of pages) await p.close().catch(() => undefined);
  await browser?.close();
  await viewer?.close();
});

/** Opens `query` and returns the first painted frame and the page once ready. */
async function open(query: string, size: { width: number; height: number }): Promise<{ page: Page; first: FirstFrame }> {
  const page = await pageOfSize(browser, size);
  pages.push(page);
  const problems: string[] = [];
  const onError = (e: Error): void => void problems.push(`page error: ${e.message}`);
  page.on('pageerror', onError);
  if (!reading.has(page)) await page.addInitScript(() => {
    const look = (): void => {
      const k = (globalThis as any).__kubelapse;
      if (k?.timings?.ready === undefined) {
        (globalThis as any).requestAnimationFrame(look);
        return;
      }
      const doc = (globalThis as any).document;
      (globalThis as any).__firstFrame = {
        lanes: [...doc.querySelectorAll('svg.deployment[data-deployment="web"] g.rs-lane')].map((g: any) => ({
          rs: g.getAttribute('data-rs'),
          stages: g.querySelectorAll('path.lane-stage').length,
          readout: doc.querySelector(`svg.deployment[data-deployment="web"] g.lane-label[data-rs="${g.getAttribute('data-rs')}"] text.lane-readout`)?.textContent ?? '',
        })),
        header: doc.querySelector('svg.deployment[data-deployment="web"] text.readout')?.textContent ?? '',
        chips: doc.querySelectorAll('svg.cluster g.pod').length,
      };
    };
    (globalThis as any).requestAnimationFrame(look);
  });
  reading.add(page);
  await page.goto(`${viewer.url}${query}`);
  await page.waitForFunction(() => (globalThis as any).__kubelapse?.ready === true, null, { timeout: 15_000 });
  page.off('pageerror', onError);
  expect(problems).toEqual([]);
  const first = (await page.evaluate(() => (globalThis as any).__firstFrame)) as FirstFrame;
  return { page, first };
}

const timeOf = (seq: number): number => model.timeDeltas.slice(0, seq).reduce((a, b) => a + b, 0);
const alive = (p: PodTrack, seq: number): boolean => p.createdSeq <= seq && (p.deletedSeq === null || p.deletedSeq > seq);
const stageAt = (p: PodTrack, seq: number): number => [...p.versions].reverse().find((v) => v[PV.seq] <= seq)?.[PV.stage] ?? -1;

/** "N pods, M ready" of each of web's ReplicaSets at `seq`, counted from the pod tracks here. */
function countsAt(seq: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const rs of model.replicaSets.filter((r) => r.deployment === 'web')) {
    const pods = model.pods.filter((p) => p.owner === `ReplicaSet/${rs.name}` && alive(p, seq));
    out.set(rs.name, `${pods.length} pods, ${pods.filter((p) => stageAt(p, seq) === Stage.Ready).length} ready,`);
  }
  return out;
}

/** A seq inside the last rollout: the creation of the newest ReplicaSet's middle pod, while the one before it still has pods. */
function inLastRollout(): { seq: number; pod: string } {
  const rss = model.replicaSets.filter((r) => r.deployment === 'web');
  const newest = rss[rss.length - 1]!;
  const mine = model.pods.filter((p) => p.owner === `ReplicaSet/${newest.name}`).sort((a, b) => a.createdSeq - b.createdSeq);
  const pod = mine[Math.floor(mine.length / 2)]!;
  return { seq: pod.createdSeq, pod: pod.name };
}

describe('the first frame', () => {
  it('has every ReplicaSet lane with its counts at the playhead, as the pods have them, on the whole recording and zoomed into the last rollout', async () => {
    const { seq } = inLastRollout();
    const truth = countsAt(seq);
    expect([...truth.values()].filter((c) => !c.startsWith('0 pods')).length).toBeGreaterThanOrEqual(2); // mid-rollout: two ReplicaSets have pods
    const t = timeOf(seq);
    for (const size of SIZES) {
      const whole = await open(`?rec=rolling-update&seq=${seq}`, size);
      const zoomed = await open(`?rec=rolling-update&seq=${seq}&t0=${Math.max(0, t - 4000)}&t1=${t + 4000}`, size);
      for (const { first } of [whole, zoomed]) {
        expect(first.lanes.map((l) => l.rs)).toEqual([...truth.keys()]);
        for (const l of first.lanes) {
          expect(l.readout.startsWith(truth.get(l.rs)!), `${l.rs}: "${l.readout}" at seq ${seq}`).toBe(true);
          expect(l.stages).toBeGreaterThan(0); // each ReplicaSet had pods at some time: its lane has a stage area
        }
      }
      // The same moment reads the same however the chart is zoomed, and the cluster shows the same pods.
      expect(zoomed.first.header).toBe(whole.first.header);
      expect(zoomed.first.chips).toBe(whole.first.chips);
      expect(whole.first.chips).toBe(model.pods.filter((p) => alive(p, seq)).length);
    }
  });

  it('is followed by the pod lifecycles before the page answers keys: the rows changing at the playhead in view', async () => {
    const { seq, pod } = inLastRollout();
    for (const size of SIZES) {
      const { page } = await open(`?rec=rolling-update&seq=${seq}`, size);
      const row = page.locator(`#lifecycles g.row[data-pod="${pod}"]`);
      expect(await row.count()).toBe(1);
      // Scrolled into the lifecycles' own box by the follow toggle: on screen once the box is.
      await page.locator('#lifecycles').scrollIntoViewIfNeeded();
      const [r, box, bar] = await Promise.all([row.boundingBox(), page.locator('#lifecycles').boundingBox(), page.locator('#lifecycles .lc-bar').boundingBox()]);
      expect(r!.y).toBeGreaterThanOrEqual(bar!.y + bar!.height - 1);
      expect(r!.y + r!.height).toBeLessThanOrEqual(box!.y + box!.height + 1);
    }
  });
});
