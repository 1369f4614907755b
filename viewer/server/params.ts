import { parseDuration } from '../../core/scenario/duration.js';
import { badRequest } from './http-error.js';

type Query = Record<string, unknown>;

function text(q: Query, key: string): string | undefined {
  const v = q[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw badRequest(`${key}: give it once, as a single value`);
  return v;
}

/** A whole number from the query string, or undefined when absent. */
export function intParam(q: Query, key: string, min = 0): number | undefined {
  const v = text(q, key);
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v) || Number(v) < min) throw badRequest(`${key}: invalid number ${JSON.stringify(v)}`);
  return Number(v);
}

/** A cluster time: milliseconds ("90500") or a duration ("1m30.5s"). */
export function timeParam(q: Query, key: string): number | undefined {
  const v = text(q, key);
  if (v === undefined || v === '') return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  const ms = parseDuration(v);
  if (ms === undefined) throw badRequest(`${key}: invalid time ${JSON.stringify(v)} (milliseconds, or e.g. 90s, 1m30s)`);
  return ms;
}

export function stringParam(q: Query, key: string): string | undefined {
  const v = text(q, key);
  return v === '' ? undefined : v;
}

/** A seq from the path: a positive whole number. */
export function seqParam(v: string | undefined, key = 'seq'): number {
  if (v === undefined || !/^\d+$/.test(v) || Number(v) < 1) throw badRequest(`${key}: invalid seq ${JSON.stringify(v ?? '')}`);
  return Number(v);
}
