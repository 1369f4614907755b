import type { Rng } from '../sim/rng.js';

/**
 * Upstream's utilrand alphabet: no vowels (no accidental words) and no confusable
 * characters (0/o, 1/l, 3/e, a/4). generateName "web-7d4b9c-" + 5 of these.
 */
export const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** names.SimpleNameGenerator: the base is cut so base + suffix stays within 63 characters. */
export function generateName(base: string, rng: Rng): string {
  const maxBase = 63 - 5;
  const cut = base.length > maxBase ? base.slice(0, maxBase) : base;
  return cut + rng.string(5, SUFFIX_ALPHABET);
}

/** A DNS-1123 subdomain, what most object names must be. */
export function isDns1123Subdomain(name: string): boolean {
  return name.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);
}

/** A DNS-1123 label, what namespace, service and container names must be. */
export function isDns1123Label(name: string): boolean {
  return name.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}

/** A uid in the 8-4-4-4-12 form of a real cluster, drawn from the API server's stream. */
export function newUid(rng: Rng): string {
  const hex = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.int(16)];
    return s;
  };
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[rng.int(4)]}${hex(3)}-${hex(12)}`;
}
