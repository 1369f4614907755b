import { describe, expect, it } from 'vitest';
import { all, CronParseError, getBits, getField, getRange, parse, parseStandard } from '../../core/cron/parser.js';
import { ConstantDelaySchedule, DOM, DOW, HOURS, MINUTES, MONTHS, SECONDS, SpecSchedule, STAR_BIT, type Schedule } from '../../core/cron/schedule.js';
import { TimeZone } from '../../core/cron/time-zone.js';

/*
 * Ported from robfig/cron v3 parser_test.go (the parser kube-apiserver validates
 * spec.schedule with and kube-controller-manager schedules with): same expressions,
 * same bit sets, same error fragments.
 */

const secondParser = (spec: string): Schedule => parse(spec, { seconds: 'required', dowOptional: true });
const b = (...vals: number[]): bigint => vals.reduce((acc, v) => acc | (1n << BigInt(v)), 0n);

describe('ported from robfig/cron parser_test.go', () => {
  it.each([
    ['5', 0, 7, b(5), ''],
    ['0', 0, 7, b(0), ''],
    ['7', 0, 7, b(7), ''],
    ['5-5', 0, 7, b(5), ''],
    ['5-6', 0, 7, b(5, 6), ''],
    ['5-7', 0, 7, b(5, 6, 7), ''],
    ['5-6/2', 0, 7, b(5), ''],
    ['5-7/2', 0, 7, b(5, 7), ''],
    ['5-7/1', 0, 7, b(5, 6, 7), ''],
    ['*', 1, 3, b(1, 2, 3) | STAR_BIT, ''],
    ['*/2', 1, 3, b(1, 3), ''],
    ['5--5', 0, 0, 0n, 'too many hyphens'],
    ['jan-x', 0, 0, 0n, 'failed to parse int from'],
    ['2-x', 1, 5, 0n, 'failed to parse int from'],
    ['*/-12', 0, 0, 0n, 'negative number'],
    ['*//2', 0, 0, 0n, 'too many slashes'],
    ['1', 3, 5, 0n, 'below minimum'],
    ['6', 3, 5, 0n, 'above maximum'],
    ['5-3', 3, 5, 0n, 'beyond end of range'],
    ['*/0', 0, 0, 0n, 'should be a positive number'],
  ] as const)('TestRange %s in [%i, %i]', (expr, min, max, expected, err) => {
    if (err !== '') {
      expect(() => getRange(expr, { min, max })).toThrow(err);
      return;
    }
    expect(getRange(expr, { min, max })).toBe(expected);
  });

  it.each([
    ['5', 1, 7, b(5)],
    ['5,6', 1, 7, b(5, 6)],
    ['5,6,7', 1, 7, b(5, 6, 7)],
    ['1,5-7/2,3', 1, 7, b(1, 5, 7, 3)],
  ] as const)('TestField %s', (expr, min, max, expected) => {
    expect(getField(expr, { min, max })).toBe(expected);
  });

  it('TestAll: every value of each field, and the star bit', () => {
    expect(all(MINUTES)).toBe(0xfffffffffffffffn | STAR_BIT);
    expect(all(HOURS)).toBe(0xffffffn | STAR_BIT);
    expect(all(DOM)).toBe(0xfffffffen | STAR_BIT);
    expect(all(MONTHS)).toBe(0x1ffen | STAR_BIT);
    expect(all(DOW)).toBe(0x7fn | STAR_BIT);
  });

  it.each([
    [0, 0, 1, 0x1n],
    [1, 1, 1, 0x2n],
    [1, 5, 2, 0x2an],
    [1, 4, 2, 0xan],
  ] as const)('TestBits %i-%i/%i', (min, max, step, expected) => {
    expect(getBits(min, max, step)).toBe(expected);
  });

  it.each([
    ['* 5 j * * *', 'failed to parse int from'],
    ['@every Xm', 'failed to parse duration'],
    ['@unrecognized', 'unrecognized descriptor'],
    ['* * * *', 'expected 5 to 6 fields'],
    ['', 'empty spec string'],
  ])('TestParseScheduleErrors %j', (expr, err) => {
    expect(() => secondParser(expr)).toThrow(CronParseError);
    expect(() => secondParser(expr)).toThrow(err);
  });

  const spec = (s: SpecSchedule) => [s.second, s.minute, s.hour, s.dom, s.month, s.dow, s.location?.name];
  const every5min = (loc: string | undefined) => [b(0), b(5), all(HOURS), all(DOM), all(MONTHS), all(DOW), loc];
  const midnight = (loc: string | undefined) => [b(0), b(0), b(0), all(DOM), all(MONTHS), all(DOW), loc];
  const annual = (loc: string | undefined) => [b(0), b(0), b(0), b(1), b(1), all(DOW), loc];

  it.each([
    ['0 5 * * * *', secondParser, every5min(undefined)],
    ['5 * * * *', parseStandard, every5min(undefined)],
    ['CRON_TZ=UTC  0 5 * * * *', secondParser, every5min('UTC')],
    ['CRON_TZ=UTC  5 * * * *', parseStandard, every5min('UTC')],
    ['CRON_TZ=Asia/Tokyo 0 5 * * * *', secondParser, every5min('Asia/Tokyo')],
    ['@midnight', secondParser, midnight(undefined)],
    ['TZ=UTC  @midnight', secondParser, midnight('UTC')],
    ['TZ=Asia/Tokyo @midnight', secondParser, midnight('Asia/Tokyo')],
    ['@yearly', secondParser, annual(undefined)],
    ['@annually', secondParser, annual(undefined)],
    ['* 5 * * * *', secondParser, [all(SECONDS), b(5), all(HOURS), all(DOM), all(MONTHS), all(DOW), undefined]],
  ] as const)('TestParseSchedule %j', (expr, parser, expected) => {
    const s = parser(expr);
    expect(s).toBeInstanceOf(SpecSchedule);
    expect(spec(s as SpecSchedule)).toEqual(expected);
  });

  it('TestParseSchedule / TestStandardSpecSchedule: @every 5m is a constant delay of 5 minutes', () => {
    expect(secondParser('@every 5m')).toEqual(new ConstantDelaySchedule(300_000));
    expect((parseStandard('@every 5m') as ConstantDelaySchedule).delayMs).toBe(300_000);
  });

  it('TestStandardSpecSchedule: 5 fields, the seconds field defaulting to 0; wrong field counts and names are errors', () => {
    expect(spec(parseStandard('5 * * * *') as SpecSchedule)).toEqual(every5min(undefined));
    expect(() => parseStandard('5 j * * *')).toThrow('failed to parse int from');
    expect(() => parseStandard('* * * *')).toThrow('expected exactly 5 fields');
  });

  it('the standard parser words field-count errors as the API server shows them', () => {
    expect(() => parseStandard('* * * *')).toThrow('expected exactly 5 fields, found 4: [* * * *]');
    expect(() => parseStandard('TZ=Mars/Olympus * * * * *')).toThrow('provided bad location Mars/Olympus: unknown time zone Mars/Olympus');
    expect(() => parseStandard('@every 5x')).toThrow('failed to parse duration @every 5x: time: unknown unit "x" in duration "5x"');
  });

  it('TestOptionalSecondSchedule: a seconds-optional parser reads 5 or 6 fields', () => {
    const p = (s: string) => parse(s, { seconds: 'required', dowOptional: true }) as SpecSchedule;
    expect(spec(p('0 5 * * * *'))).toEqual(every5min(undefined));
    expect(spec(p('5 5 * * * *'))).toEqual([b(5), b(5), all(HOURS), all(DOM), all(MONTHS), all(DOW), undefined]);
  });

  it('TestErrors and TestSlash0NoHang: invalid specs are refused, including a zero step', () => {
    for (const s of ['xyz', '60 0 * * *', '0 60 * * *', '0 0 * * XYZ', 'TZ=America/New_York 15/0 * * * *']) {
      expect(() => parseStandard(s), s).toThrow(CronParseError);
    }
  });

  it('time zone names are case-sensitive like Go\'s LoadLocation, and Local is not a zone', () => {
    expect(TimeZone.load('Asia/Tokyo').name).toBe('Asia/Tokyo');
    expect(() => TimeZone.load('asia/tokyo')).toThrow('unknown time zone asia/tokyo');
    expect(() => TimeZone.load('Local')).toThrow('unknown time zone Local');
    expect(TimeZone.load('')).toBe(TimeZone.UTC);
  });
});
