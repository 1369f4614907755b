/**
 * validateIndexesFormat (pkg/apis/batch/validation): "1,3-5,7" lists indexes in
 * increasing intervals below completions. Returns how many indexes it names, or the
 * error upstream puts in its 422.
 */
export function validateIndexesFormat(text: string, completions: number): { total: number } | { error: string } {
  if (text.length === 0) return { total: 0 };
  let last: number | undefined;
  let total = 0;
  const int = (s: string): number | undefined => (/^[+-]?\d+$/.test(s) && Math.abs(Number(s)) <= 2_147_483_647 ? Number(s) : undefined);
  for (const interval of text.split(',')) {
    const limits = interval.split('-');
    if (limits.length > 2) return { error: `the fragment ${JSON.stringify(interval)} violates the requirement that an index interval can have at most two parts separated by '-'` };
    const x = int(limits[0] as string);
    if (x === undefined) return { error: `cannot convert string to integer for index: ${JSON.stringify(limits[0])}` };
    if (x >= completions) return { error: `too large index: ${JSON.stringify(limits[0])}` };
    if (last !== undefined && last >= x) return { error: `non-increasing order, previous: ${last}, current: ${x}` };
    total += 1;
    last = x;
    if (limits.length > 1) {
      const y = int(limits[1] as string);
      if (y === undefined) return { error: `cannot convert string to integer for index: ${JSON.stringify(limits[1])}` };
      if (y >= completions) return { error: `too large index: ${JSON.stringify(limits[1])}` };
      if (last >= y) return { error: `non-increasing order, previous: ${last}, current: ${y}` };
      total += y - x;
      last = y;
    }
  }
  return { total };
}
