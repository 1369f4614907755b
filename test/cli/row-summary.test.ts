import { describe, expect, it } from 'vitest';
import type { KObject } from '../../core/api/types.js';
import { formatRows, parseRow, rowLabels, rowName, summarizeRow } from '../../core/printers/row-summary.js';
import { formatTable, toTable } from '../../core/printers/tables.js';
import { clusterClock, parseEpoch } from '../../core/sim/time.js';

const EPOCH = '2026-01-01T00:00:00Z';
const clockAt = (ms: number) => clusterClock(parseEpoch(EPOCH), () => ms);

const event = (name: string, message: string, lastTimestamp?: string): KObject =>
  ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default', creationTimestamp: '2026-01-01T00:00:05Z', labels: { tier: 'a\tb' } },
    type: 'Warning',
    reason: 'Odd',
    involvedObject: { kind: 'Pod', name: 'web-0' },
    message,
    ...(lastTimestamp === undefined ? {} : { lastTimestamp }),
  }) as KObject;

describe('row summaries', () => {
  it('print the bytes toTable prints, whatever the cells hold (TABs, \\x01, newlines, no timestamp), at any now', () => {
    const objects = [
      event('plain', 'Back-off restarting failed container', '2026-01-01T00:00:40Z'),
      event('tab', 'a\tmessage with a TAB'),
      event('ctrl', 'a \u0001 and a\nnewline', 'not a time'),
      { ...event('none', 'no stamps'), metadata: { name: 'none', namespace: 'default' } } as KObject,
    ];
    const lines = objects.map((o) => summarizeRow(o, clockAt(0)));
    expect(lines[0]?.startsWith('default\t')).toBe(true); // plain rows are TAB-separated
    expect(lines[1]?.startsWith('[')).toBe(true); // a TAB in a cell: kept as JSON
    const rows = lines.map((l) => parseRow('Event', l));
    expect(rows.every((r) => r !== undefined)).toBe(true);
    for (const now of [50_000, 600_000, 90_000_000]) {
      for (const wide of [false, true]) {
        for (const ns of [false, true]) {
          const t = toTable('Event', objects, clockAt(now), wide, ns);
          expect(formatRows('Event', rows as NonNullable<(typeof rows)[number]>[], now, wide, ns)).toBe(formatTable(t.columns, t.rows));
        }
      }
    }
    expect(rows.map((r) => rowName(r as NonNullable<typeof r>))).toEqual(['plain', 'tab', 'ctrl', 'none']);
    expect(rowLabels(rows[0] as NonNullable<(typeof rows)[0]>)).toEqual({ tier: 'a\tb' });
  });

  it('a line that is not a whole row is refused (read again from the recording), not printed', () => {
    const line = summarizeRow(event('plain', 'm', '2026-01-01T00:00:40Z'), clockAt(0));
    expect(parseRow('Event', line)).toBe(line);
    expect(parseRow('Event', line.slice(0, line.lastIndexOf('\t')))).toBeUndefined(); // a field short
    expect(parseRow('Event', `${line}\tx`)).toBeUndefined(); // a field more
    expect(parseRow('Event', line.replace('\u000140000', '\u0001forty'))).toBeUndefined(); // a time that is not one
    expect(parseRow('Event', '["default","x"]')).toBeUndefined();
    expect(parseRow('Event', '[not json')).toBeUndefined();
  });
});
