import { SUFFIX_ALPHABET } from '../../api/names.js';
import type { KObject } from '../../api/types.js';
import { POD_TEMPLATE_HASH } from './annotations.js';

/**
 * controller.ComputeHash: FNV-32a over the pod template (plus collisionCount when set),
 * printed in decimal and each digit mapped through the safe alphabet, so the same
 * template always gives the same hash and ReplicaSet name (`web-7d4b9c5f6`).
 * Upstream hashes Go's spew dump of the struct; we hash canonical JSON (keys sorted),
 * so hashes differ from a real cluster's but keep every property that matters.
 */
export function computeHash(template: unknown, collisionCount?: number): string {
  let h = 0x811c9dc5;
  const feed = (s: string): void => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      // UTF-16 code units fed as up to two bytes keep it stable for any text.
      if (c > 0xff) {
        h ^= c >>> 8;
        h = Math.imul(h, 0x01000193) >>> 0;
      }
      h ^= c & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  };
  feed(canonicalJson(template));
  if (collisionCount !== undefined && collisionCount !== 0) {
    // Upstream writes the 32-bit count little-endian into the hasher.
    for (let i = 0; i < 4; i++) {
      h ^= (collisionCount >>> (8 * i)) & 0xff;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
  }
  return safeEncode(String(h >>> 0));
}

/** rand.SafeEncodeString: each character replaced by alphabet[code % 27]. */
export function safeEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += SUFFIX_ALPHABET[s.charCodeAt(i) % SUFFIX_ALPHABET.length];
  return out;
}

function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    // null is absent: Go decodes both to the zero value (kubectl's rollout undo sends
    // `creationTimestamp: null` in the template it restores; it must match its ReplicaSet).
    .filter((k) => o[k] !== undefined && o[k] !== null)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/** EqualIgnoreHash: two pod templates alike but for the pod-template-hash label. */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  return canonicalJson(withoutHash(a)) === canonicalJson(withoutHash(b));
}

function withoutHash(t: any): unknown {
  if (t === null || typeof t !== 'object' || t.metadata?.labels?.[POD_TEMPLATE_HASH] === undefined) return t;
  const labels = { ...t.metadata.labels };
  delete labels[POD_TEMPLATE_HASH];
  return { ...t, metadata: { ...t.metadata, labels } };
}

export function templateOf(obj: Readonly<KObject>): unknown {
  return obj.spec?.template;
}
