import type * as d3 from 'd3';
import { Stage, STAGE_NAMES } from '../../shared/model.js';
import { BAND_H, type Band } from './lifecycles-band-model.js';
import { revCss, STAGE_COLOR } from './colors.js';
import { fit, grouped } from './format.js';

export { BAND_H, BANDS_FROM, buildBands, ownerKey, type Band } from './lifecycles-band-model.js';

/** The band's stacked area over [t0, t1] as an image `w` x `h` px: one column per pixel, stages bottom-up in Stage order. */
function bandImage(b: Band, t0: number, t1: number, w: number, h: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(w));
  canvas.height = h;
  const ctx = canvas.getContext('2d') as CanvasRenderingContext2D;
  const counts = new Int32Array(7);
  const cols: Int32Array[] = [];
  let k = 0;
  for (let c = 0; c < canvas.width; c++) {
    const t = t0 + ((c + 1) / canvas.width) * (t1 - t0);
    while (k < b.times.length && (b.times[k] as number) <= t) {
      counts[b.stages[k] as number]! += b.deltas[k] as number;
      k++;
    }
    cols.push(counts.slice());
  }
  for (let st = 0; st < 7; st++) {
    ctx.fillStyle = STAGE_COLOR[st as Stage];
    ctx.beginPath();
    cols.forEach((col, c) => {
      let below = 0;
      for (let s = 0; s < st; s++) below += col[s] as number;
      const n = col[st] as number;
      if (n > 0) ctx.rect(c, h - ((below + n) / b.peak) * h, 1, (n / b.peak) * h);
    });
    ctx.fill();
  }
  return canvas.toDataURL();
}

/** kubectl's short names for the owners' kinds. */
const SHORT_KIND: Record<string, string> = { ReplicaSet: 'rs', DaemonSet: 'ds', StatefulSet: 'sts', Job: 'job', ReplicationController: 'rc' };

/** The bands, one under another from y = top: the owner's mark and name, its pod count, the area; a click picks one. */
export function drawBands(g: d3.Selection<SVGGElement, unknown, null, undefined>, bands: readonly Band[], x: d3.ScaleLinear<number, number>, top: number, labelW: number, onPick: (key: string) => void): void {
  const [t0, t1] = x.domain() as [number, number];
  const [x0, x1] = x.range() as [number, number];
  bands.forEach((b, i) => {
    const y = top + i * BAND_H;
    const band = g.append('g').attr('class', 'band').attr('data-owner', b.key).attr('data-pods', b.pods).attr('transform', `translate(0,${y})`).style('cursor', 'pointer').on('click', () => onPick(b.key));
    band.append('title').text(`${b.key}: ${b.pods} pods (at most ${b.peak} at once); the area counts them per phase (${STAGE_NAMES.join(', ')}), click to see them row by row`);
    band.append('rect').attr('class', 'band-bg').attr('x', 0).attr('y', 1).attr('width', x1).attr('height', BAND_H - 2);
    band.append('foreignObject').attr('x', 2).attr('y', 4).attr('width', 8).attr('height', BAND_H - 8).append('xhtml:div').attr('class', 'band-mark').style('background', revCss(b.rev));
    const [ns = '', kind = '', ...rest] = b.key.split('/');
    const name = rest.length === 0 ? kind : `${SHORT_KIND[kind] ?? kind.toLowerCase()}/${rest.join('/')}`;
    band.append('text').attr('class', 'band-name').attr('x', 14).attr('y', 16).text(fit(name, labelW - 16, 6.8));
    band.append('text').attr('class', 'band-count').attr('x', 14).attr('y', 31).text(`${grouped(b.pods)} pods${ns === 'default' ? '' : ` · ${ns}`}`);
    band.append('image').attr('x', x0).attr('y', 3).attr('width', x1 - x0).attr('height', BAND_H - 6).attr('preserveAspectRatio', 'none').attr('href', bandImage(b, t0, t1, x1 - x0, BAND_H - 6));
  });
}
