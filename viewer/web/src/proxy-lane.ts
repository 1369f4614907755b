import * as d3 from 'd3';
import type { NodeProxyModel, ProxyModel, RouteSpan } from '../../shared/model.js';
import { rsColor } from './colors.js';
import { shortName } from './chip-label.js';
import { clockAxis } from './clock-ticks.js';
import { clock, fit } from './format.js';
import type { ModelIndex } from './model-index.js';
import { gapVerdict, podGaps, type PodGap } from './proxy-gaps.js';
import { focusGap, podMoments, stackLabels } from './proxy-moments.js';
import { wantWidth, widthOf } from './widths.js';

const LABEL_W = 150; // as the lifecycle rows: the two time axes line up
const RIGHT = 14;
const HEAD = 14;
const MAX_NODES = 12;
/** A route row tall enough for its pod's name (9 px text) while the rows are this many or fewer: a story's 3 nodes x 8 endpoints are 24 (~410 px of lane at 1280x720); hpa-scale-out's 4 x 12 would be ~700 px, and keep the thin rows. */
const NAMED_ROWS = 32;
const ROW_NAMED = 11;
/** The moments' label lines, and the time axis under them. */
const MOMENT_LINE = 12;
const AXIS_H = 18;
/** ~Width of a character of the 10 px moment labels (system-ui): "stops listening 0:51.6" is ~125 px. */
const CHAR_W = 5.8;

/** A piece of a route: routed to a ready endpoint, to one that left the slice (still listening), or to a closed port. */
type Piece = { a: number; b: number; kind: 'routed' | 'stale' | 'dead'; span: RouteSpan; node: string; gap: PodGap | undefined };

/**
 * The kube-proxy lane: a block per node, a thin row per endpoint its kube-proxy routes to
 * over the zoom window (grey; its ReplicaSet's colour as a swatch by the row), amber once the pod has left the
 * EndpointSlice but this node still routes to it, red once its process no longer
 * listens; a black tick where the process stopped listening, red ticks on the node's
 * line for the failed requests it sent. prestop-off draws red on every node from the
 * delete to 1 s past the slice change; prestop-on draws amber and the tick 6 s later.
 */
export class ProxyLane {
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly readout: HTMLElement;
  private readonly gaps: PodGap[];
  private readonly byKey = new Map<string, PodGap>();
  private drawnKey = '';
  /** The Services drawn: the recording's own, not kube-system's (CoreDNS) unless those are all there is. */
  private readonly services: Set<string>;
  private x = d3.scaleLinear();
  /** A story's lane (at most NAMED_ROWS endpoint rows in the last drawn window): named rows and the focused pod's moments. */
  private storySized = true;

  /**
   * `named`: rows tall enough for their pods' names (the single view). A comparison's two
   * lanes keep the thin rows: each sits between its side's cluster and lifecycles, and at
   * 1280x720 B's first lifecycle rows must stay in view below it.
   */
  constructor(private readonly el: HTMLElement, private readonly mi: ModelIndex, private readonly proxy: ProxyModel, private readonly named = true) {
    wantWidth(el);
    this.svg = d3.select(el).append('svg').attr('class', 'proxy-lane');
    this.readout = el.appendChild(document.createElement('div'));
    this.readout.className = 'proxy-readout';
    this.gaps = podGaps(mi, proxy);
    for (const g of this.gaps) this.byKey.set(g.key, g);
    const all = new Set(proxy.nodes.flatMap((n) => n.spans.map((s) => s[2])));
    const own = [...all].filter((s) => !s.startsWith('kube-system/'));
    this.services = new Set(own.length > 0 ? own : all);
  }

  render(timeMs: number, t0: number, t1: number): void {
    const width = Math.max(320, widthOf(this.el));
    // The focus redraws the lane when it changes (the labelled moments set the axis's height), so only
    // a story's lane has one: a large one (past NAMED_ROWS rows) would redraw at every deletion played.
    const focus = this.storySized ? focusGap(this.gaps, timeMs) : undefined;
    const key = `${width}|${t0}|${t1}|${focus?.key ?? ''}`;
    if (key !== this.drawnKey) {
      this.drawnKey = key;
      this.draw(width, t0, t1, focus);
    }
    const x = this.x(timeMs);
    this.svg.select('line.playhead').attr('x1', x).attr('x2', x).style('display', timeMs >= t0 && timeMs <= t1 ? 'inline' : 'none');
    this.svg.selectAll<SVGTextElement, NodeProxyModel>('text.node-failed').text((n) => failedText(n, timeMs));
    this.showReadout(timeMs);
  }

  private draw(width: number, t0: number, t1: number, focus: PodGap | undefined): void {
    const svg = this.svg;
    svg.selectAll('*').remove();
    const x = (this.x = d3.scaleLinear().domain([t0, t1]).range([LABEL_W, width - RIGHT]));
    const shown = this.services;
    const inWindow = (s: RouteSpan): boolean => s[0] <= t1 && (s[1] === null || s[1] >= t0) && shown.has(s[2]);
    // A story's nodes are few; on a 40-node recording the nodes that sent failures come first, and 12 are drawn.
    const nodes = [...this.proxy.nodes].sort((a, b) => Number(b.failures.length > 0) - Number(a.failures.length > 0)).slice(0, MAX_NODES);
    const rows = this.proxy.nodes.filter((n) => nodes.includes(n)).map((n) => ({ n, pods: [...new Set(n.spans.filter(inWindow).map((s) => s[3]))] }));
    const subRows = rows.reduce((k, r) => k + r.pods.length, 0);
    if (subRows > NAMED_ROWS && this.storySized) {
      // Drawn again without a focus: a large lane has no moments.
      this.storySized = false;
      focus = undefined;
    } else if (subRows <= NAMED_ROWS && !this.storySized) {
      this.storySized = true;
      this.drawnKey = ''; // the next frame finds the focus
    }
    // A story's rows each name their pod (as its chip does); past NAMED_ROWS they shrink to fit ~120 px, unnamed.
    const h = this.named && this.storySized ? ROW_NAMED : Math.max(3, Math.min(10, Math.floor(120 / Math.max(1, subRows))));
    // Above the nodes: the focused pod's moments, labelled, then the time axis; their lines run down through every node.
    // A comparison's lanes leave the labelled moments out (~40 px): the readout under each says them.
    const moments = focus === undefined || !this.named ? [] : podMoments(focus).filter((m) => m.t >= t0 && m.t <= t1);
    const placed = stackLabels(moments.map((m) => ({ x: x(m.t), w: m.text.length * CHAR_W })), width - RIGHT);
    const bandH = (Math.max(0, ...placed.map((p) => p.line + 1))) * MOMENT_LINE;
    // A comparison's lanes have no axis of their own either: their side's lifecycles, below, share the lane's x.
    const axisY = this.named ? bandH + AXIS_H : 0;
    if (this.named) svg.append('g').attr('class', 'axis proxy-axis').attr('transform', `translate(0,${axisY})`).call(clockAxis(d3.axisTop, x, Math.max(2, Math.floor((width - LABEL_W) / 90))));
    if (focus !== undefined && this.named) svg.append('text').attr('class', 'focus-name').attr('x', 4).attr('y', axisY - 4).text(fit(`moments of ${shortName(focus.pod.name, null)}`, LABEL_W - 8, 5.5));
    let y = this.named ? axisY + 4 : 0;
    const top = y;
    for (const { n, pods } of rows) {
      const g = svg.append('g').attr('class', 'proxy-node').attr('data-node', n.node).attr('transform', `translate(0,${y})`);
      g.append('text').attr('class', 'node-name').attr('x', 4).attr('y', HEAD - 3).text(n.node);
      g.append('text').attr('class', 'node-failed').datum(n).attr('x', LABEL_W - 4).attr('y', HEAD - 3);
      g.append('line').attr('class', 'node-base').attr('x1', LABEL_W).attr('x2', width - RIGHT).attr('y1', HEAD - 1).attr('y2', HEAD - 1);
      g.selectAll(null).data(n.failures.filter((f) => f[0] >= t0 && f[0] <= t1)).join('line').attr('class', 'proxy-fail')
        .attr('x1', (f) => x(f[0])).attr('x2', (f) => x(f[0])).attr('y1', 2).attr('y2', HEAD - 1)
        .append('title').text((f) => `${clock(f[0])}: ${f[3]} ${f[2]} sent from ${n.node}${f[1] === '' ? '' : ` to ${f[1].slice(f[1].indexOf('/') + 1)}`}`);
      // Where this node's kube-proxy stopped routing to the focused pod: its rules caught up with the slice.
      // Over the failure ticks (its label's halo hides those under it).
      const stopped = focus?.routedUntil.get(n.node);
      if (stopped != null && stopped >= t0 && stopped <= t1) {
        const sx = x(stopped);
        const text = `kube-proxy stops ${clock(stopped)}`;
        const end = sx + 6 + text.length * CHAR_W > width - RIGHT;
        const mark = g.append('g').attr('class', 'proxy-stop').attr('data-pod', focus?.pod.name ?? '').attr('data-t', stopped);
        mark.append('path').attr('d', `M${sx - 4},1 L${sx + 4},1 L${sx},${HEAD - 2} Z`);
        mark.append('text').attr('x', end ? sx - 6 : sx + 6).attr('y', HEAD - 3).attr('text-anchor', end ? 'end' : 'start').text(text);
      }
      pods.forEach((pod, i) => {
        const ry = HEAD + i * (h + 1);
        const row = g.append('g').attr('class', 'proxy-route').attr('data-pod', pod.slice(pod.indexOf('/') + 1)).attr('transform', `translate(0,${ry})`);
        const track = this.mi.m.pods.find((p) => `${p.namespace}/${p.name}` === pod);
        // The name's part its chip shows ("web-869fc6774c-d9fdb" -> "d9fdb"), by the swatch; the whole name in its tooltip.
        const name = pod.slice(pod.indexOf('/') + 1);
        if (h >= 8) {
          row.append('text').attr('class', `route-label${pod === focus?.key ? ' focus' : ''}`).attr('x', LABEL_W - 12).attr('y', h - 2)
            .text(fit(shortName(name, n.node), LABEL_W - 30, 5.5)).append('title').text(name);
        }
        const gap = this.byKey.get(pod);
        const pieces = n.spans.filter((s) => s[3] === pod && inWindow(s)).flatMap((s) => cut(s, n.node, gap, this.mi.endTime));
        // Its ReplicaSet as a swatch by the row: the bars keep one neutral colour, so amber and red only ever mean stale and dead.
        row.append('rect').attr('class', 'rs-swatch').attr('x', LABEL_W - 9).attr('y', 0).attr('width', 6).attr('height', h).attr('fill', track === undefined ? '#777' : rsColor(this.mi.revOf(track)));
        row.selectAll(null).data(pieces).join('rect').attr('class', (p) => `route ${p.kind}`).attr('data-kind', (p) => p.kind)
          .attr('x', (p) => x(Math.max(p.a, t0))).attr('width', (p) => Math.max(0.5, x(Math.min(p.b, t1)) - x(Math.max(p.a, t0)))).attr('y', 0).attr('height', h)
          .append('title').text((p) => pieceTitle(p));
        if (gap?.quiet != null && gap.quiet >= t0 && gap.quiet <= t1) {
          row.append('line').attr('class', 'quiet').attr('x1', x(gap.quiet)).attr('x2', x(gap.quiet)).attr('y1', -1).attr('y2', h + 1)
            .append('title').text(`${clock(gap.quiet)}: ${pod} stopped listening`);
        }
      });
      y += HEAD + pods.length * (h + 1) + 4;
    }
    const hidden = this.proxy.nodes.length - rows.length;
    if (hidden > 0) {
      svg.append('text').attr('class', 'more-nodes').attr('x', 4).attr('y', y + 10).text(`+${hidden} more nodes not drawn`);
      y += 14;
    }
    svg.attr('width', width).attr('height', Math.max(y, 20));
    moments.forEach((m, i) => {
      const at = x(m.t);
      const p = placed[i] as { line: number; end: boolean };
      const mg = svg.insert('g', 'g.proxy-node').attr('class', `moment ${m.kind}`).attr('data-kind', m.kind).attr('data-t', m.t);
      mg.append('line').attr('x1', at).attr('x2', at).attr('y1', p.line * MOMENT_LINE + 2).attr('y2', y);
      mg.append('text').attr('x', p.end ? at - 3 : at + 3).attr('y', p.line * MOMENT_LINE + 10).attr('text-anchor', p.end ? 'end' : 'start').text(m.text);
    });
    svg.append('line').attr('class', 'playhead').attr('y1', top - 4).attr('y2', y);
  }

  /** The latest deleted pod's three moments in words, at the playhead. */
  private showReadout(timeMs: number): void {
    let g: PodGap | undefined;
    for (const x of this.gaps) if (x.deletedAt <= timeMs && x.routedUntil.size > 0) g = x;
    const text = g === undefined ? '' : readout(g);
    if (this.readout.textContent !== text) {
      this.readout.textContent = text;
      const v = g === undefined ? null : gapVerdict(g);
      this.readout.dataset.verdict = v === null ? '' : v.ok ? 'safe' : 'lost';
      this.readout.dataset.pod = g?.pod.name ?? '';
    }
  }
}

/** A route span cut where its pod left the slice and where its process stopped listening. */
function cut(s: RouteSpan, node: string, gap: PodGap | undefined, end: number): Piece[] {
  const b = s[1] ?? end;
  const marks = [s[0], ...[gap?.leftSlice, gap?.quiet].filter((m): m is number => m != null && m > s[0] && m < b).sort((p, q) => p - q), b];
  const out: Piece[] = [];
  for (let i = 0; i + 1 < marks.length; i++) {
    const a = marks[i] as number;
    const kind = gap?.quiet != null && a >= gap.quiet ? 'dead' : s[4] === 2 || (gap?.leftSlice != null && a >= gap.leftSlice) ? 'stale' : 'routed';
    out.push({ a, b: marks[i + 1] as number, kind, span: s, node, gap });
  }
  return out;
}

function pieceTitle(p: Piece): string {
  const pod = p.span[3].slice(p.span[3].indexOf('/') + 1);
  const what = p.kind === 'routed' ? 'routes to' : p.kind === 'stale' ? 'still routes to (it left the EndpointSlice)' : 'still routes to (its process no longer listens: requests fail)';
  return `${p.node} ${what} ${pod}: ${clock(p.a)} - ${clock(p.b)}`;
}

function failedText(n: NodeProxyModel, t: number): string {
  let k = 0;
  for (const f of n.failures) if (f[0] <= t) k += f[3];
  return k === 0 ? '' : `${k} failed`;
}

function readout(g: PodGap): string {
  const ends = [...g.routedUntil.values()].map((e) => e ?? Infinity);
  const last = Math.max(...ends);
  const first = Math.min(...ends);
  const nodes = first === last ? `every node's kube-proxy stopped routing ${clock(last)}` : `the nodes' kube-proxies stopped routing ${clock(first)} - ${clock(last)}`;
  const left = g.leftSlice === null ? 'still in the EndpointSlice' : `left the EndpointSlice ${clock(g.leftSlice)}`;
  const quiet = g.quiet === null ? 'its process never seen to stop' : `its process stopped listening ${clock(g.quiet)}`;
  const v = gapVerdict(g);
  const verdict = v === null ? '' : v.ok ? ` → ${v.seconds.toFixed(1)} s to spare: no request sent to a closed port` : ` → ${(-v.seconds).toFixed(1)} s of requests sent to a closed port`;
  return `${g.pod.name} deleted ${clock(g.deletedAt)}: ${left} · ${nodes} · ${quiet}${verdict}`;
}
