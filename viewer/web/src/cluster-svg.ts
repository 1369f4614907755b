import * as d3 from 'd3';
import { wantWidth, widthOf } from './widths.js';
import { PV, Stage, STAGE_NAMES, type PodTrack } from '../../shared/model.js';
import { addHatch, HATCH, rsColor, SIGTERM_COLOR, STAGE_COLOR } from './colors.js';
import { fit } from './format.js';
import { podLabel } from './chip-label.js';
import type { ModelIndex, PodAt } from './model-index.js';
import { chipOf, countdown, isTrouble, nodeBox, tooltip, type Box, type Chip } from './cluster-chip.js';
import { daemonGaps } from './daemon-coverage.js';
import { GhostLayer, type Ghost } from './ghost-layer.js';
import { chipAreaBudget, CHIP_SIZES, GAP, HEADER, PAD } from './cluster-fit.js';

/**
 * Nodes as boxes with their pods as chips, at the playhead. Box and chip sizes come from
 * the most pods any node ever held, so nothing jumps while scrubbing; pods keep their
 * order (old ReplicaSet first), so during a rollout new pods appear on the right.
 */
export class SvgClusterView {
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly boxes: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly chips: d3.Selection<SVGGElement, unknown, null, undefined>;
  private readonly ghosts: GhostLayer;
  // Sizes fixed by layout() for the current width: columns of node boxes, box size, chip size.
  private width = 0;
  private cols = 1;
  private boxW = 0;
  private boxH = 0;
  private chip = 20;
  private perRow = 1;
  /** The window height the chips were sized for (cluster-fit.ts). */
  private windowH = 0;

  constructor(
    private readonly el: HTMLElement,
    private readonly mi: ModelIndex,
    private readonly onSelect: (pod: PodTrack, versionSeq: number) => void,
  ) {
    wantWidth(el);
    this.svg = d3.select(el).append('svg').attr('class', 'cluster');
    addHatch(this.svg);
    this.boxes = this.svg.append('g');
    this.chips = this.svg.append('g');
    this.ghosts = new GhostLayer(this.svg.append('g').attr('class', 'ghosts'));
  }

  private layout(): void {
    this.width = Math.max(320, widthOf(this.el));
    const n = Math.max(1, this.mi.nodeNames.length);
    const cols = (this.cols = Math.max(1, Math.min(n, Math.floor(this.width / 210))));
    const boxW = (this.boxW = (this.width - GAP * (cols - 1)) / cols);
    // Room for a gap per DaemonSet too: a node missing its daemon pod shows where it would be.
    const cap = this.mi.maxPodsPerNode + this.mi.m.daemonSets.length;
    // The biggest chip that fits the busiest node in a box no taller than 240 px, or than the window leaves (cluster-fit.ts).
    this.windowH = window.innerHeight;
    const budget = chipAreaBudget(Math.ceil(n / cols), this.windowH);
    this.chip = CHIP_SIZES.find((s) => {
      const per = Math.max(1, Math.floor((boxW - 2 * PAD + GAP) / (s + GAP)));
      return Math.ceil(cap / per) * (s + GAP) <= budget;
    }) ?? 4;
    this.perRow = Math.max(1, Math.floor((boxW - 2 * PAD + GAP) / (this.chip + GAP)));
    this.boxH = HEADER + PAD + Math.max(1, Math.ceil(cap / this.perRow)) * (this.chip + GAP);
    // Chips are sized on creation: after a resize they are made anew at the new size.
    this.chips.selectAll('*').remove();
    this.ghosts.clear();
    this.byUid.clear();
    this.free = [];
  }

  render(seq: number, timeMs: number, animate: boolean): void {
    if (this.width !== Math.max(320, widthOf(this.el)) || this.windowH !== window.innerHeight) this.layout();
    const nodes = this.mi.nodesAt(seq);
    const pods = this.mi.podsAt(seq);
    const gaps = daemonGaps(this.mi, seq, pods);
    const ghosts: Ghost[] = [];
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
    const { cols, boxW, boxH } = this;
    const rowsFor = (k: number): number => Math.max(1, Math.ceil(k / this.perRow));
    const boxes: Box[] = [];
    const chips: Chip[] = [];
    let y = 0;
    // The lane for pods without a (live) node: unscheduled, or left on a removed node.
    // An empty lane is just its title, so the nodes sit high when everything is scheduled.
    const laneH = lane.length === 0 ? HEADER - 10 : HEADER - 14 + PAD + rowsFor(lane.length) * (this.chip + GAP);
    boxes.push({ key: '\0lane', title: `Unscheduled (${lane.length})`, status: '', taints: '', kind: 'lane', ready: 1, cordoned: false, pressure: false, removing: false, x: 0, y, w: this.width, h: laneH });
    this.place(lane, 0, y + HEADER - 14, timeMs, chips, this.width);
    y += laneH + GAP * 2;
    nodes.forEach((n, i) => {
      const bx = (i % cols) * (boxW + GAP);
      const by = y + Math.floor(i / cols) * (boxH + GAP);
      boxes.push(nodeBox(n, this.mi, bx, by, boxW, boxH));
      const onNode = byNode.get(n.track.name) ?? [];
      this.place(onNode, bx, by + HEADER, timeMs, chips, boxW);
      const per = Math.max(1, Math.floor((boxW - 2 * PAD + GAP) / (this.chip + GAP)));
      (gaps.get(n.track.name) ?? []).forEach((ds, k) => {
        const i = onNode.length + k;
        ghosts.push({ key: `${n.track.name}|${ds.namespace}/${ds.name}`, node: n.track.name, ds, x: bx + PAD + (i % per) * (this.chip + GAP), y: by + HEADER + Math.floor(i / per) * (this.chip + GAP) });
      });
    });
    const height = y + Math.ceil(nodes.length / cols) * (boxH + GAP);
    this.svg.attr('width', this.width).attr('height', Math.max(height, 60));
    this.drawBoxes(boxes);
    this.drawChips(chips, animate);
    this.ghosts.draw(ghosts, this.chip);
  }

  private place(pods: PodAt[], x0: number, y0: number, timeMs: number, out: Chip[], w: number): void {
    const per = Math.max(1, Math.floor((w - 2 * PAD + GAP) / (this.chip + GAP)));
    pods.forEach((pod, i) => out.push(chipOf(this.mi, pod, timeMs, x0 + PAD + (i % per) * (this.chip + GAP), y0 + Math.floor(i / per) * (this.chip + GAP))));
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
      .classed('cordoned', (b) => b.cordoned)
      .classed('memory-pressure', (b) => b.pressure)
      .classed('removing', (b) => b.removing);
    g.select('rect.frame').attr('width', (b) => b.w).attr('height', (b) => b.h);
    g.select('text.name').text((b) => b.title);
    g.select('text.status').attr('x', (b) => b.w - 8).text((b) => b.status);
    // Taints are cut to the box (a control-plane node's key alone is 37 characters); the tooltip has them whole.
    g.select('text.taints').text((b) => fit(b.taints, b.w - 12, 5.6));
    g.select('title.taints-title').remove();
    g.filter((b) => b.taints !== '').append('title').attr('class', 'taints-title').text((b) => `taints: ${b.taints}`);
  }

  /** Chips by pod uid, and chips no pod uses right now (hidden, ready for the next pod). */
  private readonly byUid = new Map<string, ChipNode>();
  private free: ChipNode[] = [];
  private generation = 0;

  private drawChips(chips: Chip[], animate: boolean): void {
    if (animate) this.drawChipsAnimated(chips);
    else this.drawChipsFast(chips);
  }

  /**
   * Scrubbing: every pod keeps its chip (only a move is written when it moves), a new
   * pod takes a hidden chip from the pool, a gone pod's chip is hidden. A jump across a
   * rollout then rewrites a few hundred attributes instead of building hundreds of
   * elements, which keeps 1,000-pod frames under 16 ms.
   */
  private drawChipsFast(chips: Chip[]): void {
    const gen = ++this.generation;
    for (const c of chips) {
      let node = this.byUid.get(c.pod.track.uid);
      if (node === undefined) {
        node = this.free.pop() ?? this.makeChip();
        node.style.display = '';
        node.style.opacity = '';
        this.byUid.set(c.pod.track.uid, node);
      }
      node.gen = gen;
      this.update(node, c, true);
    }
    for (const [uid, node] of this.byUid) {
      if (node.gen === gen) continue;
      node.style.display = 'none';
      node.uid = undefined;
      this.byUid.delete(uid);
      this.free.push(node);
    }
  }

  /** Stepping: pods fade in and out and slide to their new places. */
  private drawChipsAnimated(chips: Chip[]): void {
    for (const n of this.free) n.remove();
    this.free = [];
    const t = d3.transition().duration(350);
    const sel = this.chips.selectAll<ChipNode, Chip>('g.pod').data(chips, (c) => c.pod.track.uid);
    sel.exit<Chip>().each((c) => this.byUid.delete(c.pod.track.uid)).interrupt().classed('leaving', true).transition(t as never).style('opacity', 0).remove();
    const entering = chips.filter((c) => !this.byUid.has(c.pod.track.uid));
    for (const c of entering) {
      const node = this.makeChip();
      node.setAttribute('transform', `translate(${c.x},${c.y})`);
      node.style.opacity = '0';
      this.byUid.set(c.pod.track.uid, node);
    }
    for (const c of chips) {
      const node = this.byUid.get(c.pod.track.uid) as ChipNode;
      this.update(node, c, false);
      const tr = `translate(${c.x},${c.y})`;
      const s = d3.select(node).interrupt().transition(t as never);
      if (node.tr !== tr) s.attr('transform', tr);
      s.style('opacity', 1);
      node.tr = tr;
    }
  }

  private makeChip(): ChipNode {
    const s = this.chip;
    const big = s >= 34;
    const svgNs = 'http://www.w3.org/2000/svg';
    const node = this.chips.node()!.appendChild(document.createElementNS(svgNs, 'g')) as ChipNode;
    node.setAttribute('class', 'pod');
    const rect = (cls: string, y: number, h: number): SVGRectElement => {
      const r = node.appendChild(document.createElementNS(svgNs, 'rect'));
      r.setAttribute('class', cls);
      r.setAttribute('y', String(y));
      r.setAttribute('width', String(s));
      r.setAttribute('height', String(h));
      return r;
    };
    const bar = Math.max(2, s / 7);
    node.body = rect('body', 0, s);
    node.body.setAttribute('rx', String(Math.min(4, s / 4)));
    node.rs = rect('rs', 0, bar);
    node.grace = rect('grace', s - bar, bar);
    node.grace.setAttribute('width', '0');
    node.graceW = 0;
    const text = (cls: string, y: number): SVGTextElement => {
      const t = node.appendChild(document.createElementNS(svgNs, 'text'));
      t.setAttribute('class', cls);
      t.setAttribute('x', String(s / 2));
      t.setAttribute('y', String(y));
      return t;
    };
    node.label = big ? text('label', s / 2 + 1) : undefined;
    node.countdown = big ? text('countdown', s - 10) : undefined;
    const onSelect = this.onSelect;
    d3.select<ChipNode, Chip>(node)
      .on('click', (_ev, c) => onSelect(c.pod.track, c.pod.v[PV.seq]))
      .on('mouseenter', function (_ev, c) {
        // Made on hover, not per chip: 1,000 chips need 1,000 fewer nodes while scrubbing.
        const g = d3.select(this);
        (g.select<SVGTitleElement>('title').empty() ? g.append('title') : g.select<SVGTitleElement>('title')).text(tooltip(c));
      });
    return node;
  }

  /** Writes only what changed since this chip was last drawn. */
  private update(node: ChipNode, c: Chip, move: boolean): void {
    (node as unknown as { __data__: Chip }).__data__ = c;
    if (move) {
      const tr = `translate(${c.x},${c.y})`;
      if (node.tr !== tr) {
        node.setAttribute('transform', tr);
        node.tr = tr;
      }
    }
    if (node.uid !== c.pod.track.uid) {
      node.uid = c.pod.track.uid;
      node.stage = undefined;
      node.setAttribute('data-pod', c.pod.track.name);
      node.rs.setAttribute('fill', rsColor(c.pod.rev));
      if (node.label !== undefined) {
        const l = podLabel(c.pod.track.name, c.pod.node, this.chip);
        node.label.textContent = l.text;
        node.label.style.fontSize = l.size === 10 ? '' : `${l.size}px`;
      }
      node.querySelector('title')?.remove();
    }
    const stage = c.pod.v[PV.stage];
    // Hatched only while the preStop hook runs; past SIGTERM (at once without a hook) dark red, as the lifecycle rows.
    const part = c.step?.part ?? '';
    if (node.stage !== stage || node.termPart !== part) {
      node.stage = stage;
      node.termPart = part;
      node.setAttribute('data-stage', STAGE_NAMES[stage]);
      if (part === '') node.removeAttribute('data-part');
      else node.setAttribute('data-part', part);
      node.classList.toggle('terminating', stage === Stage.Terminating);
      node.classList.toggle('after-sigterm', part === 'sigterm');
      node.body.setAttribute('fill', part === 'prestop' ? `url(#${HATCH})` : part === 'sigterm' ? SIGTERM_COLOR : STAGE_COLOR[stage]);
    }
    // A pod stuck on an error (ImagePullBackOff, CrashLoopBackOff, ErrImagePull...) gets a red outline.
    const trouble = isTrouble(c.reason);
    if (node.trouble !== trouble) {
      node.trouble = trouble;
      node.classList.toggle('trouble', trouble);
      if (trouble) node.setAttribute('data-reason', c.reason as string);
      else node.removeAttribute('data-reason');
    }
    const grace = c.graceLeft < 0 ? 0 : this.chip * c.graceLeft;
    if (node.graceW !== grace) {
      node.graceW = grace;
      node.grace.setAttribute('width', String(grace));
    }
    if (node.countdown !== undefined) {
      const text = c.step === null ? '' : countdown(c.step, c.secondsLeft);
      if (node.countdown.textContent !== text) {
        node.countdown.textContent = text;
        node.countdown.setAttribute('data-next', c.step?.next ?? '');
      }
    }
  }
}

/** A chip's element with what was last written to it, so a frame writes only what changed. */
interface ChipNode extends SVGGElement {
  body: SVGRectElement;
  rs: SVGRectElement;
  label: SVGTextElement | undefined;
  uid?: string | undefined;
  gen?: number;
  trouble?: boolean;
  grace: SVGRectElement;
  countdown: SVGTextElement | undefined;
  tr?: string;
  stage?: number;
  termPart?: string;
  graceW?: number;
}

