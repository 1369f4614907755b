import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { importCommand } from '../../core/cli/commands/import.js';
import { UsageError } from '../../core/cli/exit.js';
import type { ImportSink } from '../../core/import/read-inputs.js';
import { cli, sqlite, tmpDir } from '../helpers.js';
import { observedFromRecording } from './sim-observed.js';

/**
 * `kubelapse import` around its readers: the reader here is a test double that replays
 * a simulated recording's writes (the audit reader has its own tests on imp-audit's
 * branch); what is checked is the command: the output file, the refusals, the summary.
 */
describe('kubelapse import', () => {
  const dir = tmpDir();
  const simulated = path.join(dir, 'sim.db');
  const log = path.join(dir, 'audit.log');
  let lines: string[] = [];
  const reader = async (paths: string[], sink: ImportSink): Promise<void> => {
    for (const o of observedFromRecording(simulated)) sink.write(o);
    sink.skipped({ source: { file: paths[0] ?? '', line: 17, id: null }, why: 'not JSON' });
  };
  const empty = async (paths: string[], sink: ImportSink): Promise<void> => {
    sink.skipped({ source: { file: paths[0] ?? '', line: 1, id: null }, why: 'not JSON' });
  };

  beforeAll(() => {
    expect(cli(['run', 'recordings/pod-loss-recovery.yaml', '-o', simulated]).code).toBe(0);
    fs.writeFileSync(log, '{}\n');
  });

  it('writes the recording, prints one summary line, and refuses to replace it without --force', async () => {
    const output = path.join(dir, 'incident.db');
    lines = [];
    expect(await importCommand([log], { output }, (l) => lines.push(l), { audit: reader })).toBe(0);
    const events = Number(sqlite(simulated, 'SELECT COUNT(*) FROM events').trim());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^imported ${events} writes, 1 line skipped: ${log.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:17 not JSON; \\d+ causes inferred; start 2026-01-01T00:00:00.000Z -> `));
    expect(fs.existsSync(`${output}.importing`)).toBe(false);
    expect(cli(['verify', output]).code).toBe(0);
    await expect(importCommand([log], { output }, () => undefined, { audit: reader })).rejects.toThrow(new UsageError(`import: ${output} exists: refusing to replace it (add --force)`));
    expect(await importCommand([log], { output, force: true, quiet: true }, (l) => lines.push(l), { audit: reader })).toBe(0);
    expect(lines).toHaveLength(1);
  });

  it('--force does not replace a recording another connection has open (a live session, a viewer following it)', async () => {
    const output = path.join(dir, 'held.db');
    expect(await importCommand([log], { output, quiet: true }, () => undefined, { audit: reader })).toBe(0);
    const holder = new Database(output);
    holder.pragma('journal_mode = WAL');
    holder.prepare('SELECT COUNT(*) FROM events').pluck().get();
    try {
      const before = fs.readFileSync(output);
      await expect(importCommand([log], { output, force: true, quiet: true }, () => undefined, { audit: reader })).rejects.toThrow(`cannot write recording ${output}: another process has it open (a run or \`live\` writing it, or a viewer reading it); it is left as it is`);
      expect(fs.readFileSync(output).equals(before)).toBe(true);
      expect(fs.existsSync(`${output}.importing`)).toBe(false);
    } finally {
      holder.close();
    }
    expect(await importCommand([log], { output, force: true, quiet: true }, () => undefined, { audit: reader })).toBe(0);
  });

  it('names a missing input, refuses to mix kinds, and leaves no file when nothing is importable', async () => {
    const output = path.join(dir, 'nothing.db');
    await expect(importCommand([path.join(dir, 'nope.log')], { output }, () => undefined)).rejects.toThrow(`import: no such file or folder: ${path.join(dir, 'nope.log')}`);
    const zip = path.join(dir, 'capture.kshrk');
    fs.writeFileSync(zip, 'PK\x03\x04');
    await expect(importCommand([log, zip], { output }, () => undefined)).rejects.toThrow('cannot mix audit logs and k8shark archives');
    expect(await importCommand([log], { output }, () => undefined, { audit: empty })).toBe(2);
    expect(fs.existsSync(output)).toBe(false);
    expect(fs.existsSync(`${output}.importing`)).toBe(false);
  });

  it('exits 2 with one line from the real CLI for a missing input and for a missing -o', () => {
    const r = cli(['import', path.join(dir, 'nope.log'), '-o', path.join(dir, 'x.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`kubelapse: import: no such file or folder: ${path.join(dir, 'nope.log')}\n`);
    const r2 = cli(['import', log]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toBe('kubelapse: import: name the recording to write with -o <file.db>\n');
  });
});
