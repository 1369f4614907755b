import type { EventSummary } from '../../shared/model.js';

/** Cluster time as m:ss.s: 83,400 ms -> "1:23.4". */
export function clock(ms: number): string {
  if (!Number.isFinite(ms)) return 'unknown';
  const neg = ms < 0;
  const tenths = Math.round(Math.abs(ms) / 100);
  const m = Math.floor(tenths / 600);
  const s = (tenths % 600) / 10;
  return `${neg ? '-' : ''}${m}:${s < 10 ? '0' : ''}${s.toFixed(1)}`;
}

/**
 * "update/status": what an event did, as one phrase. The verb is the API request's
 * (upstream's audit verb, sent as requestVerb) where it differs from the recorded storage
 * verb: a kubectl delete of a running pod is stored as an update and reads "delete".
 */
export function verbPhrase(e: EventSummary): string {
  const sub = e.subresource === null ? '' : `/${e.subresource}`;
  return `${e.requestVerb ?? e.verb}${sub}`;
}

export function objectName(e: { kind: string; namespace: string | null; name: string }): string {
  return `${e.kind}/${e.name}`;
}

/** The narration line for an event: its message, or what it did when it has none. */
export function sentence(e: EventSummary): string {
  return e.message ?? `${e.actor} ${verbPhrase(e)} ${objectName(e)}${e.reason === null ? '' : ` (${e.reason})`}`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/**
 * A whole count with thousands separators, as English writes it: 8042 -> "8,042",
 * -1234567 -> "-1,234,567". What toLocaleString('en') gives, without it: a page's first
 * call of toLocaleString loads the browser's locale data (measured in a fresh chromium
 * page: 27-400 ms on a loaded machine, 0 ms for every later call), and the cluster
 * canvas's lane title was that first call, inside a large recording's first frame.
 */
export function grouped(n: number): string {
  if (!Number.isInteger(n)) return String(n);
  const digits = String(Math.abs(n));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = `${digits.slice(Math.max(0, end - 3), end)}${out === '' ? '' : ','}${out}`;
  return n < 0 ? `-${out}` : out;
}

/** The last part of a generated pod name, which tells pods of one ReplicaSet apart: "web-6454d6f499-9hcck" -> "9hcck". */
export function shortPod(name: string): string {
  const i = name.lastIndexOf('-');
  return i < 0 ? name : name.slice(i + 1);
}

/**
 * Shortens text to about `px` pixels with an ellipsis: `perChar` is a generous average
 * width of a character at 11 px (digits and lower case are ~6 px in system-ui), so a
 * label never runs out of its room; measuring each one instead would cost a layout per
 * label per frame while scrubbing.
 */
export function fit(text: string, px: number, perChar = 6): string {
  const n = Math.floor(px / perChar);
  return text.length <= n ? text : n <= 1 ? '' : `${text.slice(0, n - 1)}…`;
}
