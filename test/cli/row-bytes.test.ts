import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { ByteTable } from '../../core/printers/row-bytes.js';
import { formatRows, parseRow, summarizeRow, type RowSummary } from '../../core/printers/row-summary.js';
import { clusterClock, parseEpoch } from '../../core/sim/time.js';

const EPOCH = '2026-01-01T00:00:00Z';
const clockAt = (ms: number) => clusterClock(parseEpoch(EPOCH), () => ms);

const event = (name: string, message: string, lastTimestamp?: string): KObject =>
  ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: name.startsWith('k') ? 'kube-system' : 'default', creationTimestamp: '2026-01-01T00:00:05Z' },
    type: 'Normal',
    reason: 'Odd',
    involvedObject: { kind: 'Pod', name: 'web-0' },
    message,
    ...(lastTimestamp === undefined ? {} : { lastTimestamp }),
  }) as KObject;

/** A Pod that restarted `restarts` times, the last at `finishedAt` (RESTARTS `3 (5m ago)`). */
const pod = (name: string, created: string, restarts = 0, finishedAt?: string): KObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', creationTimestamp: created, labels: { app: 'web' } },
    spec: { nodeName: 'node-1', containers: [{ name: 'app' }] },
    status: {
      phase: 'Running',
      podIP: '10.0.0.1',
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'app', ready: true, started: true, restartCount: restarts, state: { running: {} }, ...(finishedAt === undefined ? {} : { lastState: { terminated: { finishedAt } } }) }],
    },
  }) as KObject;

/** The lines laid end to end in one buffer, as the summary cache keeps them, each taken by a ByteTable. */
function takeAll(kind: string, lines: readonly string[], now: number, wide: boolean, ns: boolean): { table: ByteTable; answers: number[] } {
  const bytes = Buffer.from(`junk${lines.join('')}`, 'utf8');
  const table = new ByteTable(kind, lines.length, now, wide, ns);
  let at = 4;
  const answers = lines.map((l, i) => {
    const end = at + Buffer.byteLength(l, 'utf8');
    const answer = table.take(i, bytes, at, end);
    at = end;
    return answer;
  });
  return { table, answers };
}

describe('tables printed from the summary lines\' bytes (ByteTable)', () => {
  it('print the bytes formatRows prints: ages, restarts ago, no or a bad timestamp, control characters, trailing blanks, at any now', () => {
    const clock = clockAt(0);
    const kinds: Array<[string, KObject[]]> = [
      ['Pod', [pod('web-0', '2026-01-01T00:00:01Z'), pod('web-10', '2026-01-01T00:00:30Z', 3, '2026-01-01T00:05:00Z'), pod('later', '2026-01-02T00:00:00Z'), pod('a', 'not a time', 1, 'nope')]],
      ['Event', [event('plain', 'Back-off restarting failed container', '2026-01-01T00:00:40Z'), event('ctrl', 'a \u000b and a\nnewline', 'not a time'), event('blank', 'ends in blanks   '), event('k-empty', '')]],
    ];
    let compared = 0;
    for (const [kind, objects] of kinds) {
      const lines = objects.map((o) => summarizeRow(o, clock));
      const rows = lines.map((l) => parseRow(kind, l) as RowSummary);
      for (const now of [0, 50_000, 600_000, 90_000_000, 9e11]) {
        for (const wide of [false, true]) {
          for (const ns of [false, true]) {
            const { table, answers } = takeAll(kind, lines, now, wide, ns);
            expect(answers).toEqual(lines.map(() => 0));
            expect(table.text(), `${kind} now ${now} wide ${wide} ns ${ns}`).toBe(formatRows(kind, rows, now, wide, ns));
            compared++;
          }
        }
      }
    }
    expect(compared).toBe(40);
  });

  it('refuse a damaged line exactly when parseRow does, and leave a JSON or non-ASCII line to the strings', () => {
    const line = summarizeRow(pod('web-1', '2026-01-01T00:00:01Z', 2, '2026-01-01T00:01:00Z'), clockAt(0));
    const variants = [
      line,
      line.slice(0, line.lastIndexOf('\t')), // a field short
      `${line}\tx`, // a field more
      line.replace('\u000160000', '\u0001sixty'), // a time that is not one
      line.replace('\u000160000', '\u00011e3'), // a number written otherwise: read as one
      line.replace('\u0001\u00011000\u0001', '\u0001\u0001\u0001'), // no time: <unknown>
      line.replace('\u0001\u00011000\u0001', '\u0001\u0001-5\u0001'),
      line.replace('\u0001\u00011000\u0001', '\u0001\u00011000\u0001\u0001'), // a mark more
      `\u0001${line}`, // a SinceCell as the namespace
      `${line}\u0001`, // ... in the labels
    ];
    for (const v of variants) {
      const { table, answers } = takeAll('Pod', [v], 120_000, true, true);
      const parsed = parseRow('Pod', v);
      expect(answers[0], JSON.stringify(v)).toBe(parsed === undefined ? 1 : 0);
      if (parsed !== undefined) expect(table.text()).toBe(formatRows('Pod', [parsed], 120_000, true, true));
    }
    const json = summarizeRow(event('tab', 'a\tTAB'), clockAt(0));
    expect(json.startsWith('[')).toBe(true);
    expect(takeAll('Event', [json], 0, false, false).answers).toEqual([2]);
    expect(takeAll('Event', [summarizeRow(event('utf', 'café'), clockAt(0))], 0, false, false).answers).toEqual([2]);
  });

  it('hand the same bytes to stdout a chunk at a time, whether stdout takes each chunk (the buffer filled again) or keeps it (a new one)', () => {
    const clock = clockAt(0);
    const objects = Array.from({ length: 40 }, (_, i) => pod(`web-${i}`, '2026-01-01T00:00:01Z', i % 3, '2026-01-01T00:00:30Z'));
    const lines = objects.map((o) => summarizeRow(o, clock));
    const whole = takeAll('Pod', lines, 600_000, true, true).table.text();
    for (const chunkBytes of [1, 7, 100, 1000, 1 << 20]) {
      for (const takes of [true, false]) {
        const { table } = takeAll('Pod', lines, 600_000, true, true);
        // What stdout holds: a copy when it takes the chunk (its buffer is then written again), the chunk itself when it keeps it.
        const held: Uint8Array[] = [];
        table.write((chunk) => {
          held.push(takes ? Uint8Array.from(chunk) : chunk);
          return takes;
        }, chunkBytes);
        expect(Buffer.concat(held).toString('latin1'), `chunks of ${chunkBytes}, taken ${takes}`).toBe(whole);
        if (chunkBytes <= 100) expect(held.length).toBeGreaterThan(1);
      }
    }
  });
});
