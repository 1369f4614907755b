import * as d3 from 'd3';
import { DV, RV, type DeploymentTrack, type ReplicaSetTrack } from '../../../shared/model.js';
import { rsColor } from '../colors.js';
import type { ModelIndex } from '../model-index.js';
import { versionAt } from '../versions.js';
import { extend, frame, legend, M, placePlayhead, stepLine, timeScale, withEnd, type Step, type Svg, type WorkloadChart } from './chart-frame.js';

const H = 164;

/**
 * Per Deployment, each ReplicaSet's ready (solid) and desired (dashed) replicas over
 * time, with the band a rolling update must stay in: at most replicas + maxSurge pods
 * (ceiling) and at least replicas - maxUnavailable available (floor). 4 replicas at
 * 25%/25%: ceiling 5, floor 3; the grey line (all pods) never crosses the ceiling and
 * the black one (available) never drops under the floor.
 */
export class DeploymentChart implements WorkloadChart {
  private readonly rss: Array<{ rs: ReplicaSetTrack; index: number; ready: Step[]; desired: Step[] }>;
  private readonly ceiling: Step[];
  private readonly floor: Step[];
  private readonly current: Step[] = [];
  private readonly available: Step[];
  private readonly top: number;
  private svg: Svg | undefined;
  private x = d3.scaleLinear();

  constructor(
    private readonly mi: ModelIndex,
    private readonly d: DeploymentTrack,
  ) {
    const t = (seq: number): number => mi.timeOf(seq);
    this.rss = mi.m.replicaSets
      .map((rs, index) => ({ rs, index }))
      .filter(({ rs }) => rs.deployment === d.name && rs.namespace === d.namespace)
      .map(({ rs, index }) => ({
        rs,
        index,
        ready: withEnd(rs.versions.map((v): Step => [t(v[RV.seq]), v[RV.ready]]), rs.deletedSeq === null ? null : t(rs.deletedSeq)),
        desired: withEnd(rs.versions.map((v): Step => [t(v[RV.seq]), v[RV.desired]]), rs.deletedSeq === null ? null : t(rs.deletedSeq)),
      }));
    // All pods of the Deployment: the sum of its ReplicaSets' status.replicas, swept in seq order.
    const changes = this.rss.flatMap(({ rs }) => rs.versions.map((v) => ({ seq: v[RV.seq], uid: rs.uid, n: v[RV.current] }))).sort((a, b) => a.seq - b.seq);
    const now = new Map<string, number>();
    for (const c of changes) {
      now.set(c.uid, c.n);
      let sum = 0;
      for (const n of now.values()) sum += n;
      this.current.push([t(c.seq), sum]);
    }
    const rolling = d.strategy === 'RollingUpdate';
    this.ceiling = d.versions.map((v): Step => [t(v[DV.seq]), v[DV.replicas] + (rolling ? v[DV.surge] : 0)]);
    this.floor = d.versions.map((v): Step => [t(v[DV.seq]), Math.max(0, v[DV.replicas] - (rolling ? v[DV.unavailable] : v[DV.replicas]))]);
    this.available = d.versions.map((v): Step => [t(v[DV.seq]), v[DV.available]]);
    this.top = Math.max(1, ...this.ceiling.map((s) => s[1]), ...this.current.map((s) => s[1]), ...this.rss.flatMap((r) => r.desired.map((s) => s[1])));
  }

  draw(root: HTMLElement, width: number, t0: number, t1: number): void {
    const { d } = this;
    const x = (this.x = timeScale(width, t0, t1));
    const end = this.mi.endTime;
    const { svg, plot: g } = frame(root, '', { deployment: d.name }, width, H, `deployment/${d.name} (${d.strategy})`);
    this.svg = svg;
    const y = d3.scaleLinear().domain([0, this.top + 1]).range([H - M.bottom, M.top]);
    const line = stepLine(x, y);
    // The forbidden zones: above the surge ceiling, below the availability floor.
    g.append('path').attr('class', 'band ceiling-zone').attr('d', d3.area<Step>().x((p) => x(p[0])).y0(M.top).y1((p) => y(p[1])).curve(d3.curveStepAfter)(extend(this.ceiling, end)));
    g.append('path').attr('class', 'band floor-zone').attr('d', d3.area<Step>().x((p) => x(p[0])).y0(H - M.bottom).y1((p) => y(p[1])).curve(d3.curveStepAfter)(extend(this.floor, end)));
    g.append('path').attr('class', 'fence').attr('d', line(extend(this.ceiling, end)));
    g.append('path').attr('class', 'fence').attr('d', line(extend(this.floor, end)));
    for (const r of this.rss) {
      g.append('path').attr('class', 'rs-desired').attr('stroke', rsColor(r.index)).attr('d', line(extend(r.desired, end)));
      g.append('path').attr('class', 'rs-ready').attr('stroke', rsColor(r.index)).attr('d', line(extend(r.ready, end))).append('title').text(`${r.rs.name} ready`);
    }
    g.append('path').attr('class', 'total-current').attr('d', line(extend(this.current, end)));
    g.append('path').attr('class', 'total-available').attr('d', line(extend(this.available, end)));
    svg.append('g').attr('class', 'axis').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(Math.min(6, this.top + 1)).tickFormat(d3.format('d')));
    legend(svg, M.top + 4, [
      { cls: 'total-current', label: 'all pods' },
      { cls: 'total-available', label: 'available' },
      { cls: 'fence', label: 'surge / unavail. limits' },
      ...this.rss.map((r) => ({
        cls: 'rs-ready',
        stroke: rsColor(r.index),
        label: `${r.rs.name.slice(d.name.length + 1)}${r.rs.revision ? ` rev ${r.rs.revision}` : ''}`,
        title: `${r.rs.name}: ${r.rs.image ?? 'unknown image'} (solid: ready, dashed: desired)`,
      })),
    ]);
    svg.append('line').attr('class', 'playhead').attr('y1', M.top - 4).attr('y2', H - M.bottom);
  }

  update(seq: number, timeMs: number): void {
    placePlayhead(this.svg, this.x, timeMs, this.readout(seq));
  }

  private readout(seq: number): string {
    const { d } = this;
    const v = this.mi.deploymentAt(d, seq);
    if (v === undefined) return 'not created yet';
    const rolling = d.strategy === 'RollingUpdate';
    const parts = [`replicas ${v[DV.replicas]}`, `updated ${v[DV.updated]}`, `ready ${v[DV.ready]}`, `available ${v[DV.available]}`];
    if (rolling) parts.push(`at most ${v[DV.replicas] + v[DV.surge]} pods, at least ${Math.max(0, v[DV.replicas] - v[DV.unavailable])} available`);
    for (const r of this.rss) {
      const rv = versionAt(r.rs.versions, seq);
      if (rv !== undefined && (rv[RV.desired] > 0 || rv[RV.current] > 0)) parts.push(`${r.rs.name.slice(d.name.length + 1)}: ${rv[RV.ready]}/${rv[RV.desired]}`);
    }
    return parts.join(' · ');
  }
}
