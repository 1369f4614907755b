import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { cli, ROOT, sqlite, tmpDir } from '../helpers.js';
import { launch, openViewer, release, shotAt } from './browser.js';

/*
 * A real cluster's history in the viewer: k8shark's capture of a kind cluster rolling
 * deployment/api from nginx:1.25-alpine to 1.26-alpine (three old pods replaced by three
 * new ones), imported by the real `kubelapse import` CLI and opened at 1280x720. What a
 * reviewer checks: the rollout's two ReplicaSets, the six pods over time, where the
 * recording came from, and that the causes drawn are inferred. Screenshots in
 * test-artifacts/import-k8shark-*.png.
 */
const CAPTURE = path.join(ROOT, '..', 'shared', 'real', 'watch', 'k8shark-rolling-update-capture.kshrk');

let viewer: RunningViewer;
let browser: Browser;
let db = '';

beforeAll(async () => {
  const dir = tmpDir('kubelapse-import-k8shark-');
  db = path.join(dir, 'capture.db');
  const r = cli(['import', CAPTURE, '-o', db, '-q']);
  expect(r.code, r.stderr).toBe(0);
  viewer = await startViewer({ dir, port: 0 });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

describe('viewer in chromium: the real k8shark capture imported by the CLI', () => {
  it('shows the rollout: two ReplicaSets, six pods over time, "imported from 1 file", the binding\'s cause labelled inferred', async () => {
    // The first new pod's binding: the scheduler's, its cause inferred from the pod's create.
    const bound = Number(sqlite(db, "SELECT MIN(seq) FROM events WHERE kind = 'Pod' AND subresource = 'binding'").trim());
    const { page, problems } = await openViewer(browser, `${viewer.url}?rec=capture&seq=${bound}&sel=${bound}`, { width: 1280, height: 720 });
    await page.waitForSelector('#detail .chain svg.sequence');
    expect(problems).toEqual([]);
    expect(await page.locator('#recording-info').textContent()).toMatch(/^imported from 1 file, start 2026-07-22 21:18:55 UTC · 124 events · 1:28\.1/);
    // Workloads: deployment/api with a lane per ReplicaSet, the old template's and the new one's.
    const chart = page.locator('svg.workload[data-deployment="api"]');
    expect(await chart.locator('text.chart-title').textContent()).toBe('deployment/api (RollingUpdate)');
    expect(await chart.locator('g.lane-label').evaluateAll((els) => els.map((e) => e.getAttribute('data-rs')))).toEqual(['api-58dd68c5db', 'api-5c59c454f5']);
    // Pod lifecycles: the three old pods (there at the capture's start) and the three new ones.
    expect(await page.locator('svg.lifecycles g.row').evaluateAll((els) => els.map((e) => e.getAttribute('data-pod')))).toEqual([
      'api-58dd68c5db-r5smx', 'api-58dd68c5db-slwpm', 'api-58dd68c5db-rhrsb', 'api-5c59c454f5-g5b8z', 'api-5c59c454f5-bkzc4', 'api-5c59c454f5-2wffn',
    ]);
    // The chain to the binding: every hop inferred, none passed off as recorded.
    expect(await page.locator('#detail svg.sequence text.hop-inferred').allTextContents()).toEqual(['inferred (deployment-spec)', 'inferred (rs-scale)', 'inferred (bind-pod-create)']);
    expect(await page.locator('#detail svg.sequence g.hop.inferred').count()).toBe(await page.locator('#detail svg.sequence g.hop').count());
    const line = sqlite(db, `SELECT line FROM provenance WHERE seq = ${bound}`).trim();
    expect(await page.locator('#detail .provenance').textContent()).toBe(`imported from ${CAPTURE}:${line} · inferred: pod created 4 ms earlier (rule bind-pod-create)`);
    expect(await page.locator('#narration').textContent()).toContain('update pods/binding rollout-demo/api-5c59c454f5-g5b8z by scheduler');
    // The capture holds no Node objects, but its pods are bound: they sit in a box of their
    // node, marked as not recorded, and only the new pod not yet bound is in the Unscheduled lane.
    const node = page.locator('svg.cluster g.box.node[data-node="k8shark-dev-control-plane"]');
    expect(await node.locator('text.status').textContent()).toBe('not in the recording');
    expect(await page.locator('svg.cluster g.box.lane text.name').textContent()).toBe('Unscheduled (0)');
    expect(await page.locator('svg.cluster g.pod:visible').count()).toBe(4);
    // The playhead sits on the 0:20.0 tick: its own time label is readable, no tick label under it.
    expect(await page.locator('text.playhead-time').textContent()).toBe('0:20.0');
    const overlaps = await page.evaluate(() => {
      const w = globalThis as any;
      const head = w.document.querySelector('text.playhead-time').getBoundingClientRect();
      return [...w.document.querySelectorAll('g.axis g.tick text')].filter((t: any) => {
        const r = t.getBoundingClientRect();
        return w.getComputedStyle(t).visibility !== 'hidden' && r.left < head.right && r.right > head.left && r.top < head.bottom && r.bottom > head.top;
      }).map((t: any) => t.textContent as string);
    });
    expect(overlaps).toEqual([]);
    await shotAt(page, 'import-k8shark-binding-1280', 'body');
    // The capture has no Services: the rows say so above their labels, not over the first one.
    const note = await page.locator('text.no-service').boundingBox();
    const firstLabel = await page.locator('svg.lifecycles g.row').first().locator('text').first().boundingBox();
    expect(note).not.toBeNull();
    expect(note!.y + note!.height).toBeLessThanOrEqual(firstLabel!.y);
    await shotAt(page, 'import-k8shark-lifecycles-1280', 'svg.lifecycles');
    await shotAt(page, 'import-k8shark-chain-1280', '#detail .chain');
    await release(page);
  });

  it('the rollout\'s rows never say more available than ready: the old ReplicaSet\'s last pod terminating reads "3 pods, 0 ready, 0 avail."', async () => {
    // The capture's ReplicaSet statuses lag its pods (polled every 5 s): at seq 85 the old ReplicaSet's
    // last Ready pod turns Terminating while its status still says 1 available (until seq 87).
    const { page, problems } = await openViewer(browser, `${viewer.url}?rec=capture&seq=85`, { width: 1280, height: 720 });
    const chart = page.locator('svg.workload[data-deployment="api"]');
    await chart.waitFor();
    const rows = chart.locator('text').evaluateAll((els) => els.map((e) => e.textContent ?? '').filter((t) => / avail\.$/.test(t)));
    expect(await rows).toEqual(['3 pods, 0 ready, 0 avail.', '3 pods, 3 ready, 3 avail.']);
    // At every write of the capture, in each row, the header and the legend: available <= ready.
    const last = Number(sqlite(db, 'SELECT MAX(seq) FROM events').trim());
    const bad = await page.evaluate((end) => {
      const k = (globalThis as any).__kubelapse;
      const doc = (globalThis as any).document;
      const out: string[] = [];
      for (let seq = 0; seq <= end; seq++) {
        k.nav.toSeq(seq);
        const texts = [...doc.querySelectorAll('svg.workload[data-deployment="api"] text')].map((e: any) => e.textContent as string);
        for (const t of texts) for (const m of t.matchAll(/(\d+) ready, (\d+) avail/g)) if (Number(m[2]) > Number(m[1])) out.push(`seq ${seq}: ${m[0]}`);
        const header = /^ready (\d+)\//.exec(texts.find((t) => t.startsWith('ready ')) ?? '');
        const legend = /^(\d+) available$/.exec(texts.find((t) => /^\d+ available$/.test(t)) ?? '');
        if (header !== null && legend !== null && Number(legend[1]) > Number(header[1])) out.push(`seq ${seq}: ${legend[0]} beside ${header[0]}`);
      }
      return out;
    }, last);
    expect(bad).toEqual([]);
    await shotAt(page, 'import-k8shark-rollout-rows-1280', '#workloads');
    expect(problems).toEqual([]);
    await release(page);
  });
});
