import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { Checkpoints } from '../../core/replay/checkpoints.js';
import { EventIndex } from '../../core/replay/event-index.js';
import { pod, recordedSim, tmpDir } from '../helpers.js';
import { recordingsDir } from '../viewer/fixtures.js';

/** Everything an index answers, by key text rather than key id (the two builds number keys differently). */
function dump(idx: EventIndex): unknown {
  const cps = new Checkpoints(idx, 3);
  return {
    length: idx.length,
    kinds: idx.kinds,
    rows: Array.from({ length: idx.length + 1 }, (_, s) => (idx.verbOf(s) === 0 ? null : [idx.keyAt(idx.keyOf(s)), idx.verbOf(s), idx.timeOf(s), idx.causeOf(s)])),
    byKind: idx.kinds.map((_, k) => Array.from(idx.seqsOfKind(k))),
    // each kind's live set (key order, versions) at every seq, from snapshots every 3 writes
    live: Array.from({ length: idx.length + 1 }, (_, s) =>
      idx.kinds.map((_, k) => {
        const l = cps.liveArrays(k, s);
        return [Array.from(l.keys, (id) => idx.keyAt(id)), Array.from(l.seqs)];
      }),
    ),
  };
}

const STORIES = ['node-failure', 'kube-system', 'drain-with-pdb', 'cronjob-concurrency'];

describe('the index built from grouped texts (schema 5) equals the one built row by row', () => {
  it('on shipped recordings: every seq, every kind, and every kind\'s live set at every seq', () => {
    const dir = recordingsDir(STORIES);
    for (const story of STORIES) {
      const rec = Recording.open(path.join(dir, `${story}.db`), { readonly: true });
      try {
        const grouped = EventIndex.build(rec);
        expect(grouped.keysInOrder, story).toBe(true); // it took the grouped path
        const rows = EventIndex.buildByRows(rec);
        expect(rows.keysInOrder).toBe(false);
        expect(dump(grouped), story).toEqual(dump(rows));
      } finally {
        rec.close();
      }
    }
  }, 120_000);

  it('keys SQLite and JS order differently, a null and an empty namespace, and a time that is not a whole number: the same answers', () => {
    const file = path.join(tmpDir(), 'r.db');
    const { sim, rec, recorder } = recordedSim(file, 1);
    for (const n of ['a', 'b', 'c']) sim.client('kubectl').create(pod(n));
    sim.runUntil(2000);
    recorder.close({ complete: true, endTimeMs: 2000 });
    rec.close();
    // Rows no simulation writes, added beside the recorded ones (the index reads no hash).
    const db = new Database(file);
    const add = db.prepare(
      "INSERT INTO events (seq, time_ms, verb, api_version, kind, namespace, name, uid, resource_version, actor, object, hash) VALUES (?, ?, ?, 'v1', ?, ?, ?, 'u', 1, 'x', '{}', 'h')",
    );
    const last = db.prepare('SELECT max(seq) FROM events').pluck(true).get() as number;
    // U+FF5E sorts after U+1F600's surrogates in JS (0xFF5E > 0xD83D) and before it in UTF-8 bytes.
    add.run(last + 1, 2100, 'create', 'ConfigMap', 'default', 'x\u{1F600}');
    add.run(last + 2, 2200, 'create', 'ConfigMap', 'default', 'x\uFF5E');
    add.run(last + 5, 2300, 'create', 'Namespace', null, 'same'); // a gap in seqs before it
    add.run(last + 6, 2400, 'update', 'Namespace', '', 'same');
    add.run(last + 7, 2500, 'delete', 'ConfigMap', 'default', 'x\uFF5E');
    db.close();
    // Built both ways, the two agree, and the grouped path is taken only when keysInOrder.
    const builtBothWays = (keysInOrder: boolean, check: (idx: EventIndex) => void = () => undefined): void => {
      const r = Recording.open(file, { readonly: true });
      try {
        const idx = EventIndex.build(r);
        expect(idx.keysInOrder).toBe(keysInOrder);
        expect(dump(idx)).toEqual(dump(EventIndex.buildByRows(r)));
        check(idx);
      } finally {
        r.close();
      }
    };
    builtBothWays(false); // out of JS order: indexed row by row
    // Without the out-of-order key the grouped path takes it, and still agrees (the two namespaces are one key).
    const db2 = new Database(file);
    db2.exec("DROP TRIGGER IF EXISTS events_immutable_delete; DELETE FROM events WHERE name = 'x\u{1F600}'");
    db2.close();
    builtBothWays(true, (idx) => expect(idx.kinds).toContain('Namespace'));
    // A time stored as a real number does not read back as a whole one: row by row again.
    const db3 = new Database(file);
    db3.prepare("INSERT INTO events (seq, time_ms, verb, api_version, kind, namespace, name, uid, resource_version, actor, object, hash) VALUES (?, 2600.5, 'create', 'v1', 'ConfigMap', 'default', 'late', 'u', 1, 'x', '{}', 'h')").run(last + 9);
    db3.close();
    builtBothWays(false, (idx) => expect(idx.timeOf(last + 9)).toBe(2600.5));
  });
});
