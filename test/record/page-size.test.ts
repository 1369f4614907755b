import { execFileSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { PAGE_SIZE } from '../../core/record/schema.js';
import { verifyRecording } from '../../core/record/verify.js';
import { Replay } from '../../core/replay/replay.js';
import { loadScenario } from '../../core/scenario/parse.js';
import { runScenario } from '../../core/scenario/runner.js';
import { ROOT, tmpDir } from '../helpers.js';

/*
 * New recordings are made with 16 KB pages (schema.ts: a pod's ~4.7 KB row fits a page
 * instead of spilling onto an overflow page; appends measured ~1.5x faster). What a user
 * relies on: the rows are the same whatever the page size (the head hash a run prints does
 * not move), the file is one SQLite file any sqlite3 reads, and a recording made before,
 * with 4 KB pages, opens, verifies and replays as it did.
 */

const story = (): ReturnType<typeof loadScenario> => loadScenario(path.join(ROOT, 'recordings', 'pod-loss-recovery.yaml'));

describe('the page size of a recording', () => {
  it('a new recording, written in the worker or in-thread, has 16 KB pages, and the sqlite3 command reads it', () => {
    const dir = tmpDir();
    for (const [name, recordInThread] of [['thread.db', true], ['inline.db', false]] as const) {
      const file = path.join(dir, name);
      runScenario(story(), { output: file, recordInThread });
      expect(execFileSync('sqlite3', [file, 'PRAGMA page_size']).toString().trim()).toBe(String(PAGE_SIZE));
      expect(Number(execFileSync('sqlite3', [file, 'SELECT COUNT(*) FROM events']).toString())).toBeGreaterThan(100);
      expect(execFileSync('sqlite3', [file, 'PRAGMA integrity_check']).toString().trim()).toBe('ok');
    }
  });

  it('a recording with 4 KB pages, as every one made before, holds the same rows, opens, verifies and replays the same', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'new.db');
    const run = runScenario(story(), { output: file, recordInThread: true });
    // The same file rewritten with SQLite's default 4 KB pages: what an older kubelapse made.
    const old = path.join(dir, 'old.db');
    const db = new Database(file, { readonly: true });
    db.exec(`VACUUM INTO '${old}'`);
    db.close();
    const w = new Database(old);
    w.pragma('page_size = 4096');
    w.exec('VACUUM');
    expect(w.pragma('page_size', { simple: true })).toBe(4096);
    w.close();

    const a = Recording.open(file, { readonly: true });
    const b = Recording.open(old, { readonly: true });
    try {
      const rowsOf = (r: Recording): unknown[] => r.db.prepare('SELECT seq, kind, name, hash FROM events ORDER BY seq').raw().all();
      expect(rowsOf(b)).toEqual(rowsOf(a));
      const va = verifyRecording(a);
      const vb = verifyRecording(b);
      expect(va.ok && vb.ok).toBe(true);
      expect(vb.head).toBe(run.head);
      const last = a.lastSeq();
      const mid = Math.floor(last / 2);
      for (const seq of [1, mid, last]) expect(Replay.open(b).stateAt(seq)).toEqual(Replay.open(a).stateAt(seq));
    } finally {
      a.close();
      b.close();
    }
  });
});
