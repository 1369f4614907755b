/**
 * kubectl's HumanDuration, so AGE columns read like a real cluster's:
 * 45s, 90s, 5m30s, 45m, 3h20m, 30h, 3d5h, 300d, 2y100d.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 0) return '<invalid>';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  const days = Math.floor(hours / 24);
  return `${Math.floor(days / 365)}y${days % 365 === 0 ? '' : `${days % 365}d`}`;
}

/*
 * The unit humanDuration's text counts in at each age: seconds up to 10 minutes ("5m30s"),
 * minutes up to 8 hours ("3h20m"), hours up to 8 days ("3d5h"), days after. Each bound is
 * a whole number of the finer unit (10 min = 600 s, 8 h = 480 min, 8 d = 192 h), so
 * counting in the finer unit up to a bound lands on it exactly.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * The first age after `ms` at which humanDuration's text may differ from its text at
 * `ms` (never later than the real change, sometimes at it exactly): an AGE cell printed at
 * age `ms` stays right until then. A pod 90 s old changes at 91 s; 12 minutes old ("12m")
 * at 13 minutes; 30 hours old ("30h") at 31 hours. A Table of pods older than 10 minutes
 * is the same text for up to a minute, not one second.
 */
export function humanDurationChangesAt(ms: number): number {
  const unit = ms < 10 * MINUTE ? SECOND : ms < 8 * HOUR ? MINUTE : ms < 8 * DAY ? HOUR : DAY;
  return (Math.floor(ms / unit) + 1) * unit;
}
