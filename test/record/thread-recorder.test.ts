import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { batchBuffersMade } from '../../core/record/batch-bytes.js';
import { Recorder } from '../../core/record/recorder.js';
import { Recording } from '../../core/record/recording.js';
import { verifyRecording } from '../../core/record/verify.js';
import { loadScenario, parseScenario } from '../../core/scenario/parse.js';
import { runScenario } from '../../core/scenario/runner.js';
import { Simulation } from '../../core/sim/cluster.js';
import { deployment, pod, ROOT, tmpDir } from '../helpers.js';
import { LOGS_SCENARIO } from './logs-fixture.js';

/** Every row of every table the recorder writes, and the seal, as text: what two recordings must share. */
function dump(file: string): Record<string, unknown> {
  const db = new Database(file, { readonly: true });
  try {
    const all = (sql: string): unknown[] => db.prepare(sql).raw(true).all();
    return {
      events: all('SELECT * FROM events ORDER BY seq'),
      // The worker binds the object as bytes and CASTs them to TEXT (recording.ts INSERT_SQL.eventBytes): the same characters and the same stored bytes.
      objectBytes: all('SELECT seq, length(object), hex(object) FROM events ORDER BY seq'),
      types: all('SELECT typeof(seq), typeof(time_ms), typeof(resource_version), typeof(cause_seq), typeof(object), count(*) FROM events GROUP BY 1, 2, 3, 4, 5'),
      markers: all('SELECT * FROM markers ORDER BY id'),
      logs: all('SELECT * FROM logs ORDER BY id'),
      meta: all("SELECT key, value FROM meta WHERE key NOT IN ('generator') ORDER BY key"),
    };
  } finally {
    db.close();
  }
}

/** Writes of every shape the row bytes carry: NULL and set subresource, namespace, cause, reason and message; text past ASCII. */
function writeSome(sim: Simulation, pods: number): void {
  sim.bootstrap([]);
  sim.api.create(deployment('web'), { actor: 'kubectl' });
  for (let i = 0; i < pods; i++) {
    const p = pod(`p${i}`);
    p.metadata.annotations = { note: i % 3 === 0 ? 'grüße, 日本 \u2028 "q"' : 'plain' };
    sim.api.create(p, {
      actor: 'replicaset-controller',
      causeSeq: 1,
      reason: 'SuccessfulCreate',
      message: i % 2 === 0 ? `Created pod: p${i} ✓ 🚀` : null,
    });
  }
  sim.api.delete('Pod', 'default', 'p3', { actor: 'kubectl' });
}

function recordWith(file: string, thread: boolean, batchSize: number, pods = 25): Recorder {
  const rec = Recording.create(file, { source: 'simulation', name: 't', title: 't', seed: '1', epoch: '2026-01-01T00:00:00Z' });
  const sim = new Simulation({ seed: 1, epoch: '2026-01-01T00:00:00Z' });
  const recorder = new Recorder(rec, { batchSize, thread }).attach(sim.api.writes$);
  writeSome(sim, pods);
  recorder.addMarker({ timeMs: 0, seq: 2, kind: 'chapter', title: 'Begin «ç»', body: null });
  recorder.close({ complete: true, endTimeMs: 1000 });
  rec.close();
  return recorder;
}

describe('the recorder in a worker thread', () => {
  it('writes the same rows, hashes, causes and seal as the in-thread recorder, batch by batch', () => {
    const dir = tmpDir();
    for (const batchSize of [1, 3, 2000]) {
      const inline = recordWith(path.join(dir, `inline-${batchSize}.db`), false, batchSize);
      const thread = recordWith(path.join(dir, `thread-${batchSize}.db`), true, batchSize);
      expect(thread.count).toBe(inline.count);
      expect(thread.head).toBe(inline.head);
      const a = dump(path.join(dir, `inline-${batchSize}.db`));
      const b = dump(path.join(dir, `thread-${batchSize}.db`));
      expect(b).toEqual(a);
      expect((a.events as unknown[]).length).toBeGreaterThan(25);
    }
  });

  it('records a scenario with markers and container logs exactly as `kubelapse run` did before', () => {
    const dir = tmpDir();
    const scenario = parseScenario(LOGS_SCENARIO, path.join(dir, 'logs-story.yaml'));
    const a = runScenario(scenario, { output: path.join(dir, 'inline.db') });
    const b = runScenario(scenario, { output: path.join(dir, 'thread.db'), recordInThread: true });
    expect(b.head).toBe(a.head);
    expect(b.events).toBe(a.events);
    const da = dump(path.join(dir, 'inline.db'));
    expect((da.logs as unknown[]).length).toBeGreaterThan(10);
    expect(dump(path.join(dir, 'thread.db'))).toEqual(da);
  });

  it('records a shipped story with the same final hash', () => {
    const dir = tmpDir();
    const scenario = loadScenario(path.join(ROOT, 'recordings', 'pod-loss-recovery.yaml'));
    const a = runScenario(scenario, { output: path.join(dir, 'inline.db') });
    const b = runScenario(scenario, { output: path.join(dir, 'thread.db'), recordInThread: true });
    expect(b.head).toBe(a.head);
    expect(dump(path.join(dir, 'thread.db'))).toEqual(dump(path.join(dir, 'inline.db')));
  });

  it('fills the buffers of committed batches again: 150 batches make at most four buffers, and the file is the same', () => {
    const dir = tmpDir();
    const inline = recordWith(path.join(dir, 'inline.db'), false, 1, 150);
    const before = batchBuffersMade;
    const thread = recordWith(path.join(dir, 'thread.db'), true, 1, 150);
    // The one handed over, two in flight, one to fill (append-thread.ts `spare`): a new buffer a batch would be 150.
    expect(thread.count).toBeGreaterThan(150);
    expect(batchBuffersMade - before).toBeLessThanOrEqual(4);
    expect(thread.head).toBe(inline.head);
    expect(dump(path.join(dir, 'thread.db'))).toEqual(dump(path.join(dir, 'inline.db')));
  });

  it('a flush returns only once its rows are in the file, for any other reader', () => {
    const file = path.join(tmpDir(), 'r.db');
    const rec = Recording.create(file, { source: 'simulation', epoch: '2026-01-01T00:00:00Z' });
    const sim = new Simulation({ seed: 1, epoch: '2026-01-01T00:00:00Z' });
    const recorder = new Recorder(rec, { batchSize: 7, thread: true }).attach(sim.api.writes$);
    writeSome(sim, 12);
    recorder.flush();
    const reader = new Database(file, { readonly: true });
    expect(reader.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(recorder.count);
    expect(reader.prepare('SELECT hash FROM events ORDER BY seq DESC LIMIT 1').pluck().get()).toBe(recorder.head);
    reader.close();
    recorder.close({ complete: true, endTimeMs: 5 });
    rec.close();
    expect(verifyRecording(Recording.open(file)).ok).toBe(true);
  });

  it('a failure in the worker stops the recording with a clear error, keeping every batch before it, sealed and verifiable', () => {
    const file = path.join(tmpDir(), 'r.db');
    const rec = Recording.create(file, { source: 'simulation', epoch: '2026-01-01T00:00:00Z' });
    const sim = new Simulation({ seed: 1, epoch: '2026-01-01T00:00:00Z' });
    const recorder = new Recorder(rec, { batchSize: 5, thread: true }).attach(sim.api.writes$);
    sim.bootstrap([]);
    sim.api.create(deployment('web'), { actor: 'kubectl' });
    recorder.flush();
    const before = recorder.count;
    expect(before).toBeGreaterThan(0);
    recorder.failNext = 'disk on fire';
    for (let i = 0; i < 30; i++) sim.api.create(pod(`p${i}`), { actor: 'kubectl' });
    // The failure is seen when the next batch is handed over, and the recorder stops there.
    expect(recorder.error?.message).toBe('recorder worker: disk on fire');
    expect(() => recorder.close({ complete: true, endTimeMs: 9 })).toThrow('recorder worker: disk on fire');
    rec.close();
    const check = Recording.open(file);
    const v = verifyRecording(check);
    expect(v.ok).toBe(true);
    const meta = check.meta();
    expect(meta).toMatchObject({ complete: '0', event_count: String(before), error: 'recorder worker: disk on fire' });
    expect(check.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(before);
    expect(check.db.prepare('SELECT hash FROM events ORDER BY seq DESC LIMIT 1').pluck().get()).toBe(meta.head_hash);
    check.close();
    expect(fs.existsSync(file + '-wal')).toBe(false);
  });
});
