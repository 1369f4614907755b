import { safeEncode } from '../deployment/pod-template-hash.js';

/**
 * The raw bytes of a ControllerRevision's data, as upstream holds them: Go marshals the
 * map it built from the set with keys sorted, `null` kept (a template's
 * `creationTimestamp: null`), and <, > and & escaped. Two revisions are equal when
 * these bytes are (history.EqualRevision).
 */
export function rawData(data: unknown): string {
  return goJson(data);
}

function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  if (typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${goJson(k)}:${goJson(o[k])}`)
    .join(',')}}`;
}

/**
 * history.HashControllerRevision: FNV-1 (not 1a) 32-bit over the raw data, then the
 * collision count as decimal text, printed in decimal and mapped through the safe
 * alphabet. Revision 1 of `web` with collisionCount 0 is `web-<hash of data + "0">`.
 */
export function hashControllerRevision(data: unknown, probe: number | undefined): string {
  const text = rawData(data) + (probe === undefined ? '' : String(probe));
  return safeEncode(String(fnv1(Buffer.from(text, 'utf8'))));
}

/** FNV-1 32-bit (Go's fnv.New32): multiply by the prime, then xor each byte. "a" -> 0x050c5d7e. */
export function fnv1(bytes: Uint8Array): number {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h = (h ^ b) >>> 0;
  }
  return h;
}

/** ControllerRevisionName: `prefix-hash`, the prefix cut at 223 characters so the name fits in 253. */
export function controllerRevisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}
