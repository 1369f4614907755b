import { PV, Stage, STAGE_NAMES, type PodTrack } from '../../shared/model.js';
import { wantWidth, widthOf } from './widths.js';
import type { ModelIndex, NodeAt } from './model-index.js';
import { chipOf, nodeBox, tooltip, type Box } from './cluster-chip.js';
import { chipAreaBudget, CHIP_SIZES, GAP, HEADER, PAD } from './cluster-fit.js';
import { makePaints, paintBox, paintChip, paintCounts, sizeCanvas, type Paints } from './canvas-paint.js';
import { PodStates } from './pod-states.js';
import { daemonGaps } from './daemon-coverage.js';
import { ClusterBook, LANE } from './cluster-book.js';
import { grouped } from './format.js';

/**
 * Pods cannot be seen one by one below 6 px chips (no hatch, no mark left), nor past 64
 * on a node: 110 pods (the kubelet's default max-pods) make a wall of 8 px squares where
 * no pod can be found. Past either, each node shows its counts per phase instead.
 */
const SMALLEST_SEEN = 6;
const MOST_SEEN = 64;
/** Counts mode: a node is a box this tall (title line and a count bar) and at least this wide. */
const COUNT_BOX_H = 34;
const COUNT_BOX_W = 140;
/** A node shown alone (clicked in counts mode): its chips no taller than this in all, nor than the window leaves (~420 px above them). */
const FOCUS_AREA = 420;
const ABOVE_FOCUS = 420;

export type ClusterMode = 'chips' | 'counts' | 'node';

/** What a test (or the benchmark) reads of the canvas: boxes and chips as drawn, in page coordinates. */
export interface ClusterSnapshot {
  mode: ClusterMode;
  focus: string | null;
  notice: string;
  boxes: Array<{ key: string; kind: 'node' | 'lane'; x: number; y: number; w: number; h: number; pods: number; counts: number[] }>;
  chips: Array<{ name: string; node: string | null; stage: string; part: string; x: number; y: number; size: number }>;
}

/** Every canvas cluster view on the page, for tests: window.__kubelapseClusters[i].snapshot() / .hit(x, y). */
const registry: CanvasClusterView[] = [];

/**
 * The cluster view of a large recording, on one canvas. Only what changed is touched:
 * PodStates applies the pods whose state changed between two seqs, ClusterBook moves
 * them between nodes and counts, and only the boxes they left or joined (and boxes with a
 * terminating pod, whose countdown runs with time) are repainted. Too many pods per node
 * to see one by one (chips under 6 px): each node is a per-phase count bar, and a click
 * on a node shows it alone with its pods.
 */
export class CanvasClusterView {
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly paints: Paints;
  private readonly notice: HTMLElement;
  private readonly book: ClusterBook;
  private mode: ClusterMode = 'chips';
  private focus: string | null = null;
  private width = 0;
  private windowH = 0;
  private chip = 20;
  private perRow = 1;
  private boxW = 0;
  private boxH = 0;
  private cols = 1;
  private boxes = new Map<string, Box>();
  private shape = '';
  private all = true;
  private seq = -1;
  private timeMs = -1;
  private gapSig = new Map<string, string>();
  private gaps = new Map<string, string[]>();
  private nodes: NodeAt[] = [];
  private hovered = '';
  /** The DaemonSets' pods (ids): all a node's missing-daemon gaps need, not every pod. */
  private readonly daemonIds: number[];

  constructor(
    private readonly el: HTMLElement,
    private readonly mi: ModelIndex,
    private readonly onSelect: (pod: PodTrack, versionSeq: number) => void,
  ) {
    wantWidth(el);
    this.notice = el.appendChild(document.createElement('div'));
    this.notice.className = 'cluster-notice';
    this.canvas = el.appendChild(document.createElement('canvas'));
    this.canvas.className = 'cluster-canvas';
    this.ctx = this.canvas.getContext('2d') as CanvasRenderingContext2D;
    this.paints = makePaints(this.ctx);
    this.book = new ClusterBook(new PodStates(mi));
    this.daemonIds = this.book.states.pods.flatMap((p, i) => (p.owner?.startsWith('DaemonSet/') === true ? [i] : []));
    this.canvas.addEventListener('click', (ev) => this.click(ev.clientX, ev.clientY));
    this.canvas.addEventListener('mousemove', (ev) => this.hover(ev.clientX, ev.clientY));
    this.notice.addEventListener('click', (ev) => {
      if ((ev.target as HTMLElement).closest('button.cluster-back') !== null) this.setFocus(null);
    });
    for (let i = registry.length - 1; i >= 0; i--) if (!(registry[i] as CanvasClusterView).canvas.isConnected) registry.splice(i, 1);
    registry.push(this);
    (window as unknown as { __kubelapseClusters: CanvasClusterView[] }).__kubelapseClusters = registry;
  }

  private layout(): void {
    this.width = Math.max(320, widthOf(this.el));
    this.windowH = window.innerHeight;
    const n = Math.max(1, this.mi.nodeNames.length);
    this.cols = Math.max(1, Math.min(n, Math.floor(this.width / 210)));
    this.boxW = (this.width - GAP * (this.cols - 1)) / this.cols;
    const cap = this.mi.maxPodsPerNode + this.mi.m.daemonSets.length;
    const budget = chipAreaBudget(Math.ceil(n / this.cols), this.windowH);
    this.chip = this.fitChip(cap, this.boxW, budget);
    this.mode = this.focus !== null ? 'node' : this.chip < SMALLEST_SEEN || this.mi.maxPodsPerNode > MOST_SEEN ? 'counts' : 'chips';
    if (this.mode === 'counts') this.cols = Math.max(1, Math.min(n, Math.floor(this.width / COUNT_BOX_W)));
    if (this.mode === 'counts') this.boxW = (this.width - GAP * (this.cols - 1)) / this.cols;
    if (this.mode === 'node') {
      this.boxW = this.width;
      this.chip = this.fitChip(cap, this.width, Math.max(120, Math.min(FOCUS_AREA, this.windowH - ABOVE_FOCUS)));
    }
    this.perRow = this.per(this.boxW);
    this.boxH = this.mode === 'counts' ? COUNT_BOX_H : HEADER + PAD + Math.max(1, Math.ceil(cap / this.perRow)) * (this.chip + GAP);
    this.all = true;
  }

  private fitChip(cap: number, w: number, budget: number): number {
    return CHIP_SIZES.find((s) => Math.ceil(cap / Math.max(1, Math.floor((w - 2 * PAD + GAP) / (s + GAP)))) * (s + GAP) <= budget) ?? 4;
  }

  private per(w: number): number {
    return Math.max(1, Math.floor((w - 2 * PAD + GAP) / (this.chip + GAP)));
  }

  private setFocus(node: string | null): void {
    this.focus = node;
    this.layout();
    this.render(this.seq, this.timeMs, false);
  }

  render(seq: number, timeMs: number, _animate: boolean): void {
    if (this.width !== Math.max(320, widthOf(this.el)) || this.windowH !== window.innerHeight) this.layout();
    const book = this.book;
    if (seq !== this.seq) {
      this.nodes = this.mi.nodesAt(seq);
      book.moveTo(seq, this.nodes);
      if (this.mi.m.daemonSets.length > 0) this.daemonGaps(seq);
    }
    if (timeMs !== this.timeMs && this.mode !== 'counts') for (const key of book.terminatingKeys()) book.dirty.add(key);
    this.seq = seq;
    this.timeMs = timeMs;
    this.place();
    this.paint();
    this.say();
  }

  /** Per node, the DaemonSets missing a pod there: dashed gaps after its chips. Recomputed on a new seq (daemon recordings are small). */
  private daemonGaps(seq: number): void {
    const alive = this.daemonIds.map((id) => this.book.states.at[id]).filter((p) => p !== undefined);
    const gaps = daemonGaps(this.mi, seq, alive);
    this.gaps = new Map([...gaps].map(([n, list]) => [n, list.map((d) => d.name)]));
    for (const n of new Set([...gaps.keys(), ...this.gapSig.keys()])) {
      const sig = (this.gaps.get(n) ?? []).join(',');
      if (sig !== (this.gapSig.get(n) ?? '')) this.book.dirty.add(n);
      this.gapSig.set(n, sig);
    }
  }

  /** Box geometry; any change of shape (a node came or went, the lane grew a row) repaints everything. */
  private place(): void {
    const boxes = new Map<string, Box>();
    const laneN = this.book.count(LANE);
    const lanePer = this.per(this.width);
    const laneH = this.mode === 'chips' ? (laneN === 0 ? HEADER - 10 : HEADER - 14 + PAD + Math.ceil(laneN / lanePer) * (this.chip + GAP)) : COUNT_BOX_H;
    let y = 0;
    if (this.mode !== 'node') {
      boxes.set(LANE, { key: LANE, title: `Unscheduled (${grouped(laneN)})`, status: '', taints: '', kind: 'lane', ready: 1, cordoned: false, pressure: false, removing: false, x: 0, y, w: this.width, h: laneH });
      y += laneH + GAP * 2;
    }
    const shown = this.mode === 'node' ? this.nodes.filter((n) => n.track.name === this.focus) : this.nodes;
    shown.forEach((n, i) => {
      const b = nodeBox(n, this.mi, (i % this.cols) * (this.boxW + GAP), y + Math.floor(i / this.cols) * (this.boxH + GAP), this.boxW, this.boxH);
      boxes.set(b.key, b);
    });
    const height = Math.max(60, y + Math.ceil(shown.length / this.cols) * (this.boxH + GAP));
    const shape = `${this.mode}|${this.width}|${height}|${laneH}|${shown.map((n) => n.track.name).join(',')}`;
    if (shape !== this.shape) {
      this.shape = shape;
      this.all = true;
      sizeCanvas(this.canvas, this.ctx, this.width, height);
    } else {
      // A node's look (Ready, cordoned, taints) changed: repaint it.
      for (const [k, b] of boxes) {
        const old = this.boxes.get(k);
        if (old !== undefined && (old.status !== b.status || old.taints !== b.taints || old.title !== b.title)) this.book.dirty.add(k);
      }
    }
    this.boxes = boxes;
  }

  private paint(): void {
    const ctx = this.ctx;
    const keys = this.all ? [...this.boxes.keys()] : [...this.book.dirty].filter((k) => this.boxes.has(k));
    if (this.all) ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    for (const k of keys) {
      const b = this.boxes.get(k) as Box;
      if (!this.all) ctx.clearRect(b.x, b.y, b.w, b.h);
      paintBox(ctx, b, this.mode === 'counts' ? 1 : 3);
      if (this.mode === 'counts') {
        const cap = b.kind === 'lane' ? this.book.count(LANE) : this.mi.maxPodsPerNode;
        paintCounts(ctx, this.paints, this.book.counts(k), b.x + 8, b.y + 19, b.w - 16, 11, cap);
        continue;
      }
      this.eachChip(b, (pod, x, y) => paintChip(ctx, this.paints, chipOf(this.mi, pod, this.timeMs, x, y), this.chip));
      const gaps = this.gaps.get(k) ?? [];
      const [x0, y0, per] = this.origin(b);
      gaps.forEach((_ds, g) => {
        const i = this.book.count(k) + g;
        ctx.strokeStyle = '#c62828';
        ctx.lineWidth = 2;
        ctx.setLineDash([4, 3]);
        ctx.strokeRect(x0 + (i % per) * (this.chip + GAP) + 1, y0 + Math.floor(i / per) * (this.chip + GAP) + 1, this.chip - 2, this.chip - 2);
        ctx.setLineDash([]);
      });
    }
    this.all = false;
    this.book.dirty.clear();
  }

  /** Where a box's chips start, and how many fit a row. */
  private origin(b: Box): [number, number, number] {
    return b.kind === 'lane' ? [b.x + PAD, b.y + HEADER - 14, this.per(b.w)] : [b.x + PAD, b.y + HEADER, this.per(b.w)];
  }

  private eachChip(b: Box, f: (pod: NonNullable<PodStates['at'][number]>, x: number, y: number, i: number) => void): void {
    const [x0, y0, per] = this.origin(b);
    const step = this.chip + GAP;
    this.book.sorted(b.key).forEach((id, i) => {
      const pod = this.book.states.at[id];
      if (pod !== undefined) f(pod, x0 + (i % per) * step, y0 + Math.floor(i / per) * step, id);
    });
  }

  private say(): void {
    const pods = grouped(this.book.total);
    const html = this.mode === 'counts'
      ? `<b>${pods} pods</b> on ${this.nodes.length} nodes: showing counts per node; click a node to see its pods`
      : this.mode === 'node'
        ? `<b>${this.focus}</b>: its ${this.book.count(this.focus ?? '')} pods one by one (of ${pods}) <button class="cluster-back">← all nodes</button>`
        : '';
    if (this.notice.innerHTML !== html) this.notice.innerHTML = html;
    this.notice.hidden = html === '';
  }

  /** What is under a point of the page: a pod's chip, or a node box (counts mode). */
  hit(clientX: number, clientY: number): { pod: PodTrack; seq: number } | { node: string } | null {
    const r = this.canvas.getBoundingClientRect();
    const x = clientX - r.left;
    const y = clientY - r.top;
    for (const b of this.boxes.values()) {
      if (x < b.x || x > b.x + b.w || y < b.y || y > b.y + b.h) continue;
      if (this.mode === 'counts') return b.kind === 'node' ? { node: b.key } : null;
      const [x0, y0, per] = this.origin(b);
      const step = this.chip + GAP;
      const col = Math.floor((x - x0) / step);
      const row = Math.floor((y - y0) / step);
      if (col < 0 || col >= per || row < 0 || x - x0 - col * step > this.chip || y - y0 - row * step > this.chip) return null;
      const id = this.book.sorted(b.key)[row * per + col];
      const pod = id === undefined ? undefined : this.book.states.at[id];
      return pod === undefined ? null : { pod: pod.track, seq: pod.v[PV.seq] };
    }
    return null;
  }

  private click(cx: number, cy: number): void {
    const h = this.hit(cx, cy);
    if (h === null) return;
    if ('node' in h) this.setFocus(h.node);
    else this.onSelect(h.pod, h.seq);
  }

  private hover(cx: number, cy: number): void {
    const h = this.hit(cx, cy);
    const key = h === null ? '' : 'node' in h ? h.node : `${h.pod.uid}|${h.seq}|${Math.round(this.timeMs / 100)}`;
    if (key === this.hovered) return;
    this.hovered = key;
    this.canvas.style.cursor = h === null ? '' : 'pointer';
    if (h === null) this.canvas.title = '';
    else if ('node' in h) {
      const counts = this.book.counts(h.node);
      const parts = STAGE_NAMES.map((s, i) => ((counts[i] ?? 0) > 0 ? `${counts[i]} ${s}` : '')).filter((s) => s !== '');
      this.canvas.title = `${h.node}: ${this.book.count(h.node)} pods${parts.length > 0 ? `: ${parts.join(', ')}` : ''}\nclick: show this node's pods one by one`;
    } else {
      const pod = this.book.states.at[this.book.idOf(h.pod)];
      if (pod !== undefined) this.canvas.title = tooltip(chipOf(this.mi, pod, this.timeMs, 0, 0));
    }
  }

  /** The drawing as data, in page coordinates (tests; the benchmark's pod count). */
  snapshot(): ClusterSnapshot {
    const r = this.canvas.getBoundingClientRect();
    const boxes: ClusterSnapshot['boxes'] = [];
    const chips: ClusterSnapshot['chips'] = [];
    for (const b of this.boxes.values()) {
      boxes.push({ key: b.kind === 'lane' ? 'Unscheduled' : b.key, kind: b.kind, x: r.left + b.x, y: r.top + b.y, w: b.w, h: b.h, pods: this.book.count(b.key), counts: [...this.book.counts(b.key)] });
      if (this.mode === 'counts') continue;
      this.eachChip(b, (pod, x, y) => {
        const c = chipOf(this.mi, pod, this.timeMs, x, y);
        chips.push({ name: pod.track.name, node: b.kind === 'lane' ? null : b.key, stage: STAGE_NAMES[pod.v[PV.stage] as Stage], part: c.step?.part ?? '', x: r.left + x, y: r.top + y, size: this.chip });
      });
    }
    return { mode: this.mode, focus: this.focus, notice: this.notice.textContent ?? '', boxes, chips };
  }
}
