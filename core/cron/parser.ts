import { parseGoDuration } from './go-duration.js';
import { ConstantDelaySchedule, DOM, DOW, HOURS, MINUTES, MONTHS, SECONDS, SpecSchedule, STAR_BIT, type Bounds, type Schedule } from './schedule.js';
import { TimeZone, UnknownTimeZoneError } from './time-zone.js';

/**
 * robfig/cron v3's parser, the one kube-controller-manager and kube-apiserver use
 * (cron.ParseStandard): five fields (minute hour day-of-month month day-of-week), or a
 * descriptor (@yearly @annually @monthly @weekly @daily @midnight @hourly @every <d>),
 * optionally after TZ=<zone> or CRON_TZ=<zone>. Errors carry robfig's wording, which
 * the API server puts in its 422 (`spec.schedule: Invalid value: "* * * *": expected
 * exactly 5 fields, found 4: [* * * *]`).
 */
export class CronParseError extends Error {
  override name = 'CronParseError';
}

export interface ParseOptions {
  /** A leading seconds field (robfig's Second option); false is the standard 5 fields. */
  seconds: 'none' | 'required';
  /** Day of week may be left out (DowOptional), as robfig's seconds-parser in its tests allows. */
  dowOptional: boolean;
}

const STANDARD: ParseOptions = { seconds: 'none', dowOptional: false };

export function parseStandard(spec: string): Schedule {
  return parse(spec, STANDARD);
}

export function parse(spec: string, options: ParseOptions): Schedule {
  if (spec.length === 0) throw new CronParseError('empty spec string');
  let loc: TimeZone | undefined;
  let rest = spec;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const i = rest.indexOf(' ');
    const eq = rest.indexOf('=');
    const name = rest.slice(eq + 1, i < 0 ? undefined : i);
    try {
      loc = TimeZone.load(name);
    } catch (e) {
      if (!(e instanceof UnknownTimeZoneError)) throw e;
      throw new CronParseError(`provided bad location ${name}: ${e.message}`);
    }
    rest = i < 0 ? '' : rest.slice(i).trim();
  }
  if (rest.startsWith('@')) return parseDescriptor(rest, loc);
  const fields = normalizeFields(rest.split(/\s+/).filter((f) => f !== ''), options);
  const [second, minute, hour, dom, month, dow] = [
    getField(fields[0] as string, SECONDS),
    getField(fields[1] as string, MINUTES),
    getField(fields[2] as string, HOURS),
    getField(fields[3] as string, DOM),
    getField(fields[4] as string, MONTHS),
    getField(fields[5] as string, DOW),
  ];
  return new SpecSchedule(second, minute, hour, dom, month, dow, loc);
}

/** The six fields, seconds defaulting to 0 and an omitted optional day-of-week to `*`. */
function normalizeFields(fields: string[], options: ParseOptions): string[] {
  const max = options.seconds === 'required' ? 6 : 5;
  const min = options.dowOptional ? max - 1 : max;
  const count = fields.length;
  if (count < min || count > max) {
    const shown = `[${fields.join(' ')}]`;
    if (min === max) throw new CronParseError(`expected exactly ${min} fields, found ${count}: ${shown}`);
    throw new CronParseError(`expected ${min} to ${max} fields, found ${count}: ${shown}`);
  }
  const out = options.seconds === 'required' ? [...fields] : ['0', ...fields];
  if (out.length === 5) out.push('*');
  return out;
}

/** A field: a comma-separated list of ranges. */
export function getField(field: string, r: Bounds): bigint {
  let bits = 0n;
  for (const expr of field.split(',').filter((e) => e !== '')) bits |= getRange(expr, r);
  return bits;
}

/** `number | number "-" number ["/" number]`, or `*` / `?` with an optional step. */
export function getRange(expr: string, r: Bounds): bigint {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = (rangeAndStep[0] as string).split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let extra = 0n;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
    extra = STAR_BIT;
  } else {
    start = parseIntOrName(lowAndHigh[0] as string, r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1] as string, r.names);
    else throw new CronParseError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1] as string);
    // "N/step" means "N-max/step"; "*/2" is no longer a star for the day-of-month/week rule.
    if (singleDigit) end = r.max;
    if (step > 1) extra = 0n;
  } else if (rangeAndStep.length > 2) {
    throw new CronParseError(`too many slashes: ${expr}`);
  }
  if (start < r.min) throw new CronParseError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new CronParseError(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new CronParseError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronParseError(`step of range should be a positive number: ${expr}`);
  return getBits(start, end, step) | extra;
}

function parseIntOrName(expr: string, names: Bounds['names']): number {
  const named = names?.[expr.toLowerCase()];
  return named ?? mustParseInt(expr);
}

/** strconv.Atoi then the sign check, with robfig's messages. */
function mustParseInt(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new CronParseError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const num = Number(expr);
  if (num < 0) throw new CronParseError(`negative number (${num}) not allowed: ${expr}`);
  return num;
}

export function getBits(min: number, max: number, step: number): bigint {
  let bits = 0n;
  for (let i = min; i <= max; i += step) bits |= 1n << BigInt(i);
  return bits;
}

/** Every value of a field, plus the star bit. */
export function all(r: Bounds): bigint {
  return getBits(r.min, r.max, 1) | STAR_BIT;
}

function parseDescriptor(descriptor: string, loc: TimeZone | undefined): Schedule {
  const one = (r: Bounds): bigint => 1n << BigInt(r.min);
  switch (descriptor) {
    case '@yearly':
    case '@annually':
      return new SpecSchedule(one(SECONDS), one(MINUTES), one(HOURS), one(DOM), one(MONTHS), all(DOW), loc);
    case '@monthly':
      return new SpecSchedule(one(SECONDS), one(MINUTES), one(HOURS), one(DOM), all(MONTHS), all(DOW), loc);
    case '@weekly':
      return new SpecSchedule(one(SECONDS), one(MINUTES), one(HOURS), all(DOM), all(MONTHS), one(DOW), loc);
    case '@daily':
    case '@midnight':
      return new SpecSchedule(one(SECONDS), one(MINUTES), one(HOURS), all(DOM), all(MONTHS), all(DOW), loc);
    case '@hourly':
      return new SpecSchedule(one(SECONDS), one(MINUTES), all(HOURS), all(DOM), all(MONTHS), all(DOW), loc);
  }
  const every = '@every ';
  if (descriptor.startsWith(every)) {
    const d = parseGoDuration(descriptor.slice(every.length));
    if ('error' in d) throw new CronParseError(`failed to parse duration ${descriptor}: ${d.error}`);
    return new ConstantDelaySchedule(d.ms);
  }
  throw new CronParseError(`unrecognized descriptor: ${descriptor}`);
}
