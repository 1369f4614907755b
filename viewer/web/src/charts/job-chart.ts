import * as d3 from 'd3';
import { JV, Stage, type JobTrack } from '../../../shared/model.js';
import { STAGE_COLOR } from '../colors.js';
import { clock } from '../format.js';
import type { ModelIndex } from '../model-index.js';
import { liveVersion } from '../versions.js';
import { backoffWaits, type BackoffWait } from './backoff-waits.js';
import { extend, frame, legend, M, placePlayhead, stepLine, timeScale, withEnd, type Step, type Svg, type WorkloadChart } from './chart-frame.js';

const PLOT_H = 110;
const LANE_H = 18;
/** A backoffLimit this high (upstream's "unlimited" is 2^31-1) is not drawn as a fence. */
const DRAWN_LIMIT = 100;

/**
 * A Job: succeeded, failed and active pods over time against completions (dashed) and
 * backoffLimit (the red fence: one failure more fails the Job), the condition it ended
 * in, and under the plot the backoff waits between a failed pod and the next one: 10 s
 * after the first failure, 20 s after a second with nothing succeeding in between.
 */
export class JobChart implements WorkloadChart {
  private readonly series: Record<'succeeded' | 'failed' | 'active' | 'target' | 'limit', Step[]>;
  private readonly waits: BackoffWait[];
  private readonly finish: { t: number; label: string; cls: string } | null;
  private readonly top: number;
  private svg: Svg | undefined;
  private x = d3.scaleLinear();

  constructor(
    private readonly mi: ModelIndex,
    private readonly job: JobTrack,
  ) {
    const t = (seq: number): number => mi.timeOf(seq);
    const gone = job.deletedSeq === null ? null : t(job.deletedSeq);
    const s = (i: number): Step[] => withEnd(job.versions.map((v): Step => [t(v[JV.seq]), v[i] as number]), gone);
    this.series = {
      succeeded: s(JV.succeeded),
      failed: s(JV.failed),
      active: s(JV.active),
      target: job.versions.map((v): Step => [t(v[JV.seq]), v[JV.completions] < 0 ? 1 : v[JV.completions]]),
      limit: job.versions.filter((v) => v[JV.backoffLimit] <= DRAWN_LIMIT).map((v): Step => [t(v[JV.seq]), v[JV.backoffLimit]]),
    };
    this.waits = backoffWaits(mi, job);
    const done = job.versions.find((v) => ['Complete', 'Failed'].includes(mi.str(v[JV.condition]) ?? ''));
    this.finish = done === undefined ? null : { t: t(done[JV.seq]), label: mi.str(done[JV.condition]) === 'Complete' ? 'Complete' : `Failed: ${mi.str(done[JV.reason]) ?? ''}`, cls: mi.str(done[JV.condition]) === 'Complete' ? 'complete' : 'failed' };
    this.top = Math.max(1, ...job.versions.map((v) => Math.max(v[JV.completions], v[JV.parallelism], v[JV.succeeded], v[JV.failed], v[JV.active], v[JV.backoffLimit] <= DRAWN_LIMIT ? v[JV.backoffLimit] + 1 : 0)));
  }

  draw(root: HTMLElement, width: number, t0: number, t1: number): void {
    const h = M.top + PLOT_H + LANE_H + M.bottom;
    const plotBottom = M.top + PLOT_H;
    const x = (this.x = timeScale(width, t0, t1));
    const end = this.mi.endTime;
    const { job } = this;
    const v0 = job.versions[job.versions.length - 1];
    const spec = v0 === undefined ? '' : `completions ${v0[JV.completions] < 0 ? 'unset' : v0[JV.completions]}, parallelism ${v0[JV.parallelism]}, backoffLimit ${v0[JV.backoffLimit]}${job.completionMode === 'Indexed' ? ', Indexed' : ''}`;
    const { svg, plot } = frame(root, 'job', { job: job.name, namespace: job.namespace }, width, h, `job/${job.name} (${spec})`);
    this.svg = svg;
    const y = d3.scaleLinear().domain([0, this.top + 1]).range([plotBottom, M.top]);
    const line = stepLine(x, y);
    if (this.series.limit.length > 0) {
      plot.append('path').attr('class', 'band ceiling-zone').attr('d', d3.area<Step>().x((p) => x(p[0])).y0(M.top).y1((p) => y(p[1] + 0.5)).curve(d3.curveStepAfter)(extend(this.series.limit, end)));
      plot.append('path').attr('class', 'fence backoff-limit').attr('d', line(extend(this.series.limit, end)));
    }
    plot.append('path').attr('class', 'job-target').attr('d', line(extend(this.series.target, end)));
    plot.append('path').attr('class', 'job-active').attr('stroke', STAGE_COLOR[Stage.Running]).attr('d', line(extend(this.series.active, end)));
    plot.append('path').attr('class', 'job-failed').attr('stroke', STAGE_COLOR[Stage.Failed]).attr('d', line(extend(this.series.failed, end)));
    plot.append('path').attr('class', 'job-succeeded').attr('stroke', STAGE_COLOR[Stage.Succeeded]).attr('d', line(extend(this.series.succeeded, end)));
    if (this.finish !== null) {
      const f = plot.append('g').attr('class', `job-finish ${this.finish.cls}`).attr('transform', `translate(${x(this.finish.t)},0)`);
      f.append('line').attr('y1', M.top).attr('y2', plotBottom);
      // Written after the line, or before it when it would run past the chart's right edge.
      const before = x(this.finish.t) + 3 + this.finish.label.length * 6.4 > width - M.right;
      f.append('text').attr('x', before ? -3 : 3).attr('y', M.top + 10).attr('text-anchor', before ? 'end' : 'start').text(this.finish.label);
    }
    // The backoff lane: each wait a bracket from the failure to the next pod, labelled with its length.
    const lane = plot.append('g').attr('class', 'backoff-lane').attr('transform', `translate(0,${plotBottom + 3})`);
    const wx = (w: BackoffWait): [number, number] => [x(w.from), x(w.to ?? end)];
    const bw = lane.selectAll('g.backoff').data(this.waits).join('g').attr('class', (w) => `backoff${w.to === null ? ' open' : ''}`)
      .attr('data-wait-ms', (w) => (w.to === null ? null : w.to - w.from));
    bw.append('line').attr('x1', (w) => wx(w)[0]).attr('x2', (w) => wx(w)[1]).attr('y1', 12).attr('y2', 12);
    bw.append('line').attr('class', 'tick').attr('x1', (w) => wx(w)[0]).attr('x2', (w) => wx(w)[0]).attr('y1', 8).attr('y2', 16);
    bw.filter((w) => w.to !== null).append('line').attr('class', 'tick').attr('x1', (w) => wx(w)[1]).attr('x2', (w) => wx(w)[1]).attr('y1', 8).attr('y2', 16);
    bw.filter((w) => wx(w)[1] - wx(w)[0] >= 26).append('text').attr('x', (w) => (wx(w)[0] + wx(w)[1]) / 2).attr('y', 9).text((w) => (w.to === null ? 'waiting' : `${((w.to - w.from) / 1000).toFixed(0)}s`));
    bw.append('title').text((w) => (w.to === null ? `${w.failed} failed at ${clock(w.from)}; no pod since` : `backoff ${((w.to - w.from) / 1000).toFixed(1)} s: ${w.failed} failed at ${clock(w.from)}, ${w.next} created at ${clock(w.to)}`));
    svg.append('text').attr('class', 'strip-label').attr('x', 4).attr('y', plotBottom + 16).text('backoff waits:');
    svg.append('g').attr('class', 'axis').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(Math.min(6, this.top + 1)).tickFormat(d3.format('d')));
    legend(svg, M.top + 4, [
      { cls: 'job-succeeded', stroke: STAGE_COLOR[Stage.Succeeded], label: 'succeeded' },
      { cls: 'job-target', label: 'completions' },
      { cls: 'job-failed', stroke: STAGE_COLOR[Stage.Failed], label: 'failed' },
      ...(this.series.limit.length > 0 ? [{ cls: 'fence', label: 'backoffLimit' }] : []),
      { cls: 'job-active', stroke: STAGE_COLOR[Stage.Running], label: 'active' },
    ]);
    svg.append('line').attr('class', 'playhead').attr('y1', M.top - 4).attr('y2', plotBottom + LANE_H);
  }

  update(seq: number, timeMs: number): void {
    placePlayhead(this.svg, this.x, timeMs, this.readout(seq, timeMs));
  }

  private readout(seq: number, timeMs: number): string {
    const v = liveVersion(this.job, seq);
    if (v === undefined) return this.job.createdSeq > seq ? 'not created yet' : 'deleted';
    const parts = [
      `succeeded ${v[JV.succeeded]}${v[JV.completions] >= 0 ? ` of ${v[JV.completions]}` : ''}`,
      `failed ${v[JV.failed]} (backoffLimit ${v[JV.backoffLimit]})`,
      `active ${v[JV.active]}`,
    ];
    const indexes = this.mi.str(v[JV.completedIndexes]);
    if (indexes !== null) parts.push(`indexes done ${indexes}`);
    const wait = this.waits.find((w) => w.from <= timeMs && (w.to === null || timeMs < w.to));
    if (wait !== undefined) parts.push(`backoff: ${((timeMs - wait.from) / 1000).toFixed(1)} s since ${wait.failed} failed`);
    if (v[JV.suspend] === 1) parts.push('suspended');
    const cond = this.mi.str(v[JV.condition]);
    if (cond !== null) parts.push(`${cond}${this.mi.str(v[JV.reason]) ? ` (${this.mi.str(v[JV.reason])})` : ''}`);
    return parts.join(' · ');
  }
}
