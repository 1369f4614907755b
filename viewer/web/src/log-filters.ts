/**
 * The event log's filters, part of the view state so the permalink carries them:
 * `?rec=pod-loss-recovery&seq=64&kind=Pod&name=web&reason=kill` opens on the same rows.
 * kind and actor are picked from lists and match exactly; name and reason are typed and
 * match any part of the object's name / the reason, in any case ("web" finds
 * web-7d4b9-x2x, "kill" finds Killing).
 */
export interface LogFilters {
  kind: string;
  actor: string;
  name: string;
  reason: string;
}

export const NO_FILTERS: LogFilters = { kind: '', actor: '', name: '', reason: '' };

export const FILTER_KEYS = ['kind', 'actor', 'name', 'reason'] as const;

export function anyFilter(f: LogFilters): boolean {
  return FILTER_KEYS.some((k) => f[k] !== '');
}

export function sameFilters(a: LogFilters, b: LogFilters): boolean {
  return FILTER_KEYS.every((k) => a[k] === b[k]);
}

/** The /events query for these filters: exact kind and actor, substrings of name and reason. */
export function filterQuery(f: LogFilters): Record<string, string> {
  return { kind: f.kind, actor: f.actor, nameContains: f.name, reasonContains: f.reason };
}
