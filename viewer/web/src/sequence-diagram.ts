import * as d3 from 'd3';
import type { ChainModel, EventSummary } from '../../shared/model.js';
import { fitLabel, stepLabel } from './chain-label.js';
import { estimateWidth, GUTTER, layoutLanes, type LaneLayout, type TextWidth } from './chain-lanes.js';
import { chainTiming, formatDelay, type ChainTiming } from './chain-timing.js';
import { chainTotal } from './chain-total.js';
import { clock } from './format.js';

const API = 'API server';
const ROW = 44;
const TOP = 22;

/**
 * The causal chain as a sequence diagram: a lane per component, the API server first;
 * each write is a numbered arrow from its writer to the API server, and a dashed arrow
 * from the API server to the next writer is the watch event that woke it, labelled in
 * the time gutter with how long that component took to react (cluster time). For the
 * pod-loss story this reads: 1 kubelet reports the pod Failed, +1 ms 2 the ReplicaSet
 * controller creates a replacement, +1 ms 3 the scheduler binds it, ... +2.0 s the
 * kubelet reports it Ready (the readiness probe's period).
 *
 * It always fits its panel: lanes share the width (chain-lanes.ts), the lane headers
 * are an SVG of their own that sticks to the top while the steps scroll under it, and
 * a change of the panel's width redraws it.
 */
export function drawSequence(el: HTMLElement, chain: ChainModel, onSelect: (seq: number) => void): void {
  let drawnW = -1;
  const render = (): void => {
    const keep = el.querySelector('.chain-scroll')?.scrollTop;
    drawnW = el.clientWidth;
    el.replaceChildren();
    draw(el, chain, onSelect, keep);
  };
  render();
  if (typeof ResizeObserver === 'undefined') return;
  const ro = new ResizeObserver(() => {
    if (!el.isConnected) ro.disconnect();
    else if (Math.abs(el.clientWidth - drawnW) >= 1) render();
  });
  ro.observe(el);
}

function draw(el: HTMLElement, chain: ChainModel, onSelect: (seq: number) => void, scrollTop: number | undefined): void {
  const steps: EventSummary[] = [...chain.ancestors, chain.event];
  const timing = chainTiming(chain);
  // The API server leftmost: every write is an arrow into it, so labels run right of it and never off the edge.
  const lanes: string[] = [API];
  for (const e of steps) if (!lanes.includes(e.actor)) lanes.push(e.actor);
  if (timing.hops.length > 0) el.insertAdjacentHTML('beforeend', chainTotal(timing));
  const box = d3.select(el).append('div').attr('class', 'chain-scroll');
  // The selected event's panel scrolls on its own (about 300 px tall at 1280x720): a chain box
  // taller than it would let the panel scroll the lane headers away, so keep the box within it.
  const pane = scrollingAncestor(el);
  const boxNode = box.node() as HTMLElement;
  if (pane !== null && pane.clientHeight > 0) boxNode.style.maxHeight = `min(${getComputedStyle(boxNode).maxHeight}, ${Math.max(160, pane.clientHeight - 16)}px)`;
  // Inside the scroll box's border and its (always reserved) scrollbar: 478 px of panel -> 461 px of diagram.
  const width = Math.max(240, (box.node() as HTMLElement).clientWidth || el.clientWidth);
  const heads = box.append('svg').attr('class', 'sequence heads').attr('width', width);
  const [measure, doneHeads] = measurer(heads, 'lane-head-measure');
  const hopLabels = timing.hops.map((h) => `+${formatDelay(h.delayMs, true)}`);
  const gutter = Math.max(GUTTER, 8 + Math.max(0, ...hopLabels.map((s) => estimateWidth(s))));
  const L = layoutLanes(lanes, width, measure, gutter);
  doneHeads();
  drawHeads(heads, L);
  const height = TOP + (steps.length - 1) * ROW + 14;
  const svg = box.append('svg').attr('class', 'sequence body').attr('width', width).attr('height', height);
  svg.append('defs').append('marker').attr('id', 'chain-arrow').attr('viewBox', '0 0 10 10').attr('refX', 9).attr('refY', 5)
    .attr('markerUnits', 'userSpaceOnUse').attr('markerWidth', 9).attr('markerHeight', 9).attr('orient', 'auto-start-reverse').append('path').attr('d', 'M0,0 L10,5 L0,10 z');
  for (const h of L.heads) svg.append('line').attr('class', 'lifeline').attr('x1', h.x).attr('x2', h.x).attr('y1', 0).attr('y2', height);
  const [labelW, doneLabels] = measurer(svg, 'step-label-measure');
  const [boldW, doneBold] = measurer(svg, 'step-label-measure bold');
  const apiX = L.x(API);
  steps.forEach((e, i) => {
    const y = TOP + i * ROW;
    const from = L.x(e.actor);
    const g = svg.append('g').attr('class', `step${e.seq === chain.event.seq ? ' selected' : ''}`).attr('data-seq', e.seq).on('click', () => onSelect(e.seq));
    g.append('line').attr('class', 'write').attr('x1', from).attr('x2', apiX).attr('y1', y).attr('y2', y).attr('marker-end', 'url(#chain-arrow)');
    const label = stepLabel(i + 1, e);
    g.append('text').attr('class', 'step-label').attr('x', apiX + 6).attr('y', y - 6).attr('data-label', label.full).text(fitLabel(label, width - apiX - 10, e.seq === chain.event.seq ? boldW : labelW));
    g.append('text').attr('class', 'step-time').attr('x', 4).attr('y', y + 4).text(clock(e.timeMs));
    g.append('title').text(`seq ${e.seq} at ${clock(e.timeMs)} by ${e.actor}\n${label.full}\n${e.message ?? ''}${e.provenance !== undefined ? `\nfrom ${e.provenance}` : ''}${e.inferredCause !== undefined ? `\n${e.inferredCause.label}` : ''}`);
    const hop = timing.hops[i];
    if (hop !== undefined) drawHop(svg, L, hop, hopLabels[i] as string, i === timing.slowest, y + ROW / 2);
  });
  doneLabels();
  doneBold();
  const scroll = box.node() as HTMLElement;
  // The selected write is the last row: show it, unless a redraw keeps where the reader was.
  scroll.scrollTop = scrollTop ?? scroll.scrollHeight;
}

/** The watch event that woke the next writer, and in the gutter how long it took to react. */
function drawHop(svg: d3.Selection<SVGSVGElement, unknown, null, undefined>, L: LaneLayout, hop: ChainTiming['hops'][number], text: string, slowest: boolean, y: number): void {
  // An imported write's cause is inferred, not recorded: a sparser dash and the word on the arrow say so.
  const inferred = hop.effect.inferredCause;
  const g = svg.append('g').attr('class', `hop${slowest ? ' slowest' : ''}${inferred !== undefined ? ' inferred' : ''}`).attr('data-ms', hop.delayMs).attr('data-actor', hop.effect.actor);
  g.append('line').attr('class', 'notify').attr('x1', L.x(API)).attr('x2', L.x(hop.effect.actor)).attr('y1', y).attr('y2', y).attr('marker-end', 'url(#chain-arrow)');
  g.append('text').attr('class', 'hop-delay').attr('x', 4).attr('y', y + 4).text(text);
  if (inferred !== undefined) {
    const x1 = L.x(API);
    const x2 = L.x(hop.effect.actor);
    g.append('text').attr('class', 'hop-inferred').attr('x', (x1 + x2) / 2).attr('y', y - 3).attr('text-anchor', 'middle').text(`inferred (${inferred.rule})`);
  }
  const how = inferred !== undefined ? `\n${inferred.label}` : '';
  g.append('title').text(`${hop.effect.actor} reacted ${formatDelay(hop.delayMs)} after seq ${hop.cause.seq} (${clock(hop.cause.timeMs)} -> ${clock(hop.effect.timeMs)})${how}`);
}

/** Lane headers, wrapped at the joints of their names, in one or two alternating rows; full name on hover. */
function drawHeads(svg: d3.Selection<SVGSVGElement, unknown, null, undefined>, L: LaneLayout): void {
  svg.attr('height', L.height);
  svg.append('rect').attr('class', 'heads-bg').attr('width', L.width).attr('height', L.height);
  svg.append('text').attr('class', 'gutter-head').attr('x', 4).attr('y', 12).text('time');
  svg.append('text').attr('class', 'gutter-head').attr('x', 4).attr('y', 24).text('+ hop');
  for (const h of L.heads) {
    const top = 2 + h.level * L.rowH;
    const boxH = h.lines.length * 11 + 7;
    svg.append('line').attr('class', 'lifeline').attr('x1', h.x).attr('x2', h.x).attr('y1', top + boxH).attr('y2', L.height);
    const g = svg.append('g').attr('class', `lane-head${h.name === API ? ' api' : ''}`).attr('data-actor', h.name).attr('transform', `translate(${h.cx},${top})`);
    g.append('rect').attr('x', -h.boxW / 2).attr('width', h.boxW).attr('height', boxH).attr('rx', 4);
    const t = g.append('text').attr('y', 0);
    h.lines.forEach((line, j) => t.append('tspan').attr('x', 0).attr('y', 12 + j * 11).text(line));
    g.append('title').text(h.name);
  }
}

/** Text width as the page draws it, in the font of `cls`; the estimate when the panel is hidden and measures 0. */
function measurer(svg: d3.Selection<SVGSVGElement, unknown, null, undefined>, cls: string): [TextWidth, () => void] {
  const node = svg.append('text').attr('class', cls).attr('visibility', 'hidden').node() as SVGTextElement;
  const width: TextWidth = (s) => {
    node.textContent = s;
    const w = node.getComputedTextLength();
    return w > 0 || s === '' ? w : estimateWidth(s);
  };
  return [width, () => node.remove()];
}

/** The nearest ancestor that scrolls vertically on its own, if any. */
function scrollingAncestor(el: HTMLElement): HTMLElement | null {
  for (let a = el.parentElement; a !== null; a = a.parentElement) {
    const o = getComputedStyle(a).overflowY;
    if (o === 'auto' || o === 'scroll') return a;
  }
  return null;
}
