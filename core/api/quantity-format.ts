import { formatQuantity as formatExact } from './quantity-value.js';

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
export type QuantityFormat = 'BinarySI' | 'DecimalSI';

export function formatQuantity(value: number, format: QuantityFormat): string {
  // Whole numbers exactly (8Gi in nano-units is past 2^53); fractions in nano-units, rounded up.
  const nanos = Number.isInteger(value) ? BigInt(value) * 1_000_000_000n : BigInt(Math.ceil(Math.round(value * 1e9 * 1e3) / 1e3));
  return formatExact({ nanos, format });
}

/** The format a quantity string was written in, which upstream keeps when it re-renders it. */
export function formatOf(text: unknown): QuantityFormat {
  return typeof text === 'string' && /[KMGTPE]i$/.test(text.trim()) ? 'BinarySI' : 'DecimalSI';
}
