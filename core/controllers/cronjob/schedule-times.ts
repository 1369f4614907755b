import type { Schedule } from '../../cron/schedule.js';

/** nextScheduleDelta: requeue 100 ms after the next schedule time, against clock skew. */
export const NEXT_SCHEDULE_DELTA_MS = 100;

export type MissedSchedules = 'none' | 'few' | 'many';

/** What mostRecentScheduleTime needs of a CronJob, its times as Unix milliseconds. */
export interface ScheduleState {
  creationMs: number;
  lastScheduleMs: number | undefined;
  startingDeadlineSeconds: number | undefined;
}

export interface MostRecent {
  earliest: number;
  mostRecent: number | undefined;
  missed: MissedSchedules;
  error?: string;
}

/**
 * mostRecentScheduleTime (cronjob utils.go, v1.32): from the last schedule time (or the
 * creation time, or now - startingDeadlineSeconds if later), the latest schedule time
 * not after now, and how many were missed. The count is estimated from the gap between
 * the next two schedule times, as upstream does, so an hourly job down for 5 h has
 * "few" missed and one down for 7 days "many" (more than 100). A schedule whose next two
 * times are less than a second apart cannot happen ("59 23 31 2 *": February 31st).
 */
export function mostRecentScheduleTime(cj: ScheduleState, now: number, schedule: Schedule, includeStartingDeadline: boolean): MostRecent {
  let earliest = cj.lastScheduleMs ?? cj.creationMs;
  if (includeStartingDeadline && cj.startingDeadlineSeconds !== undefined) {
    const deadline = now - cj.startingDeadlineSeconds * 1000;
    if (deadline > earliest) earliest = deadline;
  }
  const odd: MostRecent = { earliest, mostRecent: undefined, missed: 'none', error: 'time difference between two schedules is less than 1 second' };
  // No time within five years (Go's zero Time) makes the gap between two times negative.
  const t1 = schedule.next(earliest);
  if (t1 === undefined) return odd;
  if (now < t1) return { earliest, mostRecent: undefined, missed: 'none' };
  const t2 = schedule.next(t1);
  if (t2 === undefined) return odd;
  if (now < t2) return { earliest, mostRecent: t1, missed: 'none' };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) return odd;
  const elapsed = Math.trunc((now - t1) / 1000);
  const missedCount = Math.trunc(elapsed / between) + 1;
  // Start one interval before the estimate and let the schedule walk to now: exact for
  // `@every` and for irregular schedules like `30 6-16/4 * * 1-5`.
  const potentialEarliest = t1 + (missedCount - 2) * between * 1000;
  let mostRecent: number | undefined;
  for (let t = schedule.next(potentialEarliest); t !== undefined && t <= now; t = schedule.next(t)) mostRecent = t;
  const missed: MissedSchedules = missedCount > 100 ? 'many' : missedCount > 0 ? 'few' : 'none';
  return { earliest, mostRecent, missed };
}

/**
 * nextScheduleTimeDuration: how long until the next schedule time after the most recent
 * one (or after now, when schedules were missed or the spec is odd), plus 100 ms.
 */
export function nextScheduleTimeDuration(cj: ScheduleState, now: number, schedule: Schedule): number {
  const r = mostRecentScheduleTime(cj, now, schedule, false);
  let base: number;
  if (r.error !== undefined) base = now;
  else if (r.mostRecent === undefined) base = r.missed === 'none' ? r.earliest : now;
  else base = r.mostRecent;
  const next = schedule.next(base);
  return (next ?? base) + NEXT_SCHEDULE_DELTA_MS - now;
}
