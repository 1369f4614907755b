import { describe, expect, it } from 'vitest';
import { addQuantities, canonicalQuantity, formatQuantity, parseQuantityValue, quantityMilliValue, quantityValue } from '../../core/api/quantity-value.js';

/**
 * resource.Quantity as upstream prints it (quantity_test.go's canonical forms): what
 * quota messages and `kubectl get quota` show must read "1500m" and "1536Mi".
 */
const q = (s: string) => {
  const v = parseQuantityValue(s);
  if (v === undefined) throw new Error(`not a quantity: ${s}`);
  return v;
};

describe('Quantity canonical text', () => {
  it.each([
    ['0', '0'], ['1', '1'], ['500m', '500m'], ['1000m', '1'], ['1500m', '1500m'], ['1.5', '1500m'], ['0.5', '500m'],
    ['2000', '2k'], ['1500', '1500'], ['1.5k', '1500'], ['1000000', '1M'], ['1G', '1G'], ['100n', '100n'], ['1.0001m', '1000100n'], ['1.00001n', '2n'],
    ['1Ki', '1Ki'], ['1024Ki', '1Mi'], ['1536Mi', '1536Mi'], ['1.5Gi', '1536Mi'], ['512', '512'], ['1024', '1024'], ['1536', '1536'],
    ['0.5Ki', '512'], ['1e3', '1e3'], ['1500e0', '1500'], ['+5', '5'], ['-1Gi', '-1Gi'], ['1E', '1E'],
  ])('%s prints as %s', (input, want) => {
    expect(formatQuantity(q(input))).toBe(want);
  });

  it('refuses what ParseQuantity refuses', () => {
    for (const bad of ['', 'abc', '1.2.3', '1Qi', '5 m', '1kb', 'm']) expect(parseQuantityValue(bad), bad).toBeUndefined();
  });

  it('a sum keeps the first operand\'s format, or the second\'s when the first is zero (Quantity.Add)', () => {
    expect(formatQuantity(addQuantities(q('1Gi'), q('512Mi')))).toBe('1536Mi');
    expect(formatQuantity(addQuantities(q('1G'), q('512Mi')))).toBe('1536870912');
    expect(formatQuantity(addQuantities(q('0'), q('512Mi')))).toBe('512Mi');
    expect(formatQuantity(addQuantities(q('1'), q('500m')))).toBe('1500m');
  });

  it('Value and MilliValue round up, as upstream', () => {
    expect(quantityValue(q('1500m'))).toBe(2n);
    expect(quantityMilliValue(q('1n'))).toBe(1n);
    expect(quantityMilliValue(q('2Gi'))).toBe(2n * 1024n ** 3n * 1000n);
  });

  it('numbers in YAML store as canonical strings; text that is no quantity is left for validation', () => {
    expect(canonicalQuantity(10)).toBe('10');
    expect(canonicalQuantity('2000m')).toBe('2');
    expect(canonicalQuantity('lots')).toBe('lots');
  });
});
