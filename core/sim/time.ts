/**
 * The simulator's two clocks, and the one place that converts between them.
 *
 * - Virtual time: milliseconds since the recording's epoch. The VirtualScheduler counts
 *   it (scheduler.now(), api.now(), events.time_ms); every timer, deadline and "how long
 *   since" inside a component is on this clock.
 * - Timestamps: what objects carry (metav1.Time: creationTimestamp, lastTransitionTime,
 *   deletionTimestamp, timeAdded, renewTime ...), RFC 3339 text on the calendar the epoch
 *   names. With epoch 2026-01-01T00:00:00Z, virtual 90_500 is "2026-01-01T00:01:30Z":
 *   second precision, as metav1.Time serializes, so the 500 ms are gone.
 *
 * Mixing them is the bug this module exists to prevent: Date.parse of a 2026 timestamp is
 * about 1.77e12 while scheduler.now() is a few hundred thousand, so "Ready for 10 s" is
 * never true and every age is negative. The rule, enforced by
 * test/lint/clock-conversions.test.ts: no file under core/ or viewer/ but this one parses a
 * timestamp, builds a Date from a number, or does arithmetic with the epoch. Code that
 * compares an object's timestamp with now asks a ClusterClock (the API server is one) for
 * virtualOf(timestamp), and compares virtual with virtual.
 */

declare const epochBrand: unique symbol;

/** Milliseconds on the virtual clock: 0 is the recording's epoch. */
export type VirtualMs = number;

/**
 * The recording's epoch as Unix milliseconds. Branded so that a virtual number cannot be
 * passed where the epoch is meant: only parseEpoch makes one.
 */
export type EpochMs = number & { readonly [epochBrand]: 'EpochMs' };

/** What a component needs to read and write object timestamps against virtual now. */
export interface ClusterClock {
  /** Virtual now. */
  now(): VirtualMs;
  /** The RFC 3339 timestamp (second precision) for virtual time `ms`, now by default. */
  timestamp(ms?: VirtualMs): string;
  /** The virtual time a timestamp stands for; NaN when absent or malformed (Go's zero Time). */
  virtualOf(timestamp: unknown): VirtualMs;
}

/** The epoch of a recording or scenario (RFC 3339); undefined when malformed. */
export function parseEpoch(text: string): EpochMs | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : (ms as EpochMs);
}

/**
 * The microseconds an RFC 3339 timestamp carries past its whole millisecond, for ordering
 * captured records that share one: "2026-07-22T21:18:55.844235Z" is 235 (parseEpoch
 * keeps ...55.844), "21:18:55.84Z" and "21:18:55Z" are 0. Nanosecond text is cut, not rounded.
 */
export function microsPastMilli(text: string): number {
  const frac = /\.(\d+)(?:Z|[+-]\d\d:?\d\d)$/i.exec(text)?.[1] ?? '';
  return Number(frac.padEnd(6, '0').slice(3, 6));
}

/**
 * An audit timestamp (metav1.MicroTime, "2018-10-26T13:07:36.911442Z") as epoch
 * milliseconds plus the microseconds past that millisecond, which Date.parse drops:
 * that one is 1540559256911 ms and 442 µs. Two writes 0.3 ms apart keep their order.
 * Undefined when the text is not a timestamp.
 */
export function parseMicros(text: unknown): { at: EpochMs; micros: number } | undefined {
  if (typeof text !== 'string') return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  return { at: ms as EpochMs, micros: microsPastMilli(text) };
}

/**
 * One number that orders audit writes: Unix microseconds. 1540559256911 ms and 442 µs is
 * 1_540_559_256_911_442, below 2^53 (9.0e15) until the year 2255, so a double holds it exactly.
 */
export function epochMicros(at: EpochMs, micros: number): number {
  return at * 1000 + micros;
}

/** An epoch instant as metav1.Time writes it (whole seconds): 1540559256911 -> "2018-10-26T13:07:36Z". */
export function secondTimestamp(at: EpochMs): string {
  return new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A scenario's epoch as written in YAML (a string, or a Date when YAML read it as one),
 * normalized to RFC 3339 with no zero milliseconds; undefined when it is not a time.
 */
export function normalizeEpoch(value: unknown): string | undefined {
  const ms = value instanceof Date ? value.getTime() : Date.parse(String(value));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * An imported write's place on the recording's time axis: milliseconds since the first
 * write (`start`), which is time 0. A kube-apiserver audit line stamped
 * 2024-01-01T01:00:00.250000Z after a first one at 2024-01-01T01:00:00.000000Z is 250.
 */
export function virtualSince(at: EpochMs, start: EpochMs): VirtualMs {
  return at - start;
}

/** An EpochMs as RFC 3339 with milliseconds (meta.start_time): 1704070800000 is "2024-01-01T01:00:00.000Z". */
export function epochText(at: EpochMs): string {
  return new Date(at).toISOString();
}

/** Virtual time -> timestamp: epoch 2026-01-01T00:00:00Z and 90_500 give "2026-01-01T00:01:30Z". */
export function toTimestamp(ms: VirtualMs, epoch: EpochMs): string {
  // Every write of one virtual second stamps the same text (a 1,000-pod scale-up writes
  // ~27 timestamps per pod, most within a few seconds): recent seconds' strings are kept,
  // so they share one string instead of making ~27,000 (and a Date and a regex replace
  // each). Not only the last second: a kubelet status write stamps now, the pod's start
  // and its container's start in turn (three different seconds), which missed every time
  // with one kept. A slot per second modulo TIMESTAMP_SLOTS. Same bytes either way.
  const second = Math.floor((epoch + ms) / 1000);
  const slot = ((second % TIMESTAMP_SLOTS) + TIMESTAMP_SLOTS) % TIMESTAMP_SLOTS;
  if (slotSecond[slot] !== second) {
    slotText[slot] = new Date(second * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    slotSecond[slot] = second;
  }
  return slotText[slot] as string;
}
const TIMESTAMP_SLOTS = 64;
const slotSecond: number[] = new Array<number>(TIMESTAMP_SLOTS).fill(Number.NaN);
const slotText: string[] = new Array<string>(TIMESTAMP_SLOTS).fill('');

/**
 * A log line's timestamp as the kubelet prints it (`kubectl logs --timestamps`):
 * RFC 3339 with nanoseconds, always 9 digits (the CRI log format's RFC3339NanoFixed):
 * 90_404 under epoch 2026-01-01T00:00:00Z is "2026-01-01T00:01:30.404000000Z".
 */
export function toLogTimestamp(ms: VirtualMs, epoch: EpochMs): string {
  return new Date(epoch + ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/**
 * Timestamp -> virtual time: "2026-01-01T00:01:30Z" under epoch 2026-01-01T00:00:00Z is
 * 90_000 (a write at 90_500 reads back as 90_000: the timestamp kept only the second).
 */
export function virtualOf(timestamp: unknown, epoch: EpochMs): VirtualMs {
  if (typeof timestamp !== 'string') return Number.NaN;
  return Date.parse(timestamp) - epoch;
}

/**
 * Wall-clock Unix milliseconds at virtual time `ms`, on the calendar the clock's epoch
 * names: what a controller's time.Now() reads. Cron schedules are calendar rules ("every
 * day at 03:00 in Asia/Seoul"), so the CronJob controller computes them in Unix time and
 * converts back with virtualAtUnixMs. Epoch 2026-01-01T00:00:00Z, virtual 90_500:
 * 1767225690500.
 */
export function unixMsAt(clock: ClusterClock, ms: VirtualMs): number {
  const stamp = clock.timestamp(ms);
  return Date.parse(stamp) + (ms - clock.virtualOf(stamp));
}

/** The virtual time of a wall-clock Unix instant: the inverse of unixMsAt. */
export function virtualAtUnixMs(clock: ClusterClock, unixMs: number): VirtualMs {
  const whole = Math.floor(unixMs / 1000) * 1000;
  return clock.virtualOf(new Date(whole).toISOString()) + (unixMs - whole);
}

/**
 * Two optional timestamps in sort order, an absent one first (as Go's zero time sorts):
 * negative when `a` is earlier. managedFields entries are ordered by their `time` so.
 */
export function orderTimestamps(a: string | undefined, b: string | undefined): number {
  const ta = a === undefined ? 0 : Date.parse(a);
  const tb = b === undefined ? 0 : Date.parse(b);
  return Math.sign(ta - tb);
}

/** Two timestamps in order (negative: `a` is earlier); NaN when either is absent or malformed. */
export function compareTimestamps(a: unknown, b: unknown): number {
  return typeof a === 'string' && typeof b === 'string' ? Date.parse(a) - Date.parse(b) : Number.NaN;
}

/**
 * A ClusterClock over an epoch and a source of virtual now (the scheduler's, or a fixed
 * one). Without an epoch (a recording whose meta.epoch is malformed) no timestamp can be
 * placed: virtualOf is NaN (printers show <unknown> ages) and timestamp() throws.
 */
export function clusterClock(epoch: EpochMs | undefined, now: () => VirtualMs): ClusterClock {
  return {
    now,
    timestamp: (ms = now()) => {
      if (epoch === undefined) throw new Error('no epoch: timestamps cannot be written');
      return toTimestamp(ms, epoch);
    },
    virtualOf: (timestamp) => (epoch === undefined ? Number.NaN : virtualOf(timestamp, epoch)),
  };
}

/**
 * Nanoseconds since the start of the epoch's UTC day, for names upstream derives from
 * UnixNano (Event names): the whole Unix nanoseconds would pass 2^53, a day's do not
 * (86 400 s x 1e9 = 8.64e13).
 */
export function epochNanosOfDay(epoch: EpochMs): number {
  return (epoch % 86_400_000) * 1_000_000;
}

/** The range RFC 3339 can write: years 0001 to 9999, as Go's time formatting keeps to. */
const MIN_UNIX_SECONDS = -62_135_596_800;
const MAX_UNIX_SECONDS = 253_402_300_799;

/**
 * A protobuf Timestamp (Unix seconds, and nanoseconds for a metav1.MicroTime) as RFC 3339:
 * wire data, not cluster time. Seconds only for metav1.Time, microseconds for MicroTime.
 * Undefined for a time no RFC 3339 year can hold, which a hostile body may send.
 */
export function timestampOfUnixTime(seconds: number, nanos?: number): string | undefined {
  if (!Number.isFinite(seconds) || seconds < MIN_UNIX_SECONDS || seconds > MAX_UNIX_SECONDS) return undefined;
  const iso = new Date(seconds * 1000).toISOString().replace(/\.000Z$/, '');
  return nanos === undefined ? `${iso}Z` : `${iso}.${String(Math.floor(Math.max(0, nanos) / 1000) % 1_000_000).padStart(6, '0')}Z`;
}

/**
 * An audit timestamp (metav1.MicroTime: RFC 3339 with exactly 6 fraction digits, as
 * apimachinery's RFC3339Micro writes it). Virtual 90_404 plus 7 µs under epoch
 * 2026-01-01T00:00:00Z is "2026-01-01T00:01:30.404007Z"; `micros` is 0-999.
 */
export function toMicroTimestamp(ms: VirtualMs, micros: number, epoch: EpochMs): string {
  const us = String(Math.min(999, Math.max(0, Math.floor(micros)))).padStart(3, '0');
  return new Date(epoch + ms).toISOString().replace(/\.(\d{3})Z$/, `.$1${us}Z`);
}

/**
 * OTLP's time_unix_nano as the decimal text its JSON mapping wants (a uint64 is a
 * string there): virtual 90_404 under epoch 2026-01-01T00:00:00Z (1_767_225_600_000 ms)
 * is "1767225690404000000". BigInt, because 1.77e18 ns is past 2^53.
 */
export function toUnixNanos(ms: VirtualMs, epoch: EpochMs, extraNanos = 0): string {
  return (BigInt(epoch + Math.floor(ms)) * 1_000_000n + BigInt(Math.floor(extraNanos))).toString();
}
