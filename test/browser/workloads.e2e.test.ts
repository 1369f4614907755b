import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startViewer, type RunningViewer } from '../../viewer/server/serve.js';
import { tmpDir } from '../helpers.js';
import { cronJobRecording, type CronJobFixture } from '../viewer/cronjob-fixture.js';
import { daemonSetRecording, type DaemonSetFixture } from '../viewer/daemonset-fixture.js';
import { jobRecording, type JobFixture } from '../viewer/job-fixture.js';
import { statefulSetRecording, type StatefulSetFixture } from '../viewer/statefulset-fixture.js';
import { launch, openViewer, release, shotAt, SIZES, viewState } from './browser.js';

let viewer: RunningViewer;
let browser: Browser;
let ds: DaemonSetFixture;
let sts: StatefulSetFixture;
let jobs: JobFixture;
let cron: CronJobFixture;
const pages: Page[] = [];

async function open(query: string, size: { width: number; height: number } = SIZES[1]): Promise<{ page: Page; problems: string[] }> {
  const r = await openViewer(browser, `${viewer.url}${query}`, size);
  pages.push(r.page);
  return r;
}

/** Text in a panel that runs past the panel's edge or is cut by its own svg: what a person would see as overflow. */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = (globalThis as any).document;
    const bad: string[] = [];
    for (const section of doc.querySelectorAll('#main section')) {
      const box = section.getBoundingClientRect();
      for (const el of section.querySelectorAll('svg, svg text, .ghost, g.cell, g.slot')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || (el.tagName === 'text' && (el.textContent ?? '') === '')) continue;
        const svg = el.tagName === 'svg' ? null : el.closest('svg');
        const frame = svg === null ? box : svg.getBoundingClientRect();
        if (r.left < frame.left - 1 || r.right > frame.right + 1) bad.push(`${section.querySelector('h2')?.textContent?.slice(0, 12)}: <${el.tagName} class="${el.getAttribute('class')}"> "${(el.textContent ?? '').slice(0, 40)}" spans ${Math.round(r.left)}-${Math.round(r.right)}, room ${Math.round(frame.left)}-${Math.round(frame.right)}`);
      }
    }
    return bad;
  });
}

beforeAll(async () => {
  const dir = tmpDir('kubelapse-workloads-e2e-');
  ds = daemonSetRecording(dir);
  sts = statefulSetRecording(dir);
  jobs = jobRecording(dir);
  cron = cronJobRecording(dir);
  viewer = await startViewer({ dir, port: 0 });
  browser = await launch();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await viewer?.close();
});

describe('viewer in chromium: a DaemonSet, its pod on each node', () => {
  it('a node that joined and has no daemon pods yet stands out in the cluster and in the chart; the control-plane node fluentd does not target does not', async () => {
    // lens=0: node4PodSeq is the SuccessfulCreate Event beside the pod, which the story lens steps over.
    const { page, problems } = await open(`?rec=daemonset&seq=${ds.nodeJoinedSeq}&lens=0`);
    const ghosts = page.locator('svg.cluster g.ghost');
    expect(await ghosts.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-node')}:${e.getAttribute('data-missing')}`).sort())).toEqual(['node-4:fluentd', 'node-4:kube-proxy']);
    expect(await page.locator('svg.cluster g.ghost[data-missing="fluentd"] title').textContent()).toBe('node-4 has no fluentd pod: DaemonSet default/fluentd should run one here');
    const chart = page.locator('svg.workload.daemonset[data-daemonset="fluentd"]');
    const states = await chart.locator('g.cell').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-node')}=${e.getAttribute('data-state')}`));
    expect(states).toEqual(['node-1=pod', 'node-2=pod', 'node-3=pod', 'control-plane=skipped', 'node-4=missing']);
    expect(await chart.locator('g.cell[data-node="control-plane"] title').textContent()).toContain('untolerated taint {node-role.kubernetes.io/control-plane: }');
    expect(await chart.locator('text.readout').textContent()).toContain('no pod on node-4');
    // kube-system's kube-proxy is folded away; opened, it runs on the control-plane node too (it tolerates every taint).
    const fold = page.locator('#workloads details.system-workloads');
    expect(await fold.locator('summary').textContent()).toBe('kube-system: deployment/coredns, daemonset/kube-proxy');
    expect(await fold.locator('svg.workload').first().isVisible()).toBe(false);
    await fold.locator('summary').click();
    const proxy = fold.locator('svg.workload.daemonset[data-daemonset="kube-proxy"]');
    await expect.poll(() => proxy.locator('g.cell').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-node')}=${e.getAttribute('data-state')}`))).toEqual(['node-1=pod', 'node-2=pod', 'node-3=pod', 'control-plane=pod', 'node-4=missing']);
    // Its ControllerRevision is not in the recording: its pods are neither old nor new.
    expect(await proxy.locator('g.cell[data-node="node-1"]').getAttribute('data-revision')).toBe('unknown');
    expect(await proxy.locator('g.cell[data-node="node-1"] text.cell-mark').textContent()).toBe('');
    await shotAt(page, 'daemonset-node-joins', '#workloads');
    // Half a second later its pod exists (made for node-4, not bound yet): no gap any more.
    while ((await viewState(page)).seq < ds.node4PodSeq) await page.keyboard.press('ArrowRight');
    expect((await viewState(page)).seq).toBe(ds.node4PodSeq);
    await expect.poll(() => page.locator('svg.cluster g.ghost').count()).toBe(0);
    expect(await chart.locator('g.cell[data-node="node-4"]').getAttribute('data-state')).toBe('pod');
    expect(problems).toEqual([]);
  });

  it('a rolling update shows which nodes run the new template and which the old, within the maxUnavailable floor', async () => {
    const { page, problems } = await open(`?rec=daemonset&seq=${ds.midRolloutSeq}`);
    const chart = page.locator('svg.workload.daemonset[data-daemonset="fluentd"]');
    const revs = await chart.locator('g.cell').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-node')}=${e.getAttribute('data-revision')}`));
    expect(revs).toEqual(['node-1=new', 'node-2=new', 'node-3=old', 'control-plane=null', 'node-4=old']);
    expect(await chart.locator('text.readout').textContent()).toMatch(/up-to-date 2 · available 3 · at least 3 available · rev 2$/);
    expect(await chart.locator('path.fence').count()).toBe(1);
    // The chips' top bars tell the templates apart: node-1's and node-2's new pods against node-4's old one.
    const bar = (pod: string): Promise<string | null> => page.locator(`svg.cluster g.pod[data-pod="${pod}"] rect.rs`).getAttribute('fill');
    expect(await bar('fluentd-h5c1v')).not.toBe(await bar('fluentd-w2n6d'));
    expect(await bar('fluentd-p9l4s')).toBe(await bar('fluentd-h5c1v'));
    expect(await page.locator('svg.cluster g.pod[data-stage="Terminating"]').getAttribute('data-pod')).toBe('fluentd-b8r3t');
    await shotAt(page, 'daemonset-rolling-update', '#workloads');
    expect(problems).toEqual([]);
  });
});

describe('viewer in chromium: a StatefulSet, ordinals and claims', () => {
  it('scaling up one ordinal at a time: web-1 waits with its claim Pending while web-0 is Ready', async () => {
    const { page, problems } = await open(`?rec=statefulset&seq=${sts.scalingSeq}`);
    const chart = page.locator('svg.workload.statefulset[data-statefulset="web"]');
    const slot = (i: number) => chart.locator(`g.slot[data-ordinal="${i}"]`);
    expect(await slot(0).getAttribute('data-stage')).toBe('Ready');
    expect(await slot(1).getAttribute('data-stage')).toBe('Pending');
    expect(await slot(1).locator('g.claim').getAttribute('data-claim')).toBe('www-web-1');
    expect(await slot(1).locator('g.claim').getAttribute('data-phase')).toBe('Pending');
    expect(await slot(0).locator('g.claim').getAttribute('data-phase')).toBe('Bound');
    expect(await slot(2).getAttribute('class')).toContain('empty');
    expect(await slot(2).locator('g.claim').getAttribute('data-phase')).toBe('none');
    expect(problems).toEqual([]);
  });

  it('web-1 replaced: the same name and claim under a new uid, and one lifecycle row for both pods', async () => {
    const before = await open(`?rec=statefulset&seq=${sts.replacedSeq - 10}`);
    const chartOf = (p: Page) => p.locator('svg.workload.statefulset[data-statefulset="web"] g.slot[data-ordinal="1"]');
    const oldUid = await chartOf(before.page).getAttribute('data-pod-uid');
    const { page, problems } = await open(`?rec=statefulset&seq=${sts.replacedSeq}`);
    const slot = chartOf(page);
    const newUid = await slot.getAttribute('data-pod-uid');
    expect(newUid).not.toBe(oldUid);
    expect(await slot.locator('text.slot-name').textContent()).toBe('web-1');
    expect(await slot.locator('text.slot-uid').textContent()).toBe(`#2 uid ${newUid?.slice(0, 6)}`);
    expect(await slot.locator('g.claim').getAttribute('data-claim')).toBe('www-web-1');
    expect(await slot.locator('g.claim').getAttribute('data-phase')).toBe('Bound');
    const row = page.locator('svg.lifecycles g.row[data-pod="web-1"]');
    expect(await row.count()).toBe(1);
    expect(await row.locator('text.pod-label').textContent()).toBe('web-1 ×3 · www-web-1');
    expect(await row.locator('line.new-life').count()).toBe(2);
    await shotAt(page, 'statefulset-replaced', '#workloads');
    expect(problems).toEqual([]);
  });

  it('a partitioned update: only ordinals at or above the partition run the update revision', async () => {
    const { page, problems } = await open(`?rec=statefulset&seq=${sts.partitionedSeq}`);
    const chart = page.locator('svg.workload.statefulset[data-statefulset="web"]');
    const revs = await chart.locator('g.slot').evaluateAll((els) => els.map((e) => e.getAttribute('data-revision')));
    expect(revs).toEqual(['current', 'current', 'update']);
    expect(await chart.locator('text.partition-label').textContent()).toBe('partition 2: ordinals ≥ 2 update');
    expect(await chart.locator('line.partition').evaluate((l) => (globalThis as any).getComputedStyle(l).display)).not.toBe('none');
    expect(await chart.locator('text.readout').textContent()).toBe(`replicas 3 · ready 3 · current 2 (${sts.revisions[0]}) · updated 1 (${sts.revisions[1]}) · partition 2`);
    await shotAt(page, 'statefulset-partition', '#workloads');
    // Scaled to 2: web-2's pod is gone, its claim stays (drawn faded, beyond the replicas).
    await page.keyboard.press('End');
    const web2 = chart.locator('g.slot[data-ordinal="2"]');
    await expect.poll(() => web2.getAttribute('class')).toMatch(/beyond/);
    expect(await web2.getAttribute('class')).toContain('empty');
    expect(await web2.locator('g.claim').getAttribute('data-phase')).toBe('Bound');
    expect(problems).toEqual([]);
  });
});

describe('viewer in chromium: Jobs, completions and backoff', () => {
  it('each Job charts succeeded and failed against completions and backoffLimit, with the backoff waits between a failure and the next pod', async () => {
    const { page, problems } = await open(`?rec=jobs&seq=${jobs.backoffSeq}`);
    const pi = page.locator('svg.workload.job[data-job="pi"]');
    expect(await pi.locator('text.readout').textContent()).toBe('succeeded 0 of 5 · failed 2 (backoffLimit 6) · active 1 · backoff: 3.0 s since pi-f3g5h failed');
    expect(await pi.locator('g.backoff').evaluateAll((els) => els.map((e) => e.getAttribute('data-wait-ms')))).toEqual(['10000', '20000']);
    expect(await pi.locator('g.backoff text').allTextContents()).toEqual(['10s', '20s']);
    const flaky = page.locator('svg.workload.job[data-job="flaky"]');
    expect(await flaky.locator('g.backoff').evaluateAll((els) => els.map((e) => e.getAttribute('data-wait-ms')))).toEqual(['10000', '20000']);
    expect(await flaky.locator('path.backoff-limit').count()).toBe(1);
    expect(await flaky.locator('g.job-finish.failed text').textContent()).toBe('Failed: BackoffLimitExceeded');
    // The replacement's lifecycle row starts with its wait.
    expect(await page.locator('svg.lifecycles g.row[data-pod="pi-z8x6c"] line.backoff-wait title').textContent()).toBe('backoff: created 20.0 s after pi-f3g5h failed');
    await shotAt(page, 'jobs-backoff', '#workloads');
    expect(problems).toEqual([]);
  });

  it("finished pods are Completed or Failed in colours of their own, apart from Running, Ready and Terminating", async () => {
    const { page, problems } = await open(`?rec=jobs&seq=${jobs.endSeq}`);
    expect(await page.locator('svg.workload.job[data-job="pi"] text.readout').textContent()).toBe('succeeded 5 of 5 · failed 2 (backoffLimit 6) · active 0 · Complete (CompletionsReached)');
    expect(await page.locator('svg.workload.job[data-job="render"] text.readout').textContent()).toContain('indexes done 0-2');
    const fills = await page.$$eval('svg.cluster g.pod', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-stage'), e.querySelector('rect.body')?.getAttribute('fill')])));
    expect(Object.keys(fills).sort()).toEqual(['Failed', 'Succeeded']);
    const legend = await page.$$eval('#main section h2 .legend .key', (els) => Object.fromEntries(els.map((e) => [e.textContent, (e.querySelector('i') as any)?.style.background ?? ''])));
    const rgb = (hex: string): string => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
    expect(legend.Completed).toBe(rgb(fills.Succeeded as string));
    expect(legend['Failed (Error)']).toBe(rgb(fills.Failed as string));
    const others = [legend.Ready, legend['Running (not ready)'], legend['ContainerCreating'], legend['Terminating (preStop)']];
    for (const c of [legend.Completed, legend['Failed (Error)']]) expect(others).not.toContain(c);
    expect(await page.locator('svg.cluster g.pod[data-stage="Failed"]').first().getAttribute('data-reason')).toBe('Error');
    // The top bar says which Job a pod belongs to: pi's pods share one colour, flaky's another.
    const bar = (pod: string): Promise<string | null> => page.locator(`svg.cluster g.pod[data-pod="${pod}"] rect.rs`).getAttribute('fill');
    expect(await bar('pi-c4m7n')).toBe(await bar('pi-8xkq2'));
    expect(await bar('flaky-q2w8e')).not.toBe(await bar('pi-8xkq2'));
    await shotAt(page, 'jobs-finished', '#cluster');
    expect(problems).toEqual([]);
  });
});

describe('viewer in chromium: a CronJob, its ticks and its Jobs', () => {
  it('the timeline marks each tick: a Job started, or skipped by Forbid; a skipped tick jumps to its Event', async () => {
    const { page, problems } = await open('?rec=cronjobs&seq=0');
    expect(await page.locator('svg.timeline g.cron-tick.started').count()).toBe(cron.jobs.length);
    const skipped = page.locator('svg.timeline g.cron-tick.skipped');
    expect(await skipped.count()).toBe(2);
    expect(await skipped.first().locator('title').textContent()).toBe('2:00.0 cronjob/report: tick skipped (JobAlreadyActive): Not starting job because prior execution is running and concurrency policy is Forbid');
    await skipped.nth(1).click();
    const s = await viewState(page);
    expect(s.timeMs).toBe(cron.skippedAt[1]);
    await expect.poll(() => page.textContent('#narration .event')).toContain('Not starting job because prior execution is running');
    expect(problems).toEqual([]);
  });

  it("the CronJob's chart draws each Job from its tick to its end, Forbid's skips, and Replace deleting the running Job", async () => {
    const { page, problems } = await open(`?rec=cronjobs&seq=${cron.replaceSeq}`);
    const chart = page.locator('svg.workload.cronjob[data-cronjob="report"]');
    expect(await chart.locator('g.cron-run').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-job')}:${e.getAttribute('data-outcome')}`))).toEqual([
      `${cron.jobs[0]}:complete`, `${cron.jobs[1]}:deleted`, `${cron.jobs[2]}:deleted`, `${cron.jobs[3]}:running`,
    ]);
    expect(await chart.locator('g.cron-skip').evaluateAll((els) => els.map((e) => e.getAttribute('data-reason')))).toEqual(['JobAlreadyActive', 'JobAlreadyActive']);
    expect(await chart.locator('text.cron-policy').allTextContents()).toEqual(['Forbid', 'Replace']);
    expect(await chart.locator('text.readout').textContent()).toBe(`Replace · active 1 · 3 Jobs started · 2 ticks skipped · last ${cron.jobs[2]}`);
    // A CronJob's Jobs are drawn in its chart, not one chart each.
    expect(await page.locator('svg.workload.job').count()).toBe(0);
    await shotAt(page, 'cronjob-replace', '#workloads');
    expect(problems).toEqual([]);
  });
});

describe('viewer in chromium: the new views fit their panels', () => {
  for (const size of SIZES) {
    it(`at ${size.width}x${size.height} no text runs out of its panel or is cut by its chart`, async () => {
      const at: Array<[string, number]> = [['daemonset', ds.midRolloutSeq], ['statefulset', sts.partitionedSeq], ['jobs', jobs.backoffSeq], ['cronjobs', cron.replaceSeq]];
      for (const [rec, seq] of at) {
        const { page, problems } = await open(`?rec=${rec}&seq=${seq}`, size);
        expect(await overflow(page), rec).toEqual([]);
        await shotAt(page, `${rec}-${size.width}x${size.height}`, '#workloads');
        expect(problems).toEqual([]);
        await release(page);
      }
    });
  }
});
