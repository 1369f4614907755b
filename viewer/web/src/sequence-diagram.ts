import * as d3 from 'd3';
import type { ChainModel, EventSummary } from '../../shared/model.js';
import { clock, objectName, verbPhrase } from './format.js';

const API = 'API server';
// Lanes are 124 px apart at least; a long chain of many components scrolls sideways.
const LANE_MIN = 124;
const ROW = 46;
const HEAD = 34;

/**
 * The causal chain as a sequence diagram: a lane per component, the API server first;
 * each write is a numbered arrow from its writer to the API server, and a dashed arrow
 * from the API server to the next writer is the watch event that woke it. For the
 * pod-loss story this reads: 1 kubelet reports the pod Failed, 2 the ReplicaSet
 * controller creates a replacement, 3 the scheduler binds it, 4 a kubelet starts it.
 */
export function drawSequence(el: HTMLElement, chain: ChainModel, onSelect: (seq: number) => void): void {
  const steps: EventSummary[] = [...chain.ancestors, chain.event];
  // The API server leftmost: every write is an arrow into it, so labels run right of it and never off the edge.
  const lanes: string[] = [API];
  for (const e of steps) if (!lanes.includes(e.actor)) lanes.push(e.actor);
  const width = Math.max(360, el.clientWidth, 140 + lanes.length * LANE_MIN);
  const x = d3.scalePoint<string>().domain(lanes).range([64, width - 64]);
  const height = HEAD + steps.length * ROW + 10;
  const svg = d3.select(el).append('svg').attr('class', 'sequence').attr('width', width).attr('height', height);
  svg.append('defs').append('marker').attr('id', 'arrow').attr('viewBox', '0 0 10 10').attr('refX', 9).attr('refY', 5)
    .attr('markerUnits', 'userSpaceOnUse').attr('markerWidth', 9).attr('markerHeight', 9).attr('orient', 'auto-start-reverse').append('path').attr('d', 'M0,0 L10,5 L0,10 z');
  for (const lane of lanes) {
    const lx = x(lane) as number;
    svg.append('line').attr('class', 'lifeline').attr('x1', lx).attr('x2', lx).attr('y1', HEAD - 8).attr('y2', height);
    const g = svg.append('g').attr('class', `lane-head${lane === API ? ' api' : ''}`).attr('transform', `translate(${lx},4)`);
    g.append('rect').attr('x', -60).attr('width', 120).attr('height', 22).attr('rx', 4);
    g.append('text').attr('y', 15).text(lane.length > 22 ? `${lane.slice(0, 21)}…` : lane);
    g.append('title').text(lane);
  }
  steps.forEach((e, i) => {
    const y = HEAD + i * ROW + 26;
    const from = x(e.actor) as number;
    const to = x(API) as number;
    const g = svg.append('g').attr('class', `step${e.seq === chain.event.seq ? ' selected' : ''}`).attr('data-seq', e.seq).on('click', () => onSelect(e.seq));
    g.append('line').attr('class', 'write').attr('x1', from).attr('x2', to).attr('y1', y).attr('y2', y).attr('marker-end', 'url(#arrow)');
    const label = `${i + 1}. ${verbPhrase(e)} ${objectName(e)}${e.reason === null ? '' : ` · ${e.reason}`}`;
    g.append('text').attr('class', 'step-label').attr('x', Math.min(from, to) + 6).attr('y', y - 6).text(label);
    g.append('text').attr('class', 'step-time').attr('x', 4).attr('y', y + 4).text(clock(e.timeMs));
    g.append('title').text(`seq ${e.seq} at ${clock(e.timeMs)} by ${e.actor}\n${e.message ?? ''}`);
    const next = steps[i + 1];
    if (next !== undefined && next.actor !== API) {
      const ny = y + ROW / 2;
      svg.append('line').attr('class', 'notify').attr('x1', to).attr('x2', x(next.actor) as number).attr('y1', ny).attr('y2', ny).attr('marker-end', 'url(#arrow)');
    }
  });
}
