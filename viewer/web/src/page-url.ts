import { isOffline } from './api.js';

/**
 * The page's permalink as a query string ("?seq=114&sel=114"): location.search, or in an
 * html export (opened from file://, one recording, no server to read a query) the
 * #fragment: `walkthrough.html#seq=114&sel=114`.
 */
export function pageQuery(): string {
  return isOffline() ? `?${location.hash.slice(1)}` : location.search;
}

/** Puts a permalink ("?rec=..&seq=..") in the address bar without reloading: as the query, or in an export as the #fragment (without rec: the file is the recording). */
export function replaceQuery(query: string): void {
  if (!isOffline()) return history.replaceState(null, '', query);
  const p = new URLSearchParams(query);
  p.delete('rec');
  history.replaceState(null, '', `#${p}`);
}
