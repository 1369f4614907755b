import * as d3 from 'd3';
import { wantWidth, widthOf } from './widths.js';
import { addHatch } from './colors.js';
import type { WorkloadChart } from './charts/chart-frame.js';
import { CronJobChart } from './charts/cronjob-chart.js';
import { DaemonSetChart } from './charts/daemonset-chart.js';
import { DeploymentChart } from './charts/deployment-chart.js';
import { JobChart } from './charts/job-chart.js';
import { StatefulSetChart } from './charts/statefulset-chart.js';
import { escapeHtml } from './format.js';
import type { ModelIndex } from './model-index.js';

interface Entry {
  label: string;
  chart: WorkloadChart;
  system: boolean;
}

/**
 * The Workloads panel: a chart per Deployment, StatefulSet, DaemonSet, Job (a CronJob's
 * Jobs are drawn in their CronJob's chart) and CronJob, all on the pod lifecycles' time
 * axis. kube-system's (coredns, kube-proxy) are folded away under one line, open on
 * demand: they are the cluster's, not the story's.
 */
export class WorkloadsView {
  private readonly user: Entry[];
  private readonly system: Entry[];
  private readonly userEl: HTMLElement | undefined;
  private readonly systemEl: HTMLDetailsElement | undefined;
  private drawnKey = '';
  private last: [number, number] = [0, 0];

  constructor(
    private readonly el: HTMLElement,
    mi: ModelIndex,
    /** Sets the zoom window of every time chart (a Deployment chart's "rollout" buttons). */
    onZoom: (t0: number, t1: number) => void = () => undefined,
  ) {
    wantWidth(el);
    const m = mi.m;
    const entries: Entry[] = [
      ...m.deployments.map((d) => ({ label: `deployment/${d.name}`, chart: new DeploymentChart(mi, d, onZoom), system: d.namespace === 'kube-system' })),
      ...m.statefulSets.map((s) => ({ label: `statefulset/${s.name}`, chart: new StatefulSetChart(mi, s), system: s.namespace === 'kube-system' })),
      ...m.daemonSets.map((d) => ({ label: `daemonset/${d.name}`, chart: new DaemonSetChart(mi, d), system: d.namespace === 'kube-system' })),
      ...m.jobs.filter((j) => j.cronJob === null).map((j) => ({ label: `job/${j.name}`, chart: new JobChart(mi, j), system: j.namespace === 'kube-system' })),
      ...m.cronJobs.map((c) => ({ label: `cronjob/${c.name}`, chart: new CronJobChart(mi, c), system: c.namespace === 'kube-system' })),
    ];
    this.user = entries.filter((e) => !e.system);
    this.system = entries.filter((e) => e.system);
    if (entries.length === 0) {
      el.innerHTML = '<p class="absent">No Deployments in this recording. No DaemonSets, StatefulSets, Jobs or CronJobs either.</p>';
      return;
    }
    el.innerHTML = `<div class="charts"></div>${this.system.length === 0 ? '' : `<details class="system-workloads"><summary>kube-system: ${escapeHtml(this.system.map((e) => e.label).join(', '))}</summary><div class="charts"></div></details>`}`;
    this.userEl = el.querySelector<HTMLElement>(':scope > .charts') ?? undefined;
    // The revision marks and the hatch once for the panel: the StatefulSet and DaemonSet charts fill with them too.
    addHatch(d3.select(el).insert<SVGSVGElement>('svg', ':first-child').attr('class', 'pattern-defs').attr('width', 0).attr('height', 0).style('position', 'absolute'));
    this.systemEl = el.querySelector<HTMLDetailsElement>('details.system-workloads') ?? undefined;
    // Charts in a closed fold are not updated while scrubbing; opening it brings them to the playhead.
    this.systemEl?.addEventListener('toggle', () => {
      if (this.systemEl?.open) for (const e of this.system) e.chart.update(...this.last);
    });
  }

  render(seq: number, timeMs: number, t0: number, t1: number): void {
    if (this.userEl === undefined) return;
    this.last = [seq, timeMs];
    const width = Math.max(320, widthOf(this.el));
    const key = `${width}|${t0}|${t1}`;
    if (key !== this.drawnKey) {
      this.drawnKey = key;
      this.userEl.innerHTML = '';
      for (const e of this.user) e.chart.draw(this.userEl, width, t0, t1);
      const sys = this.systemEl?.querySelector<HTMLElement>('.charts');
      if (sys) {
        sys.innerHTML = '';
        for (const e of this.system) e.chart.draw(sys, width, t0, t1);
      }
    }
    for (const e of this.user) e.chart.update(seq, timeMs);
    if (this.systemEl?.open) for (const e of this.system) e.chart.update(seq, timeMs);
  }
}
