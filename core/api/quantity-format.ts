/**
 * resource.Quantity's canonical String() for the quantities kubelapse computes (node
 * allocatable, usage in eviction messages, limits in validation messages).
 * BinarySI: the largest power-of-1024 suffix that divides the value exactly, and plain
 * decimal below 1024 or when nothing divides it: 8 Gi - 100 Mi = 8,489,271,296 bytes is
 * "8092Mi"; 52,428,800 + 512 bytes is "52429312" (Ki would leave a half).
 * DecimalSI: the largest power-of-1000 suffix (n, u, m, "", k, M, G...) that leaves a
 * whole mantissa: 0.5 is "500m", 1500 is "1500", 2000 is "2k". Fractions below a
 * nano-unit round up, as upstream's Quantity does.
 */
const BINARY = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL: Array<[number, string]> = [[-9, 'n'], [-6, 'u'], [-3, 'm'], [0, ''], [3, 'k'], [6, 'M'], [9, 'G'], [12, 'T'], [15, 'P'], [18, 'E']];

export type QuantityFormat = 'BinarySI' | 'DecimalSI';

export function formatQuantity(value: number, format: QuantityFormat): string {
  if (value === 0) return '0';
  if (value < 0) return `-${formatQuantity(-value, format)}`;
  if (format === 'BinarySI' && Number.isInteger(value) && value >= 1024) {
    let n = value;
    let i = 0;
    while (n % 1024 === 0 && i < BINARY.length - 1) {
      n /= 1024;
      i++;
    }
    return `${n}${BINARY[i] as string}`;
  }
  // In nano-units, rounded up, then the largest exponent that divides it.
  const nanos = Math.ceil(Math.round(value * 1e9 * 1e3) / 1e3);
  for (let k = DECIMAL.length - 1; k >= 0; k--) {
    const [exp, suffix] = DECIMAL[k] as [number, string];
    const unit = 10 ** (exp + 9);
    if (nanos % unit === 0) return `${nanos / unit}${suffix}`;
  }
  return `${nanos}n`;
}

/** The format a quantity string was written in, which upstream keeps when it re-renders it. */
export function formatOf(text: unknown): QuantityFormat {
  return typeof text === 'string' && /[KMGTPE]i$/.test(text.trim()) ? 'BinarySI' : 'DecimalSI';
}
