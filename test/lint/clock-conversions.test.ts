import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/**
 * Two clocks, one converter. Virtual time (scheduler.now(), api.now(), time_ms) counts
 * milliseconds from the recording's epoch; object timestamps (creationTimestamp,
 * lastTransitionTime, deletionTimestamp, timeAdded ...) are calendar text. Date.parse of a
 * 2026 timestamp is ~1.77e12, virtual now a few hundred thousand: compare the two and
 * "Ready for 10 s" is never true, every age is negative (both happened). So only
 * core/sim/time.ts may turn a timestamp into a number or a number into a Date, or do
 * arithmetic with the epoch; everything else asks a ClusterClock (the API server is one)
 * for virtualOf(timestamp) / timestamp(ms) and compares virtual with virtual.
 */
const RULE =
  'convert between object timestamps and virtual time only in core/sim/time.ts: use clock.virtualOf(timestamp) ' +
  '(api.virtualOf) and compare it with clock.now(), or compareTimestamps(a, b); never Date.parse, new Date(x), ' +
  '.getTime() or epochMs arithmetic elsewhere';

/** metav1.Time fields of the modeled kinds: text, never numbers. */
const TIME_FIELDS =
  '(?:creationTimestamp|deletionTimestamp|lastTransitionTime|lastUpdateTime|lastHeartbeatTime|lastProbeTime|firstTimestamp|lastTimestamp|eventTime|timeAdded|renewTime|acquireTime|startTime|startedAt|finishedAt|lastScaleTime)';

const FORBIDDEN: Array<[RegExp, string]> = [
  [/\bDate\.parse\s*\(/, 'Date.parse()'],
  [/\bDate\.UTC\s*\(/, 'Date.UTC()'],
  [/\bnew Date\s*\(\s*[^\s)]/, 'new Date(value)'],
  [/\.getTime\s*\(/, '.getTime()'],
  [/\.valueOf\s*\(\s*\)\s*[-+<>]/, '.valueOf() arithmetic'],
  [/\bepochMs\b\s*[-+%*/<>]|[-+%*/<>]\s*(?:[\w$]+\??\.)*epochMs\b/, 'epochMs arithmetic'],
  // A timestamp field used as a number: `c.lastTransitionTime + 10_000 < now` coerces text.
  [new RegExp(`\\.${TIME_FIELDS}\\b\\s*(?:[-+*/]|[<>]=?)(?!>)|(?:(?<!=)[-+*/<>]|[<>]=)\\s*(?:[\\w$]+\\??\\.)+${TIME_FIELDS}\\b`), 'a timestamp field in arithmetic'],
];

/**
 * The converter itself, and two that never meet virtual time: the CLI's wall clock (run
 * summaries) and live mode's X.509 validity dates (the session's real start).
 */
const ALLOWED = new Map([
  ['core/sim/time.ts', 'the converter'],
  ['core/cli/wall-clock.ts', 'real elapsed time for the summary line'],
  ['core/live/certificate.ts', 'X.509 notBefore/notAfter: real calendar dates'],
]);

function scan(text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '').replace(/^\s*\*.*$/, '');
    for (const [re, what] of FORBIDDEN) if (re.test(code)) found.push(`${i + 1}: ${what}`);
  });
  return found;
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' || d.name === 'dist' ? [] : files(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

describe('clock conversions live in core/sim/time.ts', () => {
  it('the scanner catches each way of mixing the clocks, and not their names in comments', () => {
    expect(scan('const since = Date.parse(c.lastTransitionTime);')).toEqual(['1: Date.parse()']);
    expect(scan('return new Date(this.opts.epochMs + ms).toISOString();')).toEqual(['1: new Date(value)', '1: epochMs arithmetic']);
    expect(scan('const age = now - stamp.getTime();')).toEqual(['1: .getTime()']);
    expect(scan('const at = added - this.epochMs;')).toEqual(['1: epochMs arithmetic']);
    expect(scan('nowEpochMs: r.table.epochMs + api.now(),')).toEqual(['1: epochMs arithmetic']);
    expect(scan('const t = Date.UTC(2026, 0, 1);')).toEqual(['1: Date.UTC()']);
    expect(scan('if (c.lastTransitionTime + 10_000 < scheduler.now()) {}')).toEqual(['1: a timestamp field in arithmetic']);
    expect(scan('const age = now - pod.metadata.creationTimestamp;')).toEqual(['1: a timestamp field in arithmetic']);
    expect(scan('const since = clock.virtualOf(c.lastTransitionTime);')).toEqual([]);
    expect(scan('const w = this.kubelet.now() - c.startedAtMs;')).toEqual([]);
    expect(scan('pods.filter((p) => p.metadata.deletionTimestamp === undefined)')).toEqual([]);
    expect(scan('if (a.status.startTime >= b.status.startTime) {}')).toEqual(['1: a timestamp field in arithmetic']);
    expect(scan('  epochMs: EpochMs;')).toEqual([]);
    expect(scan('// Date.parse() of a timestamp is epoch milliseconds')).toEqual([]);
    expect(scan(' * Date.parse(x) - epochMs in a doc comment')).toEqual([]);
  });

  it(`no file under core/ or viewer/ but core/sim/time.ts converts between the clocks (${RULE})`, () => {
    const offenders: string[] = [];
    for (const top of ['core', 'viewer']) {
      for (const file of files(path.join(ROOT, top))) {
        const rel = path.relative(ROOT, file).split(path.sep).join('/');
        if (ALLOWED.has(rel)) continue;
        for (const hit of scan(fs.readFileSync(file, 'utf8'))) offenders.push(`${rel}:${hit}`);
      }
    }
    expect(offenders, RULE).toEqual([]);
  });
});
