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

const HEX = '0123456789abcdef';
const VARIANT = '89ab';
/** The uid's characters as codes, reused: one string is made from them, not one per character. */
const uidCodes = new Array<number>(36).fill(0);

/**
 * A uid in the 8-4-4-4-12 form of a real cluster, drawn from the API server's stream:
 * 8, 4, then "4" and 3, a variant of "89ab" and 3, then 12 digits, in that order. Its
 * characters were appended one by one (~40 strings a uid, 0.5 kB of each write's
 * garbage averaged over the 10,000-pod run); now their codes fill one array.
 */
export function newUid(rng: Rng): string {
  let at = 0;
  const hex = (n: number): void => {
    for (let i = 0; i < n; i++) uidCodes[at++] = HEX.charCodeAt(rng.int(16));
  };
  const dash = (): void => {
    uidCodes[at++] = 45; // '-'
  };
  hex(8);
  dash();
  hex(4);
  dash();
  uidCodes[at++] = 52; // '4'
  hex(3);
  dash();
  uidCodes[at++] = VARIANT.charCodeAt(rng.int(4));
  hex(3);
  dash();
  hex(12);
  return String.fromCharCode.apply(null, uidCodes);
}
