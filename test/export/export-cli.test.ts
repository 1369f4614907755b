import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../../core/export/formats.js';
import { cli, tmpDir } from '../helpers.js';
import { shippedRecording } from './shipped.js';

let db: string;
beforeAll(() => {
  db = shippedRecording('rolling-update');
});

describe('kubelapse export', () => {
  it('lists every registered format with its description in --help', () => {
    const r = cli(['export', '--help']);
    expect(r.code).toBe(0);
    for (const f of FORMATS) expect(r.stdout).toContain(`${f.name}`), expect(r.stdout).toContain(f.description);
    expect(r.stdout).toMatch(/kubelapse export recordings\/rolling-update\.db --format perfetto/);
  });

  it('writes <recording name><extension> beside the recording and prints a one-line summary', () => {
    const r = cli(['export', db, '--format', 'perfetto']);
    expect(r.code, r.stderr).toBe(0);
    const out = path.join(path.dirname(db), 'rolling-update.perfetto.json');
    expect(fs.existsSync(out)).toBe(true);
    expect(r.stdout.trim()).toMatch(/^wrote .*rolling-update\.perfetto\.json: \d+(\.\d)? [kM]?B, [\d,]+ slices, [\d,]+ flows, [\d,]+ pod phases in \d+\.\d s$/);
    expect(r.stderr).toBe(''); // not a TTY: no progress bar
  });

  it('refuses to overwrite an existing file without --force, and overwrites with it', () => {
    const out = path.join(tmpDir(), 'x.jsonl');
    fs.writeFileSync(out, 'keep me');
    const r = cli(['export', db, '--format', 'audit', '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`kubelapse: refusing to overwrite ${out}: it exists (use --force)`);
    expect(fs.readFileSync(out, 'utf8')).toBe('keep me');
    const f = cli(['export', db, '--format', 'audit', '-o', out, '--force']);
    expect(f.code, f.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8').split('\n')[0]).toContain('"apiVersion":"audit.k8s.io/v1"');
  });

  it('names the known formats when given an unknown one', () => {
    const r = cli(['export', db, '--format', 'pdf']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`kubelapse: --format: unknown format "pdf" (known: ${FORMATS.map((f) => f.name).join(', ')})`);
  });

  it('refuses a file that is not a recording, a bad --from and a --from past the end, in one line each', () => {
    const notDb = path.join(tmpDir(), 'notes.db');
    fs.writeFileSync(notDb, 'hello');
    const a = cli(['export', notDb, '--format', 'audit']);
    expect(a.code).toBe(2);
    expect(a.stderr.trim()).toBe(`kubelapse: not a kubelapse recording: ${notDb} (not an SQLite database)`);
    const b = cli(['export', db, '--format', 'audit', '--from', '9x']);
    expect(b.code).toBe(2);
    expect(b.stderr.trim()).toBe('kubelapse: --from: invalid duration "9x" (use e.g. 90s, 1m30s, 500ms)');
    const c = cli(['export', db, '--format', 'audit', '--from', '2h']);
    expect(c.code).toBe(2);
    expect(c.stderr.trim()).toMatch(/^kubelapse: --from 2h is after the end of .*rolling-update\.db \(its last event is at 5m\)$/);
    const d = cli(['export', db, '--format', 'audit', '--from', '2m', '--to', '1m']);
    expect(d.stderr.trim()).toBe('kubelapse: --from 2m is after --to 1m');
    for (const r of [a, b, c, d]) expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('--from/--to keep only the writes in the window', () => {
    const out = path.join(tmpDir(), 'w.jsonl');
    cli(['export', db, '--format', 'audit', '-o', out, '--from', '1m', '--to', '2m']);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { stageTimestamp: string });
    expect(lines.length).toBeGreaterThan(10);
    for (const l of lines) expect(l.stageTimestamp >= '2026-01-01T00:01:00' && l.stageTimestamp < '2026-01-01T00:02:00.001').toBe(true);
  });

  it('leaves no partial file behind when the export fails (the folder is not writable)', () => {
    const dir = tmpDir();
    const out = path.join(dir, 'missing', 'x.json');
    const r = cli(['export', db, '--format', 'otel', '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^kubelapse: cannot create export .*x\.json: no such folder /);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
