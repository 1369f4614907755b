import { STAGE_NAMES } from '../../shared/model.js';
import { AggregateCounts, type PodAggregates } from '../../shared/aggregate-model.js';
import { wantWidth, widthOf } from './widths.js';
import type { ModelIndex, NodeAt } from './model-index.js';
import { nodeBox, type Box } from './cluster-chip.js';
import { GAP } from './cluster-fit.js';
import { makePaints, paintBox, paintCounts, sizeCanvas, type Paints } from './canvas-paint.js';
import { grouped } from './format.js';

/** A node is a box this tall (title line and a count bar) and at least this wide: the canvas cluster view's counts mode (cluster-canvas.ts). */
const BOX_H = 34;
const BOX_W = 140;
const LANE_KEY = '\0lane';

/** What a test (or the benchmark) reads of the canvas: boxes as drawn, in page coordinates, with their counts per stage. */
export interface AggregateSnapshot {
  notice: string;
  focus: string | null;
  boxes: Array<{ key: string; kind: 'node' | 'lane'; x: number; y: number; w: number; h: number; pods: number; counts: number[] }>;
}

const registry: AggregateClusterView[] = [];

/**
 * The cluster of an aggregated recording (more pods than the server's aggregate line: its
 * model has counts, not pods): every node a box with its pods per stage as a bar, the
 * pods of no live node (unbound, or on a node that is gone) in the lane above, and a
 * line saying why nothing finer is drawn. Only the boxes whose counts changed since the
 * last frame are painted again (AggregateCounts reports them). A click on a node asks
 * the server for its pods at the playhead (`onNode`).
 */
export class AggregateClusterView {
  readonly counts: AggregateCounts;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly paints: Paints;
  private readonly notice: HTMLElement;
  /** The canvas scrolls in its own box (1,000 nodes are ~90 rows of boxes), so the pods listed below it stay in reach. */
  private readonly wrap: HTMLElement;
  /** Census node index -> name, and name -> index. */
  private readonly nodeIndex = new Map<string, number>();
  private readonly peak: number;
  private width = 0;
  private cols = 1;
  private boxW = 0;
  private boxes = new Map<string, Box>();
  private nodes: NodeAt[] = [];
  private alive = new Set<string>();
  private shape = '';
  private all = true;
  private seq = -1;
  private focus: string | null = null;
  private readonly lane = new Int32Array(7);

  constructor(
    el: HTMLElement,
    private readonly mi: ModelIndex,
    private readonly a: PodAggregates,
    private readonly onNode: (node: string) => void,
  ) {
    this.counts = new AggregateCounts(a);
    a.nodes.forEach((n, i) => this.nodeIndex.set(n, i));
    this.peak = peakPerNode(a);
    this.notice = el.appendChild(document.createElement('div'));
    this.notice.className = 'cluster-notice aggregate-notice';
    this.wrap = el.appendChild(document.createElement('div'));
    this.wrap.className = 'agg-canvas-wrap';
    wantWidth(this.wrap);
    this.canvas = this.wrap.appendChild(document.createElement('canvas'));
    this.canvas.className = 'cluster-canvas';
    this.ctx = this.canvas.getContext('2d') as CanvasRenderingContext2D;
    this.paints = makePaints(this.ctx);
    this.canvas.addEventListener('click', (ev) => {
      const node = this.hit(ev.clientX, ev.clientY);
      if (node !== null) this.onNode(node);
    });
    this.canvas.addEventListener('mousemove', (ev) => this.hover(ev.clientX, ev.clientY));
    for (let i = registry.length - 1; i >= 0; i--) if (!(registry[i] as AggregateClusterView).canvas.isConnected) registry.splice(i, 1);
    registry.push(this);
    (window as unknown as { __kubelapseAggregates: AggregateClusterView[] }).__kubelapseAggregates = registry;
  }

  /** The node whose pods are listed below (outlined), or null. */
  setFocus(node: string | null): void {
    if (this.focus !== null) this.dirty.add(this.focus);
    this.focus = node;
    if (node !== null) this.dirty.add(node);
    this.paint();
  }

  private readonly dirty = new Set<string>();

  render(seq: number): void {
    const width = Math.max(320, widthOf(this.wrap));
    if (width !== this.width) {
      this.width = width;
      this.cols = Math.max(1, Math.floor((width + GAP) / (BOX_W + GAP)));
      this.boxW = (width - GAP * (this.cols - 1)) / this.cols;
      this.shape = '';
    }
    if (seq !== this.seq) {
      this.seq = seq;
      this.counts.moveTo(seq);
      this.nodes = this.mi.nodesAt(seq);
      for (const i of this.counts.takeDirtyNodes()) this.dirty.add(this.a.nodes[i] as string);
      this.place();
      this.laneCounts();
    }
    this.paint();
    this.say();
  }

  /** The lane: pods bound to no node, and pods on nodes that are not there at the playhead. */
  private laneCounts(): void {
    const lane = new Int32Array(this.counts.unbound);
    this.a.nodes.forEach((n, i) => {
      if (this.alive.has(n)) return;
      const c = this.counts.node(i);
      for (let s = 0; s < 7; s++) lane[s]! += c[s] as number;
    });
    if (lane.some((n, s) => n !== this.lane[s])) this.dirty.add(LANE_KEY);
    this.lane.set(lane);
  }

  private place(): void {
    const boxes = new Map<string, Box>();
    boxes.set(LANE_KEY, { key: LANE_KEY, title: 'Unscheduled, or on no node', status: '', taints: '', kind: 'lane', ready: 1, cordoned: false, pressure: false, removing: false, x: 0, y: 0, w: this.width, h: BOX_H });
    const y0 = BOX_H + GAP * 2;
    this.nodes.forEach((n, i) => {
      const b = nodeBox(n, this.mi, (i % this.cols) * (this.boxW + GAP), y0 + Math.floor(i / this.cols) * (BOX_H + GAP), this.boxW, BOX_H);
      const old = this.boxes.get(b.key);
      if (old !== undefined && (old.status !== b.status || old.title !== b.title)) this.dirty.add(b.key);
      boxes.set(b.key, b);
    });
    const shape = `${this.width}|${this.nodes.map((n) => n.track.name).join(',')}`;
    if (shape !== this.shape) {
      this.shape = shape;
      this.all = true;
      this.alive = new Set(this.nodes.map((n) => n.track.name));
      const height = y0 + Math.ceil(this.nodes.length / this.cols) * (BOX_H + GAP);
      sizeCanvas(this.canvas, this.ctx, this.width, height);
    }
    this.boxes = boxes;
  }

  private countsOf(key: string): ArrayLike<number> {
    if (key === LANE_KEY) return this.lane;
    const i = this.nodeIndex.get(key);
    return i === undefined ? new Int32Array(7) : this.counts.node(i);
  }

  private paint(): void {
    const ctx = this.ctx;
    const keys = this.all ? [...this.boxes.keys()] : [...this.dirty].filter((k) => this.boxes.has(k));
    if (this.all) ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    for (const k of keys) {
      const b = this.boxes.get(k) as Box;
      if (!this.all) ctx.clearRect(b.x, b.y, b.w, b.h);
      paintBox(ctx, b, 1);
      const c = this.countsOf(k);
      paintCounts(ctx, this.paints, c, b.x + 8, b.y + 19, b.w - 16, 11, k === LANE_KEY ? Math.max(1, sum(c)) : this.peak);
      if (k === this.focus) {
        ctx.strokeStyle = '#1565c0';
        ctx.lineWidth = 3;
        ctx.strokeRect(b.x + 1.5, b.y + 1.5, b.w - 3, b.h - 3);
      }
    }
    this.all = false;
    this.dirty.clear();
  }

  private say(): void {
    const shown = this.counts.total;
    const html = `<b>${grouped(this.a.pods)} pods</b> in this recording, more than ${grouped(this.a.threshold)} to draw one by one: `
      + `<b>counts per node</b> (${grouped(shown)} pods on ${grouped(this.nodes.length)} nodes now); click a node to see its pods`;
    if (this.notice.innerHTML !== html) this.notice.innerHTML = html;
  }

  /** The node under a point of the page, or null. */
  hit(clientX: number, clientY: number): string | null {
    const r = this.canvas.getBoundingClientRect();
    const x = clientX - r.left;
    const y = clientY - r.top;
    for (const b of this.boxes.values()) if (b.kind === 'node' && x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h) return b.key;
    return null;
  }

  private hover(cx: number, cy: number): void {
    const node = this.hit(cx, cy);
    this.canvas.style.cursor = node === null ? '' : 'pointer';
    if (node === null) {
      this.canvas.title = '';
      return;
    }
    const c = this.countsOf(node);
    const parts = STAGE_NAMES.map((s, i) => ((c[i] ?? 0) > 0 ? `${c[i]} ${s}` : '')).filter((s) => s !== '');
    this.canvas.title = `${node}: ${sum(c)} pods${parts.length > 0 ? `: ${parts.join(', ')}` : ''}\nclick: list this node's pods`;
  }

  snapshot(): AggregateSnapshot {
    const r = this.canvas.getBoundingClientRect();
    const boxes: AggregateSnapshot['boxes'] = [];
    for (const b of this.boxes.values()) {
      const c = [...Array.from(this.countsOf(b.key))];
      boxes.push({ key: b.kind === 'lane' ? 'Unscheduled' : b.key, kind: b.kind, x: r.left + b.x, y: r.top + b.y, w: b.w, h: b.h, pods: c.reduce((s, n) => s + n, 0), counts: c });
    }
    return { notice: this.notice.textContent ?? '', focus: this.focus, boxes };
  }
}

function sum(c: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < c.length; i++) n += c[i] as number;
  return n;
}

/** Most pods a node held at once over the recording: the bars' full width, so they do not rescale while scrubbing. */
function peakPerNode(a: PodAggregates): number {
  const held = new Int32Array(a.nodes.length);
  let peak = 1;
  for (let i = 0; i < a.seqs.length; i++) {
    const code = a.stages[i] as number;
    const from = a.fromNode[i] as number;
    const to = a.toNode[i] as number;
    if (from >= 0 && code >> 3 !== 7) held[from]! -= 1;
    if (to >= 0 && (code & 7) !== 7) {
      held[to]! += 1;
      if ((held[to] as number) > peak) peak = held[to] as number;
    }
  }
  return peak;
}
