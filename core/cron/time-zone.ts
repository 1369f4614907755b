import { civilOfWallMs, wallMsOf, type Civil } from './calendar.js';

/** Go's error for a zone time.LoadLocation cannot find: `unknown time zone Mars/Olympus`. */
export class UnknownTimeZoneError extends Error {
  override name = 'UnknownTimeZoneError';
}

const FIELDS: Intl.DateTimeFormatOptions = {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
};

/**
 * An IANA time zone (time.Location): the offset from UTC at any instant, from the ICU
 * tables Node ships. UTC needs no table. Offsets are whole seconds, as in the tz database.
 */
export class TimeZone {
  static readonly UTC = new TimeZone('UTC', undefined);
  private static readonly loaded = new Map<string, TimeZone>();

  private constructor(
    readonly name: string,
    private readonly format: Intl.DateTimeFormat | undefined,
    private readonly fixedMs = 0,
  ) {}

  /** time.FixedZone: a constant offset (the +05:30 of a parsed "2016-01-03T13:09:03+0530"). */
  static fixed(name: string, offsetSeconds: number): TimeZone {
    return new TimeZone(name, undefined, offsetSeconds * 1000);
  }

  /**
   * time.LoadLocation: "" and "UTC" are UTC; other names must be IANA zones, spelled with
   * their case ("asia/tokyo" is not a file in /usr/share/zoneinfo, so Go refuses it).
   */
  static load(name: string): TimeZone {
    if (name === '' || name === 'UTC') return TimeZone.UTC;
    const cached = TimeZone.loaded.get(name);
    if (cached !== undefined) return cached;
    let format: Intl.DateTimeFormat;
    try {
      format = new Intl.DateTimeFormat('en-US', { ...FIELDS, timeZone: name });
    } catch {
      throw new UnknownTimeZoneError(`unknown time zone ${name}`);
    }
    const resolved = format.resolvedOptions().timeZone;
    if (name === 'Local' || (resolved !== name && resolved.toLowerCase() === name.toLowerCase())) throw new UnknownTimeZoneError(`unknown time zone ${name}`);
    const zone = new TimeZone(name, format);
    TimeZone.loaded.set(name, zone);
    return zone;
  }

  /** Milliseconds to add to UTC for the wall clock at `unixMs`: +32_400_000 in Tokyo. */
  offsetMs(unixMs: number): number {
    if (this.format === undefined) return this.fixedMs;
    const whole = Math.floor(unixMs / 1000) * 1000;
    const parts: Record<string, number> = {};
    for (const p of this.format.formatToParts(whole)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const wall = wallMsOf(parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
    return wall - whole;
  }

  /** The wall-clock fields at `unixMs` in this zone. */
  civil(unixMs: number): Civil {
    return civilOfWallMs(unixMs + this.offsetMs(unixMs));
  }

  /**
   * time.Date in this zone, normalizing out-of-range fields. A wall time that does not
   * exist (02:30 on a spring-forward night in New York) or exists twice (01:30 when the
   * clocks fall back) resolves as Go resolves it: look up the offset at the wall time read
   * as UTC, then at the UTC instant that gives, and use the latter.
   */
  date(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
    const wall = wallMsOf(year, month, day, hour, minute, second);
    const first = this.offsetMs(wall);
    return wall - this.offsetMs(wall - first);
  }

  /** RFC 3339 at this zone's offset, as Go's Format(time.RFC3339): 2026-01-01T09:00:00+09:00; Z for a zero offset (London in winter too). */
  rfc3339(unixMs: number): string {
    const off = this.offsetMs(unixMs);
    const c = civilOfWallMs(unixMs + off);
    const two = (n: number): string => String(n).padStart(2, '0');
    const date = `${String(c.year).padStart(4, '0')}-${two(c.month)}-${two(c.day)}T${two(c.hour)}:${two(c.minute)}:${two(c.second)}`;
    if (off === 0) return `${date}Z`;
    const abs = Math.abs(off) / 60_000;
    return `${date}${off < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
  }
}
