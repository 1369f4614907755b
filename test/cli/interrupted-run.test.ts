import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { interruptedRunIndexer } from '../../core/cli/interrupted-run.js';
import { cli, ROOT, tmpDir } from '../helpers.js';

function indexes(db: string): string[] {
  const conn = new Database(db, { readonly: true });
  try {
    return conn.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'events_%' ORDER BY name").pluck().all() as string[];
  } finally {
    conn.close();
  }
}

/** A recording as a run cut before its seal leaves it: no events_object. */
function unindexedCopy(from: string, to: string): void {
  fs.copyFileSync(from, to);
  const conn = new Database(to);
  conn.exec('DROP INDEX events_object');
  conn.close();
}

describe('after a Ctrl-C ended the simulating child, the waiting process', () => {
  it('indexes the recording this run made, and leaves an older one at the output alone', async () => {
    const dir = tmpDir();
    const made = path.join(dir, 'made.db');
    expect(cli(['run', path.join(ROOT, 'recordings', 'api-basics.yaml'), '-o', made, '-q']).code).toBe(0);
    const out = path.join(dir, 'out.db');
    unindexedCopy(made, out);
    const lines: string[] = [];
    const args = ['run', 'scenario.yaml', '-o', out];

    // The child stopped before it replaced the older recording: the same file, untouched.
    const before = fs.statSync(out);
    await interruptedRunIndexer(args, (l) => lines.push(l))();
    expect(indexes(out)).toEqual(['events_light', 'events_time']);
    expect(fs.statSync(out).mtimeMs).toBe(before.mtimeMs);
    expect(lines).toEqual([]);

    // A new file at the output (as a first run writes it, in place): indexed.
    const after = interruptedRunIndexer(args, (l) => lines.push(l));
    fs.rmSync(out);
    unindexedCopy(made, out);
    await after();
    expect(indexes(out)).toEqual(['events_light', 'events_object', 'events_time']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^kubelapse run: interrupted: indexing the \d+ events kept in .*out\.db \(not sealed; Ctrl-C again to skip\)\n$/);
    const verify = cli(['verify', out]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('hash chain intact');
  });

  it('indexes the partial file a re-run left beside an older recording, says the older one is untouched, and leaves it alone', async () => {
    const dir = tmpDir();
    const made = path.join(dir, 'made.db');
    expect(cli(['run', path.join(ROOT, 'recordings', 'api-basics.yaml'), '-o', made, '-q']).code).toBe(0);
    const out = path.join(dir, 'out.db');
    const partial = `${out}.partial`;
    unindexedCopy(made, out);
    const old = fs.readFileSync(out);
    const lines: string[] = [];
    const after = interruptedRunIndexer(['run', 'scenario.yaml', '-o', out], (l) => lines.push(l));
    // The child wrote beside the older recording (Recording.create) and was stopped before its close.
    unindexedCopy(made, partial);
    await after();
    expect(lines).toEqual([`kubelapse run: interrupted: indexing the ${(JSON.parse(cli(['verify', made, '--json']).stdout) as { events: number }).events} events kept in ${partial} (not sealed; the recording already at ${out} is untouched; Ctrl-C again to skip)\n`]);
    expect(indexes(partial)).toEqual(['events_light', 'events_object', 'events_time']);
    expect(indexes(out)).toEqual(['events_light', 'events_time']);
    expect(fs.readFileSync(out).equals(old)).toBe(true);
  });

  it('does nothing when no file is there, or the file is not a recording', async () => {
    const dir = tmpDir();
    const out = path.join(dir, 'none.db');
    const lines: string[] = [];
    const after = interruptedRunIndexer(['run', 's.yaml', '-o', out], (l) => lines.push(l));
    await after();
    fs.writeFileSync(out, 'not sqlite');
    await after();
    expect(fs.readFileSync(out, 'utf8')).toBe('not sqlite');
    expect(lines).toEqual([]);
  });
});
