import { parseDuration } from '../scenario/duration.js';
import { UsageError } from './exit.js';

/** A --from/--to/--at value: a duration of cluster time ("90s", "1m30s"). */
export function timeArg(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`${flag}: invalid duration "${text}" (use e.g. 90s, 1m30s, 500ms)`);
  return ms;
}

export function intArg(flag: string, text: string | undefined, min = 0): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`${flag}: invalid number "${text}"`);
  return Number(text);
}

/** A --port value: 0-65535, 0 picking a free port. */
export function portArg(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new UsageError(`${flag}: invalid port "${text}" (0-65535; 0 picks a free one)`);
  return n;
}
