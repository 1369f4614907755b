/**
 * resource.Quantity as exact arithmetic, for what quota and limit ranges compare, add
 * and print: values in nano-units as a bigint (1 = 1e-9), plus the format the quantity
 * was written in, which decides how it prints (Quantity.String / CanonicalizeBytes).
 * parseQuantity (quantity.ts) stays the float reader the rest of the simulator uses;
 * this one is for messages that must read as upstream's: "requests.cpu=500m",
 * "memory=1536Mi", never "0.5" or "1610612736".
 *
 * Worked numbers: "1.5" -> 1_500_000_000n DecimalSI -> "1500m"; "2000m" -> "2";
 * "1Gi" + "512Mi" (BinarySI) -> "1536Mi"; "1536" BinarySI -> "1536" (not 1.5Ki).
 */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  readonly nanos: bigint;
  readonly format: QuantityFormat;
}

const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const NANO = 1_000_000_000n;

/** ParseQuantity; undefined when `text` is not a quantity. Precision beyond nano rounds up, as upstream. */
export function parseQuantityValue(input: unknown): Quantity | undefined {
  if (typeof input === 'number') input = Number.isFinite(input) ? String(input) : undefined;
  if (typeof input !== 'string') return undefined;
  const m = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?[0-9]+))?$/.exec(input.trim());
  if (m === null) return undefined;
  const [, sign, digits = '', suffix, exp] = m;
  const [whole = '', frac = ''] = digits.split('.');
  // mantissa * 10^-frac.length, exactly.
  let num = BigInt((whole || '0') + frac);
  let scale = -frac.length;
  let format: QuantityFormat = 'DecimalSI';
  if (suffix !== undefined && suffix in BINARY) {
    num *= 1n << BigInt(BINARY[suffix] as number);
    format = 'BinarySI';
  } else if (suffix !== undefined) {
    scale += DECIMAL[suffix] as number;
  } else if (exp !== undefined) {
    scale += Number(exp);
    format = 'DecimalExponent';
  }
  // To nano-units: scale + 9 >= 0 multiplies; below, divide rounding up (away from zero).
  const shift = scale + 9;
  let nanos: bigint;
  if (shift >= 0) nanos = num * 10n ** BigInt(shift);
  else {
    const d = 10n ** BigInt(-shift);
    nanos = num / d + (num % d === 0n ? 0n : 1n);
  }
  return { nanos: sign === '-' ? -nanos : nanos, format };
}

/** Quantity.String(): the canonical text upstream serializes and prints. */
export function formatQuantity(q: Quantity): string {
  if (q.nanos === 0n) return '0';
  const neg = q.nanos < 0n;
  const abs = neg ? -q.nanos : q.nanos;
  const sign = neg ? '-' : '';
  if (q.format === 'BinarySI' && abs >= 1024n * NANO && abs % NANO === 0n) {
    let v = abs / NANO;
    let i = 0;
    const suffixes = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
    while (i < 6 && v % 1024n === 0n) {
      v /= 1024n;
      i++;
    }
    return `${sign}${v}${suffixes[i]}`;
  }
  // Decimal: the largest exponent (a multiple of 3, at most 18) that keeps an integer mantissa.
  let exp = -9;
  let v = abs;
  while (exp < 18 && v % 1000n === 0n) {
    v /= 1000n;
    exp += 3;
  }
  if (q.format === 'DecimalExponent') return `${sign}${v}${exp === 0 ? '' : `e${exp}`}`;
  const suffix = Object.keys(DECIMAL).find((k) => DECIMAL[k] === exp) as string;
  return `${sign}${v}${suffix}`;
}

/** Re-serializes a quantity as upstream stores it ("2000m" -> "2"); text that is no quantity is kept for validation. */
export function canonicalQuantity(value: unknown): unknown {
  const q = parseQuantityValue(value);
  return q === undefined ? value : formatQuantity(q);
}

export function quantity(count: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
  return { nanos: BigInt(count) * NANO, format };
}

/** Quantity.Add: the sum keeps `a`'s format, unless `a` is zero (then `b`'s). */
export function addQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos + b.nanos, format: a.nanos === 0n ? b.format : a.format };
}

export function subtractQuantities(a: Quantity, b: Quantity): Quantity {
  return { nanos: a.nanos - b.nanos, format: a.nanos === 0n ? b.format : a.format };
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  return a.nanos < b.nanos ? -1 : a.nanos > b.nanos ? 1 : 0;
}

/** Quantity.Value(): whole units, rounded up. */
export function quantityValue(q: Quantity): bigint {
  return ceilDiv(q.nanos, NANO);
}

/** Quantity.MilliValue(): thousandths, rounded up. */
export function quantityMilliValue(q: Quantity): bigint {
  return ceilDiv(q.nanos, 1_000_000n);
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const d = a / b;
  return a % b !== 0n && a > 0n ? d + 1n : d;
}
