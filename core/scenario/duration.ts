/**
 * Go-style durations as scenarios write them: "90s", "4m", "1m30s", "500ms", "1h".
 * Returns milliseconds, or undefined if the text is not a duration. A bare 0 is
 * accepted; any other bare number is not (is "90" seconds or milliseconds?).
 */
export function parseDuration(text: unknown): number | undefined {
  if (text === 0 || text === '0') return 0;
  if (typeof text !== 'string') return undefined;
  const src = text.trim();
  if (src === '') return undefined;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = src;
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (m === null) return undefined;
    total += Number(m[1]) * (unit[m[2] as string] as number);
    rest = rest.slice(m[0].length);
  }
  return Math.round(total);
}

/** 75 500 ms -> "1m15.5s"; the inverse of parseDuration for messages and tables. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(ms);
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = rest / 1000;
  let out = sign;
  if (h > 0) out += `${h}h`;
  if (m > 0) out += `${m}m`;
  if (s > 0 || out === sign) out += `${Number(s.toFixed(3))}s`;
  return out;
}

/** Cluster time as a clock: 75 500 ms -> "1:15.5". */
export function formatClock(ms: number): string {
  // Rounded to tenths before minutes are taken: 179,999 ms is "3:00.0", not "2:60.0"
  // (the seconds' own rounding carried nowhere).
  const tenths = Math.round(ms / 100);
  const m = Math.floor(tenths / 600);
  return `${m}:${((tenths - m * 600) / 10).toFixed(1).padStart(4, '0')}`;
}
