import { Stage } from '../../shared/model.js';
import { REV_INK, REV_MARKS, REV_NONE, REV_PAPER, revSlot, SIGTERM_COLOR, STAGE_COLOR } from './colors.js';
import { countdown, isTrouble, type Box, type Chip } from './cluster-chip.js';
import { fit } from './format.js';
import { podLabel } from './chip-label.js';

/*
 * The cluster view's chips and boxes painted on a canvas, looking as the SVG ones do
 * (style.css "cluster view"): stage hue, the preStop hatch, the template's mark as the top
 * bar, the grace bar, the red outline of a pod in trouble, the label and countdown on
 * chips of 34 px and up. Patterns are anchored to the canvas, as the SVG's userSpaceOnUse
 * ones are, so neighbouring chips' marks line up.
 */

const BAD = '#c62828';
const WARN = '#ef6c00';
const OK = '#31a354';
const MUTED = '#666';

function tile(size: number, draw: (g: CanvasRenderingContext2D) => void): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = size;
  c.height = size;
  draw(c.getContext('2d') as CanvasRenderingContext2D);
  return c;
}

/**
 * Sizes a canvas to width x height CSS pixels, drawn at the device's pixel ratio (a
 * 2x screen gets 2x the backing pixels, so chips stay sharp), with the context scaled so
 * callers keep drawing in CSS pixels. Resizing clears the canvas: the caller repaints all.
 */
export function sizeCanvas(canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, width: number, height: number): void {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
}

export interface Paints {
  hatch: CanvasPattern;
  revs: CanvasPattern[];
}

/** The preStop hatch (red with light diagonal stripes, 6 px) and the five template marks. */
export function makePaints(ctx: CanvasRenderingContext2D): Paints {
  const hatch = ctx.createPattern(tile(6, (g) => {
    g.fillStyle = STAGE_COLOR[Stage.Terminating];
    g.fillRect(0, 0, 6, 6);
    g.strokeStyle = 'rgba(255,255,255,0.55)';
    g.lineWidth = 1.8;
    for (const o of [-6, 0, 6]) {
      g.beginPath();
      g.moveTo(o, 6);
      g.lineTo(o + 6, 0);
      g.stroke();
    }
  }), 'repeat') as CanvasPattern;
  const revs = REV_MARKS.map((mark) => {
    const size = mark === 'dots' ? 3 : 4;
    return ctx.createPattern(tile(size, (g) => {
      g.fillStyle = mark === 'solid' ? REV_INK : REV_PAPER;
      g.fillRect(0, 0, size, size);
      g.fillStyle = REV_INK;
      if (mark === 'stripes') g.fillRect(0, 0, 2, 4);
      else if (mark === 'checks') {
        g.fillRect(0, 0, 2, 2);
        g.fillRect(2, 2, 2, 2);
      } else if (mark === 'dots') g.fillRect(1, 1, 1.2, 1.2);
      else if (mark === 'diagonal') for (let i = 0; i < 4; i++) g.fillRect(i, 3 - i, 1.4, 1.4);
    }), 'repeat') as CanvasPattern;
  });
  return { hatch, revs };
}

/** One chip of `s` px at (c.x, c.y). */
export function paintChip(ctx: CanvasRenderingContext2D, p: Paints, c: Chip, s: number): void {
  const stage = c.pod.v[2];
  const part = c.step?.part ?? '';
  ctx.fillStyle = part === 'prestop' ? p.hatch : part === 'sigterm' ? SIGTERM_COLOR : STAGE_COLOR[stage];
  ctx.fillRect(c.x, c.y, s, s);
  const bar = Math.max(2, s / 7);
  const slot = revSlot(c.pod.rev);
  ctx.fillStyle = slot < 0 ? REV_NONE : (p.revs[slot] as CanvasPattern);
  ctx.fillRect(c.x, c.y, s, bar);
  if (c.graceLeft > 0) {
    ctx.fillStyle = '#111';
    ctx.fillRect(c.x, c.y + s - bar, s * c.graceLeft, bar);
  }
  if (isTrouble(c.reason)) {
    ctx.strokeStyle = BAD;
    ctx.lineWidth = 2;
    ctx.strokeRect(c.x + 1, c.y + 1, s - 2, s - 2);
  } else if (stage === Stage.Terminating && s >= 8) {
    ctx.strokeStyle = '#7f0000';
    ctx.lineWidth = 1;
    ctx.setLineDash(part === 'sigterm' ? [] : [3, 2]);
    ctx.strokeRect(c.x + 0.5, c.y + 0.5, s - 1, s - 1);
    ctx.setLineDash([]);
  } else if (s >= 8) {
    ctx.strokeStyle = 'rgba(0,0,0,.25)';
    ctx.lineWidth = 1;
    ctx.strokeRect(c.x + 0.5, c.y + 0.5, s - 1, s - 1);
  }
  if (s < 34) return;
  ctx.textAlign = 'center';
  ctx.lineWidth = 2;
  ctx.strokeStyle = 'rgba(0,0,0,.45)';
  ctx.fillStyle = '#fff';
  const label = podLabel(c.pod.track.name, c.pod.node, s);
  ctx.font = `650 ${label.size}px system-ui, sans-serif`;
  ctx.strokeText(label.text, c.x + s / 2, c.y + s / 2 + 4);
  ctx.fillText(label.text, c.x + s / 2, c.y + s / 2 + 4);
  if (c.step !== null) {
    const text = countdown(c.step, c.secondsLeft);
    ctx.font = '700 8.5px system-ui, sans-serif';
    ctx.strokeStyle = '#000';
    ctx.strokeText(text, c.x + s / 2, c.y + s - 8);
    ctx.fillText(text, c.x + s / 2, c.y + s - 8);
  }
}

/** A node box's frame and its lines of text (name, status, taints), as style.css colours the SVG's. */
export function paintBox(ctx: CanvasRenderingContext2D, b: Box, lines: 1 | 3): void {
  const notReady = b.ready === 0;
  const unknown = b.ready === 2 || b.ready === -1;
  ctx.fillStyle = b.kind === 'lane' ? '#f2f2f2' : notReady ? '#fff3f3' : unknown || b.pressure ? '#fff8ef' : b.cordoned || b.removing ? '#eeeeee' : '#fafafa';
  ctx.strokeStyle = b.kind === 'lane' ? '#bbb' : notReady ? BAD : unknown || b.pressure ? WARN : b.removing ? MUTED : OK;
  ctx.lineWidth = notReady || unknown || b.pressure ? 2.5 : 1.5;
  ctx.setLineDash(b.kind === 'lane' ? [4, 3] : unknown ? [6, 3] : b.removing ? [5, 3] : []);
  ctx.beginPath();
  ctx.roundRect(b.x + 1, b.y + 1, b.w - 2, b.h - 2, 4);
  ctx.fill();
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.textAlign = 'left';
  ctx.fillStyle = b.removing ? MUTED : '#222';
  ctx.font = '650 12px system-ui, sans-serif';
  ctx.fillText(fit(b.title, b.w * 0.55, 6.5), b.x + 8, b.y + 15);
  if (b.status !== '') {
    ctx.textAlign = 'right';
    ctx.font = `${notReady || unknown || b.cordoned || b.pressure ? 650 : 400} 11px system-ui, sans-serif`;
    ctx.fillStyle = notReady || unknown ? BAD : b.cordoned || b.pressure ? WARN : MUTED;
    ctx.fillText(fit(b.status, b.w * 0.45 - 8, 6), b.x + b.w - 8, b.y + 15);
  }
  if (lines === 3 && b.taints !== '') {
    ctx.textAlign = 'left';
    ctx.font = '10px system-ui, sans-serif';
    ctx.fillStyle = BAD;
    ctx.fillText(fit(b.taints, b.w - 12, 5.6), b.x + 8, b.y + 29);
  }
}

/** The per-phase count bar of a node (or the lane) too full to show its pods one by one: widths on a shared scale `cap`. */
export function paintCounts(ctx: CanvasRenderingContext2D, p: Paints, counts: ArrayLike<number>, x: number, y: number, w: number, h: number, cap: number): void {
  ctx.fillStyle = '#e8e8e8';
  ctx.fillRect(x, y, w, h);
  let at = x;
  ctx.font = '650 9.5px system-ui, sans-serif';
  ctx.textAlign = 'center';
  for (let st = 0; st < counts.length; st++) {
    const n = counts[st] as number;
    if (n === 0) continue;
    const seg = Math.max(1, (w * n) / Math.max(1, cap));
    ctx.fillStyle = st === Stage.Terminating ? p.hatch : STAGE_COLOR[st as Stage];
    ctx.fillRect(at, y, seg, h);
    const text = String(n);
    if (seg >= text.length * 6 + 4) {
      ctx.fillStyle = st === Stage.Pending || st === Stage.Running || st === Stage.Creating ? '#222' : '#fff';
      ctx.fillText(text, at + seg / 2, y + h / 2 + 3.5);
    }
    at += seg;
  }
}
