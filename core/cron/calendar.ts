/**
 * The proleptic Gregorian calendar in plain arithmetic: days since 1970-01-01 to a civil
 * date and back (Howard Hinnant's algorithms), and weekdays. No Date objects: the
 * simulator's rule is that only core/sim/time.ts turns numbers into Dates, and cron
 * schedules need calendar fields (minute, day of month, weekday) for arbitrary instants.
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** A civil date-time: month 1-12, day 1-31, weekday 0 (Sunday) to 6. */
export interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

/** Days from 1970-01-01 to year-month-day: 2012-07-09 is 15530. Month and day must be in range. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The civil date of a day number: 15530 is 2012-07-09. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp + (mp < 10 ? 3 : -9);
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 1970-01-01 was a Thursday (4). */
export function weekdayOfDays(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** The civil fields of wall-clock milliseconds counted as if UTC (what a zone offset gives). */
export function civilOfWallMs(wallMs: number): Civil {
  const days = Math.floor(wallMs / MS_PER_DAY);
  const rest = wallMs - days * MS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(rest / MS_PER_HOUR),
    minute: Math.floor((rest % MS_PER_HOUR) / MS_PER_MINUTE),
    second: Math.floor((rest % MS_PER_MINUTE) / 1000),
    weekday: weekdayOfDays(days),
  };
}

/**
 * Wall-clock milliseconds (as if UTC) of possibly out-of-range fields, normalized the way
 * Go's time.Date does: month 13 is January of the next year, day 32 of July is August 1,
 * hour 25 is 1 o'clock the next day.
 */
export function wallMsOf(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const m0 = month - 1;
  const y = year + Math.floor(m0 / 12);
  const m = (((m0 % 12) + 12) % 12) + 1;
  const days = daysFromCivil(y, m, 1) + day - 1;
  return days * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * 1000;
}
