import * as d3 from 'd3';
import { wantWidth, widthOf } from './widths.js';
import { EndpointState, PV, Stage, STAGE_NAMES, type PodTrack, type ThrottleSpan } from '../../shared/model.js';
import { sigtermAt } from './termination.js';
import { addHatch, HATCH, rsColor, SIGTERM_COLOR, STAGE_COLOR } from './colors.js';
import { clockAxis } from './clock-ticks.js';
import { clock, escapeHtml, grouped } from './format.js';
import { fitWidth } from './text-fit.js';
import { versionAt, type ModelIndex } from './model-index.js';
import { backoffWaits } from './charts/backoff-waits.js';
import { nearMs, RowFollower, rowsNear } from './lifecycles-follow.js';
import { addRecoveryMarker, drawRecoveries, recoveryAt, recoveryCaption, recoveryTimes, type RecoveryTimes } from './lifecycles-recovery.js';
import { addThrottleHatch, drawThrottles } from './lifecycles-throttle.js';
import { sortedPairs } from './sorted-pairs.js';
import { BAND_H, BANDS_FROM, buildBands, drawBands, ownerKey, type Band } from './lifecycles-bands.js';

interface Segment {
  t0: number;
  t1: number;
  stage: Stage;
  /**
   * Terminating is drawn in two parts: 'prestop' (hook running) and 'sigterm' (after
   * SIGTERM); 'init' is a pod running its init containers (label: Init:1/2, PodInitializing).
   */
  part: 'prestop' | 'sigterm' | 'init' | '';
  label?: string;
}

/** Init phases: a violet, darker for an init container that fails (Init:Error, Init:CrashLoopBackOff). */
const INIT_COLOR = '#b39ddb';
const INIT_TROUBLE_COLOR = '#7e57c2';
const isInitPhase = (r: string | null): r is string => r !== null && (r.startsWith('Init:') || r === 'PodInitializing');

interface Row {
  /** The first pod of the row; a StatefulSet's ordinal keeps one row for every pod of its name (lives). */
  pod: PodTrack;
  lives: PodTrack[];
  /** When each later life began: the same identity, a new uid. */
  births: number[];
  /** A Job's backoff before this pod: from the failure it replaced to its creation. */
  wait: [number, number, string] | null;
  rs: number;
  segments: Segment[];
  endpoints: Array<[number, number, EndpointState]>;
  failures: Array<[number, number, string]>;
  /** When the pod was OOMKilled or Evicted: a mark with the word on its row. */
  kills: Array<[number, string]>;
  /** Stretches its CPU demand (traffic x cpu-per-request) was over its CPU limit. */
  throttles: ThrottleSpan[];
  goneAt: number | null;
}

const EP_WORDS = ['listed, not ready', 'ready: routed to', 'terminating: being drained'] as const;
/** Recoveries stay captioned this long after their Ready. */
const CAPTION_AFTER_MS = 30_000;

const LABEL_W = 150;
const RIGHT = 14;
const AXIS_H = 18;
/** The rows start this far down their SVG: the time axis is in the sticky bar above, so it stays in view as the rows scroll. */
const TOP = 3;
let clipCount = 0;

/**
 * A row per pod: Pending, init containers running (violet, labelled Init:0/2 ... PodInitializing), ContainerCreating, Running not ready, Ready, Terminating
 * (preStop hatched, after SIGTERM dark), Completed, Failed, gone. Above each row a thin
 * line shows when the pod was in its Service's endpoints (green ready, orange
 * terminating), and red ticks mark failed requests it served. A StatefulSet's pods keep
 * one row per name (web-1 replaced is the same identity: a tick marks the new uid), and
 * a Job's pod that came after a failure starts with a dotted line: its backoff wait.
 */
export class LifecyclesView {
  private readonly rows: Row[];
  private drawnKey = '';
  private drawnRange = '';
  private readonly svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private body: d3.Selection<SVGGElement, unknown, null, undefined> | undefined;
  private visible: Row[] = [];
  private rowH = 18;
  private x = d3.scaleLinear();
  private readonly clip = `lc-clip-${++clipCount}`;
  private scrollFrame = 0;
  private readonly bar: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly axisSvg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly follower: RowFollower;
  private readonly recoveries: RecoveryTimes[];
  /**
   * [time, index in rows] of every creation, status write and deletion, by time: what
   * "changing near the playhead" searches. Built once (a zoom drag redraws every frame;
   * 1,000 pods have ~8,000 versions), mapped to shown rows through `shownAt`.
   */
  private readonly changes: Array<[number, number]> = [];
  /** Index in rows -> index among the shown rows (-1: not shown in this window). */
  private shownAt = new Int32Array(0);
  private followKey = '';
  private last = { timeMs: 0, t0: 0, t1: 1 };
  private readonly marker = `lc-arrow-${clipCount}`;
  /** Too many rows to tell apart: one band per owner (lifecycles-bands.ts), made when first needed. */
  private bands: Band[] | undefined;
  /** The owner whose rows are shown after a click on its band; null: all (as bands when too many). */
  private band: string | null = null;
  private readonly notice: HTMLElement;

  constructor(
    private readonly el: HTMLElement,
    private readonly mi: ModelIndex,
    private readonly onSelect: (pod: PodTrack, seq: number) => void,
  ) {
    wantWidth(el);
    const failures = new Map<string, Array<[number, number, string]>>();
    for (const f of mi.m.traffic?.failures ?? []) {
      const list = failures.get(f[1]) ?? [];
      list.push([f[0], f[3], f[2]]);
      failures.set(f[1], list);
    }
    const waits = new Map<string, [number, number, string]>();
    for (const job of mi.m.jobs) for (const w of backoffWaits(mi, job)) if (w.to !== null && w.next !== null) waits.set(`${job.namespace}/${w.next}`, [w.from, w.to, w.failed]);
    // A StatefulSet's pods of one name share a row; every other pod has its own.
    const groups = new Map<string, PodTrack[]>();
    // The story's pods first, in order of creation; kube-system's (CoreDNS, kube-proxy, the
    // mirror pods) after them, where they do not push the pods a walkthrough is about out of view.
    const system = (p: PodTrack): number => (p.namespace === 'kube-system' ? 1 : 0);
    for (const p of [...mi.m.pods].sort((a, b) => system(a) - system(b) || a.createdSeq - b.createdSeq)) {
      const key = p.owner?.startsWith('StatefulSet/') ? `${p.namespace}/${p.owner}/${p.name}` : p.uid;
      const list = groups.get(key);
      if (list === undefined) groups.set(key, [p]);
      else list.push(p);
    }
    this.rows = [...groups.values()].map((lives) => this.build(lives, failures.get((lives[0] as PodTrack).name) ?? [], waits.get(`${(lives[0] as PodTrack).namespace}/${(lives[0] as PodTrack).name}`) ?? null));
    this.recoveries = recoveryTimes(mi);
    // A bar that stays at the top of the scrolled box: the follow toggle and the recovery at the playhead.
    this.bar = d3.select(el).append('div').attr('class', 'lc-bar').node() as HTMLElement;
    const top = d3.select(this.bar).append('div').attr('class', 'lc-bar-top').node() as HTMLElement;
    this.follower = new RowFollower(el, top, () => this.refollow());
    this.caption = d3.select(top).append('span').attr('class', 'lc-recovery').node() as HTMLElement;
    this.notice = d3.select(top).append('span').attr('class', 'lc-notice').node() as HTMLElement;
    this.notice.addEventListener('click', (ev) => {
      if ((ev.target as HTMLElement).closest('button.lc-back') !== null) this.pick(null);
    });
    this.axisSvg = d3.select(this.bar).append('svg').attr('class', 'lc-axis-svg');
    this.svg = d3.select(el).append('svg').attr('class', 'lifecycles');
    addHatch(this.svg);
    addThrottleHatch(this.svg);
    addRecoveryMarker(this.svg, this.marker);
    const times: number[] = [];
    const rowOf: number[] = [];
    const change = (seq: number, row: number): void => {
      times.push(mi.timeOf(seq));
      rowOf.push(row);
    };
    this.rows.forEach((r, i) => {
      for (const life of r.lives) {
        for (const v of life.versions) change(v[PV.seq], i);
        if (life.deletedSeq !== null) change(life.deletedSeq, i);
      }
    });
    const sorted = sortedPairs(times, rowOf);
    for (let k = 0; k < sorted.keys.length; k++) this.changes.push([sorted.keys[k] as number, sorted.ids[k] as number]);
    el.addEventListener('scroll', () => {
      cancelAnimationFrame(this.scrollFrame);
      this.scrollFrame = requestAnimationFrame(() => this.drawRows());
    });
  }

  private build(lives: PodTrack[], failures: Array<[number, number, string]>, wait: [number, number, string] | null): Row {
    const t = (seq: number): number => this.mi.timeOf(seq);
    const pod = lives[0] as PodTrack;
    const last = lives[lives.length - 1] as PodTrack;
    const goneAt = last.deletedSeq === null ? null : t(last.deletedSeq);
    const segments: Segment[] = [];
    for (const life of lives) this.lifeSegments(life, segments);
    const key = `${pod.namespace}/${pod.name}`;
    const spans = this.mi.m.endpoints?.[key] ?? [];
    const endpoints = spans.map(([a, b, st]): [number, number, EndpointState] => [t(a), b === null ? this.mi.endTime : t(b), st]);
    const throttles = lives.flatMap((l) => this.mi.m.throttles?.[l.uid] ?? []);
    return { pod, lives, births: lives.slice(1).map((l) => t(l.createdSeq)), wait, rs: this.mi.revOf(last), segments, endpoints, failures, kills: this.kills(lives), throttles, goneAt };
  }

  /** Each moment a container was OOMKilled or the pod Evicted (the version whose reason first says so). */
  private kills(lives: PodTrack[]): Array<[number, string]> {
    const out: Array<[number, string]> = [];
    for (const life of lives) {
      let prev = '';
      for (const v of life.versions) {
        const reason = this.mi.str(v[PV.reason]) ?? '';
        if ((reason === 'OOMKilled' || reason === 'Evicted') && reason !== prev) out.push([this.mi.timeOf(v[PV.seq]), reason]);
        prev = reason;
      }
    }
    return out;
  }

  /** One pod's stages as segments, appended to `segments`. */
  private lifeSegments(pod: PodTrack, segments: Segment[]): void {
    const t = (seq: number): number => this.mi.timeOf(seq);
    const end = pod.deletedSeq === null ? this.mi.endTime : t(pod.deletedSeq);
    const push = (s: Segment): void => {
      const last = segments[segments.length - 1];
      if (last !== undefined && last.stage === s.stage && last.part === s.part && last.label === s.label && last.t1 === s.t0) last.t1 = s.t1;
      else if (s.t1 > s.t0 || s.t1 === end) segments.push(s);
    };
    pod.versions.forEach((v, i) => {
      const a = t(v[PV.seq]);
      const next = pod.versions[i + 1];
      const b = next === undefined ? end : t(next[PV.seq]);
      const stage = v[PV.stage];
      const reason = this.mi.str(v[PV.reason]);
      if (stage !== Stage.Terminating && isInitPhase(reason)) return push({ t0: a, t1: b, stage, part: 'init', label: reason });
      if (stage !== Stage.Terminating) return push({ t0: a, t1: b, stage, part: '' });
      // SIGTERM comes when the preStop hook ends (capped by the grace period): the chips ask the same.
      const sigterm = sigtermAt(pod, v, a);
      if (sigterm > a) push({ t0: a, t1: Math.min(b, sigterm), stage, part: 'prestop' });
      if (b > sigterm) push({ t0: Math.max(a, sigterm), t1: b, stage, part: 'sigterm' });
    });
  }

  /** `scrubbing`: a mouse drag of the playhead; the rows follow once it ends, not every frame of it (each scroll rebuilds the rows in view). */
  render(timeMs: number, t0: number, t1: number, scrubbing = false): void {
    const width = Math.max(320, widthOf(this.el));
    const key = `${width}|${t0}|${t1}`;
    if (key !== this.drawnKey) {
      this.drawnKey = key;
      this.draw(width, t0, t1);
    }
    this.last = { timeMs, t0, t1 };
    if (!scrubbing) this.follow();
    this.captionAt(timeMs);
    const x = d3.scaleLinear().domain([t0, t1]).range([LABEL_W, width - RIGHT]);
    d3.selectAll([this.svg.node(), this.axisSvg.node()]).selectAll('line.playhead').attr('x1', x(timeMs)).attr('x2', x(timeMs)).style('display', timeMs >= t0 && timeMs <= t1 ? 'inline' : 'none');
  }

  /** The follow toggle was ticked again: scroll to the playhead's rows now. */
  private refollow(): void {
    this.follow(true);
    this.drawRows();
  }

  /**
   * Scrolls (unless the user has) so the rows changing near the playhead are in view,
   * nearest in time first. Layout is read (bar height, scroll position) only when the
   * rows that matter changed: stepping within one moment costs a search, not a reflow.
   */
  private follow(force = false): void {
    const { timeMs, t0, t1 } = this.last;
    const resumed = this.follower.resumeIfFar(timeMs, t1 - t0);
    if (!this.follower.on) return;
    const near = rowsNear(this.changes, this.shownAt, timeMs, nearMs(t1 - t0));
    const key = `${near.join(',')}|${this.drawnKey}`;
    if (!force && !resumed && key === this.followKey) return;
    this.followKey = key;
    const barH = this.bar.offsetHeight;
    this.follower.update(near.map((i): [number, number] => [barH + TOP + i * this.rowH, barH + TOP + (i + 1) * this.rowH]), barH);
  }

  private captionAt(timeMs: number): void {
    const rt = recoveryAt(this.recoveries, timeMs);
    const end = rt?.hops[rt.hops.length - 1]?.[1] ?? 0;
    const text = rt === undefined || timeMs - end > CAPTION_AFTER_MS ? '' : recoveryCaption(rt, timeMs);
    if (this.caption.textContent !== text) {
      this.caption.textContent = text;
      this.caption.title = rt === undefined ? '' : `${rt.r.cause}: the critical path is drawn across the rows (ring: what began it; arrow: the cause link to the replacement; dots: scheduled, started, Ready)`;
    }
  }

  private draw(width: number, t0: number, t1: number): void {
    const svg = this.svg;
    svg.selectAll(':scope > g, :scope > line, :scope > text').remove();
    const inWindow = this.rows.filter((r) => this.mi.timeOf(r.pod.createdSeq) <= t1 && (r.goneAt === null || r.goneAt >= t0));
    const banded = this.band === null && inWindow.length > BANDS_FROM;
    this.visible = banded ? [] : this.band === null ? inWindow : inWindow.filter((r) => ownerKey(r.pod.namespace, r.pod.owner) === this.band);
    this.say(inWindow.length, banded);
    // 1,000 pods get 3 px rows; a handful get 18 px rows with readable names.
    // Up to 150 pods get 18 px rows (the box follows the playhead, so they need not all fit); 1,000 get 3 px.
    this.rowH = this.visible.length <= 150 ? 18 : Math.max(3, Math.min(18, Math.floor(2700 / this.visible.length)));
    this.shownAt = new Int32Array(this.rows.length).fill(-1);
    const shown = new Set(this.visible);
    let n = 0;
    this.rows.forEach((r, i) => {
      if (shown.has(r)) this.shownAt[i] = n++;
    });
    this.x = d3.scaleLinear().domain([t0, t1]).range([LABEL_W, width - RIGHT]);
    const bands = banded ? (this.bands ??= buildBands(this.rows.map((r) => ({ owner: ownerKey(r.pod.namespace, r.pod.owner), rev: r.rs, segments: r.segments })))) : [];
    const height = TOP + (banded ? bands.length * BAND_H : this.visible.length * this.rowH) + 4;
    svg.attr('width', width).attr('height', Math.max(height, 40));
    this.follower.sync();
    this.bar.style.display = this.rows.length === 0 ? 'none' : '';
    this.axisSvg.selectAll('*').remove();
    this.axisSvg.attr('width', width).attr('height', AXIS_H);
    if (this.rows.length === 0) {
      // An aggregated recording (shared/aggregate-model.ts) has pods, just not in its model: compare draws none of them.
      const agg = this.mi.m.aggregate;
      svg.append('text').attr('class', 'absent').attr('x', 8).attr('y', 24).text(agg === undefined ? 'No pods in this recording.' : `${grouped(agg.pods)} pods: too many to draw one by one; open this recording alone for its counts per node.`);
      return;
    }
    const axis = this.axisSvg.append('g').attr('class', 'axis lc-axis').attr('transform', `translate(0,${AXIS_H - 2})`).call(clockAxis(d3.axisTop, this.x, Math.max(2, Math.floor(width / 110))));
    // A label at the very end ("1:10.0" at the recording's end) ends at its tick instead of being cut by the edge.
    axis.selectAll<SVGTextElement, number>('.tick text').filter((d) => this.x(d) > width - RIGHT - 20).attr('text-anchor', 'end').attr('dx', '0.5em');
    if (banded) {
      this.body = undefined;
      drawBands(svg.append('g').attr('class', 'bands'), bands, this.x, TOP, LABEL_W, (key) => this.pick(key));
      svg.append('line').attr('class', 'playhead').attr('y1', 0).attr('y2', height);
      this.axisSvg.append('line').attr('class', 'playhead').attr('y1', AXIS_H - 6).attr('y2', AXIS_H);
      return;
    }
    svg.append('clipPath').attr('id', this.clip).append('rect').attr('x', LABEL_W).attr('y', 0).attr('width', width - LABEL_W - RIGHT).attr('height', height);
    this.body = svg.append('g').attr('class', 'rows');
    this.drawnRange = '';
    this.drawRows();
    const index = new Map<string, number>();
    this.visible.forEach((r, i) => r.lives.forEach((l) => index.set(l.uid, i)));
    const recovery = svg.append('g').attr('class', 'recoveries').attr('clip-path', `url(#${this.clip})`);
    drawRecoveries(recovery, this.recoveries, (t) => this.x(t), (uid) => {
      const i = index.get(uid);
      return i === undefined ? undefined : TOP + i * this.rowH + this.rowH / 2;
    }, this.rowH, this.marker);
    svg.append('line').attr('class', 'playhead').attr('y1', 0).attr('y2', height);
    this.axisSvg.append('line').attr('class', 'playhead').attr('y1', AXIS_H - 6).attr('y2', AXIS_H);
    // In the axis row, left of the time axis: the rows' labels start at the top of the body.
    if (this.mi.m.endpoints === null) this.axisSvg.append('text').attr('class', 'absent small no-service').attr('x', 4).attr('y', AXIS_H - 6).text('no Service data');
  }

  /** Shows one owner's rows (a click on its band), or all again (null). */
  private pick(key: string | null): void {
    this.band = key;
    this.drawnKey = '';
    this.el.scrollTop = 0;
    this.follower.moved();
    this.render(this.last.timeMs, this.last.t0, this.last.t1);
  }

  /** The line in the bar that says the rows are banded, or whose rows are shown, with the way back. */
  private say(pods: number, banded: boolean): void {
    const html = banded
      ? `<b>${grouped(pods)} pods</b>: one band per owner, counted per phase; click a band to see its pods row by row`
      : this.band !== null
        ? `<b>${escapeHtml(this.band)}</b>: its ${grouped(this.visible.length)} pods row by row <button class="lc-back">← all owners</button>`
        : '';
    if (this.notice.innerHTML !== html) this.notice.innerHTML = html;
    this.notice.hidden = html === '';
  }

  /**
   * Only the rows in (or near) the scrolled viewport exist in the DOM: 8,000 pods over a
   * long recording would otherwise be ~40,000 rects, and the page would take seconds to open.
   */
  private drawRows(): void {
    if (this.body === undefined) return;
    const rowH = this.rowH;
    const top = this.el.scrollTop - this.bar.offsetHeight;
    const view = this.el.clientHeight > 0 ? this.el.clientHeight : 600;
    const first = Math.max(0, Math.floor((top - TOP) / rowH) - 20);
    const last = Math.min(this.visible.length, Math.ceil((top + view) / rowH) + 20);
    const range = `${first}-${last}`;
    if (range === this.drawnRange) return;
    this.drawnRange = range;
    const x = this.x;
    this.body.selectAll('*').remove();
    const rows = this.body.selectAll<SVGGElement, Row>('g.row').data(this.visible.slice(first, last)).join('g').attr('class', 'row')
      .attr('data-pod', (r) => r.pod.name)
      .attr('transform', (_r, i) => `translate(0,${TOP + (first + i) * rowH})`)
      .on('click', (ev: MouseEvent, r) => {
        const [px] = d3.pointer(ev);
        const seq = this.mi.seqAtTime(x.invert(px));
        // The pod of this row alive at that moment, else the last one made before it (else the first).
        const pod = [...r.lives].reverse().find((l) => l.createdSeq <= seq) ?? r.pod;
        const v = versionAt(pod.versions, seq) ?? pod.versions[0];
        if (v !== undefined) this.onSelect(pod, v[PV.seq]);
      });
    if (rowH >= 9) {
      rows.append('rect').attr('class', 'rs-swatch').attr('x', 2).attr('y', 1).attr('width', 6).attr('height', rowH - 2).attr('fill', (r) => rsColor(r.rs));
      // Cut to the label column: a long name (or claim) would otherwise run into the row's stages.
      rows.append('title').text((r) => rowLabel(r));
      rows.append('text').attr('class', 'pod-label').attr('x', 12).attr('y', rowH - 3).text((r) => fitWidth(rowLabel(r), LABEL_W - 16, 10));
    }
    const inner = rows.append('g').attr('clip-path', `url(#${this.clip})`);
    // "In endpoints" is a band over the stage bar, 5 px at 18 px rows (a 1 px gap below it), not a hairline.
    const epH = this.mi.m.endpoints === null ? 0 : rowH >= 12 ? Math.max(4, Math.round(rowH * 0.3)) : Math.max(1, Math.floor(rowH / 4));
    inner.selectAll<SVGRectElement, Segment>('rect.seg').data((r) => r.segments).join('rect')
      .attr('class', (s) => `seg ${s.part}`)
      .attr('x', (s) => x(s.t0)).attr('width', (s) => Math.max(0.5, x(s.t1) - x(s.t0)))
      .attr('y', epH + (epH >= 4 ? 1 : 0.5)).attr('height', Math.max(1, rowH - epH - (epH >= 4 ? 2 : 1.5)))
      .attr('data-label', (s) => s.label ?? null)
      .attr('fill', (s) => (s.part === 'prestop' ? `url(#${HATCH})` : s.part === 'sigterm' ? SIGTERM_COLOR : s.part === 'init' ? (/Error|BackOff/.test(s.label ?? '') ? INIT_TROUBLE_COLOR : INIT_COLOR) : STAGE_COLOR[s.stage]))
      .append('title').text((s) => `${s.part === 'prestop' ? 'Terminating: preStop hook running' : s.part === 'sigterm' ? 'Terminating: after SIGTERM' : s.part === 'init' ? `Initializing: ${s.label ?? ''}` : STAGE_NAMES[s.stage]} ${clock(s.t0)} - ${clock(s.t1)}`);
    // An init phase wide enough for its words says which (Init:0/2, PodInitializing).
    if (rowH >= 12) {
      inner.selectAll<SVGTextElement, Segment>('text.init-label').data((r) => r.segments.filter((s) => s.part === 'init' && x(s.t1) - x(s.t0) >= (s.label ?? '').length * 5.6 + 4)).join('text')
        .attr('class', 'init-label').attr('x', (s) => x(s.t0) + 2).attr('y', rowH - 4).text((s) => s.label ?? '');
    }
    if (epH > 0) {
      inner.selectAll<SVGRectElement, [number, number, EndpointState]>('rect.ep').data((r) => r.endpoints).join('rect')
        .attr('class', (e) => `ep ep-${e[2]}`)
        .attr('x', (e) => x(e[0])).attr('width', (e) => Math.max(0.5, x(e[1]) - x(e[0]))).attr('y', 0).attr('height', epH)
        .append('title').text((e) => `in the Service's endpoints, ${EP_WORDS[e[2]]}: ${clock(e[0])} - ${clock(e[1])}`);
    }
    drawThrottles(inner, (r) => r.throttles, x, epH + (epH >= 4 ? 1 : 0.5), Math.max(1, rowH - epH - (epH >= 4 ? 2 : 1.5)));
    inner.selectAll<SVGLineElement, number>('line.new-life').data((r) => r.births).join('line')
      .attr('class', 'new-life').attr('x1', (b) => x(b)).attr('x2', (b) => x(b)).attr('y1', 0).attr('y2', rowH)
      .append('title').text((b) => `${clock(b)}: a new pod of the same name (and the same claims)`);
    inner.filter((r) => r.wait !== null).append('line').attr('class', 'backoff-wait')
      .attr('x1', (r) => x((r.wait as [number, number, string])[0])).attr('x2', (r) => x((r.wait as [number, number, string])[1]))
      .attr('y1', rowH / 2).attr('y2', rowH / 2)
      .append('title').text((r) => `backoff: created ${(((r.wait as [number, number, string])[1] - (r.wait as [number, number, string])[0]) / 1000).toFixed(1)} s after ${(r.wait as [number, number, string])[2]} failed`);
    inner.selectAll<SVGLineElement, [number, string]>('line.kill').data((r) => r.kills).join('line')
      .attr('class', 'kill').attr('data-kill', (k) => k[1]).attr('x1', (k) => x(k[0])).attr('x2', (k) => x(k[0])).attr('y1', 0).attr('y2', rowH)
      .append('title').text((k) => `${clock(k[0])}: ${k[1] === 'OOMKilled' ? 'OOMKilled: over its memory limit, exit code 137' : 'Evicted by the kubelet: the node was low on memory'}`);
    if (rowH >= 12) {
      inner.selectAll<SVGTextElement, [number, string]>('text.kill').data((r) => r.kills).join('text')
        .attr('class', 'kill').attr('x', (k) => x(k[0]) + 2).attr('y', rowH - 4).text((k) => (k[1] === 'OOMKilled' ? 'OOM' : 'Evicted'));
    }
    inner.selectAll<SVGLineElement, [number, number, string]>('line.fail').data((r) => r.failures).join('line')
      .attr('class', 'fail').attr('x1', (f) => x(f[0])).attr('x2', (f) => x(f[0])).attr('y1', 0).attr('y2', rowH)
      .append('title').text((f) => `${clock(f[0])}: ${f[1]} ${f[2]}`);
  }
}

/** The pod's name; a StatefulSet ordinal's row also says how many pods had the name, and its claims. */
function rowLabel(r: Row): string {
  const claims = r.pod.claims.length > 0 && r.pod.owner?.startsWith('StatefulSet/') ? ` · ${r.pod.claims.join(', ')}` : '';
  return `${r.pod.name}${r.lives.length > 1 ? ` ×${r.lives.length}` : ''}${claims}`;
}
