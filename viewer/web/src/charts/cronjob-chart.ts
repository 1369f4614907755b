import * as d3 from 'd3';
import { CJV, Stage, type CronJobTrack } from '../../../shared/model.js';
import { STAGE_COLOR } from '../colors.js';
import { cronTicks, type CronRun, type CronTicks } from '../cron-ticks.js';
import { clock } from '../format.js';
import type { ModelIndex } from '../model-index.js';
import { liveVersion } from '../versions.js';
import { fit, frame, M, placePlayhead, timeScale, type Svg, type WorkloadChart } from './chart-frame.js';

const LANE = 13;
const MAX_LANES = 4;
const OUTCOME_COLOR: Record<CronRun['outcome'], string> = {
  running: STAGE_COLOR[Stage.Running],
  complete: STAGE_COLOR[Stage.Succeeded],
  failed: STAGE_COLOR[Stage.Failed],
  deleted: '#de2d26',
};

/**
 * A CronJob: its schedule ticks along time, each with the Job it started as a bar until
 * the Job completed, failed or was deleted (Replace deletes the running Job at the next
 * tick), and the ticks it skipped as red crosses (Forbid: JobAlreadyActive while the
 * previous Job still runs). The concurrency policy in force is written above the ticks.
 */
export class CronJobChart implements WorkloadChart {
  private readonly ticks: CronTicks;
  private readonly lanes: number[];
  private readonly laneCount: number;
  private readonly policies: Array<{ t: number; policy: string }> = [];
  private svg: Svg | undefined;
  private x = d3.scaleLinear();

  constructor(
    private readonly mi: ModelIndex,
    private readonly cj: CronJobTrack,
  ) {
    this.ticks = cronTicks(mi, cj);
    // Overlapping Jobs (Allow) take lanes: the first lane free at a Job's start.
    const free: number[] = [];
    this.lanes = this.ticks.runs.map((r) => {
      let l = free.findIndex((until) => until <= r.start);
      if (l < 0) l = free.length < MAX_LANES ? free.length : MAX_LANES - 1;
      free[l] = r.end ?? Infinity;
      return l;
    });
    this.laneCount = Math.max(1, free.length);
    for (const v of cj.versions) {
      const policy = mi.str(v[CJV.policy]) ?? 'Allow';
      if (this.policies[this.policies.length - 1]?.policy !== policy) this.policies.push({ t: mi.timeOf(v[CJV.seq]), policy });
    }
  }

  draw(root: HTMLElement, width: number, t0: number, t1: number): void {
    const tickY = M.top + 14;
    const laneTop = tickY + 10;
    const h = laneTop + this.laneCount * LANE + M.bottom - 6;
    const x = (this.x = timeScale(width, t0, t1));
    const end = this.mi.endTime;
    const { cj } = this;
    const last = cj.versions[cj.versions.length - 1];
    const schedule = last === undefined ? '' : (this.mi.str(last[CJV.schedule]) ?? '');
    const { svg, plot } = frame(root, 'cronjob', { cronjob: cj.name, namespace: cj.namespace }, width, h, `cronjob/${cj.name} (${schedule})`);
    this.svg = svg;
    svg.append('text').attr('class', 'strip-label').attr('x', 4).attr('y', tickY + 3).text('ticks, and their Jobs:');
    // The policy in force, from each change to the next.
    this.policies.forEach((p, i) => {
      const next = this.policies[i + 1]?.t ?? end;
      plot.append('text').attr('class', 'cron-policy').attr('x', x(p.t) + 2).attr('y', M.top + 2).text(fit(p.policy, x(next) - x(p.t) - 4));
      plot.append('line').attr('class', 'cron-policy-edge').attr('x1', x(p.t)).attr('x2', x(p.t)).attr('y1', M.top - 8).attr('y2', h - M.bottom + 4);
    });
    const runs = plot.selectAll('g.cron-run').data(this.ticks.runs).join('g').attr('class', (r) => `cron-run ${r.outcome}`).attr('data-job', (r) => r.name).attr('data-outcome', (r) => r.outcome);
    runs.append('path').attr('class', 'tick started').attr('d', (r) => `M${x(r.start) - 4},${tickY - 6} L${x(r.start) + 4},${tickY - 6} L${x(r.start)},${tickY + 1} Z`);
    runs.append('rect').attr('class', 'cron-bar')
      .attr('x', (r) => x(r.start)).attr('width', (r) => Math.max(2, x(r.end ?? end) - x(r.start)))
      .attr('y', (_r, i) => laneTop + (this.lanes[i] ?? 0) * LANE).attr('height', LANE - 3)
      .attr('fill', (r) => OUTCOME_COLOR[r.outcome]);
    runs.append('text').attr('class', 'cron-bar-label').attr('x', (r) => x(r.start) + 3).attr('y', (_r, i) => laneTop + (this.lanes[i] ?? 0) * LANE + 8)
      .text((r) => fit(`${r.name.startsWith(`${cj.name}-`) ? r.name.slice(cj.name.length + 1) : r.name}${r.outcome === 'deleted' ? ' deleted' : ''}`, x(r.end ?? end) - x(r.start) - 4));
    runs.append('title').text((r) => `${r.name}: started ${clock(r.start)}, ${r.outcome === 'running' ? 'still running' : r.outcome === 'deleted' ? `deleted while running ${clock(r.end as number)}` : `${r.outcome} ${clock(r.end as number)}`}`);
    const skips = plot.selectAll('g.cron-skip').data(this.ticks.skips).join('g').attr('class', 'cron-skip').attr('data-reason', (s) => s.reason).attr('transform', (s) => `translate(${x(s.t)},${tickY - 3})`);
    skips.append('text').attr('class', 'tick skipped').attr('y', 4).text('✗');
    skips.append('title').text((s) => `${clock(s.t)} tick skipped: ${s.reason}: ${s.message}`);
    svg.append('line').attr('class', 'playhead').attr('y1', M.top - 8).attr('y2', h - M.bottom + 4);
  }

  update(seq: number, timeMs: number): void {
    placePlayhead(this.svg, this.x, timeMs, this.readout(seq, timeMs));
  }

  private readout(seq: number, timeMs: number): string {
    const v = liveVersion(this.cj, seq);
    if (v === undefined) return this.cj.createdSeq > seq ? 'not created yet' : 'deleted';
    const started = this.ticks.runs.filter((r) => r.start <= timeMs);
    const skipped = this.ticks.skips.filter((s) => s.seq <= seq).length;
    const parts = [`${this.mi.str(v[CJV.policy]) ?? 'Allow'}`, `active ${v[CJV.active]}`, `${started.length} Job${started.length === 1 ? '' : 's'} started`, `${skipped} tick${skipped === 1 ? '' : 's'} skipped`];
    if (v[CJV.suspend] === 1) parts.push('suspended');
    const lastRun = started[started.length - 1];
    if (lastRun !== undefined) parts.push(`last ${lastRun.name}`);
    return parts.join(' · ');
  }
}
