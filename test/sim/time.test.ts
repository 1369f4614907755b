import { describe, expect, it } from 'vitest';
import { clusterClock, compareTimestamps, epochNanosOfDay, normalizeEpoch, parseEpoch, timestampOfUnixTime, toTimestamp, virtualOf, type EpochMs } from '../../core/sim/time.js';
import { makeSim } from '../helpers.js';

const epoch = parseEpoch('2026-01-01T00:00:00Z') as EpochMs;

describe('the two clocks (core/sim/time.ts)', () => {
  it('stamps alternating seconds, and seconds that share a kept slot (64 s apart), as a fresh formatting does', () => {
    const fresh = (ms: number): string => new Date(epoch + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    // A status write's now, the pod's start and the container's start, in turn; then 64 s and 128 s apart; then before the epoch.
    const times = [90_400, 2_100, 3_900, 90_401, 2_999, 3_001, 91_000, 5_000, 69_000, 133_000, 5_999, 69_500, -64_000, -1, 0, -63_999];
    for (let round = 0; round < 3; round++) for (const ms of times) expect(toTimestamp(ms, epoch), `${ms} ms`).toBe(fresh(ms));
  });

  it('stamps by the second whatever order the times come in, under any epoch (the last second\'s text is reused)', () => {
    const other = parseEpoch('2030-06-15T12:00:00Z') as EpochMs;
    const seen = [1_500, 1_999, 999, 1_000, -1, -1_000, 1_500].map((ms) => toTimestamp(ms, epoch));
    expect(seen).toEqual([
      '2026-01-01T00:00:01Z', '2026-01-01T00:00:01Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z',
      '2025-12-31T23:59:59Z', '2025-12-31T23:59:59Z', '2026-01-01T00:00:01Z',
    ]);
    // The same virtual second under another epoch is another calendar second.
    expect(toTimestamp(1_500, other)).toBe('2030-06-15T12:00:01Z');
    expect(toTimestamp(1_500, epoch)).toBe('2026-01-01T00:00:01Z');
    expect(() => toTimestamp(Number.NaN, epoch)).toThrow(RangeError);
  });

  it('virtual 90.5 s is 00:01:30 on the epoch\'s calendar, and reads back as 90 s: timestamps keep whole seconds', () => {
    expect(toTimestamp(90_500, epoch)).toBe('2026-01-01T00:01:30Z');
    expect(virtualOf('2026-01-01T00:01:30Z', epoch)).toBe(90_000);
    expect(virtualOf(toTimestamp(3_600_999, epoch), epoch)).toBe(3_600_000);
    // A day and a month in: still small virtual numbers, never Unix milliseconds.
    expect(virtualOf('2026-02-01T00:00:00Z', epoch)).toBe(31 * 86_400_000);
  });

  it('an absent or malformed timestamp is NaN (Go\'s zero Time), never 0', () => {
    expect(virtualOf(undefined, epoch)).toBeNaN();
    expect(virtualOf(null, epoch)).toBeNaN();
    expect(virtualOf('yesterday', epoch)).toBeNaN();
  });

  it('epochs: parsed, normalized for scenarios, refused when not a time', () => {
    expect(parseEpoch('2026-01-01T00:00:00Z')).toBe(1_767_225_600_000);
    expect(parseEpoch('soon')).toBeUndefined();
    expect(normalizeEpoch('2026-03-01T12:00:00.000Z')).toBe('2026-03-01T12:00:00Z');
    expect(normalizeEpoch(new Date('2026-03-01T12:00:00Z'))).toBe('2026-03-01T12:00:00Z');
    expect(normalizeEpoch('2026-13-45')).toBeUndefined();
    expect(epochNanosOfDay(parseEpoch('2026-01-01T00:00:01Z') as EpochMs)).toBe(1_000_000_000);
  });

  it('a clock reads timestamps against its virtual now; without an epoch it places none', () => {
    let now = 10_000;
    const clock = clusterClock(epoch, () => now);
    expect(clock.timestamp()).toBe('2026-01-01T00:00:10Z');
    now = 70_000;
    expect(clock.now() - clock.virtualOf('2026-01-01T00:00:10Z')).toBe(60_000);
    const blind = clusterClock(undefined, () => now);
    expect(blind.virtualOf('2026-01-01T00:00:10Z')).toBeNaN();
    expect(() => blind.timestamp()).toThrow('no epoch');
  });

  it('the API server is such a clock: what it stamps it reads back', () => {
    const sim = makeSim();
    sim.runUntil(12_345);
    expect(sim.api.timestamp()).toBe('2026-01-01T00:00:12Z');
    expect(sim.api.virtualOf(sim.api.timestamp())).toBe(12_000);
    const ns = sim.api.get('Namespace', null, 'default');
    expect(sim.api.virtualOf(ns.metadata.creationTimestamp)).toBe(0);
  });

  it('timestamps compare with each other, and wire seconds format without the clock', () => {
    expect(compareTimestamps('2026-01-01T00:00:01Z', '2026-01-01T00:00:02Z')).toBe(-1000);
    expect(compareTimestamps('2026-01-01T00:00:01Z', undefined)).toBeNaN();
    expect(timestampOfUnixTime(1_767_225_600)).toBe('2026-01-01T00:00:00Z');
    expect(timestampOfUnixTime(1_767_225_600, 123_456_789)).toBe('2026-01-01T00:00:00.123456Z');
    // A hostile protobuf body's year 10000 or beyond has no RFC 3339 form: refused, not thrown.
    expect(timestampOfUnixTime(253_402_300_800)).toBeUndefined();
    expect(timestampOfUnixTime(-1e300)).toBeUndefined();
  });
});
