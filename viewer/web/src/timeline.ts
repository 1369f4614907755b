import * as d3 from 'd3';
import { wantWidth, widthOf } from './widths.js';
import type { AnnotationModel, MarkerModel } from '../../shared/model.js';
import { clockAxis } from './clock-ticks.js';
import { clock } from './format.js';
import type { ModelIndex } from './model-index.js';
import { cronTicks } from './cron-ticks.js';
import type { Store } from './store.js';
import { timelineRows } from './timeline-size.js';
import { drawMarkRow, ROW_H, type RowMark } from './compare-markers.js';
import { mountZoomKeys, WindowZoom } from './timeline-zoom.js';

const M = { left: 46, right: 14 };
/** The widest playhead time, "59:59.9" at 11 px bold, with its 4-px gap: ~44 px. */
const LABEL_W = 44;
// Row heights follow the window's height (timeline-size.ts); render() refits them.
let { overview: OVERVIEW_H, marker: MARKER_H, density: DENSITY_H, fail: FAIL_H, axis: AXIS_H, cron: CRON_H } = timelineRows(window.innerHeight);

/** A CronJob's schedule tick on the timeline: a Job started, or a tick skipped. */
interface CronMark {
  t: number;
  seq: number;
  skipped: boolean;
  title: string;
}

export interface TimelineSource {
  label: string;
  mi: ModelIndex;
  /** Compare mode: this recording's markers (and the first divergence) in a row of their own under A's. */
  marks?: RowMark[];
}

/**
 * The timeline along the bottom: an overview of the whole recording with a brush to
 * zoom, then for the zoom window the chapter and action markers, event density, failed
 * requests and the axis in cluster time, with a draggable playhead across all of it.
 */
export class Timeline {
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly x = d3.scaleLinear();
  private readonly xAll = d3.scaleLinear();
  private readonly brush = d3.brushX();
  private notes: AnnotationModel[] = [];
  private drawnKey = '';
  private brushing = false;
  /** Schedule ticks of the first recording's CronJobs; empty (and no row) without any. */
  private readonly cron: CronMark[];
  private readonly zoom: WindowZoom;
  /** The mouse over the timeline (svg px), for W/S to zoom around; undefined when elsewhere. */
  private hover: [number, number] | undefined;

  constructor(
    private readonly el: HTMLElement,
    private readonly sources: TimelineSource[],
    private readonly store: Store,
    private readonly onTime: (t: number, scrubbing: boolean) => void,
    private readonly onMarker: (m: MarkerModel | AnnotationModel) => void,
  ) {
    wantWidth(el);
    this.svg = d3.select(el).append('svg').attr('class', 'timeline');
    this.zoom = new WindowZoom(store, () => this.endTime);
    mountZoomKeys(this.zoom, { hoverTime: () => (this.hover === undefined ? undefined : this.timeUnder(this.hover)) });
    const svgNode = this.svg.node() as SVGSVGElement;
    svgNode.addEventListener('pointermove', (ev) => (this.hover = d3.pointer(ev, svgNode)));
    svgNode.addEventListener('pointerleave', () => (this.hover = undefined));
    // Not passive: a used wheel must not also scroll the page or zoom the browser.
    svgNode.addEventListener('wheel', (ev) => {
      const p = d3.pointer(ev, svgNode);
      const [d0, d1] = this.x.domain() as [number, number];
      const [r0, r1] = this.x.range() as [number, number];
      if (this.zoom.wheel(ev, this.timeUnder(p), (d1 - d0) / Math.max(1, r1 - r0))) ev.preventDefault();
    }, { passive: false });
    const mi = (sources[0] as TimelineSource).mi;
    this.cron = mi.m.cronJobs.flatMap((cj) => {
      const { runs, skips } = cronTicks(mi, cj);
      return [
        ...runs.map((r) => ({ t: r.start, seq: r.seq, skipped: false, title: `${clock(r.start)} cronjob/${cj.name} started ${r.name}` })),
        ...skips.map((s) => ({ t: s.t, seq: s.seq, skipped: true, title: `${clock(s.t)} cronjob/${cj.name}: tick skipped (${s.reason}): ${s.message}` })),
      ];
    });
  }

  private get cronH(): number {
    return this.cron.length === 0 ? 0 : CRON_H;
  }

  get endTime(): number {
    return Math.max(1, ...this.sources.map((s) => s.mi.endTime));
  }

  /** Height of the compared recordings' marker rows (compare mode). */
  private get marksH(): number {
    return this.sources.filter((s) => s.marks !== undefined).length * ROW_H;
  }

  /** Draw everything again (compare mode: the first divergence arrived). */
  redraw(): void {
    this.drawnKey = '';
    this.render();
  }

  setNotes(notes: AnnotationModel[]): void {
    this.notes = notes;
    this.drawnKey = '';
    this.render();
  }

  private height(): number {
    return OVERVIEW_H + 8 + MARKER_H + this.marksH + this.cronH + this.sources.length * (DENSITY_H + FAIL_H + 4) + AXIS_H + 12;
  }

  render(): void {
    const s = this.store.state;
    const width = Math.max(300, widthOf(this.el));
    ({ overview: OVERVIEW_H, marker: MARKER_H, density: DENSITY_H, fail: FAIL_H, axis: AXIS_H, cron: CRON_H } = timelineRows(window.innerHeight));
    const key = `${width}|${MARKER_H}|${s.t0}|${s.t1}|${this.notes.length}`;
    if (key !== this.drawnKey) {
      this.drawnKey = key;
      this.drawAll(width);
    }
    this.drawPlayhead();
  }

  private drawAll(width: number): void {
    const s = this.store.state;
    const svg = this.svg.attr('width', width).attr('height', this.height());
    svg.selectAll('*').remove();
    this.xAll.domain([0, this.endTime]).range([M.left, width - M.right]);
    this.x.domain([s.t0, s.t1]).range([M.left, width - M.right]);

    // Overview with the zoom brush: the whole recording, its density, the window shown below.
    const ov = svg.append('g').attr('class', 'overview');
    this.density(ov, this.sources[0] as TimelineSource, this.xAll, 0, OVERVIEW_H, 2);
    ov.append('text').attr('class', 'row-label').attr('x', 4).attr('y', 15).text('zoom');
    this.brush.extent([[M.left, 0], [width - M.right, OVERVIEW_H]]).on('brush end', (ev: d3.D3BrushEvent<unknown>) => {
      if (this.brushing || ev.sourceEvent === undefined) return;
      const sel = ev.selection as [number, number] | null;
      if (sel === null) this.store.set({ t0: 0, t1: this.endTime });
      else if (ev.type === 'end') this.store.set({ t0: this.xAll.invert(sel[0]), t1: this.xAll.invert(sel[1]) });
    });
    const bg = ov.append('g').attr('class', 'brush').call(this.brush);
    this.brushing = true;
    // Showing the whole recording, the strip has no selection: a selection over all of it
    // would take every press as "move the window", which cannot move, so dragging did nothing.
    const whole = s.t0 <= 0 && s.t1 >= this.endTime;
    bg.call(this.brush.move, whole ? null : [this.xAll(s.t0), this.xAll(s.t1)]);
    this.brushing = false;

    let y = OVERVIEW_H + 8;
    const main = svg.append('g').attr('class', 'zoomed');
    main.append('clipPath').attr('id', 'tl-clip').append('rect').attr('x', M.left).attr('y', 0).attr('width', width - M.left - M.right).attr('height', this.height());
    const clipped = main.append('g').attr('clip-path', 'url(#tl-clip)');
    this.drawMarkers(clipped, y);
    y += MARKER_H;
    for (const src of this.sources) {
      if (src.marks === undefined) continue;
      drawMarkRow(clipped, main, src.label, src.marks, (t) => this.x(t), y, this.onMarker);
      y += ROW_H;
    }
    if (this.cron.length > 0) {
      main.append('text').attr('class', 'row-label').attr('x', 4).attr('y', y + 10).text('cron');
      this.drawCron(clipped, y);
      y += CRON_H;
    }
    for (const src of this.sources) {
      main.append('text').attr('class', 'row-label').attr('x', 4).attr('y', y + DENSITY_H / 2 + 4).text(this.sources.length > 1 ? src.label : 'events');
      this.density(clipped, src, this.x, y, DENSITY_H, 3);
      y += DENSITY_H;
      this.failures(clipped, main, src, y);
      y += FAIL_H + 4;
    }
    main.append('g').attr('class', 'axis').attr('transform', `translate(0,${y})`)
      .call(clockAxis(d3.axisBottom, this.x, Math.max(2, Math.floor(width / 90))));

    // The scrub surface: press anywhere on the zoomed part and drag; the playhead follows.
    // It starts under the marker row, so chapter flags stay clickable.
    const top = OVERVIEW_H + 8 + MARKER_H + this.marksH + this.cronH;
    const surface = main.append('rect').attr('class', 'scrub').attr('x', M.left).attr('y', top).attr('width', width - M.left - M.right).attr('height', y + AXIS_H - top);
    // The drag is followed on the window, not the rect: a redraw mid-drag (a scrollbar
    // appearing changes the width) replaces the rect, and the drag must go on regardless.
    const startDrag = (ev: PointerEvent): void => {
      ev.preventDefault();
      this.onTime(this.timeAt(ev), true);
      const move = (e: PointerEvent): void => this.onTime(this.timeAt(e), true);
      const up = (e: PointerEvent): void => {
        window.removeEventListener('pointermove', move);
        window.removeEventListener('pointerup', up);
        this.onTime(this.timeAt(e), false);
      };
      window.addEventListener('pointermove', move);
      window.addEventListener('pointerup', up);
    };
    surface.on('pointerdown', startDrag);
    // The playhead itself is a handle too: grab it and drag.
    const head = svg.append('g').attr('class', 'playhead').on('pointerdown', startDrag);
    head.append('line').attr('y1', OVERVIEW_H + 4).attr('y2', y);
    head.append('path').attr('d', 'M-6,0 L6,0 L0,8 Z').attr('transform', `translate(0,${OVERVIEW_H + 4})`);
    head.append('text').attr('class', 'playhead-time').attr('y', y + AXIS_H + 2).attr('x', 4);
    svg.append('line').attr('class', 'overview-head').attr('y1', 0).attr('y2', OVERVIEW_H);
  }

  private timeAt(ev: PointerEvent): number {
    return this.timeAtX(d3.pointer(ev, this.svg.node())[0]);
  }

  /** The time under a point: on the zoom strip the whole recording's scale, below it the window's. */
  private timeUnder([px, py]: [number, number]): number {
    if (py >= OVERVIEW_H) return this.timeAtX(px);
    return Math.max(0, Math.min(this.endTime, this.xAll.invert(px)));
  }

  private timeAtX(px: number): number {
    const [a, b] = this.x.domain() as [number, number];
    return Math.max(0, Math.min(this.endTime, Math.max(a, Math.min(b, this.x.invert(px)))));
  }

  private drawPlayhead(): void {
    const t = this.store.state.timeMs;
    const px = this.x(t);
    const inView = t >= (this.x.domain()[0] as number) && t <= (this.x.domain()[1] as number);
    this.svg.select('g.playhead').attr('transform', `translate(${px},0)`).style('display', inView ? 'inline' : 'none');
    // The playhead's time reads right of its line, or left of it near the right end: at the
    // end of a 1280-px window the line is ~10 px from the edge and "4:20.0" (~40 px at 11 px
    // bold) was cut to "4::" (the live viewer follows its end there all the time).
    const left = px + LABEL_W + 4 > (this.x.range()[1] as number) + M.right;
    this.svg.select('text.playhead-time').text(clock(t)).attr('x', left ? -4 : 4).attr('text-anchor', left ? 'end' : 'start');
    // The playhead's time sits on the axis row: the tick labels it would cover step aside
    // (a label is ~36 px wide at 11 px, the playhead's starts 4 px from the line).
    const mid = left ? px - 22 : px + 22;
    this.svg.selectAll<SVGGElement, number>('g.axis g.tick').classed('under-playhead', (d) => inView && Math.abs(this.x(d) - mid) < 42);
    this.svg.select('line.overview-head').attr('x1', this.xAll(t)).attr('x2', this.xAll(t));
  }

  /** Events per bin: seqAtTime(end) - seqAtTime(start), a binary search per bin instead of a pass over the events. */
  private density(g: d3.Selection<SVGGElement, unknown, null, undefined>, src: TimelineSource, x: d3.ScaleLinear<number, number>, y: number, h: number, binPx: number): void {
    const [r0, r1] = x.range() as [number, number];
    const bins = Math.max(1, Math.floor((r1 - r0) / binPx));
    const counts: number[] = [];
    for (let i = 0; i < bins; i++) {
      const a = x.invert(r0 + i * binPx);
      const b = x.invert(r0 + (i + 1) * binPx);
      counts.push(src.mi.seqAtTime(b) - src.mi.seqAtTime(a));
    }
    const peak = Math.max(1, ...counts);
    // Square-root scale: one lone write in a quiet minute stays visible next to a burst of 500.
    const hy = d3.scaleSqrt().domain([0, peak]).range([0, h - 2]);
    const area = d3.area<number>().x((_d, i) => r0 + i * binPx + binPx / 2).y0(y + h).y1((d) => y + h - hy(d)).curve(d3.curveStepAfter);
    g.append('path').attr('class', 'density').attr('d', area(counts));
  }

  private failures(g: d3.Selection<SVGGElement, unknown, null, undefined>, labels: d3.Selection<SVGGElement, unknown, null, undefined>, src: TimelineSource, y: number): void {
    const tr = src.mi.m.traffic;
    labels.append('text').attr('class', 'row-label small').attr('x', 4).attr('y', y + 10).text('failed');
    if (tr === null) {
      g.append('text').attr('class', 'absent').attr('x', M.left + 4).attr('y', y + 10).text('no traffic in this recording');
      return;
    }
    const w = Math.max(1, this.x(tr.bucketMs) - this.x(0));
    const failed = tr.buckets.filter((b) => b[2] > 0);
    const peak = Math.max(1, ...failed.map((b) => b[2]));
    g.selectAll(null).data(failed).join('rect').attr('class', 'failed')
      .attr('x', (b) => this.x(b[0])).attr('width', w).attr('y', y).attr('height', FAIL_H)
      .attr('opacity', (b) => 0.35 + 0.65 * (b[2] / peak))
      .append('title').text((b) => `${clock(b[0])}: ${b[2]} failed, ${b[1]} ok`);
  }

  /** Each CronJob tick: a Job started (a small triangle) or skipped (a red cross); a click jumps there. */
  private drawCron(g: d3.Selection<SVGGElement, unknown, null, undefined>, y: number): void {
    const ticks = g.selectAll<SVGGElement, CronMark>('g.cron-tick').data(this.cron).join('g')
      .attr('class', (c) => `cron-tick ${c.skipped ? 'skipped' : 'started'}`)
      .attr('transform', (c) => `translate(${this.x(c.t)},${y})`)
      .on('click', (_ev, c) => this.onMarker({ id: -1, timeMs: c.t, seq: c.seq, kind: 'note', title: c.title, body: null }));
    ticks.filter((c) => !c.skipped).append('path').attr('d', 'M-4,2 L4,2 L0,10 Z');
    ticks.filter((c) => c.skipped).append('text').attr('y', 11).text('✗');
    ticks.append('title').text((c) => c.title);
  }

  private drawMarkers(g: d3.Selection<SVGGElement, unknown, null, undefined>, y: number): void {
    const src = this.sources[0] as TimelineSource;
    const x = this.x;
    const markers = src.mi.m.markers.filter((m) => m.kind === 'chapter' || m.kind === 'action' || m.kind === 'expectation');
    const mg = g.selectAll<SVGGElement, MarkerModel>('g.marker').data(markers).join('g')
      .attr('class', (m) => `marker ${m.kind}`)
      .attr('transform', (m) => `translate(${this.x(m.timeMs)},${y})`)
      .on('click', (_ev, m) => this.onMarker(m));
    // A transparent target: a flag is easy to hit anywhere on its title, not only on its 1 px line.
    mg.append('rect').attr('class', 'hit').attr('x', -5).attr('y', 0).attr('height', MARKER_H).attr('width', (m) => (m.kind === 'chapter' ? 10 + m.title.length * 6.5 : 10));
    mg.append('line').attr('y1', (m) => (m.kind === 'chapter' ? 0 : 18)).attr('y2', MARKER_H);
    // Action titles sit under their dot, or beside it in the compact rows (timeline-size.ts).
    const actionTitleY = MARKER_H >= 34 ? 31 : 22;
    // A chapter's title gets the room up to the next chapter: cut with an ellipsis, or left out under 3 characters' room.
    const chapters = markers.filter((m) => m.kind === 'chapter');
    mg.filter((m) => m.kind === 'chapter').append('text').attr('x', 3).attr('y', 10).text((m) => {
      const next = chapters.find((c) => c.timeMs > m.timeMs);
      const room = next === undefined ? Infinity : x(next.timeMs) - x(m.timeMs) - 8;
      const fits = Math.floor(room / 6.6);
      return m.title.length <= fits ? m.title : fits >= 3 ? `${m.title.slice(0, fits - 1)}…` : '';
    });
    mg.filter((m) => m.kind !== 'chapter').append('circle').attr('cy', 18).attr('r', 3);
    // Action titles where there is room: skipped when they would run into the next one.
    let freeFrom = -Infinity;
    mg.filter((m) => m.kind === 'action').each(function (m) {
      const px = x(m.timeMs);
      const w = Math.min(220, m.title.length * 5.6);
      if (px < freeFrom) return;
      freeFrom = px + w + 8;
      d3.select(this).append('text').attr('class', 'action-title').attr('x', 5).attr('y', actionTitleY).text(m.title.length > 40 ? `${m.title.slice(0, 39)}…` : m.title);
    });
    mg.append('title').text((m) => `${clock(m.timeMs)} ${m.kind}: ${m.title}${m.body ? `\n${m.body}` : ''}`);
    g.selectAll<SVGGElement, AnnotationModel>('g.note').data(this.notes).join('g').attr('class', 'note')
      .attr('transform', (n) => `translate(${this.x(n.timeMs)},${y + 22})`)
      .on('click', (_ev, n) => this.onMarker(n))
      .call((n) => n.append('path').attr('d', 'M0,0 L-5,-9 L5,-9 Z'))
      .call((n) => n.append('title').text((d) => `note ${clock(d.timeMs)}${d.author ? ` by ${d.author}` : ''}: ${d.text}`));
  }
}
