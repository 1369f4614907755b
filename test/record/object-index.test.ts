import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Recorder } from '../../core/record/recorder.js';
import { Recording } from '../../core/record/recording.js';
import { verifyRecording } from '../../core/record/verify.js';
import { EventIndex } from '../../core/replay/event-index.js';
import { objectHistory, previousVersionSeq } from '../../core/replay/history.js';
import { Simulation } from '../../core/sim/cluster.js';
import { podChurn, sqlite, tmpDir } from '../helpers.js';

/**
 * events_object (kind, namespace, name) made when the recording is sealed ('at-seal', what
 * `kubelapse run` does) instead of row by row: a sealed recording is the file an eager one
 * is (the same indexes, rows and query plans), and one whose run ended before its seal
 * still opens, verifies and answers the same, by scanning.
 */
const EPOCH = '2026-01-01T00:00:00Z';

/** The same writes recorded into `file`; `seal` false leaves it as a killed run does (rows flushed, nothing closed). */
function record(file: string, objectIndex: 'eager' | 'at-seal', seal = true): void {
  const rec = Recording.create(file, { source: 'simulation', epoch: EPOCH }, { objectIndex });
  const sim = new Simulation({ seed: 1, epoch: EPOCH });
  const recorder = new Recorder(rec, { thread: objectIndex === 'at-seal', batchSize: 50 }).attach(sim.api.writes$);
  sim.bootstrap([{ name: 'node-1', cpu: '4', memory: '8Gi', pods: 110, labels: {}, taints: [] }]);
  podChurn(sim, 30);
  if (!seal) {
    recorder.flush();
    // What a SIGKILL leaves: the committed rows in the WAL, no seal, no fold back. The
    // connections are dropped without close() (which would build the index), by copying
    // the file and its WAL as they are now.
    for (const s of ['', '-wal']) if (fs.existsSync(rec.path + s)) fs.copyFileSync(rec.path + s, file.replace(/\.db$/, '-killed.db') + s);
    recorder.close({ complete: true, endTimeMs: 30_000 });
    rec.close();
    return;
  }
  recorder.close({ complete: true, endTimeMs: 30_000 });
  rec.close();
}

const indexes = (file: string): string => sqlite(file, "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name");

/** The readers' queries by object (history, the viewer's pods and verbs, events --kind, the grouped index). */
const QUERIES: ReadonlyArray<readonly [string, unknown[]]> = [
  ['SELECT seq, time_ms, verb, subresource, actor, reason, object FROM events WHERE kind = ? AND namespace IS ? AND name = ? ORDER BY seq', ['Pod', 'default', 'p3']],
  ['SELECT MAX(seq) FROM events WHERE kind = ? AND namespace IS ? AND name = ? AND seq < ?', ['Pod', 'default', 'p3', 100]],
  ['SELECT uid, object FROM events WHERE kind = ? AND namespace IS ? AND name = ? AND seq < ? ORDER BY seq DESC LIMIT 1', ['Pod', 'default', 'p3', 100]],
  ["SELECT seq, object FROM events WHERE kind = 'Pod' AND namespace = ? AND name = ? ORDER BY seq", ['default', 'p3']],
  ["SELECT COUNT(*) FROM (SELECT DISTINCT namespace, name FROM events WHERE kind = 'Pod')", []],
  ['SELECT seq, verb, uid, namespace, name, object FROM events WHERE kind = ? ORDER BY seq', ['Pod']],
  ['SELECT seq FROM events WHERE kind = ? AND namespace = ? AND name = ? ORDER BY seq', ['Pod', 'default', 'p3']],
  ['SELECT min(kind) FROM events WHERE kind > ?', ['Deployment']],
  ['SELECT kind, namespace, name, group_concat(seq) FROM events INDEXED BY events_object WHERE kind = ? GROUP BY namespace, name ORDER BY namespace, name', ['Pod']],
];

describe('events_object made at the seal', () => {
  const dir = tmpDir();
  const eager = path.join(dir, 'eager.db');
  const atSeal = path.join(dir, 'at-seal.db');
  const cut = path.join(dir, 'cut.db');
  const killed = path.join(dir, 'cut-killed.db');

  beforeAll(() => {
    record(eager, 'eager');
    record(atSeal, 'at-seal');
    record(cut, 'at-seal', false);
  });

  const withRec = <T>(file: string, f: (rec: Recording) => T, readonly = true): T => {
    const rec = Recording.open(file, { readonly });
    try {
      return f(rec);
    } finally {
      rec.close();
    }
  };
  const plans = (file: string): string[] =>
    withRec(file, (rec) => QUERIES.map(([sql, args]) => (rec.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as Array<{ detail: string }>).map((r) => r.detail).join('; ')));
  const answers = (file: string): unknown =>
    withRec(file, (rec) => {
      const idx = EventIndex.build(rec);
      const seqs = Array.from({ length: idx.length }, (_, i) => i + 1);
      return {
        verify: verifyRecording(rec).ok,
        index: seqs.map((s) => [idx.keys[idx.keyOf(s)], idx.verbOf(s), idx.timeOf(s), idx.causeOf(s)]),
        kinds: idx.kinds.map((_, k) => Array.from(idx.seqsOfKind(k))),
        history: objectHistory(rec, 'Pod', 'default', 'p3').map((v) => [v.seq, v.verb, v.object.metadata.labels]),
        previous: previousVersionSeq(rec, rec.lastSeq()),
        events: Array.from(rec.events({ kind: 'Pod', name: 'p4' }), (e) => e.seq),
      };
    });

  it('a sealed recording has the schema and rows an eager one has', () => {
    expect(indexes(atSeal)).toContain('events_object|CREATE INDEX events_object ON events(kind, namespace, name)');
    expect(indexes(atSeal)).toBe(indexes(eager));
    const rows = (f: string): string => sqlite(f, 'SELECT seq, hash, length(object), typeof(object) FROM events ORDER BY seq');
    expect(rows(atSeal)).toBe(rows(eager));
    expect(sqlite(atSeal, "SELECT value FROM meta WHERE key = 'head_hash'")).toBe(sqlite(eager, "SELECT value FROM meta WHERE key = 'head_hash'"));
    expect(sqlite(atSeal, 'PRAGMA integrity_check').trim()).toBe('ok');
  });

  it("the readers' queries by object have the same plans on both", () => {
    const seal = plans(atSeal);
    expect(seal).toEqual(plans(eager));
    expect(seal[0]).toContain('USING INDEX events_object');
  });

  it('a run cut before its seal has no events_object, and opens, verifies and answers the same', () => {
    expect(indexes(killed)).not.toContain('events_object');
    expect(indexes(killed)).toContain('events_light');
    expect(sqlite(killed, "SELECT count(*) FROM meta WHERE key = 'head_hash'").trim()).toBe('0');
    withRec(killed, (rec) => expect(rec.hasObjectIndex()).toBe(false));
    // The same writes up to the cut: the answers of the sealed recording of the same run.
    expect(answers(killed)).toEqual(answers(cut));
    expect(answers(cut)).toEqual(answers(eager));
  });

  it('a writable open of it makes the index; a read-only one leaves the file alone', () => {
    const copy = path.join(dir, 'reopened.db');
    for (const s of ['', '-wal']) if (fs.existsSync(killed + s)) fs.copyFileSync(killed + s, copy + s);
    withRec(copy, (rec) => expect(rec.hasObjectIndex()).toBe(false));
    expect(indexes(copy)).not.toContain('events_object');
    withRec(copy, (rec) => expect(rec.hasObjectIndex()).toBe(true), false);
    expect(indexes(copy)).toBe(indexes(eager));
  });
});
