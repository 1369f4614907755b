import { MS_PER_HOUR, MS_PER_MINUTE, type Civil } from './calendar.js';
import { TimeZone } from './time-zone.js';

/** robfig/cron's Schedule: the next activation strictly after an instant (Unix ms), or undefined (Go's zero Time). */
export interface Schedule {
  next(unixMs: number, local?: TimeZone): number | undefined;
}

/** Set in a field when its expression contained `*` or `?` (not `*\/2`): the day-of-month / day-of-week rule needs it. */
export const STAR_BIT = 1n << 63n;

/** Bounds of each field, with the names a field accepts. */
export interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

export const SECONDS: Bounds = { min: 0, max: 59 };
export const MINUTES: Bounds = { min: 0, max: 59 };
export const HOURS: Bounds = { min: 0, max: 23 };
export const DOM: Bounds = { min: 1, max: 31 };
export const MONTHS: Bounds = { min: 1, max: 12, names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 } };
export const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

const has = (field: bigint, v: number): boolean => ((1n << BigInt(v)) & field) !== 0n;

/** A wall-clock reading of an instant in a zone; the fields are what robfig's Next tests. */
class Clock {
  private cachedAt = Number.NaN;
  private cached: Civil | undefined;

  constructor(
    readonly zone: TimeZone,
    public ms: number,
  ) {}

  get f(): Civil {
    if (this.cachedAt !== this.ms || this.cached === undefined) {
      this.cached = this.zone.civil(this.ms);
      this.cachedAt = this.ms;
    }
    return this.cached;
  }

  set(year: number, month: number, day: number, hour: number, minute: number, second: number): void {
    this.ms = this.zone.date(year, month, day, hour, minute, second);
  }
}

/**
 * SpecSchedule (robfig/cron v3 spec.go): bit sets per field, the zone the schedule is
 * read in (TZ=... in the spec), and Next's field-by-field search: find the month, then
 * the day, hour, minute and second, each time resetting the smaller fields once one is
 * incremented and starting over when a field wraps. DST is handled as upstream does: a
 * day that does not begin at midnight (Sao Paulo's spring-forward) is shifted back to
 * it, an hour skipped by the clocks is skipped, an hour that happens twice runs twice.
 * Nothing within five years: undefined.
 */
export class SpecSchedule implements Schedule {
  constructor(
    readonly second: bigint,
    readonly minute: bigint,
    readonly hour: bigint,
    readonly dom: bigint,
    readonly month: bigint,
    readonly dow: bigint,
    /** undefined: Go's time.Local, i.e. the zone of the instant asked about */
    readonly location: TimeZone | undefined,
  ) {}

  next(unixMs: number, local: TimeZone = TimeZone.UTC): number | undefined {
    const t = new Clock(this.location ?? local, Math.floor(unixMs / 1000) * 1000 + 1000);
    let added = false;
    const yearLimit = t.f.year + 5;
    wrap: for (;;) {
      if (t.f.year > yearLimit) return undefined;
      while (!has(this.month, t.f.month)) {
        if (!added) {
          added = true;
          const f = t.f;
          t.set(f.year, f.month, 1, 0, 0, 0);
        }
        const f = t.f;
        t.set(f.year, f.month + 1, f.day, f.hour, f.minute, f.second);
        if (t.f.month === 1) continue wrap;
      }
      while (!this.dayMatches(t)) {
        if (!added) {
          added = true;
          const f = t.f;
          t.set(f.year, f.month, f.day, 0, 0, 0);
        }
        const f = t.f;
        t.set(f.year, f.month, f.day + 1, f.hour, f.minute, f.second);
        // A day that starts at 1:00 (midnight skipped) or 23:00: back to its midnight.
        const h = t.f.hour;
        if (h !== 0) t.ms += h > 12 ? (24 - h) * MS_PER_HOUR : -h * MS_PER_HOUR;
        if (t.f.day === 1) continue wrap;
      }
      while (!has(this.hour, t.f.hour)) {
        if (!added) {
          added = true;
          const f = t.f;
          t.set(f.year, f.month, f.day, f.hour, 0, 0);
        }
        t.ms += MS_PER_HOUR;
        if (t.f.hour === 0) continue wrap;
      }
      while (!has(this.minute, t.f.minute)) {
        if (!added) {
          added = true;
          t.ms = Math.floor(t.ms / MS_PER_MINUTE) * MS_PER_MINUTE;
        }
        t.ms += MS_PER_MINUTE;
        if (t.f.minute === 0) continue wrap;
      }
      while (!has(this.second, t.f.second)) {
        if (!added) {
          added = true;
          t.ms = Math.floor(t.ms / 1000) * 1000;
        }
        t.ms += 1000;
        if (t.f.second === 0) continue wrap;
      }
      return t.ms;
    }
  }

  /**
   * Both day fields restricted (`0 0 1,15 * Sun`): either may match, as in Vixie cron.
   * Either one a star (`0 0 1,15 * *`): both must.
   */
  private dayMatches(t: Clock): boolean {
    const f = t.f;
    const domMatch = has(this.dom, f.day);
    const dowMatch = has(this.dow, f.weekday);
    if ((this.dom & STAR_BIT) !== 0n || (this.dow & STAR_BIT) !== 0n) return domMatch && dowMatch;
    return domMatch || dowMatch;
  }
}

/**
 * `@every 1h30m` (ConstantDelaySchedule): the delay, at least a second and rounded down
 * to whole seconds, after the instant rounded down to its second.
 */
export class ConstantDelaySchedule implements Schedule {
  readonly delayMs: number;

  constructor(durationMs: number) {
    const d = durationMs < 1000 ? 1000 : durationMs;
    this.delayMs = d - (d % 1000);
  }

  next(unixMs: number): number {
    return unixMs + this.delayMs - (((unixMs % 1000) + 1000) % 1000);
  }
}
