/* eslint-disable @typescript-eslint/no-explicit-any -- the page's globals, read inside page.evaluate */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { benchCluster, rollToNewImage, runUntilRolledOut, webDeployment } from '../bench/web-cluster.js';
import { ROOT, tmpDir } from '../helpers.js';
import { launch, openViewer, shotAt, SIZES } from './browser.js';

/*
 * Issue 18's viewer at scale, small enough for a test: 800 pods of one Deployment on
 * 100 nodes, rolled once to a new image (two ReplicaSets, thousands of pod writes each).
 * What a user sees: the cluster view's canvas draws every pod, as many as `kubelapse get
 * pods --seq` lists; the lifecycles say they band per owner; the
 * Deployment chart draws each ReplicaSet lane with no more steps than its pixels can show
 * (charts/decimate.ts; before, a point per pod write: ~520 ms of a 1,000-pod open) and its
 * readout agrees with kubectl; scrubbing changes all of it.
 */

interface Snapshot {
  mode: string;
  notice: string;
  boxes: Array<{ key: string; kind: string; pods: number; counts: number[] }>;
  chips: Array<{ name: string; stage: string }>;
}

const NODES = 100;
const REPLICAS = 800;
let viewer: RunningViewer;
let browser: Browser;
let file: string;
let events = 0;
let rollStartSeq = 0;
const pages: Page[] = [];

beforeAll(async () => {
  const dir = tmpDir('kubelapse-scale-');
  file = path.join(dir, 'scale.db');
  const { sim, rec, recorder, kubectl } = benchCluster(file, NODES, { cpu: '64', memory: '256Gi' }, { name: 'scale', title: `${REPLICAS} pods on ${NODES} nodes, rolled once` });
  kubectl.create(webDeployment(REPLICAS, { image: 'nginx:1.0', probePeriodSeconds: 5, requests: { cpu: '100m', memory: '64Mi' } }));
  sim.runUntil(1000);
  let t = runUntilRolledOut(sim, REPLICAS, 1000);
  rollStartSeq = recorder.count;
  t = rollToNewImage(sim, kubectl, REPLICAS, t);
  events = recorder.count;
  recorder.close({ complete: true, endTimeMs: t });
  rec.close();
  viewer = await startViewer({ dir, port: 0 });
  browser = await launch();
}, 420_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

async function open(query: string, size: { width: number; height: number }): Promise<Page> {
  const r = await openViewer(browser, `${viewer.url}${query}`, size);
  pages.push(r.page);
  expect(r.problems).toEqual([]);
  return r.page;
}

const snapshot = (page: Page): Promise<Snapshot> => page.evaluate(() => (globalThis as any).__kubelapseClusters[0].snapshot());
const nav = (page: Page, seq: number): Promise<void> => page.evaluate((s) => (globalThis as any).__kubelapse.nav.toSeq(s), seq);

/** `kubelapse get pods -A --seq`: how many pods, and how many of Deployment web's are Running with every container ready. */
function kubectlView(seq: number): { pods: number; web: number; webReady: number } {
  const out = execFileSync(process.execPath, [path.join(ROOT, 'bin/kubelapse.js'), 'get', file, 'pods', '-A', '--seq', String(seq)], { encoding: 'utf8' });
  let pods = 0;
  let web = 0;
  let webReady = 0;
  for (const line of out.trim().split('\n').slice(1)) {
    const [namespace = '', name = '', readyCol = '', status = ''] = line.split(/\s+/);
    pods++;
    if (namespace !== 'default' || !name.startsWith('web-')) continue;
    web++;
    const [a, b] = readyCol.split('/');
    if (status === 'Running' && a === b) webReady++;
  }
  return { pods, web, webReady };
}

/** Most vertices any one pixel column of the Deployment chart's ReplicaSet lanes has, and how many lanes were drawn. */
function laneDensity(page: Page): Promise<{ lanes: number; paths: number; worstColumn: number; vertices: number }> {
  return page.evaluate(() => {
    const lanes: any[] = [...(globalThis as any).document.querySelectorAll('svg.deployment[data-deployment="web"] g.rs-lane')];
    let worstColumn = 0;
    let vertices = 0;
    let paths = 0;
    for (const lane of lanes) {
      for (const p of lane.querySelectorAll('path.lane-stage') as any[]) {
        paths++;
        const per = new Map<number, number>();
        for (const m of ((p.getAttribute('d') as string | null) ?? '').matchAll(/[ML](-?[\d.]+),/g)) {
          const col = Math.floor(Number(m[1]));
          per.set(col, (per.get(col) ?? 0) + 1);
          vertices++;
        }
        for (const n of per.values()) worstColumn = Math.max(worstColumn, n);
      }
    }
    return { lanes: lanes.length, paths, worstColumn, vertices };
  });
}

const readout = (page: Page): Promise<string> => page.locator('svg.deployment[data-deployment="web"] text.readout').first().textContent().then((t) => t ?? '');

describe(`${REPLICAS.toLocaleString('en')} pods on ${NODES} nodes, rolled once`, () => {
  it.each(SIZES)('at %o mid-rollout: every pod on the canvas, bands per owner, ReplicaSet lanes cut to their pixels', async (size) => {
    const seq = Math.floor((rollStartSeq + events) / 2);
    const page = await open(`?rec=scale&seq=${seq}`, size);
    const truth = kubectlView(seq);
    // Mid-rollout: old and new pods, some not Ready, so the comparison is not trivial.
    expect(truth.web).toBeGreaterThan(REPLICAS);
    expect(truth.webReady).toBeLessThan(truth.web);
    // ~10-20 pods a node still fit as chips on the canvas (cluster-canvas.ts counts per node past 64 a node or under 6 px):
    // every pod one by one, no notice; the 1,000-pod, 10-node test (large.e2e) checks the counts mode and its notice.
    const snap = await snapshot(page);
    expect(snap.mode).toBe('chips');
    expect(await page.locator('#cluster .cluster-notice').isVisible()).toBe(false);
    expect(snap.boxes.filter((b) => b.kind === 'node')).toHaveLength(NODES);
    expect(snap.boxes.reduce((n, b) => n + b.pods, 0)).toBe(truth.pods);
    expect(snap.chips).toHaveLength(truth.pods);
    expect(await page.locator('#lifecycles .lc-notice').textContent()).toMatch(/pods: one band per owner, counted per phase; click a band to see its pods row by row$/);
    // The chart's header counts the pods as the chips do (and kubectl).
    expect(await readout(page)).toContain(`ready ${truth.webReady}/${REPLICAS} · ${truth.web} pods`);
    // Both ReplicaSets drawn, every pixel column of a stage's area with at most 3 steps (2 vertices each, top and bottom edge).
    const d = await laneDensity(page);
    expect(d.lanes).toBe(2);
    expect(d.paths).toBeGreaterThanOrEqual(4);
    expect(d.worstColumn).toBeLessThanOrEqual(12);
    await shotAt(page, `scale-cluster-${size.width}x${size.height}`, '#cluster');
    await shotAt(page, `scale-deployment-${size.width}x${size.height}`, 'svg.deployment[data-deployment="web"]');
  });

  it('scrubbing changes the counts, the bands\' playhead and the chart\'s readout, each as kubectl has it then', async () => {
    const page = await open(`?rec=scale&seq=${rollStartSeq}`, SIZES[1]);
    const before = await snapshot(page);
    const head0 = await readout(page);
    expect(head0).toContain(`ready ${REPLICAS}/${REPLICAS} · ${REPLICAS} pods`);
    const seq = Math.floor(rollStartSeq + (events - rollStartSeq) / 3);
    await nav(page, seq);
    const after = await snapshot(page);
    const truth = kubectlView(seq);
    expect(after.boxes.reduce((n, b) => n + b.pods, 0)).toBe(truth.pods);
    expect(after.boxes.map((b) => b.counts.join(','))).not.toEqual(before.boxes.map((b) => b.counts.join(',')));
    expect(await readout(page)).toContain(`ready ${truth.webReady}/${REPLICAS} · ${truth.web} pods`);
    expect(await readout(page)).not.toBe(head0);
    // Zoomed to the rollout (its button): the lanes are drawn again for the window, still cut to pixels.
    await page.locator('svg.deployment[data-deployment="web"] g.focus-btn[data-focus="1"]').click();
    const d = await laneDensity(page);
    expect(d.lanes).toBe(2);
    expect(d.worstColumn).toBeLessThanOrEqual(12);
  });
});
