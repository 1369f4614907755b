import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { WriteEvent } from '../../core/api/types.js';
import { chainHash, GENESIS } from '../../core/record/hash.js';
import { Recorder } from '../../core/record/recorder.js';
import { Recording } from '../../core/record/recording.js';
import { SCHEMA_SQL } from '../../core/record/schema.js';
import { benchPod, statusPatch } from './workload.js';

/** The same rows for both sides, built before either clock starts. */
function makeWrites(n: number): WriteEvent[] {
  const out: WriteEvent[] = [];
  for (let seq = 1; seq <= n; seq++) {
    const pod = benchPod(seq % 1000) as Record<string, unknown>;
    Object.assign(pod, statusPatch(seq));
    (pod.metadata as Record<string, unknown>).resourceVersion = String(seq);
    const objectJson = JSON.stringify(pod);
    out.push({
      seq, timeMs: seq * 10, verb: 'update', subresource: 'status', apiVersion: 'v1', kind: 'Pod', namespace: 'default',
      name: (pod.metadata as { name: string }).name, uid: 'u', resourceVersion: seq, actor: 'kubelet/node-1', causeSeq: seq - 1 || null,
      reason: null, message: null, objectJson, object: pod as never,
    });
  }
  return out;
}

function fresh(file: string): void {
  for (const s of ['', '-wal', '-shm']) fs.rmSync(file + s, { force: true });
}

/** Raw better-sqlite3: prepared INSERT of the finished rows (hash included), 2 000 per transaction. */
function raw(file: string, writes: WriteEvent[], hashes: string[]): number {
  fresh(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA_SQL);
  const stmt = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const tx = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const e = writes[i] as WriteEvent;
      stmt.run(e.seq, e.timeMs, e.verb, e.subresource, e.apiVersion, e.kind, e.namespace, e.name, e.uid, e.resourceVersion, e.actor, e.causeSeq, e.reason, e.message, e.objectJson, hashes[i]);
    }
  });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < writes.length; i += 2000) tx(i, Math.min(i + 2000, writes.length));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  db.close();
  return ms;
}

/** The recorder: hash chain computed per row, batched transactions, as in a run. */
function recorded(file: string, writes: WriteEvent[]): number {
  const rec = Recording.create(file, { source: 'simulation' });
  const recorder = new Recorder(rec);
  const t0 = process.hrtime.bigint();
  for (const w of writes) recorder.append(w);
  recorder.flush();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  rec.close();
  return ms;
}

export function recorderThroughput(dir: string, n = 200_000): { rows: number; rawRowsPerSec: number; recorderRowsPerSec: number; ratio: number } {
  const writes = makeWrites(n);
  const hashes: string[] = [];
  let prev = GENESIS;
  for (const w of writes) {
    prev = chainHash(prev, { ...w, object: w.objectJson });
    hashes.push(prev);
  }
  let best = { raw: Infinity, rec: Infinity };
  // Alternate, three rounds, best of each: the two sides see the same disk and caches.
  for (let round = 0; round < 3; round++) {
    best.raw = Math.min(best.raw, raw(path.join(dir, 'raw.db'), writes, hashes));
    best.rec = Math.min(best.rec, recorded(path.join(dir, 'rec.db'), writes));
  }
  const rawRowsPerSec = n / (best.raw / 1000);
  const recorderRowsPerSec = n / (best.rec / 1000);
  best = { raw: 0, rec: 0 };
  return { rows: n, rawRowsPerSec, recorderRowsPerSec, ratio: recorderRowsPerSec / rawRowsPerSec };
}
