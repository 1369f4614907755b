import { Router } from 'express';
import { resolveKind } from '../../../core/api/kinds.js';
import type { EventQuery } from '../../../core/record/recording.js';
import { parseRecorded } from '../../../core/replay/deep-json.js';
import { inferredChain } from '../lens/inferred-chain.js';
import type { EventRow } from '../../../core/record/schema.js';
import type { ChainModel, EventDetail, EventSummary } from '../../shared/model.js';
import { lensParam, storyRows } from '../lens/story-rows.js';
import { requestVerbOf } from '../lens/request-verbs.js';
import { badRequest, notFound } from '../http-error.js';
import type { RecordingLibrary } from '../library.js';
import { intParam, seqParam, stringParam, timeParam } from '../params.js';
import { summaryOf } from './to-json.js';

const DEFAULT_LIMIT = 200;
const MAX_LIMIT = 5000;

/** Events by seq or time range, paged and filtered; one event with its object and diff; causal chains. */
export function eventRoutes(lib: RecordingLibrary): Router {
  const r = Router();
  r.get('/recordings/:name/events', (req, res) => {
    const o = lib.get(req.params.name);
    const q = eventQuery(req.query as Record<string, unknown>);
    const limit = q.limit ?? DEFAULT_LIMIT;
    const verbs = (e: EventRow): string | undefined => requestVerbOf(o.rec, e);
    // One row more than asked tells whether there is a next page without counting.
    const rows = lensParam(req.query as Record<string, unknown>) ? storyRows(o.rec, q, limit + 1) : [...o.rec.events({ ...q, limit: limit + 1 })];
    const more = rows.length > limit;
    res.json({ events: rows.slice(0, limit).map((e) => summaryOf(e, verbs)), nextOffset: more ? (q.offset ?? 0) + limit : null });
  });
  r.get('/recordings/:name/events/:seq', (req, res) => {
    const o = lib.get(req.params.name);
    const seq = seqParam(req.params.seq);
    const e = o.rec.event(seq);
    if (e === undefined) throw notFound(`no event with seq ${seq} (the recording has ${o.rec.lastSeq()})`);
    const prev = o.replay.previousVersionSeq(seq);
    const detail: EventDetail = { event: summaryOf(e, (x) => requestVerbOf(o.rec, x)), object: parseRecorded(e.object), previousSeq: prev ?? null, diff: o.replay.diff(prev, seq) };
    res.json(detail);
  });
  r.get('/recordings/:name/chain/:seq', (req, res) => {
    const o = lib.get(req.params.name);
    const seq = seqParam(req.params.seq);
    const sum = (e: EventRow): EventSummary => summaryOf(e, (x) => requestVerbOf(o.rec, x));
    const out: ChainModel | undefined = o.rec.hasImportTables() && o.rec.provenance(seq) !== undefined ? inferredChain(o.rec, seq, sum) : undefined;
    if (out !== undefined) return void res.json(out);
    const chain = o.replay.causalChain(seq);
    if (chain === undefined) throw notFound(`no event with seq ${seq} (the recording has ${o.rec.lastSeq()})`);
    res.json({ ancestors: chain.ancestors.map(sum), event: sum(chain.event), effects: chain.effects.map(sum) } satisfies ChainModel);
  });
  return r;
}

function eventQuery(query: Record<string, unknown>): EventQuery {
  const q: EventQuery = {};
  const kind = stringParam(query, 'kind');
  if (kind !== undefined) {
    const info = resolveKind(kind);
    if (info === undefined) throw badRequest(`kind: unknown kind ${JSON.stringify(kind)}`);
    q.kind = info.kind;
  }
  const set = <K extends keyof EventQuery>(key: K, v: EventQuery[K] | undefined): void => {
    if (v !== undefined) q[key] = v;
  };
  set('namespace', stringParam(query, 'namespace'));
  set('name', stringParam(query, 'name'));
  set('actor', stringParam(query, 'actor'));
  set('reason', stringParam(query, 'reason'));
  set('nameContains', stringParam(query, 'nameContains'));
  set('reasonContains', stringParam(query, 'reasonContains'));
  set('fromSeq', intParam(query, 'fromSeq'));
  set('toSeq', intParam(query, 'toSeq'));
  set('fromTime', timeParam(query, 'fromTime'));
  set('toTime', timeParam(query, 'toTime'));
  set('offset', intParam(query, 'offset'));
  // lens=story is read by the route (storyRows); it is not a column filter.
  const order = stringParam(query, 'order');
  if (order !== undefined && order !== 'asc' && order !== 'desc') throw badRequest(`order: ${JSON.stringify(order)} is not asc or desc`);
  set('order', order);
  const limit = intParam(query, 'limit', 1);
  if (limit !== undefined && limit > MAX_LIMIT) throw badRequest(`limit: at most ${MAX_LIMIT} events a page (got ${limit})`);
  set('limit', limit);
  return q;
}
