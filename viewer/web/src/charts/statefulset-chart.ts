import * as d3 from 'd3';
import { CV, PV, SSV, Stage, STAGE_NAMES, type PodTrack, type StatefulSetTrack } from '../../../shared/model.js';
import { CLAIM_COLOR, CLAIM_NONE, rsColor, STAGE_COLOR } from '../colors.js';
import type { ModelIndex } from '../model-index.js';
import { alive, liveVersion } from '../versions.js';
import { extend, fit, frame, legend, M, placePlayhead, stepLine, timeScale, withEnd, type Step, type Svg, type WorkloadChart } from './chart-frame.js';

const PLOT_H = 96;
const GAP = 4;
const CLAIM_PHASES = ['Pending', 'Bound', 'Lost'];

interface Slot {
  ordinal: number;
  name: string;
  pod: { track: PodTrack; stage: Stage; rev: number; life: number; fresh: boolean } | null;
  claims: Array<{ name: string; phase: string; color: string }>;
  /** Beyond spec.replicas: a claim kept after a scale-down, or a pod on its way out. */
  beyond: boolean;
}

/**
 * A StatefulSet: its ordinals in order at the playhead, each with its pod (phase, which
 * revision, which of the pods that had this name it is, its uid) and its claims (name and
 * phase): a replaced web-1 keeps its name and its claim under a new uid. A partitioned
 * update shows where the partition falls: ordinals at or above it get the update revision.
 * Over time: replicas, ready, current and updated.
 */
export class StatefulSetChart implements WorkloadChart {
  private readonly series: Record<'replicas' | 'ready' | 'current' | 'updated', Step[]>;
  private readonly top: number;
  private readonly slotsMax: number;
  private readonly owner: string;
  private readonly byName = new Map<string, PodTrack[]>();
  private svg: Svg | undefined;
  private strip: d3.Selection<SVGGElement, unknown, null, undefined> | undefined;
  private x = d3.scaleLinear();
  private slotW = 90;
  /** Width of the strip (the plot's width): a partition label near its right end is written leftwards. */
  private avail = 0;

  constructor(
    private readonly mi: ModelIndex,
    private readonly sts: StatefulSetTrack,
  ) {
    const t = (seq: number): number => mi.timeOf(seq);
    const gone = sts.deletedSeq === null ? null : t(sts.deletedSeq);
    const s = (i: number): Step[] => withEnd(sts.versions.map((v): Step => [t(v[SSV.seq]), v[i] as number]), gone);
    this.series = { replicas: s(SSV.replicas), ready: s(SSV.ready), current: s(SSV.current), updated: s(SSV.updated) };
    this.owner = `StatefulSet/${sts.name}`;
    let maxOrdinal = -1;
    for (const p of mi.owners.podsOf(sts.namespace, this.owner)) {
      const list = this.byName.get(p.name) ?? [];
      list.push(p);
      this.byName.set(p.name, list);
      maxOrdinal = Math.max(maxOrdinal, ordinalOf(p.name, sts.name));
    }
    this.top = Math.max(1, ...sts.versions.map((v) => Math.max(v[SSV.replicas], v[SSV.pods], v[SSV.current], v[SSV.updated])));
    this.slotsMax = Math.max(1, maxOrdinal + 1, ...sts.versions.map((v) => v[SSV.replicas]));
  }

  draw(root: HTMLElement, width: number, t0: number, t1: number): void {
    const avail = (this.avail = width - M.left - M.right);
    this.slotW = Math.max(14, Math.min(130, (avail + GAP) / this.slotsMax - GAP));
    const claimRows = Math.min(2, this.sts.claimTemplates.length);
    const slotH = this.slotW >= 60 ? 44 + 12 * claimRows : 22 + 5 * claimRows;
    const stripH = 14 + slotH;
    const plotTop = M.top + stripH + 12;
    const h = plotTop + PLOT_H + M.bottom;
    const x = (this.x = timeScale(width, t0, t1));
    const end = this.mi.endTime;
    const { sts } = this;
    const { svg, plot } = frame(root, 'statefulset', { statefulset: sts.name, namespace: sts.namespace }, width, h, `statefulset/${sts.name} (${sts.podManagement}, ${sts.strategy})`);
    this.svg = svg;
    svg.append('text').attr('class', 'strip-label').attr('x', 4).attr('y', M.top + 26).text('ordinals and claims:');
    this.strip = svg.append('g').attr('class', 'ordinal-strip').attr('transform', `translate(${M.left},${M.top})`);
    this.strip.append('line').attr('class', 'partition').attr('y1', 0).attr('y2', stripH);
    this.strip.append('text').attr('class', 'partition-label').attr('y', 9);
    const y = d3.scaleLinear().domain([0, this.top + 1]).range([h - M.bottom, plotTop]);
    const line = stepLine(x, y);
    plot.append('path').attr('class', 'sts-replicas').attr('d', line(extend(this.series.replicas, end)));
    plot.append('path').attr('class', 'sts-current').attr('d', line(extend(this.series.current, end)));
    plot.append('path').attr('class', 'ds-updated').attr('d', line(extend(this.series.updated, end)));
    plot.append('path').attr('class', 'total-available').attr('d', line(extend(this.series.ready, end)));
    svg.append('g').attr('class', 'axis').attr('transform', `translate(${M.left},0)`).call(d3.axisLeft(y).ticks(Math.min(5, this.top + 1)).tickFormat(d3.format('d')));
    legend(svg, plotTop + 4, [
      { cls: 'sts-replicas', label: 'replicas' },
      { cls: 'total-available', label: 'ready' },
      { cls: 'sts-current', label: 'current revision' },
      { cls: 'ds-updated', label: 'update revision' },
    ]);
    svg.append('line').attr('class', 'playhead').attr('y1', plotTop - 4).attr('y2', h - M.bottom);
  }

  update(seq: number, timeMs: number): void {
    const v = liveVersion(this.sts, seq);
    const slots = v === undefined ? [] : this.slots(seq, v[SSV.replicas], this.mi.str(v[SSV.updateRevision]));
    this.drawStrip(slots, v === undefined || this.sts.strategy !== 'RollingUpdate' ? 0 : v[SSV.partition]);
    placePlayhead(this.svg, this.x, timeMs, this.readout(seq));
  }

  private slots(seq: number, replicas: number, updateRevision: string | null): Slot[] {
    const { sts, mi } = this;
    const out: Slot[] = [];
    for (let i = 0; i < this.slotsMax; i++) {
      const name = `${sts.name}-${i}`;
      const lives = this.byName.get(name) ?? [];
      let pod: Slot['pod'] = null;
      lives.forEach((p, k) => {
        const v = liveVersion(p, seq);
        if (v !== undefined) pod = { track: p, stage: v[PV.stage], rev: mi.revOf(p), life: k + 1, fresh: updateRevision !== null && p.revision === updateRevision };
      });
      const claims = sts.claimTemplates.map((tpl) => {
        const claim = `${tpl}-${name}`;
        const c = mi.owners.claimAt(sts.namespace, claim, seq);
        const cv = c !== undefined && alive(c, seq) ? liveVersion(c, seq) : undefined;
        const phase = cv === undefined ? 'none' : cv[CV.phase] < 0 ? 'no phase' : (CLAIM_PHASES[cv[CV.phase]] as string);
        return { name: claim, phase, color: cv === undefined || cv[CV.phase] < 0 ? CLAIM_NONE : (CLAIM_COLOR[cv[CV.phase] as 0 | 1 | 2] as string) };
      });
      const beyond = i >= replicas;
      if (beyond && pod === null && claims.every((c) => c.phase === 'none')) continue;
      out.push({ ordinal: i, name, pod, claims, beyond });
    }
    return out;
  }

  private drawStrip(slots: Slot[], partition: number): void {
    if (this.strip === undefined) return;
    const w = this.slotW;
    const big = w >= 60;
    const chipY = big ? 26 : 14;
    const g = this.strip
      .selectAll<SVGGElement, Slot>('g.slot')
      .data(slots, (s) => String(s.ordinal))
      .join((enter) => {
        const e = enter.append('g').attr('class', 'slot');
        e.append('text').attr('class', 'slot-name').attr('x', 2).attr('y', 22);
        e.append('rect').attr('class', 'slot-pod').attr('y', chipY).attr('width', w).attr('height', 14).attr('rx', 2);
        e.append('rect').attr('class', 'slot-rev').attr('y', chipY).attr('width', w).attr('height', 3);
        e.append('text').attr('class', 'slot-uid').attr('x', 3).attr('y', chipY + 11);
        e.append('g').attr('class', 'slot-claims');
        e.append('title');
        return e;
      })
      .attr('transform', (s) => `translate(${s.ordinal * (w + GAP)},0)`)
      .attr('data-ordinal', (s) => s.ordinal)
      .attr('data-pod-uid', (s) => s.pod?.track.uid ?? null)
      .attr('data-stage', (s) => (s.pod === null ? null : STAGE_NAMES[s.pod.stage]))
      .attr('data-revision', (s) => (s.pod === null ? null : s.pod.fresh ? 'update' : 'current'))
      .classed('beyond', (s) => s.beyond)
      .classed('empty', (s) => s.pod === null);
    g.select('text.slot-name').text((s) => (big || w >= 30 ? fit(s.name, w) : String(s.ordinal)));
    g.select('rect.slot-pod').attr('fill', (s) => (s.pod === null ? 'none' : STAGE_COLOR[s.pod.stage]));
    g.select('rect.slot-rev').attr('fill', (s) => (s.pod === null ? 'none' : rsColor(s.pod.rev)));
    g.select('text.slot-uid').text((s) => (!big ? '' : fit(s.pod === null ? 'no pod' : `#${s.pod.life} uid ${s.pod.track.uid.slice(0, 6)}`, w - 4, 5.6)));
    g.select<SVGGElement>('g.slot-claims').each(function (s) {
      const sel = d3.select(this).selectAll<SVGGElement, Slot['claims'][number]>('g.claim').data(s.claims.slice(0, 2)).join((enter) => {
        const e = enter.append('g').attr('class', 'claim');
        e.append('rect').attr('class', 'claim-phase');
        e.append('text').attr('class', 'claim-name');
        return e;
      });
      sel.attr('data-claim', (c) => c.name).attr('data-phase', (c) => c.phase);
      if (big) {
        sel.select('rect.claim-phase').attr('x', 0).attr('y', (_c, i) => chipY + 19 + i * 12).attr('width', 8).attr('height', 8).attr('rx', 4).attr('fill', (c) => c.color);
        sel.select('text.claim-name').attr('x', 11).attr('y', (_c, i) => chipY + 27 + i * 12).text((c) => fit(`${c.name} ${c.phase === 'none' ? '' : c.phase}`, w - 11));
      } else {
        sel.select('rect.claim-phase').attr('x', 0).attr('y', (_c, i) => chipY + 16 + i * 5).attr('width', w).attr('height', 4).attr('fill', (c) => c.color);
        sel.select('text.claim-name').text('');
      }
    });
    g.select('title').text((s) => slotTitle(s));
    const showPartition = partition > 0 && slots.some((s) => s.ordinal >= partition);
    const px = partition * (w + GAP) - GAP / 2;
    this.strip.select('line.partition').attr('x1', px).attr('x2', px).style('display', showPartition ? 'inline' : 'none');
    const label = `partition ${partition}: ordinals ≥ ${partition} update`;
    const leftwards = px + 3 + label.length * 6 > this.avail;
    this.strip.select('text.partition-label').attr('x', leftwards ? px - 3 : px + 3).attr('text-anchor', leftwards ? 'end' : 'start').text(showPartition ? label : '');
  }

  private readout(seq: number): string {
    const v = liveVersion(this.sts, seq);
    if (v === undefined) return this.sts.createdSeq > seq ? 'not created yet' : 'deleted';
    const cur = this.mi.str(v[SSV.currentRevision]);
    const upd = this.mi.str(v[SSV.updateRevision]);
    const parts = [`replicas ${v[SSV.replicas]}`, `ready ${v[SSV.ready]}`, `current ${v[SSV.current]}${cur ? ` (${cur})` : ''}`];
    if (upd !== null && upd !== cur) parts.push(`updated ${v[SSV.updated]} (${upd})`);
    else parts.push(`updated ${v[SSV.updated]}`);
    if (this.sts.strategy === 'RollingUpdate' && v[SSV.partition] > 0) parts.push(`partition ${v[SSV.partition]}`);
    return parts.join(' · ');
  }
}

/** web-3 of `web` -> 3; -1 for a name that is not an ordinal of it. */
function ordinalOf(pod: string, sts: string): number {
  const rest = pod.slice(sts.length + 1);
  return pod.startsWith(`${sts}-`) && /^\d+$/.test(rest) ? Number(rest) : -1;
}

function slotTitle(s: Slot): string {
  const lines = [`${s.name}${s.beyond ? ' (beyond replicas)' : ''}`];
  if (s.pod === null) lines.push('no pod');
  else lines.push(`pod #${s.pod.life} of this name, uid ${s.pod.track.uid}`, `${STAGE_NAMES[s.pod.stage]}, ${s.pod.fresh ? 'update' : 'current'} revision ${s.pod.track.revision ?? ''}`);
  for (const c of s.claims) lines.push(`claim ${c.name}: ${c.phase}`);
  return lines.join('\n');
}
