import * as d3 from 'd3';
import { EndpointState, PV, Stage, STAGE_NAMES, type PodTrack } from '../../shared/model.js';
import { addHatch, HATCH, rsColor, SIGTERM_COLOR, STAGE_COLOR } from './colors.js';
import { clock } from './format.js';
import type { ModelIndex } from './model-index.js';

interface Segment {
  t0: number;
  t1: number;
  stage: Stage;
  /** Terminating is drawn in two parts: 'prestop' (hook running) and 'sigterm' (after SIGTERM). */
  part: 'prestop' | 'sigterm' | '';
}

interface Row {
  pod: PodTrack;
  rs: number;
  segments: Segment[];
  endpoints: Array<[number, number, EndpointState]>;
  failures: Array<[number, number, string]>;
  goneAt: number | null;
}

const LABEL_W = 150;
const RIGHT = 14;
const AXIS_H = 18;
let clipCount = 0;

/**
 * A row per pod: Pending, ContainerCreating, Running not ready, Ready, Terminating
 * (preStop hatched, after SIGTERM dark), gone. Above each row a thin line shows when
 * the pod was in its Service's endpoints (green ready, orange terminating), and red
 * ticks mark failed requests it served.
 */
export class LifecyclesView {
  private readonly rows: Row[];
  private drawnKey = '';
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;

  constructor(
    private readonly el: HTMLElement,
    private readonly mi: ModelIndex,
    private readonly onSelect: (pod: PodTrack, seq: number) => void,
  ) {
    this.rows = [...mi.m.pods].sort((a, b) => a.createdSeq - b.createdSeq).map((p) => this.build(p));
    this.svg = d3.select(el).append('svg').attr('class', 'lifecycles');
    addHatch(this.svg);
  }

  private build(pod: PodTrack): Row {
    const t = (seq: number): number => this.mi.timeOf(seq);
    const goneAt = pod.deletedSeq === null ? null : t(pod.deletedSeq);
    const end = goneAt ?? this.mi.endTime;
    const segments: Segment[] = [];
    const push = (s: Segment): void => {
      const last = segments[segments.length - 1];
      if (last !== undefined && last.stage === s.stage && last.part === s.part && last.t1 === s.t0) last.t1 = s.t1;
      else if (s.t1 > s.t0 || s.t1 === end) segments.push(s);
    };
    pod.versions.forEach((v, i) => {
      const a = t(v[PV.seq]);
      const next = pod.versions[i + 1];
      const b = next === undefined ? end : t(next[PV.seq]);
      const stage = v[PV.stage];
      if (stage !== Stage.Terminating) return push({ t0: a, t1: b, stage, part: '' });
      // SIGTERM comes when the preStop hook ends (capped by the grace period).
      const start = v[PV.deletionStart] >= 0 ? v[PV.deletionStart] : a;
      const grace = v[PV.grace] >= 0 ? v[PV.grace] * 1000 : Infinity;
      const sigterm = start + Math.min(pod.preStopMs, grace);
      if (sigterm > a) push({ t0: a, t1: Math.min(b, sigterm), stage, part: 'prestop' });
      if (b > sigterm) push({ t0: Math.max(a, sigterm), t1: b, stage, part: 'sigterm' });
    });
    const key = `${pod.namespace}/${pod.name}`;
    const spans = this.mi.m.endpoints?.[key] ?? [];
    const endpoints = spans.map(([a, b, st]): [number, number, EndpointState] => [t(a), b === null ? this.mi.endTime : t(b), st]);
    const failures = (this.mi.m.traffic?.failures ?? []).filter((f) => f[1] === pod.name).map((f): [number, number, string] => [f[0], f[3], f[2]]);
    return { pod, rs: this.mi.rsOf(pod), segments, endpoints, failures, goneAt };
  }

  render(timeMs: number, t0: number, t1: number): void {
    const width = Math.max(320, this.el.clientWidth);
    const key = `${width}|${t0}|${t1}`;
    if (key !== this.drawnKey) {
      this.drawnKey = key;
      this.draw(width, t0, t1);
    }
    const x = d3.scaleLinear().domain([t0, t1]).range([LABEL_W, width - RIGHT]);
    this.svg.select('line.playhead').attr('x1', x(timeMs)).attr('x2', x(timeMs)).style('display', timeMs >= t0 && timeMs <= t1 ? 'inline' : 'none');
  }

  private draw(width: number, t0: number, t1: number): void {
    const svg = this.svg;
    svg.selectAll(':scope > g, :scope > line, :scope > text').remove();
    const visible = this.rows.filter((r) => this.mi.timeOf(r.pod.createdSeq) <= t1 && (r.goneAt === null || r.goneAt >= t0));
    // 1,000 pods get 3 px rows; a handful get 18 px rows with readable names.
    const rowH = Math.max(3, Math.min(18, Math.floor(600 / Math.max(1, visible.length))));
    const x = d3.scaleLinear().domain([t0, t1]).range([LABEL_W, width - RIGHT]);
    const height = AXIS_H + visible.length * rowH + 4;
    svg.attr('width', width).attr('height', Math.max(height, 40));
    if (this.rows.length === 0) {
      svg.append('text').attr('class', 'absent').attr('x', 8).attr('y', 24).text('No pods in this recording.');
      return;
    }
    svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${AXIS_H - 2})`).call(d3.axisTop(x).ticks(Math.max(2, Math.floor(width / 110))).tickFormat((d) => clock(Number(d))));
    const clip = `lc-clip-${++clipCount}`;
    svg.append('clipPath').attr('id', clip).append('rect').attr('x', LABEL_W).attr('y', 0).attr('width', width - LABEL_W - RIGHT).attr('height', height);
    const rows = svg.append('g').selectAll<SVGGElement, Row>('g.row').data(visible).join('g').attr('class', 'row')
      .attr('data-pod', (r) => r.pod.name)
      .attr('transform', (_r, i) => `translate(0,${AXIS_H + i * rowH})`)
      .on('click', (ev: MouseEvent, r) => {
        const [px] = d3.pointer(ev);
        const seq = this.mi.seqAtTime(x.invert(px));
        const v = [...r.pod.versions].reverse().find((pv) => pv[PV.seq] <= seq) ?? r.pod.versions[0];
        if (v !== undefined) this.onSelect(r.pod, v[PV.seq]);
      });
    if (rowH >= 9) {
      rows.append('rect').attr('class', 'rs-swatch').attr('x', 2).attr('y', 1).attr('width', 6).attr('height', rowH - 2).attr('fill', (r) => rsColor(r.rs));
      rows.append('text').attr('class', 'pod-label').attr('x', 12).attr('y', rowH - 3).text((r) => r.pod.name);
    }
    const inner = rows.append('g').attr('clip-path', `url(#${clip})`);
    const epH = this.mi.m.endpoints === null ? 0 : Math.max(1, Math.floor(rowH / 5));
    inner.selectAll<SVGRectElement, Segment>('rect.seg').data((r) => r.segments).join('rect')
      .attr('class', (s) => `seg ${s.part}`)
      .attr('x', (s) => x(s.t0)).attr('width', (s) => Math.max(0.5, x(s.t1) - x(s.t0)))
      .attr('y', epH + 0.5).attr('height', Math.max(1, rowH - epH - 1.5))
      .attr('fill', (s) => (s.part === 'prestop' ? `url(#${HATCH})` : s.part === 'sigterm' ? SIGTERM_COLOR : STAGE_COLOR[s.stage]))
      .append('title').text((s) => `${s.part === 'prestop' ? 'Terminating: preStop hook running' : s.part === 'sigterm' ? 'Terminating: after SIGTERM' : STAGE_NAMES[s.stage]} ${clock(s.t0)} - ${clock(s.t1)}`);
    if (epH > 0) {
      inner.selectAll<SVGRectElement, [number, number, EndpointState]>('rect.ep').data((r) => r.endpoints).join('rect')
        .attr('class', (e) => `ep ep-${e[2]}`)
        .attr('x', (e) => x(e[0])).attr('width', (e) => Math.max(0.5, x(e[1]) - x(e[0]))).attr('y', 0).attr('height', epH);
    }
    inner.selectAll<SVGLineElement, [number, number, string]>('line.fail').data((r) => r.failures).join('line')
      .attr('class', 'fail').attr('x1', (f) => x(f[0])).attr('x2', (f) => x(f[0])).attr('y1', 0).attr('y2', rowH)
      .append('title').text((f) => `${clock(f[0])}: ${f[1]} ${f[2]}`);
    svg.append('line').attr('class', 'playhead').attr('y1', 0).attr('y2', height);
    if (this.mi.m.endpoints === null) svg.append('text').attr('class', 'absent small').attr('x', 4).attr('y', 12).text('no Service data');
  }
}
