import Database from 'better-sqlite3';
import path from 'node:path';
import { loadScenario } from '../../core/scenario/parse.js';
import { runScenario, type RunResult } from '../../core/scenario/runner.js';
import { ROOT, tmpDir } from '../helpers.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- recorded objects are open JSON */

/** One row of `events`, as the acceptance tests read it. */
export interface Row {
  seq: number;
  time_ms: number;
  verb: string;
  subresource: string | null;
  kind: string;
  namespace: string | null;
  name: string;
  uid: string;
  actor: string;
  cause_seq: number | null;
  reason: string | null;
  message: string | null;
  object: string;
}

export interface Story {
  result: RunResult;
  /** The recording's path. */
  file: string;
  /** The recording, open read-only. */
  db: Database.Database;
  rows: Row[];
  bySeq: Map<number, Row>;
  /** A row's object, parsed. */
  obj(r: Row | undefined): any;
}

/** A shipped story recorded fresh from recordings/<name>.yaml, its rows read back from the file. */
export function recordStory(name: string): Story {
  const out = path.join(tmpDir(), `${name}.db`);
  const result = runScenario(loadScenario(path.join(ROOT, 'recordings', `${name}.yaml`)), { output: out });
  const db = new Database(out, { readonly: true });
  const rows = db.prepare('SELECT seq, time_ms, verb, subresource, kind, namespace, name, uid, actor, cause_seq, reason, message, object FROM events ORDER BY seq').all() as Row[];
  return { result, file: out, db, rows, bySeq: new Map(rows.map((r) => [r.seq, r])), obj: (r) => JSON.parse(r?.object ?? '{}') };
}
