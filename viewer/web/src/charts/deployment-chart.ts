import * as d3 from 'd3';
import { DV, RV, Stage, STAGE_NAMES, type DeploymentTrack } from '../../../shared/model.js';
import { addHatch, HATCH, revFill, revMark, STAGE_COLOR } from '../colors.js';
import { clock } from '../format.js';
import type { ModelIndex } from '../model-index.js';
import { liveVersion } from '../versions.js';
import { extend, fit, frame, legend, M, placePlayhead, stepLine, timeScale, type Step, type Svg, type WorkloadChart } from './chart-frame.js';
import { decimateIndices, decimateSteps } from './decimate.js';
import { sortedPairs } from '../sorted-pairs.js';
import { LANE_STAGES, revisionAt, revisionsOf, rollouts, RsPods, type Rollout } from './rs-pods.js';
import { linearOf } from './linear.js';
import { stepAfterArea } from './step-area.js';

/** Height of the totals plot, of each ReplicaSet's lane, and the gap between them. */
const TOT_H = 70;
const LANE_H = 30;
const GAP = 8;
/** A limit line is drawn this far into its forbidden zone, so a count at the limit shows both lines, touching. */
const FENCE_OFFSET = 3;

/**
 * A Deployment: on top its totals against the band a rolling update must stay in (at
 * most replicas + maxSurge pods, at least replicas - maxUnavailable available: 10 at
 * 25%/25% gives 13 and 8), then a lane per ReplicaSet with its pods stacked by phase
 * (the chips' hues: Ready at the bottom), its desired count dashed and its available
 * count solid black, and at the left its mark (the chips' top bar) and its counts at the
 * playhead. Each rollout is shaded, with a button above that zooms every time chart to it.
 */
export class DeploymentChart implements WorkloadChart {
  private readonly rss: RsPods[];
  private readonly ceiling: Step[];
  private readonly floor: Step[];
  private readonly current: Step[] = [];
  private readonly available: Step[];
  private readonly rollouts: Rollout[];
  private readonly top: number;
  private readonly laneTop: number;
  private svg: Svg | undefined;
  private x = d3.scaleLinear();
  /** Each lane's counts at the playhead, kept from the draw: a selector per lane per frame was a query of the whole chart. */
  private readonly readouts = new Map<RsPods, SVGTextElement>();

  constructor(
    private readonly mi: ModelIndex,
    private readonly d: DeploymentTrack,
    private readonly onZoom: (t0: number, t1: number) => void = () => undefined,
  ) {
    const t = (seq: number): number => mi.timeOf(seq);
    this.rss = mi.m.replicaSets
      .map((rs, index) => ({ rs, index }))
      .filter(({ rs }) => rs.deployment === d.name && rs.namespace === d.namespace)
      .map(({ rs, index }) => new RsPods(mi, rs, index));
    // The pods the ReplicaSets count (status.replicas: terminating pods are not): what maxSurge bounds.
    // Summed as a running total of each write's change to its own ReplicaSet's count, in seq
    // order (sortedPairs: packed and sorted natively, ties in ReplicaSet then version order as
    // the stable sort of objects had them): 8 ReplicaSets of 1,000 pods rolled 7 times have
    // ~20,000 writes, which were an object each, a comparator sort and a sum over a Map per write.
    const seqs: number[] = [];
    const deltas: number[] = [];
    for (const { rs } of this.rss) {
      let was = 0;
      for (const v of rs.versions) {
        seqs.push(v[RV.seq]);
        deltas.push(v[RV.current] - was);
        was = v[RV.current];
      }
    }
    const order = sortedPairs(seqs, Array.from(seqs, (_, k) => k));
    let sum = 0;
    for (let k = 0; k < order.ids.length; k++) {
      sum += deltas[order.ids[k] as number] as number;
      this.current.push([t(order.keys[k] as number), sum]);
    }
    const rolling = d.strategy === 'RollingUpdate';
    this.ceiling = d.versions.map((v): Step => [t(v[DV.seq]), v[DV.replicas] + (rolling ? v[DV.surge] : 0)]);
    this.floor = d.versions.map((v): Step => [t(v[DV.seq]), Math.max(0, v[DV.replicas] - (rolling ? v[DV.unavailable] : v[DV.replicas]))]);
    this.available = d.versions.map((v): Step => [t(v[DV.seq]), v[DV.available]]);
    this.top = Math.max(1, ...this.ceiling.map((s) => s[1]), ...this.current.map((s) => s[1]));
    this.laneTop = Math.max(1, ...this.rss.map((r) => r.peak));
    this.rollouts = rollouts(mi, this.rss);
  }

  private get height(): number {
    return M.top + TOT_H + GAP + this.rss.length * LANE_H + M.bottom;
  }

  draw(root: HTMLElement, width: number, t0: number, t1: number): void {
    const { d } = this;
    const H = this.height;
    const x = (this.x = timeScale(width, t0, t1));
    const end = this.mi.endTime;
    const { svg, plot: g } = frame(root, 'deployment', { deployment: d.name }, width, H, `deployment/${d.name} (${d.strategy})`);
    addHatch(svg);
    this.svg = svg;
    this.readouts.clear();
    this.drawRollouts(svg, g, x, width, t0, t1, H);
    const y = d3.scaleLinear().domain([0, this.top + 1]).range([M.top + TOT_H, M.top]);
    // Each series cut to what the plot's pixels show (decimate.ts): a rolled 1,000-pod Deployment has a step per write.
    const [x0, x1] = x.range() as [number, number];
    const fx = linearOf(x);
    const px = (s: readonly Step[]): Step[] => decimateSteps(s, (p) => fx(p[0]), (p) => p[1], x0, x1) as Step[];
    const line = stepLine(x, y);
    const shifted = (dy: number) => d3.line<Step>().x((p) => x(p[0])).y((p) => y(p[1]) + dy).curve(d3.curveStepAfter);
    // The forbidden zones: above the surge ceiling, below the availability floor.
    g.append('path').attr('class', 'band ceiling-zone').attr('d', d3.area<Step>().x((p) => x(p[0])).y0(M.top).y1((p) => y(p[1])).curve(d3.curveStepAfter)(px(extend(this.ceiling, end))));
    g.append('path').attr('class', 'band floor-zone').attr('d', d3.area<Step>().x((p) => x(p[0])).y0(M.top + TOT_H).y1((p) => y(p[1])).curve(d3.curveStepAfter)(px(extend(this.floor, end))));
    g.append('path').attr('class', 'fence ceiling').attr('d', shifted(-FENCE_OFFSET)(px(extend(this.ceiling, end)))).append('title').text('at most replicas + maxSurge pods');
    g.append('path').attr('class', 'fence floor').attr('d', shifted(FENCE_OFFSET)(px(extend(this.floor, end)))).append('title').text('at least replicas - maxUnavailable available');
    g.append('path').attr('class', 'total-current').attr('d', line(px(extend(this.current, end)))).append('title').text('pods its ReplicaSets count (status.replicas, not terminating)');
    g.append('path').attr('class', 'total-available').attr('d', line(px(extend(this.available, end)))).append('title').text('available (Deployment status)');
    svg.append('g').attr('class', 'axis').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(Math.min(4, this.top + 1)).tickFormat(d3.format('d')));
    legend(svg, M.top + 4, [
      { cls: 'total-current', label: 'pods (RS status)' },
      { cls: 'total-available', label: 'available' },
      { cls: 'fence ceiling', label: 'surge/unavail. limit' },
    ]);
    this.rss.forEach((r, i) => this.drawLane(svg, g, r, i, x, end, px));
    svg.append('line').attr('class', 'playhead').attr('y1', M.top - 4).attr('y2', H - M.bottom);
  }

  /** A ReplicaSet's lane: its pods stacked by stage, desired dashed, available solid, its mark and counts at the left. */
  private drawLane(svg: Svg, g: d3.Selection<SVGGElement, unknown, null, undefined>, r: RsPods, i: number, x: d3.ScaleLinear<number, number>, end: number, px: (s: readonly Step[]) => Step[]): void {
    const top = M.top + TOT_H + GAP + i * LANE_H;
    const y = d3.scaleLinear().domain([0, this.laneTop]).range([top + LANE_H - 3, top + 3]);
    const lane = g.append('g').attr('class', 'rs-lane').attr('data-rs', r.rs.name);
    lane.append('line').attr('class', 'lane-base').attr('x1', M.left).attr('x2', x.range()[1] as number).attr('y1', y(0)).attr('y2', y(0));
    // The steps the lane's pixels keep (decimate.ts), read by index from its columns, then
    // the last step again at the end of the recording so its counts run to the right edge.
    // x and y as plain functions giving d3's numbers (linear.ts): 61,010 steps are placed to decimate them.
    const [x0, x1] = x.range() as [number, number];
    const fx = linearOf(x);
    const fy = linearOf(y);
    const n = r.length === 0 ? 0 : r.length + 1;
    const timeAt = (k: number): number => (k < r.length ? (r.times[k] as number) : Math.max(end, r.times[r.length - 1] as number));
    const keep = decimateIndices(n, (k) => fx(timeAt(k)), (k) => r.totals[Math.min(k, r.length - 1)] as number, x0, x1);
    // Each kept step's x and its stack (the count of LANE_STAGES below each stage), in
    // columns: up to ~2,800 kept steps x 7 stages x 2 edges per lane, once each.
    const m = keep.length;
    const S = LANE_STAGES.length + 1;
    const xs = new Float64Array(m);
    const stacks = new Float64Array(m * S);
    for (let j = 0; j < m; j++) {
      const k = keep[j] as number;
      xs[j] = fx(timeAt(k));
      const at = Math.min(k, r.length - 1);
      LANE_STAGES.forEach((st, i) => (stacks[j * S + i + 1] = (stacks[j * S + i] as number) + r.count(at, st)));
    }
    LANE_STAGES.forEach((st, i) => {
      let any = false;
      for (let j = 0; j < m && !any; j++) any = r.count(Math.min(keep[j] as number, r.length - 1), st) > 0;
      if (!any) return;
      // What d3.area().curve(d3.curveStepAfter) writes, to the byte (step-area.ts).
      const d = stepAfterArea(m, xs, (j) => fy(stacks[j * S + i] as number), (j) => fy(stacks[j * S + i + 1] as number));
      lane.append('path').attr('class', `lane-stage`).attr('data-stage', STAGE_NAMES[st]).attr('fill', st === Stage.Terminating ? `url(#${HATCH})` : STAGE_COLOR[st]).attr('d', d).append('title').text(`${r.rs.name}: ${STAGE_NAMES[st]}`);
    });
    const line = stepLine(x, y);
    const desired = px(extend(r.rs.versions.map((v): Step => [this.mi.timeOf(v[RV.seq]), v[RV.desired]]), end));
    const available = px(extend(r.rs.versions.map((v): Step => [this.mi.timeOf(v[RV.seq]), v[RV.available]]), end));
    // White casings under both lines keep them readable over any phase's fill.
    for (const [cls, s] of [['rs-desired', desired], ['rs-available', available]] as const) {
      lane.append('path').attr('class', 'casing').attr('d', line(s));
      lane.append('path').attr('class', cls).attr('d', line(s)).append('title').text(`${r.rs.name} ${cls === 'rs-desired' ? 'desired (spec.replicas)' : 'available (status)'}`);
    }
    const label = svg.append('g').attr('class', 'lane-label').attr('data-rs', r.rs.name).attr('transform', `translate(4,${top})`);
    label.append('rect').attr('class', 'rev-swatch').attr('y', 4).attr('width', 18).attr('height', 6).attr('fill', revFill(r.index)).attr('stroke', '#1a1a1a').attr('stroke-width', 0.5).attr('data-mark', revMark(r.index));
    const hash = r.rs.name.slice(this.d.name.length + 1);
    const revs = revisionsOf(r.rs);
    label.append('text').attr('class', 'lane-name').attr('x', 22).attr('y', 11).text(fit(`${revs === null ? '' : `rev ${revs} · `}${hash}`, M.left - 30, 6.6)).append('title').text(`${r.rs.name}: ${r.rs.image ?? 'unknown image'}`);
    this.readouts.set(r, label.append('text').attr('class', 'lane-readout').attr('x', 0).attr('y', 24).node() as SVGTextElement);
  }

  /** Each rollout shaded across the plots, with a button in the title row that zooms to it (and one back to the whole recording). */
  private drawRollouts(svg: Svg, g: d3.Selection<SVGGElement, unknown, null, undefined>, x: d3.ScaleLinear<number, number>, width: number, t0: number, t1: number, H: number): void {
    const end = this.mi.endTime;
    const pad = (r: Rollout): [number, number] => {
      const p = Math.max(2000, (r.t1 - r.t0) * 0.15);
      return [Math.max(0, r.t0 - p), Math.min(end, r.t1 + p)];
    };
    this.rollouts.forEach((r, i) => {
      g.append('rect').attr('class', 'rollout').attr('data-rollout', i + 1).attr('x', x(r.t0)).attr('width', Math.max(1, x(r.t1) - x(r.t0))).attr('y', M.top).attr('height', H - M.top - M.bottom)
        .append('title').text(`rollout ${i + 1}: ${clock(r.t0)} - ${clock(r.t1)}`);
    });
    const buttons = [...this.rollouts.map((r, i) => ({ label: `rollout ${i + 1} (${clock(r.t0).replace(/\.\d$/, '')})`, win: pad(r), key: String(i + 1) })), { label: 'all', win: [0, end] as [number, number], key: 'all' }];
    let right = width - M.right;
    for (const b of [...buttons].reverse()) {
      const w = b.label.length * 6 + 12;
      right -= w;
      const on = Math.abs(b.win[0] - t0) < 1 && Math.abs(b.win[1] - t1) < 1;
      const btn = svg.append('g').attr('class', `focus-btn${on ? ' on' : ''}`).attr('data-focus', b.key).attr('transform', `translate(${right},2)`).on('click', () => this.onZoom(b.win[0], b.win[1]));
      btn.append('rect').attr('width', w - 4).attr('height', 16).attr('rx', 3);
      btn.append('text').attr('x', (w - 4) / 2).attr('y', 12).text(b.label);
      btn.append('title').text(b.key === 'all' ? 'show the whole recording' : `zoom every time chart to rollout ${b.key}`);
    }
  }

  update(seq: number, timeMs: number): void {
    placePlayhead(this.svg, this.x, timeMs, this.readout(seq));
    // The totals' values at the playhead, beside each series' key.
    const v = this.mi.deploymentAt(this.d, seq);
    const rolling = this.d.strategy === 'RollingUpdate';
    const pods = this.rss.reduce((a, r) => a + (liveVersion(r.rs, seq)?.[RV.current] ?? 0), 0);
    // Its status's available, never more than the pods Ready at that instant (RsPods.at says why): k8shark's
    // capture read "4 available" beside "ready 3/3" while the Deployment's status lagged its pods.
    const ready = this.rss.reduce((a, r) => a + r.at(seq).ready, 0);
    const keys = this.svg?.selectAll<SVGTextElement, unknown>('g.chart-legend text').nodes() ?? [];
    const texts = v === undefined
      ? ['pods (RS status)', 'available', 'surge/unavail. limit']
      : [`${pods} pods (RS status)`, `${Math.min(v[DV.available], ready)} available`, rolling ? `limits ≤${v[DV.replicas] + v[DV.surge]} pods, ≥${Math.max(0, v[DV.replicas] - v[DV.unavailable])}` : 'no surge (Recreate)'];
    texts.forEach((t, i) => {
      const node = keys[i];
      if (node !== undefined && node.firstChild?.textContent !== t) (node.firstChild as Text).textContent = t;
    });
    for (const r of this.rss) {
      const c = r.at(seq);
      const text = `${c.pods} pods, ${c.ready} ready, ${c.available} avail.`;
      const node = this.readouts.get(r);
      if (node !== undefined && node.textContent !== text) node.textContent = text;
    }
  }

  /**
   * The header, read from the pods as the chips show them (not from the Deployment's
   * status, written after its ReplicaSets', which are written after their pods'), then
   * the limits and each ReplicaSet: "rev 2: 3 pods, 2 ready, 2 available".
   */
  private readout(seq: number): string {
    const { d } = this;
    const v = this.mi.deploymentAt(d, seq);
    if (v === undefined) return 'not created yet';
    const counts = this.rss.map((r) => ({ r, c: r.at(seq) }));
    const pods = counts.reduce((a, { c }) => a + c.pods, 0);
    const ready = counts.reduce((a, { c }) => a + c.ready, 0);
    const terminating = counts.reduce((a, { c }) => a + c.terminating, 0);
    const parts = [`ready ${ready}/${v[DV.replicas]}`, `${pods} pods${terminating === 0 ? '' : ` (${terminating} terminating)`}`];
    for (const { r, c } of counts) {
      if (c.pods === 0 && c.desired === 0) continue;
      const rev = revisionAt(r.rs, seq);
      parts.push(`${rev === null ? r.rs.name.slice(d.name.length + 1) : `rev ${rev}`}: ${c.pods} pods, ${c.ready} ready, ${c.available} available`);
    }
    return parts.join(' · ');
  }
}
