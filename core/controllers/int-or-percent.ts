/**
 * intstr.GetScaledValueFromIntOrPercent: 25% of 10 is 2.5, rounded up for maxSurge (3)
 * and down for maxUnavailable (2).
 */
export function scaledValue(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const m = /^(\d+)%$/.exec(value);
    if (m !== null) {
      const v = (Number(m[1]) * total) / 100;
      return roundUp ? Math.ceil(v) : Math.floor(v);
    }
    if (/^\d+$/.test(value)) return Number(value);
  }
  if (value === undefined || value === null) return 0;
  throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage "${String(value)}"`);
}
