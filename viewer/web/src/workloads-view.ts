import * as d3 from 'd3';
import { widthOf } from './widths.js';
import { DV, RV, type DeploymentTrack, type ReplicaSetTrack } from '../../shared/model.js';
import { rsColor } from './colors.js';
import { versionAt, type ModelIndex } from './model-index.js';

type Step = [number, number]; // [timeMs, value]

interface Series {
  d: DeploymentTrack;
  rss: Array<{ rs: ReplicaSetTrack; index: number; ready: Step[]; desired: Step[] }>;
  ceiling: Step[];
  floor: Step[];
  current: Step[];
  available: Step[];
  top: number;
}

const H = 164;
// The same time range as the pod lifecycles below (150 px labels, 14 px right), so the two line up.
const M = { top: 36, right: 14, bottom: 18, left: 150 };

/**
 * Per Deployment, each ReplicaSet's ready (solid) and desired (dashed) replicas over
 * time, with the band a rolling update must stay in: at most replicas + maxSurge pods
 * (ceiling) and at least replicas - maxUnavailable available (floor). 4 replicas at
 * 25%/25%: ceiling 5, floor 3; the grey line (all pods) never crosses the ceiling and
 * the black one (available) never drops under the floor.
 */
export class WorkloadsView {
  private readonly series: Series[];
  private drawnKey = '';

  constructor(
    private readonly el: HTMLElement,
    private readonly mi: ModelIndex,
  ) {
    this.series = mi.m.deployments.map((d) => this.build(d));
    if (this.series.length === 0) el.innerHTML = '<p class="absent">No Deployments in this recording.</p>';
  }

  private build(d: DeploymentTrack): Series {
    const t = (seq: number): number => this.mi.timeOf(seq);
    const rss = this.mi.m.replicaSets
      .map((rs, index) => ({ rs, index }))
      .filter(({ rs }) => rs.deployment === d.name && rs.namespace === d.namespace)
      .map(({ rs, index }) => ({
        rs,
        index,
        ready: withEnd(rs.versions.map((v): Step => [t(v[RV.seq]), v[RV.ready]]), rs.deletedSeq === null ? null : t(rs.deletedSeq)),
        desired: withEnd(rs.versions.map((v): Step => [t(v[RV.seq]), v[RV.desired]]), rs.deletedSeq === null ? null : t(rs.deletedSeq)),
      }));
    // All pods of the Deployment: the sum of its ReplicaSets' status.replicas, swept in seq order.
    const changes = rss.flatMap(({ rs }) => rs.versions.map((v) => ({ seq: v[RV.seq], uid: rs.uid, n: v[RV.current] }))).sort((a, b) => a.seq - b.seq);
    const now = new Map<string, number>();
    const current: Step[] = [];
    for (const c of changes) {
      now.set(c.uid, c.n);
      let sum = 0;
      for (const n of now.values()) sum += n;
      current.push([t(c.seq), sum]);
    }
    const rolling = d.strategy === 'RollingUpdate';
    const ceiling = d.versions.map((v): Step => [t(v[DV.seq]), v[DV.replicas] + (rolling ? v[DV.surge] : 0)]);
    const floor = d.versions.map((v): Step => [t(v[DV.seq]), Math.max(0, v[DV.replicas] - (rolling ? v[DV.unavailable] : v[DV.replicas]))]);
    const available = d.versions.map((v): Step => [t(v[DV.seq]), v[DV.available]]);
    const top = Math.max(1, ...ceiling.map((s) => s[1]), ...current.map((s) => s[1]), ...rss.flatMap((r) => r.desired.map((s) => s[1])));
    return { d, rss, ceiling, floor, current, available, top };
  }

  render(seq: number, timeMs: number, t0: number, t1: number): void {
    if (this.series.length === 0) return;
    const width = Math.max(320, widthOf(this.el));
    const key = `${width}|${t0}|${t1}`;
    if (key !== this.drawnKey) {
      this.drawnKey = key;
      this.draw(width, t0, t1);
    }
    const x = d3.scaleLinear().domain([t0, t1]).range([M.left, width - M.right]);
    const root = d3.select(this.el);
    root.selectAll<SVGLineElement, Series>('line.playhead').attr('x1', x(timeMs)).attr('x2', x(timeMs)).style('display', timeMs >= t0 && timeMs <= t1 ? 'inline' : 'none');
    root.selectAll<SVGTextElement, Series>('text.readout').text((s) => readout(s, this.mi, seq));
  }

  private draw(width: number, t0: number, t1: number): void {
    const root = d3.select(this.el);
    root.selectAll('*').remove();
    const x = d3.scaleLinear().domain([t0, t1]).range([M.left, width - M.right]);
    const end = this.mi.endTime;
    for (const s of this.series) {
      const svg = root.append('svg').datum(s).attr('class', 'workload').attr('width', width).attr('height', H).attr('data-deployment', s.d.name);
      const y = d3.scaleLinear().domain([0, s.top + 1]).range([H - M.bottom, M.top]);
      const line = d3.line<Step>().x((p) => x(p[0])).y((p) => y(p[1])).curve(d3.curveStepAfter);
      const clipId = `clip-${s.d.namespace}-${s.d.name}`;
      svg.append('clipPath').attr('id', clipId).append('rect').attr('x', M.left).attr('y', 0).attr('width', width - M.left - M.right).attr('height', H);
      const g = svg.append('g').attr('clip-path', `url(#${clipId})`);
      // The forbidden zones: above the surge ceiling, below the availability floor.
      g.append('path').attr('class', 'band ceiling-zone').attr('d', d3.area<Step>().x((p) => x(p[0])).y0(M.top).y1((p) => y(p[1])).curve(d3.curveStepAfter)(extend(s.ceiling, end)));
      g.append('path').attr('class', 'band floor-zone').attr('d', d3.area<Step>().x((p) => x(p[0])).y0(H - M.bottom).y1((p) => y(p[1])).curve(d3.curveStepAfter)(extend(s.floor, end)));
      g.append('path').attr('class', 'fence').attr('d', line(extend(s.ceiling, end)));
      g.append('path').attr('class', 'fence').attr('d', line(extend(s.floor, end)));
      for (const r of s.rss) {
        g.append('path').attr('class', 'rs-desired').attr('stroke', rsColor(r.index)).attr('d', line(extend(r.desired, end)));
        g.append('path').attr('class', 'rs-ready').attr('stroke', rsColor(r.index)).attr('d', line(extend(r.ready, end))).append('title').text(`${r.rs.name} ready`);
      }
      g.append('path').attr('class', 'total-current').attr('d', line(extend(s.current, end)));
      g.append('path').attr('class', 'total-available').attr('d', line(extend(s.available, end)));
      svg.append('g').attr('class', 'axis').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(Math.min(6, s.top + 1)).tickFormat(d3.format('d')));
      svg.append('text').attr('class', 'chart-title').attr('x', 4).attr('y', 14).text(`deployment/${s.d.name} (${s.d.strategy})`);
      svg.append('text').attr('class', 'readout').attr('x', 4).attr('y', 28);
      const legend = svg.append('g').attr('transform', `translate(4,${M.top + 4})`);
      const items: Array<[string, string]> = [['total-current', 'all pods'], ['total-available', 'available'], ['fence', 'surge / unavail. limits']];
      items.forEach(([cls, label], i) => {
        legend.append('line').attr('class', cls).attr('x1', 0).attr('x2', 18).attr('y1', i * 15).attr('y2', i * 15);
        legend.append('text').attr('x', 22).attr('y', i * 15 + 4).text(label);
      });
      s.rss.forEach((r, i) => {
        const yy = (items.length + i) * 15;
        legend.append('line').attr('class', 'rs-ready').attr('stroke', rsColor(r.index)).attr('x1', 0).attr('x2', 18).attr('y1', yy).attr('y2', yy);
        legend.append('text').attr('x', 22).attr('y', yy + 4).text(`${r.rs.name.slice(s.d.name.length + 1)}${r.rs.revision ? ` rev ${r.rs.revision}` : ''}`).append('title').text(`${r.rs.name}: ${r.rs.image ?? 'unknown image'} (solid: ready, dashed: desired)`);
      });
      svg.append('line').attr('class', 'playhead').attr('y1', M.top - 4).attr('y2', H - M.bottom);
    }
  }
}

/** Carry a step series to the end (or to its deletion, set by withEnd). */
function extend(steps: Step[], end: number): Step[] {
  const last = steps[steps.length - 1];
  return last === undefined ? steps : [...steps, [Math.max(end, last[0]), last[1]]];
}

function withEnd(steps: Step[], deletedAt: number | null): Step[] {
  return deletedAt === null ? steps : [...steps, [deletedAt, 0]];
}

function readout(s: Series, mi: ModelIndex, seq: number): string {
  const v = mi.deploymentAt(s.d, seq);
  if (v === undefined) return 'not created yet';
  const rolling = s.d.strategy === 'RollingUpdate';
  const parts = [`replicas ${v[DV.replicas]}`, `updated ${v[DV.updated]}`, `ready ${v[DV.ready]}`, `available ${v[DV.available]}`];
  if (rolling) parts.push(`at most ${v[DV.replicas] + v[DV.surge]} pods, at least ${Math.max(0, v[DV.replicas] - v[DV.unavailable])} available`);
  for (const r of s.rss) {
    const rv = versionAt(r.rs.versions, seq);
    if (rv !== undefined && (rv[RV.desired] > 0 || rv[RV.current] > 0)) parts.push(`${r.rs.name.slice(s.d.name.length + 1)}: ${rv[RV.ready]}/${rv[RV.desired]}`);
  }
  return parts.join(' · ');
}
