import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Recorder } from '../../core/record/recorder.js';
import { Recording } from '../../core/record/recording.js';
import { verifyRecording } from '../../core/record/verify.js';
import { Simulation } from '../../core/sim/cluster.js';
import { bootstrapWrites, cli, deployment, makeSim, pod, tmpDir } from '../helpers.js';

function recordSome(file: string, batchSize = 2000): { head: string; count: number } {
  const rec = Recording.create(file, { source: 'simulation', name: 't', title: 't', seed: '1', epoch: '2026-01-01T00:00:00Z' });
  const sim = new Simulation({ seed: 1, epoch: '2026-01-01T00:00:00Z' });
  const recorder = new Recorder(rec, { batchSize });
  recorder.attach(sim.api.writes$);
  sim.bootstrap([]);
  sim.api.create(deployment('web'), { actor: 'kubectl' });
  for (let i = 0; i < 10; i++) sim.api.create(pod(`p${i}`), { actor: 'replicaset-controller', causeSeq: 1, reason: 'SuccessfulCreate', message: `Created pod: p${i}` });
  sim.api.delete('Pod', 'default', 'p3', { actor: 'kubectl' });
  recorder.close({ complete: true, endTimeMs: 1000 });
  rec.close();
  return { head: recorder.head, count: recorder.count };
}

describe('recorder', () => {
  it('writes every accepted write with the hash chain of DESIGN.md', () => {
    const file = path.join(tmpDir(), 'r.db');
    const { head, count } = recordSome(file);
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT * FROM events ORDER BY seq').all() as Array<Record<string, string | number | null>>;
    expect(rows).toHaveLength(count);
    let prev = '0'.repeat(64);
    for (const r of rows) {
      const text = [prev, r.seq, r.time_ms, r.verb, r.subresource ?? '', r.kind, r.namespace ?? '', r.name, r.resource_version, r.actor, r.cause_seq ?? '', r.object].join('\n');
      const h = createHash('sha256').update(text, 'utf8').digest('hex');
      expect(r.hash).toBe(h);
      prev = h;
    }
    expect(prev).toBe(head);
    const p1 = rows.find((r) => r.name === 'p1') as Record<string, unknown>;
    expect(p1).toMatchObject({ actor: 'replicaset-controller', cause_seq: 1, reason: 'SuccessfulCreate', message: 'Created pod: p1', api_version: 'v1', namespace: 'default' });
    const del = rows.at(-1) as Record<string, unknown>;
    expect(del).toMatchObject({ verb: 'delete', name: 'p3' });
    const meta = Object.fromEntries((db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>).map((m) => [m.key, m.value]));
    expect(meta).toMatchObject({ format: 'kubelapse-recording', schema_version: '5', complete: '1', end_time_ms: '1000', source: 'simulation' });
    db.close();
  });

  it('events rejects UPDATE and DELETE', () => {
    const file = path.join(tmpDir(), 'r.db');
    recordSome(file);
    const db = new Database(file);
    expect(() => db.prepare("UPDATE events SET actor = 'mallory' WHERE seq = 2").run()).toThrow(/events are immutable/);
    expect(() => db.prepare('DELETE FROM events WHERE seq = 2').run()).toThrow(/events are immutable/);
    expect(db.prepare('SELECT actor FROM events WHERE seq = 2').pluck().get()).toBe('kube-apiserver');
    db.close();
  });

  it('commits in batches: rows beyond the last full batch wait for flush', () => {
    const file = path.join(tmpDir(), 'r.db');
    const rec = Recording.create(file, { source: 'simulation' });
    const sim = new Simulation({ seed: 1, epoch: '2026-01-01T00:00:00Z' });
    const recorder = new Recorder(rec, { batchSize: 3 }).attach(sim.api.writes$);
    sim.bootstrap([]); // whole batches of 3 committed, the rest buffered
    const n = bootstrapWrites();
    expect(n % 3).not.toBe(0);
    const reader = new Database(file, { readonly: true });
    expect(reader.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(n - (n % 3));
    recorder.flush();
    expect(reader.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(n);
    reader.close();
    rec.close();
  });

  it('a write stream with a gap stops the recording with an error instead of a broken chain', () => {
    const file = path.join(tmpDir(), 'r.db');
    const rec = Recording.create(file, { source: 'simulation' });
    const sim = makeSim(); // bootstrap already wrote its seqs: the recorder sees the next first
    const recorder = new Recorder(rec).attach(sim.api.writes$);
    sim.api.create(pod('late'), { actor: 'kubectl' });
    expect(recorder.error?.message).toBe(`recorder: expected seq 1, got ${bootstrapWrites() + 1}`);
    recorder.close({ complete: true, endTimeMs: 0 });
    expect(rec.meta().complete).toBe('0');
    rec.close();
  });

  it('verify names the first tampered seq (tampered through a raw connection with the triggers dropped)', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'r.db');
    recordSome(file);
    const copy = path.join(dir, 'tampered.db');
    fs.copyFileSync(file, copy);
    const raw = new Database(copy);
    raw.exec('DROP TRIGGER events_immutable_update');
    // After the bootstrap: the Deployment, then p0 .. p9 (p4 the sixth write), p3's delete.
    const b = bootstrapWrites();
    const p4 = b + 6;
    raw.prepare(`UPDATE events SET object = replace(object, '"p4"', '"p4-evil"') WHERE seq = ${p4}`).run();
    raw.close();
    const ok = Recording.open(file);
    expect(verifyRecording(ok)).toMatchObject({ ok: true, events: b + 12 });
    ok.close();
    const bad = Recording.open(copy);
    const result = verifyRecording(bad);
    bad.close();
    expect(result.ok).toBe(false);
    expect(result.firstBad?.seq).toBe(p4);
    expect(result.events).toBe(p4 - 1);
    const out = cli(['verify', copy]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain(`FAILED at seq ${p4}: hash mismatch`);
  });

  it('verify notices a missing row', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'r.db');
    recordSome(file);
    const raw = new Database(file);
    raw.exec('DROP TRIGGER events_immutable_delete');
    raw.prepare('DELETE FROM events WHERE seq = 7').run();
    raw.close();
    const rec = Recording.open(file);
    expect(verifyRecording(rec).firstBad).toEqual({ seq: 7, problem: 'missing (next stored seq is 8)' });
    rec.close();
  });

  it('refuses files that are not recordings, naming them', () => {
    const dir = tmpDir();
    const plain = path.join(dir, 'plain.db');
    new Database(plain).exec('CREATE TABLE t (x)');
    expect(() => Recording.open(plain)).toThrow(`not a kubelapse recording: ${plain} (no meta table)`);
    const text = path.join(dir, 'notes.db');
    fs.writeFileSync(text, 'hello, not sqlite');
    expect(() => Recording.open(text)).toThrow(/cannot open recording .*notes\.db|not a kubelapse recording/);
    const r = cli(['verify', path.join(dir, 'missing.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('recording not found');
  });
});
