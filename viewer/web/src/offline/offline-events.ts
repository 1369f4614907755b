import { resolveKind } from '../../../../core/api/kinds.js';
import type { OfflineBundle } from '../../../shared/offline-bundle.js';
import type { EventSummary } from '../../../shared/model.js';
import { inRuns } from '../../../shared/noise.js';

/** What GET .../events and .../search take, as the query string gives them. */
export type Query = URLSearchParams;

const num = (q: Query, k: string): number | undefined => {
  const v = q.get(k);
  return v === null || v === '' ? undefined : Number(v);
};

/**
 * The server's event query (core/record/recording.ts `events()` plus the story lens of
 * viewer/server/lens/story-rows.ts) over the bundle's rows: seqs are 1..n, so a seq range
 * is an index range and "the 25 before seq 400" walks 400 down without touching the rest
 * (the event log asks that on every step: ~0.1 ms on 100,000 events).
 */
export function queryEvents(b: OfflineBundle, q: Query): { events: EventSummary[]; nextOffset: number | null } {
  const n = b.events.length;
  const kindText = q.get('kind') ?? '';
  const kind = kindText === '' ? undefined : (resolveKind(kindText)?.kind ?? kindText);
  const namespace = q.get('namespace') || undefined;
  const name = q.get('name') || undefined;
  const actor = q.get('actor') || undefined;
  const reason = q.get('reason') || undefined;
  const nameContains = q.get('nameContains')?.toLowerCase() || undefined;
  const reasonContains = q.get('reasonContains')?.toLowerCase() || undefined;
  const fromTime = num(q, 'fromTime');
  const toTime = num(q, 'toTime');
  const story = q.get('lens') === 'story';
  const limit = num(q, 'limit') ?? 200;
  const offset = num(q, 'offset') ?? 0;
  const lo = Math.max(1, num(q, 'fromSeq') ?? 1);
  const hi = Math.min(n, num(q, 'toSeq') ?? n);
  const desc = q.get('order') === 'desc';
  const keep = (e: EventSummary): boolean =>
    (kind === undefined || e.kind === kind) &&
    (namespace === undefined || e.namespace === namespace) &&
    (name === undefined || e.name === name) &&
    (actor === undefined || e.actor === actor) &&
    (reason === undefined || e.reason === reason) &&
    (nameContains === undefined || e.name.toLowerCase().includes(nameContains)) &&
    (reasonContains === undefined || (e.reason ?? '').toLowerCase().includes(reasonContains)) &&
    (fromTime === undefined || e.timeMs >= fromTime) &&
    (toTime === undefined || e.timeMs <= toTime) &&
    !(story && inRuns(b.noise, e.seq));
  const out: EventSummary[] = [];
  let skip = offset;
  for (let s = desc ? hi : lo; desc ? s >= lo : s <= hi; s += desc ? -1 : 1) {
    const e = b.events[s - 1] as EventSummary;
    if (!keep(e)) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    out.push(e);
    if (out.length > limit) break;
  }
  const more = out.length > limit;
  return { events: out.slice(0, limit), nextOffset: more ? offset + limit : null };
}

/** viewer/server/routes/search.ts: object (`Pod/web-1`), reason, message or actor containing the text, any case. */
export function searchEvents(b: OfflineBundle, q: Query): { q: string; events: EventSummary[]; nextOffset: number | null; hiddenByLens: number } {
  const text = (q.get('q') ?? '').trim();
  const needle = text.toLowerCase();
  const story = q.get('lens') === 'story';
  const offset = num(q, 'offset') ?? 0;
  const limit = num(q, 'limit') ?? 50;
  const hit = (e: EventSummary): boolean =>
    `${e.kind}/${e.name}`.toLowerCase().includes(needle) || (e.reason ?? '').toLowerCase().includes(needle) || (e.message ?? '').toLowerCase().includes(needle) || e.actor.toLowerCase().includes(needle);
  const found: EventSummary[] = [];
  let skip = offset;
  let hidden = 0;
  for (const e of b.events) {
    if (!hit(e)) continue;
    if (story && inRuns(b.noise, e.seq)) {
      hidden++;
      continue;
    }
    if (skip > 0) {
      skip--;
      continue;
    }
    if (found.length <= limit) found.push(e);
  }
  return { q: text, events: found.slice(0, limit), nextOffset: found.length > limit ? offset + limit : null, hiddenByLens: hidden };
}

/** The same object's previous version (core/replay/history.ts previousVersionSeq). */
export function previousSeq(b: OfflineBundle, seq: number): number | null {
  const e = b.events[seq - 1];
  if (e === undefined) return null;
  for (let s = seq - 1; s >= 1; s--) {
    const p = b.events[s - 1] as EventSummary;
    if (p.name === e.name && p.kind === e.kind && p.namespace === e.namespace) return s;
  }
  return null;
}
