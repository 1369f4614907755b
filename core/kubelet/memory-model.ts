import { parseQuantity } from '../api/quantity.js';
import { parseDuration } from '../scenario/duration.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- pod specs are open JSON */

/**
 * A process's memory over its life, from the `kubelapse/memory` annotation:
 *   kubelapse/memory: 50Mi                         a steady 50 Mi working set
 *   kubelapse/memory: 50Mi leak 2Mi/s              50 Mi at start, 2 Mi more each second
 *   kubelapse/memory: 50Mi spike 300Mi at 40s      300 Mi more from 40 s after start on
 *   kubelapse/memory: 50Mi spike 300Mi at 40s for 5s   ... for 5 s only
 * Clauses combine (`64Mi leak 1Mi/s spike 100Mi at 30s for 10s`); a leak rate is per
 * second (/s) or per minute (/m). `kubelapse/memory.<container>` sets one container's
 * and wins over the pod-wide one, which applies to every container. Each start of a
 * container starts the curve again (a restarted process has freed its leak).
 * No annotation: the working set is not modeled (0).
 */
export interface MemoryProfile {
  baseBytes: number;
  leakBytesPerSec: number;
  spike: { bytes: number; atMs: number; forMs: number | undefined } | undefined;
}

export const MEMORY_ANNOTATION = 'kubelapse/memory';

const GRAMMAR = '<quantity> [leak <quantity>/s] [spike <quantity> at <duration> [for <duration>]] (e.g. 50Mi leak 2Mi/s)';

/** Parses one annotation value; a string error names the bad part. */
export function parseMemoryProfile(text: string): MemoryProfile | string {
  const words = text.trim().split(/\s+/);
  const base = parseQuantity(words[0]);
  if (base === undefined) return `"${text}" does not start with a memory quantity; expected ${GRAMMAR}`;
  const p: MemoryProfile = { baseBytes: base, leakBytesPerSec: 0, spike: undefined };
  let i = 1;
  while (i < words.length) {
    const w = words[i];
    if (w === 'leak') {
      const m = /^(.+)\/(s|m)$/.exec(words[i + 1] ?? '');
      const q = m === null ? undefined : parseQuantity(m[1]);
      if (m === null || q === undefined) return `"${text}": leak needs a rate like 2Mi/s or 10Mi/m; expected ${GRAMMAR}`;
      p.leakBytesPerSec = m[2] === 's' ? q : q / 60;
      i += 2;
    } else if (w === 'spike') {
      const q = parseQuantity(words[i + 1]);
      const at = words[i + 2] === 'at' ? parseDuration(words[i + 3] ?? '') : undefined;
      if (q === undefined || at === undefined) return `"${text}": spike needs <quantity> at <duration> (e.g. spike 300Mi at 40s); expected ${GRAMMAR}`;
      let forMs: number | undefined;
      i += 4;
      if (words[i] === 'for') {
        forMs = parseDuration(words[i + 1] ?? '');
        if (forMs === undefined) return `"${text}": "for" needs a duration (e.g. for 5s)`;
        i += 2;
      }
      p.spike = { bytes: q, atMs: at, forMs };
    } else {
      return `"${text}": unexpected "${w}"; expected ${GRAMMAR}`;
    }
  }
  return p;
}

/** Memory is charged in 4 KiB pages, so a working set is a whole number of them (and prints in Ki). */
export const PAGE_BYTES = 4096;

/** The working set, in bytes, `ms` after the process started. */
export function usageAt(p: MemoryProfile, ms: number): number {
  const t = Math.max(0, ms);
  let bytes = p.baseBytes + (p.leakBytesPerSec * t) / 1000;
  const s = p.spike;
  if (s !== undefined && t >= s.atMs && (s.forMs === undefined || t < s.atMs + s.forMs)) bytes += s.bytes;
  return Math.floor(bytes / PAGE_BYTES) * PAGE_BYTES;
}

/**
 * The first moment (ms after start) the working set reaches `limit`, or undefined if it
 * never does. The curve is a line in up to three pieces (before, during, after a
 * spike); the first piece that reaches the limit says when: 50Mi leak 2Mi/s under a
 * 100Mi limit reaches it after (100 - 50) / 2 = 25 s.
 */
export function reachesAt(p: MemoryProfile, limit: number): number | undefined {
  const s = p.spike;
  const cuts = s === undefined ? [0] : s.forMs === undefined ? [0, s.atMs] : [0, s.atMs, s.atMs + s.forMs];
  for (let k = 0; k < cuts.length; k++) {
    const from = cuts[k] as number;
    const to = cuts[k + 1] ?? Infinity;
    if (to <= from) continue;
    if (usageAt(p, from) >= limit) return from;
    if (p.leakBytesPerSec <= 0) continue;
    const extra = s !== undefined && from >= s.atMs && (s.forMs === undefined || from < s.atMs + s.forMs) ? s.bytes : 0;
    const t = Math.ceil(((limit - p.baseBytes - extra) * 1000) / p.leakBytesPerSec);
    if (t >= from && t < to) return t;
  }
  return undefined;
}

/** Each container's profile from the pod's annotations; throws the first bad one's message. */
export function memoryProfiles(annotations: Record<string, string>, containers: readonly string[]): Map<string, MemoryProfile> {
  const out = new Map<string, MemoryProfile>();
  const parse = (key: string): MemoryProfile | undefined => {
    const v = annotations[key];
    if (v === undefined) return undefined;
    const p = parseMemoryProfile(v);
    if (typeof p === 'string') throw new Error(`annotation ${key}: ${p}`);
    return p;
  };
  const all = parse(MEMORY_ANNOTATION);
  for (const name of containers) {
    const p = parse(`${MEMORY_ANNOTATION}.${name}`) ?? all;
    if (p !== undefined) out.set(name, p);
  }
  for (const key of Object.keys(annotations)) {
    const name = key.startsWith(`${MEMORY_ANNOTATION}.`) ? key.slice(MEMORY_ANNOTATION.length + 1) : undefined;
    if (name !== undefined && !containers.includes(name)) throw new Error(`annotation ${key}: the pod has no container "${name}" (containers: ${containers.join(', ')})`);
  }
  return out;
}

/** A container's memory limit in bytes, if it has one. */
export function memoryLimit(spec: any): number | undefined {
  const q = spec?.resources?.limits?.memory;
  return q === undefined ? undefined : parseQuantity(q);
}

/** A container's memory request in bytes (0 when none). */
export function memoryRequest(spec: any): number {
  return parseQuantity(spec?.resources?.requests?.memory) ?? 0;
}
