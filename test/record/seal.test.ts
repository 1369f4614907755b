import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { chainHash } from '../../core/record/hash.js';
import { cli, ROOT, sqlite, tmpDir } from '../helpers.js';

/** A finished recording of a shipped story, and the head hash its summary line printed. */
function recordStory(dir: string, name = 'story'): { db: string; head: string; events: number } {
  const db = path.join(dir, `${name}.db`);
  const r = cli(['run', path.join(ROOT, 'recordings', 'label-change.yaml'), '-o', db, '-q']);
  expect(r.code).toBe(0);
  const m = /: (\d+) events, .* final hash ([0-9a-f]{64})/.exec(r.stdout);
  expect(m, r.stdout).not.toBeNull();
  return { db, head: (m as RegExpExecArray)[2] as string, events: Number((m as RegExpExecArray)[1]) };
}

/** What a determined editor does first: the append-only triggers go, then rows. */
function edit(db: string, sql: string): void {
  const conn = new Database(db);
  conn.exec('DROP TRIGGER events_immutable_update; DROP TRIGGER events_immutable_delete;');
  conn.exec(sql);
  conn.close();
}

describe('the seal written when a recording closes (schema_version 2)', () => {
  let dir: string;
  let story: { db: string; head: string; events: number };
  beforeAll(() => {
    dir = tmpDir();
    story = recordStory(dir);
  });

  it('records the event count and the head hash the run printed', () => {
    expect(sqlite(story.db, "SELECT value FROM meta WHERE key='schema_version'").trim()).toBe('5');
    expect(sqlite(story.db, "SELECT value FROM meta WHERE key='event_count'").trim()).toBe(String(story.events));
    expect(sqlite(story.db, "SELECT value FROM meta WHERE key='head_hash'").trim()).toBe(story.head);
    const v = cli(['verify', story.db]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain(`ok: ${story.events} events, hash chain intact, head ${story.head}; complete; sealed with ${story.events} events`);
  });

  it('finds the last rows deleted from a complete recording, naming the missing seqs', () => {
    const db = path.join(dir, 'cut.db');
    fs.copyFileSync(story.db, db);
    edit(db, `DELETE FROM events WHERE seq > ${story.events - 3}`);
    const v = cli(['verify', db]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(`FAILED: truncated: sealed with ${story.events} events, 3 missing (seq ${story.events - 2}-${story.events})`);
    const json = JSON.parse(cli(['verify', db, '--json']).stdout);
    expect(json).toMatchObject({ ok: false, events: story.events - 3, seal: { sealed: true, events: story.events }, objectIndex: true });
  });

  it('finds a row appended after the seal, even one chained correctly', () => {
    const db = path.join(dir, 'appended.db');
    fs.copyFileSync(story.db, db);
    // A copy of the last row under the next seq, its hash recomputed: the chain alone accepts it.
    const conn = new Database(db);
    conn.exec('DROP TRIGGER events_immutable_update; DROP TRIGGER events_immutable_delete;');
    const last = conn.prepare('SELECT * FROM events ORDER BY seq DESC LIMIT 1').get() as Record<string, unknown>;
    conn.close();
    const row = { ...last, seq: story.events + 1 } as Record<string, unknown>;
    const hash = chainHash(story.head, {
      seq: row.seq as number, timeMs: row.time_ms as number, verb: row.verb as string, subresource: row.subresource as string | null,
      kind: row.kind as string, namespace: row.namespace as string | null, name: row.name as string,
      resourceVersion: row.resource_version as number, actor: row.actor as string, causeSeq: row.cause_seq as number | null, object: row.object as string,
    });
    const c2 = new Database(db);
    c2.prepare('INSERT INTO events SELECT ?, time_ms, verb, subresource, api_version, kind, namespace, name, uid, resource_version, actor, cause_seq, reason, message, object, ? FROM events WHERE seq = ?').run(story.events + 1, hash, story.events);
    c2.close();
    const v = cli(['verify', db]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(`FAILED: 1 event added after the recording was sealed with ${story.events} (seq ${story.events + 1})`);
  });

  it('--expect checks the head against a hash kept outside the file, whole or by a 12-digit prefix', () => {
    expect(cli(['verify', story.db, '--expect', story.head]).code).toBe(0);
    const prefix = cli(['verify', story.db, '--expect', story.head.slice(0, 12).toUpperCase()]);
    expect(prefix.code).toBe(0);
    expect(prefix.stdout).toContain('matches the expected head');
    const wrong = cli(['verify', story.db, '--expect', '0123456789ab']);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain(`FAILED: head ${story.head} is not the expected 0123456789ab`);
    const bad = cli(['verify', story.db, '--expect', 'xyz']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('kubelapse: --expect: invalid hash "xyz": 12 to 64 hex digits of the head hash\n');
  });

  it('an editor who also rewrites the seal is caught only by --expect: the threat model docs/recording-format.md states', () => {
    const db = path.join(dir, 'resealed.db');
    fs.copyFileSync(story.db, db);
    edit(db, `DELETE FROM events WHERE seq > ${story.events - 1}`);
    const newHead = sqlite(db, 'SELECT hash FROM events ORDER BY seq DESC LIMIT 1').trim();
    const conn = new Database(db);
    conn.prepare("UPDATE meta SET value = ? WHERE key = 'event_count'").run(String(story.events - 1));
    conn.prepare("UPDATE meta SET value = ? WHERE key = 'head_hash'").run(newHead);
    conn.close();
    expect(cli(['verify', db]).code).toBe(0);
    expect(cli(['verify', db, '--expect', story.head]).code).toBe(1);
  });

  it('a schema_version 1 recording still opens, replays and verifies, and says it cannot be checked for truncation', () => {
    const db = path.join(dir, 'old.db');
    fs.copyFileSync(story.db, db);
    const conn = new Database(db);
    conn.exec("UPDATE meta SET value = '1' WHERE key = 'schema_version'; DELETE FROM meta WHERE key IN ('event_count', 'head_hash');");
    conn.close();
    const v = cli(['verify', db]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('not sealed (schema_version 1): rows lost from the end would not show; check with --expect <head hash>');
    const get = cli(['get', db, 'deployments']);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/web\s+3\/3/);
  });

  it('a file of a schema version this kubelapse does not know is refused, naming both', () => {
    const db = path.join(dir, 'future.db');
    fs.copyFileSync(story.db, db);
    const conn = new Database(db);
    conn.exec("UPDATE meta SET value = '9' WHERE key = 'schema_version'");
    conn.close();
    const v = cli(['verify', db]);
    expect(v.code).toBe(2);
    expect(v.stderr).toBe(`kubelapse: unsupported schema_version "9" in ${db} (this kubelapse reads 1, 2, 3, 4 and 5)\n`);
  });
});
