import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { verifyRecording } from '../../core/record/verify.js';
import { EventIndex } from '../../core/replay/event-index.js';
import { indexCacheFile } from '../../core/replay/index-cache.js';
import { Replay } from '../../core/replay/replay.js';
import { podChurn, recordedSim, sqlite, tmpDir } from '../helpers.js';

/**
 * Schema 5's covering index `events_light`: a new recording holds it, replay's index is
 * built from it without reading any row of the table, and a recording without it (schema
 * 1-4) still opens, replays and verifies, giving the same answers.
 */
describe('the covering index of schema_version 5', () => {
  const dir = tmpDir();
  const v5 = path.join(dir, 'v5.db');
  const v4 = path.join(dir, 'v4.db');

  beforeAll(() => {
    // Creates, caused updates and deletes of pods and a Deployment, over time.
    const { sim, rec, recorder } = recordedSim(v5, 2);
    podChurn(sim, 20);
    recorder.close({ complete: true, endTimeMs: 20_000 });
    rec.close();
    // The same file as kubelapse wrote it before schema 5: no index, schema_version 4.
    sqlite(v5, `VACUUM INTO '${v4}'`);
    sqlite(v4, "DROP INDEX events_light; UPDATE meta SET value = '4' WHERE key = 'schema_version';");
  });

  const withRec = <T>(file: string, f: (rec: Recording) => T): T => {
    const rec = Recording.open(file);
    try {
      return f(rec);
    } finally {
      rec.close();
    }
  };
  const plan = (rec: Recording): string =>
    (rec.db.prepare(`EXPLAIN QUERY PLAN ${EventIndex.buildSql(rec)}`).all() as Array<{ detail: string }>).map((r) => r.detail).join('; ');

  it('a new recording is schema_version 5 and holds events_light', () => {
    expect(sqlite(v5, "SELECT value FROM meta WHERE key = 'schema_version'").trim()).toBe('5');
    expect(sqlite(v5, "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'events_light'").trim()).toBe('events_light');
    expect(Number(sqlite(v5, 'SELECT COUNT(*) FROM events').trim())).toBeGreaterThan(50);
  });

  it("opening it scans only the index, never the table's rows (their objects)", () => {
    withRec(v5, (rec) => {
      expect(rec.hasLightIndex()).toBe(true);
      expect(plan(rec)).toBe('SCAN events USING COVERING INDEX events_light');
      expect(EventIndex.buildSql(rec)).not.toMatch(/\bobject\b/);
    });
  });

  it('a schema-4 recording (no index) opens by reading the table, as before', () => {
    withRec(v4, (rec) => {
      expect(rec.hasLightIndex()).toBe(false);
      expect(plan(rec)).toBe('SCAN events');
    });
  });

  it('both give the same index: every seq\'s object, verb, time, cause and effects, and each kind\'s writes', () => {
    const dump = (file: string): unknown =>
      withRec(file, (rec) => {
        const idx = EventIndex.build(rec);
        const seqs = Array.from({ length: idx.length }, (_, i) => i + 1);
        return {
          length: idx.length,
          kinds: idx.kinds,
          rows: seqs.map((s) => [idx.keys[idx.keyOf(s)], idx.verbOf(s), idx.timeOf(s), idx.causeOf(s), idx.effectsOf(s)]),
          byKind: idx.kinds.map((_, k) => Array.from(idx.seqsOfKind(k))),
        };
      });
    const a = dump(v5);
    expect(a).toEqual(dump(v4));
    // and it is not trivially so: the run deleted pods and caused writes
    const rows = (a as { rows: Array<[string, number, number, number | null, number[]]> }).rows;
    expect(rows.some((r) => r[1] === 3)).toBe(true);
    expect(rows.some((r) => r[4].length > 0)).toBe(true);
  });

  it('the state at every seq and the causal chains are the same from either file', () => {
    const states = (file: string): unknown[] =>
      withRec(file, (rec) => {
        const replay = Replay.open(rec, { cacheFrom: 0 });
        const out: unknown[] = [];
        for (let seq = 0; seq <= replay.lastSeq; seq += 7) out.push(replay.stateAt(seq), replay.causalChain(Math.max(1, seq))?.effects.map((e) => e.seq));
        return out;
      });
    expect(states(v5)).toEqual(states(v4));
  });

  it('both verify with the same head: the hash chain does not cover an index', () => {
    const a = withRec(v5, (rec) => verifyRecording(rec));
    const b = withRec(v4, (rec) => verifyRecording(rec));
    expect(a.ok).toBe(true);
    expect(b.ok).toBe(true);
    expect(a.head).toBe(b.head);
    expect(a.head).toBe(sqlite(v5, 'SELECT hash FROM events ORDER BY seq DESC LIMIT 1').trim());
  });

  it('a schema-4 recording opened read-only keeps its index in the cache folder, and the next open replays the same from it', () => {
    const cache = indexCacheFile(v4);
    fs.rmSync(cache, { force: true });
    const pods = (): string[] => withRec(v4, (rec) => {
      const replay = Replay.open(rec, { cacheFrom: 1 });
      return replay.stateAt(replay.lastSeq, { kinds: ['Pod'] }).map((p) => p.metadata.name ?? '');
    });
    const first = pods();
    expect(fs.existsSync(cache)).toBe(true);
    const written = fs.statSync(cache).mtimeMs;
    expect(pods()).toEqual(first);
    expect(fs.statSync(cache).mtimeMs).toBe(written);
    expect(first).toHaveLength(13);
  });

  it('a schema-5 file that lost its index (a hand-made copy) still opens, from the table', () => {
    const lost = path.join(dir, 'lost.db');
    sqlite(v5, `VACUUM INTO '${lost}'`);
    const db = new Database(lost);
    db.exec('DROP INDEX events_light');
    db.close();
    withRec(lost, (rec) => {
      expect(plan(rec)).toBe('SCAN events');
      const replay = Replay.open(rec, { cacheFrom: 0 });
      expect(replay.stateAt(replay.lastSeq, { kinds: ['Pod'] })).toHaveLength(13);
    });
  });
});
