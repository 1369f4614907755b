import { FILTER_KEYS, type LogFilters } from './log-filters.js';
import type { ViewState } from './store.js';

/**
 * Permalinks: the query string holds the recording, the playhead (seq, or time for a
 * link written by hand), the zoom window and the selection, so a shared link opens on
 * exactly the same view: ?rec=pod-loss-recovery&seq=114&t0=25000&t1=80000&sel=114;
 * the event log's filters too (kind, actor, name, reason), each only when set.
 * The story lens is on unless `lens=0`; `follow=1` follows the selected causal chain.
 */
export interface UrlState {
  rec?: string;
  cmp?: string;
  seq?: number;
  time?: number;
  t0?: number;
  t1?: number;
  sel?: number;
  logFilters?: LogFilters;
  lens?: boolean;
  follow?: boolean;
}

export function readUrl(search: string): UrlState {
  const p = new URLSearchParams(search);
  const num = (k: string): number | undefined => {
    const v = p.get(k);
    return v !== null && /^\d+(\.\d+)?$/.test(v) ? Number(v) : undefined;
  };
  const out: UrlState = {};
  const rec = p.get('rec');
  if (rec) out.rec = rec;
  const cmp = p.get('cmp');
  if (cmp) out.cmp = cmp;
  for (const k of ['seq', 'time', 't0', 't1', 'sel'] as const) {
    const v = num(k);
    if (v !== undefined) out[k] = v;
  }
  if (FILTER_KEYS.some((k) => p.get(k))) {
    out.logFilters = { kind: p.get('kind') ?? '', actor: p.get('actor') ?? '', name: p.get('name') ?? '', reason: p.get('reason') ?? '' };
  }
  const lens = p.get('lens');
  if (lens === '0' || lens === '1') out.lens = lens === '1';
  if (p.get('follow') === '1') out.follow = true;
  return out;
}

export function writeUrl(s: Readonly<ViewState>): string {
  const p = new URLSearchParams();
  p.set('rec', s.rec);
  if (s.cmp !== '') p.set('cmp', s.cmp);
  p.set('seq', String(s.seq));
  // In compare mode the playhead is a time: the two recordings' seqs differ.
  if (s.cmp !== '') p.set('time', String(Math.round(s.timeMs)));
  p.set('t0', String(Math.round(s.t0)));
  p.set('t1', String(Math.round(s.t1)));
  if (s.sel > 0) p.set('sel', String(s.sel));
  for (const k of FILTER_KEYS) if (s.logFilters[k] !== '') p.set(k, s.logFilters[k]);
  if (!s.lens) p.set('lens', '0');
  if (s.follow) p.set('follow', '1');
  return `?${p}`;
}
