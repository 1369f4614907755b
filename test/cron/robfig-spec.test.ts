import { describe, expect, it } from 'vitest';
import { parse, parseStandard } from '../../core/cron/parser.js';
import { TimeZone } from '../../core/cron/time-zone.js';

/*
 * Ported from robfig/cron v3 spec_test.go: TestActivation, TestNext (DST in New York and
 * Sao Paulo included), TestNextWithTz. Go reads the plain times in time.Local; here Local
 * is UTC, what kube-controller-manager runs in.
 */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** getTime: "Mon Jul 9 15:00 2012" (Local = UTC), "2012-03-11T00:00:00-0500", "TZ=America/New_York 2012-...". */
function getTime(value: string): { ms: number; zone: TimeZone } | undefined {
  if (value === '') return undefined;
  let zone = TimeZone.UTC;
  let v = value;
  if (v.startsWith('TZ=')) {
    const [tz, rest] = v.split(/\s+/) as [string, string];
    zone = TimeZone.load(tz.slice(3));
    v = rest;
  }
  const plain = /^\w{3} (\w{3}) (\d+) (\d+):(\d+)(?::(\d+))? (\d{4})$/.exec(v);
  if (plain !== null) {
    const [, mon, day, h, m, s, y] = plain as unknown as string[];
    return { ms: zone.date(Number(y), MONTHS.indexOf(mon as string) + 1, Number(day), Number(h), Number(m), Number(s ?? 0)), zone };
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-])(\d{2})(\d{2})$/.exec(v);
  if (iso === null) throw new Error(`could not parse time value ${value}`);
  const [, y, mo, d, h, mi, s, sign, oh, om] = iso as unknown as string[];
  const offset = (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om) * 60);
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) - offset * 1000;
  // ParseInLocation keeps the location when its offset agrees, else a fixed zone.
  if (zone.offsetMs(ms) !== offset * 1000) zone = TimeZone.fixed('', offset);
  return { ms, zone };
}

describe('ported from robfig/cron spec_test.go', () => {
  it.each([
    ['Mon Jul 9 15:00 2012', '0/15 * * * *', true],
    ['Mon Jul 9 15:45 2012', '0/15 * * * *', true],
    ['Mon Jul 9 15:40 2012', '0/15 * * * *', false],
    ['Mon Jul 9 15:05 2012', '5/15 * * * *', true],
    ['Mon Jul 9 15:20 2012', '5/15 * * * *', true],
    ['Mon Jul 9 15:50 2012', '5/15 * * * *', true],
    ['Sun Jul 15 15:00 2012', '0/15 * * Jul *', true],
    ['Sun Jul 15 15:00 2012', '0/15 * * Jun *', false],
    ['Sun Jul 15 08:30 2012', '30 08 ? Jul Sun', true],
    ['Sun Jul 15 08:30 2012', '30 08 15 Jul ?', true],
    ['Mon Jul 16 08:30 2012', '30 08 ? Jul Sun', false],
    ['Mon Jul 16 08:30 2012', '30 08 15 Jul ?', false],
    ['Mon Jul 9 15:00 2012', '@hourly', true],
    ['Mon Jul 9 15:04 2012', '@hourly', false],
    ['Mon Jul 9 15:00 2012', '@daily', false],
    ['Mon Jul 9 00:00 2012', '@daily', true],
    ['Mon Jul 9 00:00 2012', '@weekly', false],
    ['Sun Jul 8 00:00 2012', '@weekly', true],
    ['Sun Jul 8 01:00 2012', '@weekly', false],
    ['Sun Jul 8 00:00 2012', '@monthly', false],
    ['Sun Jul 1 00:00 2012', '@monthly', true],
    // Both day fields restricted: either may match.
    ['Sun Jul 15 00:00 2012', '* * 1,15 * Sun', true],
    ['Fri Jun 15 00:00 2012', '* * 1,15 * Sun', true],
    ['Wed Aug 1 00:00 2012', '* * 1,15 * Sun', true],
    ['Sun Jul 15 00:00 2012', '* * */10 * Sun', true],
    // One of them a star: both must.
    ['Sun Jul 15 00:00 2012', '* * * * Mon', false],
    ['Mon Jul 9 00:00 2012', '* * 1,15 * *', false],
    ['Sun Jul 15 00:00 2012', '* * 1,15 * *', true],
    ['Sun Jul 15 00:00 2012', '* * */2 * Sun', true],
  ] as const)('TestActivation %s %s -> %s', (time, spec, expected) => {
    const t = getTime(time) as { ms: number; zone: TimeZone };
    const actual = parseStandard(spec).next(t.ms - 1000, t.zone);
    expect(actual === t.ms).toBe(expected);
  });

  it.each([
    ['Mon Jul 9 14:45 2012', '0 0/15 * * * *', 'Mon Jul 9 15:00 2012'],
    ['Mon Jul 9 14:59 2012', '0 0/15 * * * *', 'Mon Jul 9 15:00 2012'],
    ['Mon Jul 9 14:59:59 2012', '0 0/15 * * * *', 'Mon Jul 9 15:00 2012'],
    ['Mon Jul 9 15:45 2012', '0 20-35/15 * * * *', 'Mon Jul 9 16:20 2012'],
    ['Mon Jul 9 23:46 2012', '0 */15 * * * *', 'Tue Jul 10 00:00 2012'],
    ['Mon Jul 9 23:45 2012', '0 20-35/15 * * * *', 'Tue Jul 10 00:20 2012'],
    ['Mon Jul 9 23:35:51 2012', '15/35 20-35/15 * * * *', 'Tue Jul 10 00:20:15 2012'],
    ['Mon Jul 9 23:35:51 2012', '15/35 20-35/15 1/2 * * *', 'Tue Jul 10 01:20:15 2012'],
    ['Mon Jul 9 23:35:51 2012', '15/35 20-35/15 10-12 * * *', 'Tue Jul 10 10:20:15 2012'],
    ['Mon Jul 9 23:35:51 2012', '15/35 20-35/15 1/2 */2 * *', 'Thu Jul 11 01:20:15 2012'],
    ['Mon Jul 9 23:35:51 2012', '15/35 20-35/15 * 9-20 * *', 'Wed Jul 10 00:20:15 2012'],
    ['Mon Jul 9 23:35:51 2012', '15/35 20-35/15 * 9-20 Jul *', 'Wed Jul 10 00:20:15 2012'],
    ['Mon Jul 9 23:35 2012', '0 0 0 9 Apr-Oct ?', 'Thu Aug 9 00:00 2012'],
    ['Mon Jul 9 23:35 2012', '0 0 0 */5 Apr,Aug,Oct Mon', 'Tue Aug 1 00:00 2012'],
    ['Mon Jul 9 23:35 2012', '0 0 0 */5 Oct Mon', 'Mon Oct 1 00:00 2012'],
    ['Mon Jul 9 23:35 2012', '0 0 0 * Feb Mon', 'Mon Feb 4 00:00 2013'],
    ['Mon Jul 9 23:35 2012', '0 0 0 * Feb Mon/2', 'Fri Feb 1 00:00 2013'],
    ['Mon Dec 31 23:59:45 2012', '0 * * * * *', 'Tue Jan 1 00:00:00 2013'],
    ['Mon Jul 9 23:35 2012', '0 0 0 29 Feb ?', 'Mon Feb 29 00:00 2016'],
    ['2012-03-11T00:00:00-0500', 'TZ=America/New_York 0 30 2 11 Mar ?', '2013-03-11T02:30:00-0400'],
    ['2012-03-11T00:00:00-0500', 'TZ=America/New_York 0 0 * * * ?', '2012-03-11T01:00:00-0500'],
    ['2012-03-11T01:00:00-0500', 'TZ=America/New_York 0 0 * * * ?', '2012-03-11T03:00:00-0400'],
    ['2012-03-11T03:00:00-0400', 'TZ=America/New_York 0 0 * * * ?', '2012-03-11T04:00:00-0400'],
    ['2012-03-11T04:00:00-0400', 'TZ=America/New_York 0 0 * * * ?', '2012-03-11T05:00:00-0400'],
    ['2012-03-11T00:00:00-0500', 'CRON_TZ=America/New_York 0 0 * * * ?', '2012-03-11T01:00:00-0500'],
    ['2012-03-11T01:00:00-0500', 'CRON_TZ=America/New_York 0 0 * * * ?', '2012-03-11T03:00:00-0400'],
    ['2012-03-11T03:00:00-0400', 'CRON_TZ=America/New_York 0 0 * * * ?', '2012-03-11T04:00:00-0400'],
    ['2012-03-11T04:00:00-0400', 'CRON_TZ=America/New_York 0 0 * * * ?', '2012-03-11T05:00:00-0400'],
    ['2012-03-11T00:00:00-0500', 'TZ=America/New_York 0 0 1 * * ?', '2012-03-11T01:00:00-0500'],
    ['2012-03-11T01:00:00-0500', 'TZ=America/New_York 0 0 1 * * ?', '2012-03-12T01:00:00-0400'],
    ['2012-03-11T00:00:00-0500', 'TZ=America/New_York 0 0 2 * * ?', '2012-03-12T02:00:00-0400'],
    ['2012-11-04T00:00:00-0400', 'TZ=America/New_York 0 30 2 04 Nov ?', '2012-11-04T02:30:00-0500'],
    ['2012-11-04T01:45:00-0400', 'TZ=America/New_York 0 30 1 04 Nov ?', '2012-11-04T01:30:00-0500'],
    ['2012-11-04T00:00:00-0400', 'TZ=America/New_York 0 0 * * * ?', '2012-11-04T01:00:00-0400'],
    ['2012-11-04T01:00:00-0400', 'TZ=America/New_York 0 0 * * * ?', '2012-11-04T01:00:00-0500'],
    ['2012-11-04T01:00:00-0500', 'TZ=America/New_York 0 0 * * * ?', '2012-11-04T02:00:00-0500'],
    ['2012-11-04T00:00:00-0400', 'TZ=America/New_York 0 0 1 * * ?', '2012-11-04T01:00:00-0400'],
    ['2012-11-04T01:00:00-0400', 'TZ=America/New_York 0 0 1 * * ?', '2012-11-04T01:00:00-0500'],
    ['2012-11-04T01:00:00-0500', 'TZ=America/New_York 0 0 1 * * ?', '2012-11-05T01:00:00-0500'],
    ['2012-11-04T00:00:00-0400', 'TZ=America/New_York 0 0 2 * * ?', '2012-11-04T02:00:00-0500'],
    ['2012-11-04T02:00:00-0500', 'TZ=America/New_York 0 0 2 * * ?', '2012-11-05T02:00:00-0500'],
    ['2012-11-04T00:00:00-0400', 'TZ=America/New_York 0 0 3 * * ?', '2012-11-04T03:00:00-0500'],
    ['2012-11-04T03:00:00-0500', 'TZ=America/New_York 0 0 3 * * ?', '2012-11-05T03:00:00-0500'],
    ['TZ=America/New_York 2012-11-04T00:00:00-0400', '0 0 * * * ?', '2012-11-04T01:00:00-0400'],
    ['TZ=America/New_York 2012-11-04T01:00:00-0400', '0 0 * * * ?', '2012-11-04T01:00:00-0500'],
    ['TZ=America/New_York 2012-11-04T01:00:00-0500', '0 0 * * * ?', '2012-11-04T02:00:00-0500'],
    ['TZ=America/New_York 2012-11-04T00:00:00-0400', '0 0 1 * * ?', '2012-11-04T01:00:00-0400'],
    ['TZ=America/New_York 2012-11-04T01:00:00-0400', '0 0 1 * * ?', '2012-11-04T01:00:00-0500'],
    ['TZ=America/New_York 2012-11-04T01:00:00-0500', '0 0 1 * * ?', '2012-11-05T01:00:00-0500'],
    ['TZ=America/New_York 2012-11-04T00:00:00-0400', '0 0 2 * * ?', '2012-11-04T02:00:00-0500'],
    ['TZ=America/New_York 2012-11-04T02:00:00-0500', '0 0 2 * * ?', '2012-11-05T02:00:00-0500'],
    ['TZ=America/New_York 2012-11-04T00:00:00-0400', '0 0 3 * * ?', '2012-11-04T03:00:00-0500'],
    ['TZ=America/New_York 2012-11-04T03:00:00-0500', '0 0 3 * * ?', '2012-11-05T03:00:00-0500'],
    ['Mon Jul 9 23:35 2012', '0 0 0 30 Feb ?', ''],
    ['Mon Jul 9 23:35 2012', '0 0 0 31 Apr ?', ''],
    ['TZ=America/New_York 2012-11-04T00:00:00-0400', '0 0 3 3 * ?', '2012-12-03T03:00:00-0500'],
    ['2018-10-17T05:00:00-0400', 'TZ=America/Sao_Paulo 0 0 9 10 * ?', '2018-11-10T06:00:00-0500'],
    ['2018-02-14T05:00:00-0500', 'TZ=America/Sao_Paulo 0 0 9 22 * ?', '2018-02-22T07:00:00-0500'],
  ] as const)('TestNext %s %j -> %s', (time, spec, expected) => {
    const t = getTime(time) as { ms: number; zone: TimeZone };
    const actual = parse(spec, { seconds: 'required', dowOptional: true }).next(t.ms, t.zone);
    expect(actual).toBe(getTime(expected)?.ms);
  });

  it.each([
    ['2016-01-03T13:09:03+0530', '14 14 * * *', '2016-01-03T14:14:00+0530'],
    ['2016-01-03T04:09:03+0530', '14 14 * * ?', '2016-01-03T14:14:00+0530'],
    ['2016-01-03T14:09:03+0530', '14 14 * * *', '2016-01-03T14:14:00+0530'],
    ['2016-01-03T14:00:00+0530', '14 14 * * ?', '2016-01-03T14:14:00+0530'],
  ] as const)('TestNextWithTz %s %j: a schedule without a zone reads the instant\'s own zone', (time, spec, expected) => {
    const t = getTime(time) as { ms: number; zone: TimeZone };
    expect(parseStandard(spec).next(t.ms, t.zone)).toBe(getTime(expected)?.ms);
  });
});
