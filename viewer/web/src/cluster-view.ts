import * as d3 from 'd3';
import { NV, PV, Stage, STAGE_NAMES, type PodTrack } from '../../shared/model.js';
import { addHatch, HATCH, rsColor, STAGE_COLOR } from './colors.js';
import { shortPod } from './format.js';
import type { ModelIndex, NodeAt, PodAt } from './model-index.js';

interface Box {
  key: string;
  title: string;
  status: string;
  taints: string;
  kind: 'node' | 'lane';
  ready: number; // NV ready code; 1 for lanes
  cordoned: boolean;
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Chip {
  pod: PodAt;
  x: number;
  y: number;
  /** Fraction of the grace period left (1 -> 0) while terminating, else -1. */
  graceLeft: number;
  secondsLeft: number;
  /** What kubectl's STATUS would say instead of the phase (CrashLoopBackOff, ImagePullBackOff ...). */
  reason: string | null;
}

const HEADER = 38;
const PAD = 6;
const GAP = 3;
const CHIP_SIZES = [60, 46, 34, 26, 20, 15, 11, 8, 6, 4];

/**
 * Nodes as boxes with their pods as chips, at the playhead. Box and chip sizes come from
 * the most pods any node ever held, so nothing jumps while scrubbing; pods keep their
 * order (old ReplicaSet first), so during a rollout new pods appear on the right.
 */
export class ClusterView {
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly boxes: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly chips: d3.Selection<SVGGElement, unknown, null, undefined>;
  private width = 0;
  private chip = 20;
  private perRow = 1;

  constructor(
    private readonly el: HTMLElement,
    private readonly mi: ModelIndex,
    private readonly onSelect: (pod: PodTrack, versionSeq: number) => void,
  ) {
    this.svg = d3.select(el).append('svg').attr('class', 'cluster');
    addHatch(this.svg);
    this.boxes = this.svg.append('g');
    this.chips = this.svg.append('g');
  }

  private layout(): void {
    this.width = Math.max(320, this.el.clientWidth);
    const n = Math.max(1, this.mi.nodeNames.length);
    const cols = Math.max(1, Math.min(n, Math.floor(this.width / 210)));
    const boxW = (this.width - GAP * (cols - 1)) / cols;
    const cap = this.mi.maxPodsPerNode;
    // The biggest chip that fits the busiest node in a box no taller than 240 px.
    this.chip = CHIP_SIZES.find((s) => {
      const per = Math.max(1, Math.floor((boxW - 2 * PAD + GAP) / (s + GAP)));
      return Math.ceil(cap / per) * (s + GAP) <= 240;
    }) ?? 4;
    this.perRow = Math.max(1, Math.floor((boxW - 2 * PAD + GAP) / (this.chip + GAP)));
  }

  render(seq: number, timeMs: number, animate: boolean): void {
    if (this.width !== Math.max(320, this.el.clientWidth)) this.layout();
    const nodes = this.mi.nodesAt(seq);
    const pods = this.mi.podsAt(seq);
    const byNode = new Map<string, PodAt[]>();
    const lane: PodAt[] = [];
    const live = new Set(nodes.map((n) => n.track.name));
    for (const p of pods) {
      if (p.node !== null && live.has(p.node)) {
        const list = byNode.get(p.node) ?? [];
        list.push(p);
        byNode.set(p.node, list);
      } else lane.push(p);
    }
    const cols = Math.max(1, Math.min(Math.max(1, this.mi.nodeNames.length), Math.floor(this.width / 210)));
    const boxW = (this.width - GAP * (cols - 1)) / cols;
    const rowsFor = (k: number): number => Math.max(1, Math.ceil(k / this.perRow));
    const boxH = HEADER + PAD + rowsFor(this.mi.maxPodsPerNode) * (this.chip + GAP);
    const boxes: Box[] = [];
    const chips: Chip[] = [];
    let y = 0;
    // The lane for pods without a (live) node: unscheduled, or left on a removed node.
    const laneH = HEADER - 14 + PAD + rowsFor(Math.max(lane.length, 1)) * (this.chip + GAP);
    boxes.push({ key: '\0lane', title: `Unscheduled (${lane.length})`, status: '', taints: '', kind: 'lane', ready: 1, cordoned: false, x: 0, y, w: this.width, h: laneH });
    this.place(lane, 0, y + HEADER - 14, timeMs, chips, this.width);
    y += laneH + GAP * 2;
    nodes.forEach((n, i) => {
      const bx = (i % cols) * (boxW + GAP);
      const by = y + Math.floor(i / cols) * (boxH + GAP);
      boxes.push(nodeBox(n, this.mi, bx, by, boxW, boxH));
      this.place(byNode.get(n.track.name) ?? [], bx, by + HEADER, timeMs, chips, boxW);
    });
    const height = y + Math.ceil(nodes.length / cols) * (boxH + GAP);
    this.svg.attr('width', this.width).attr('height', Math.max(height, 60));
    this.drawBoxes(boxes);
    this.drawChips(chips, animate);
  }

  private place(pods: PodAt[], x0: number, y0: number, timeMs: number, out: Chip[], w: number): void {
    const per = Math.max(1, Math.floor((w - 2 * PAD + GAP) / (this.chip + GAP)));
    pods.forEach((pod, i) => {
      let graceLeft = -1;
      let secondsLeft = 0;
      const start = pod.v[PV.deletionStart];
      const grace = pod.v[PV.grace];
      if (pod.v[PV.stage] === Stage.Terminating && start >= 0 && grace >= 0) {
        const left = Math.max(0, start + grace * 1000 - timeMs);
        graceLeft = grace === 0 ? 0 : left / (grace * 1000);
        secondsLeft = left / 1000;
      }
      out.push({ pod, x: x0 + PAD + (i % per) * (this.chip + GAP), y: y0 + Math.floor(i / per) * (this.chip + GAP), graceLeft, secondsLeft, reason: this.mi.str(pod.v[PV.reason]) });
    });
  }

  private drawBoxes(boxes: Box[]): void {
    const g = this.boxes
      .selectAll<SVGGElement, Box>('g.box')
      .data(boxes, (b) => b.key)
      .join((enter) => {
        const e = enter.append('g').attr('class', (b) => `box ${b.kind}`);
        e.append('rect').attr('class', 'frame').attr('rx', 4);
        e.append('text').attr('class', 'name').attr('x', 8).attr('y', 15);
        e.append('text').attr('class', 'status').attr('y', 15);
        e.append('text').attr('class', 'taints').attr('x', 8).attr('y', 29);
        return e;
      });
    g.attr('transform', (b) => `translate(${b.x},${b.y})`)
      .attr('data-node', (b) => (b.kind === 'node' ? b.key : null))
      .attr('data-ready', (b) => String(b.ready))
      .classed('not-ready', (b) => b.ready === 0)
      .classed('unknown', (b) => b.ready === 2 || b.ready === -1)
      .classed('cordoned', (b) => b.cordoned);
    g.select('rect.frame').attr('width', (b) => b.w).attr('height', (b) => b.h);
    g.select('text.name').text((b) => b.title);
    g.select('text.status').attr('x', (b) => b.w - 8).text((b) => b.status);
    g.select('text.taints').text((b) => b.taints);
  }

  private drawChips(chips: Chip[], animate: boolean): void {
    const s = this.chip;
    const big = s >= 34;
    const t = this.svg.transition().duration(animate ? 350 : 0);
    const sel = this.chips.selectAll<SVGGElement, Chip>('g.pod').data(chips, (c) => c.pod.track.uid);
    sel.exit().interrupt().classed('leaving', true).transition(t as never).style('opacity', 0).remove();
    const enter = sel
      .enter()
      .append('g')
      .attr('class', 'pod')
      .attr('transform', (c) => `translate(${c.x},${c.y})`)
      .style('opacity', animate ? 0 : 1)
      .on('click', (_ev, c) => this.onSelect(c.pod.track, c.pod.v[PV.seq]))
      .on('mouseenter', function (_ev, c) {
        d3.select(this).select('title').text(tooltip(c));
      });
    enter.append('title');
    enter.append('rect').attr('class', 'body').attr('width', s).attr('height', s).attr('rx', Math.min(4, s / 4));
    enter.append('rect').attr('class', 'rs').attr('height', Math.max(2, s / 7)).attr('width', s);
    enter.append('rect').attr('class', 'grace').attr('y', s - Math.max(2, s / 7)).attr('height', Math.max(2, s / 7));
    if (big) {
      enter.append('text').attr('class', 'label').attr('x', s / 2).attr('y', s / 2 + 1);
      enter.append('text').attr('class', 'countdown').attr('x', s / 2).attr('y', s - 10);
    }
    const all = enter.merge(sel);
    all.attr('data-pod', (c) => c.pod.track.name)
      .attr('data-stage', (c) => STAGE_NAMES[c.pod.v[PV.stage]])
      .classed('terminating', (c) => c.pod.v[PV.stage] === Stage.Terminating);
    if (animate) {
      enter.transition(t as never).style('opacity', 1);
      sel.transition(t as never).attr('transform', (c) => `translate(${c.x},${c.y})`);
    } else {
      sel.interrupt().style('opacity', 1).attr('transform', (c) => `translate(${c.x},${c.y})`);
    }
    all.select('rect.body').attr('fill', (c) => (c.pod.v[PV.stage] === Stage.Terminating ? `url(#${HATCH})` : STAGE_COLOR[c.pod.v[PV.stage]]));
    all.select('rect.rs').attr('fill', (c) => rsColor(c.pod.rs));
    all.select('rect.grace').attr('width', (c) => (c.graceLeft < 0 ? 0 : s * c.graceLeft));
    if (big) {
      all.select('text.label').text((c) => shortPod(c.pod.track.name));
      all.select('text.countdown').text((c) => (c.graceLeft < 0 ? '' : `${c.secondsLeft.toFixed(1)}s`));
    }
  }
}

function nodeBox(n: NodeAt, mi: ModelIndex, x: number, y: number, w: number, h: number): Box {
  const ready = n.v[NV.ready];
  const cordoned = n.v[NV.unschedulable] === 1;
  const status = (ready === 1 ? 'Ready' : ready === 0 ? 'NotReady' : 'Unknown') + (cordoned ? ',SchedulingDisabled' : '');
  const taints = mi.str(n.v[NV.taints]) ?? '';
  return { key: n.track.name, title: n.track.name, status, taints: taints.replace(/node\.kubernetes\.io\//g, ''), kind: 'node', ready, cordoned, x, y, w, h };
}

function tooltip(c: Chip): string {
  const v = c.pod.v;
  const lines = [`${c.pod.track.namespace}/${c.pod.track.name}`, `${STAGE_NAMES[v[PV.stage]]}${c.pod.node === null ? ', not scheduled' : ` on ${c.pod.node}`}`];
  if (c.reason !== null) lines.push(c.reason);
  if (c.pod.track.owner !== null) lines.push(`owner ${c.pod.track.owner}`);
  if (v[PV.restarts] > 0) lines.push(`${v[PV.restarts]} restarts`);
  if (c.graceLeft >= 0) lines.push(`grace period: ${c.secondsLeft.toFixed(1)}s of ${v[PV.grace]}s left`);
  lines.push('click: show this version, its diff and its causal chain');
  return lines.join('\n');
}
