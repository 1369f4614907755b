import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, sqlite, tmpDir } from '../helpers.js';
import { recordLogsStory } from './logs-fixture.js';

/** The recording's logs table (schema_version 3), its seal, and `kubelapse logs`. */
describe('container logs in a recording', () => {
  let dir: string;
  let db: string;
  let summary: string;
  beforeAll(() => {
    dir = tmpDir();
    ({ db, stdout: summary } = recordLogsStory(dir));
  });
  const lines = (where: string): string[] => sqlite(db, `SELECT line FROM logs WHERE ${where} ORDER BY id`).trim().split('\n');

  it('stores what each process wrote, in its own table, queryable with SQL', () => {
    expect(lines("pod = 'two' AND container = 'a'")).toEqual([
      'starting nginx:1.27',
      'listening on :80',
      'ready: accepting requests',
      'served 198 requests in the last 10s',
      'served 200 requests in the last 10s',
      'served 200 requests in the last 10s',
      'served 200 requests in the last 10s',
      'received SIGTERM',
      'draining connections for 2s',
      'exiting with code 0',
    ]);
    expect(lines("pod LIKE 'batch-%'")).toEqual(['starting busybox:1.36', 'work done', 'exiting with code 0']);
    // The crash goes to stderr with its exit code; the next run is restart 1.
    const crash = sqlite(db, "SELECT restart, stream, line FROM logs WHERE pod LIKE 'crashy-%' ORDER BY id LIMIT 4").trim().split('\n');
    expect(crash).toEqual(['0|stdout|starting busybox:1.36', '0|stderr|fatal: crashed after 8s (kubelapse/crash-after)', '0|stderr|exiting with code 3', '1|stdout|starting busybox:1.36 (restart 1)']);
    // seq_after places each line in the event order: "listening" after "starting", before the SIGTERM's delete.
    const [start, sigterm] = sqlite(db, "SELECT seq_after FROM logs WHERE pod = 'two' AND container = 'a' AND line IN ('starting nginx:1.27', 'received SIGTERM') ORDER BY id").trim().split('\n').map(Number);
    const deleteSeq = Number(sqlite(db, "SELECT MIN(seq) FROM events WHERE kind = 'Pod' AND name = 'two' AND json_extract(object, '$.metadata.deletionTimestamp') IS NOT NULL").trim());
    expect(start).toBeLessThan(deleteSeq);
    expect(sigterm).toBeGreaterThanOrEqual(deleteSeq);
    expect(() => sqlite(db, 'DELETE FROM logs WHERE id = 1')).toThrow(/logs are immutable/);
  });

  it('the same scenario and seed give byte-identical logs, and the final event hash ignores them', () => {
    const again = recordLogsStory(tmpDir(), 'again');
    const dump = (f: string) => sqlite(f, 'SELECT * FROM logs ORDER BY id; SELECT key, value FROM meta WHERE key LIKE \'log_%\'');
    expect(dump(again.db)).toBe(dump(db));
    expect(/final hash (\w+)/.exec(again.stdout)?.[1]).toBe(/final hash (\w+)/.exec(summary)?.[1]);
  });

  it('verify holds the lines to the seal: a line changed, cut or added fails it', () => {
    const v = cli(['verify', db]);
    expect(v.code).toBe(0);
    const n = sqlite(db, 'SELECT count(*) FROM logs').trim();
    expect(v.stdout).toContain(`; ${n} log lines match the seal`);
    const tamper = (name: string, sql: string): string => {
      const copy = path.join(dir, `${name}.db`);
      fs.copyFileSync(db, copy);
      const conn = new Database(copy);
      conn.exec('DROP TRIGGER logs_immutable_update; DROP TRIGGER logs_immutable_delete;');
      conn.exec(sql);
      conn.close();
      const r = cli(['verify', copy]);
      expect(r.code).toBe(1);
      return r.stdout;
    };
    expect(tamper('changed', "UPDATE logs SET line = 'all good' WHERE line LIKE 'fatal:%' AND id = (SELECT MIN(id) FROM logs WHERE line LIKE 'fatal:%')")).toMatch(/FAILED: logs: head hash \w+… differs from the sealed \w+…/);
    expect(tamper('cut', 'DELETE FROM logs WHERE id = (SELECT MAX(id) FROM logs)')).toContain(`FAILED: logs: sealed with ${n} lines, ${Number(n) - 1} present`);
    expect(tamper('hole', 'DELETE FROM logs WHERE id = 3')).toContain('FAILED: log line 3 missing (next stored id is 4)');
  });

  it('kubelapse logs shows the current run at a moment, --previous the run before, --tail and --timestamps as kubectl', () => {
    const pod = sqlite(db, "SELECT DISTINCT pod FROM logs WHERE pod LIKE 'crashy-%'").trim();
    // At 20 s the second run (restart 1) has crashed and waits in back-off.
    const at20 = cli(['logs', db, pod, '--at', '20s']);
    expect(at20.code, at20.stderr).toBe(0);
    expect(at20.stdout).toBe('starting busybox:1.36 (restart 1)\nfatal: crashed after 8s (kubelapse/crash-after)\nexiting with code 3\n');
    // At 12 s the second run has just started: its line only; --previous is the first run.
    expect(cli(['logs', db, pod, '--at', '12s']).stdout).toBe('starting busybox:1.36 (restart 1)\n');
    expect(cli(['logs', db, pod, '--at', '12s', '--previous', '--tail', '1']).stdout).toBe('exiting with code 3\n');
    expect(cli(['logs', db, pod, '--at', '12s', '--previous', '--timestamps', '--tail', '1']).stdout).toBe('2026-01-01T00:00:10.404000000Z exiting with code 3\n');
    // Before the first crash there is no previous run: the kubelet's words.
    const none = cli(['logs', db, pod, '--at', '5s', '--previous']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(new RegExp(`^kubelapse: previous terminated container "app" in pod "${pod}" not found \\(at 0:05\\.0, seq \\d+\\)\n$`));
  });

  it('--at takes an event seq: a line written after that event is there from the next one on', () => {
    const seq = Number(sqlite(db, "SELECT seq_after FROM logs WHERE pod = 'two' AND line = 'listening on :80'").trim());
    expect(cli(['logs', db, 'two', '-c', 'a', '--at', String(seq)]).stdout).toBe('starting nginx:1.27\n');
    expect(cli(['logs', db, 'two', '-c', 'a', '--at', String(seq + 1)]).stdout).toBe('starting nginx:1.27\nlistening on :80\n');
  });

  it('a pod with two containers: the first by default, with kubectl\'s note; -c picks; an unknown pod or container is named with the near ones', () => {
    const first = cli(['logs', db, 'two', '--at', '5s']);
    expect(first.stdout).toBe('starting nginx:1.27\nlistening on :80\n');
    expect(first.stderr).toBe('Defaulted container "a" out of: a, b\n');
    expect(cli(['logs', db, 'two', '-c', 'b', '--at', '6s']).stdout).toBe('starting busybox:1.36\nlistening on :8080\n');
    const typo = cli(['logs', db, 'crashy']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^kubelapse: pod "crashy" not found in namespace default \(at 1:10\.0, seq \d+\); did you mean: crashy-\w+-\w+\n$/);
    const c = cli(['logs', db, 'two', '-c', 'nope', '--at', '5s']);
    expect(c.code).toBe(2);
    expect(c.stderr).toBe('kubelapse: container nope is not valid for pod two (containers: a, b)\n');
    // A container still being created has no run yet.
    const early = cli(['logs', db, 'two', '-c', 'b', '--at', '3s']);
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/^kubelapse: container "b" in pod "two" is waiting to start: ContainerCreating \(at 0:03\.0, seq \d+\)\n$/);
  });

  it('a pod deleted by then still shows its last run, with a note', () => {
    const r = cli(['logs', db, 'two', '-c', 'a', '--tail', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('draining connections for 2s\nexiting with code 0\n');
    expect(r.stderr).toMatch(/^kubelapse logs: pod two no longer exists at 1:10\.0, seq \d+: its last run's lines\n$/);
  });

  it('a recording made before logs (schema_version 2, no logs table) opens, verifies, and says it has no lines', () => {
    const old = path.join(dir, 'old.db');
    fs.copyFileSync(db, old);
    const conn = new Database(old);
    conn.exec("DROP TABLE logs; UPDATE meta SET value = '2' WHERE key = 'schema_version'; DELETE FROM meta WHERE key IN ('log_count', 'log_head'); UPDATE meta SET value = 'kubelapse 0.6.0' WHERE key = 'generator';");
    conn.close();
    const v = cli(['verify', old]);
    expect(v.code).toBe(0);
    expect(v.stdout).not.toContain('log line');
    const r = cli(['logs', old, 'two']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`kubelapse logs: ${old} has no logs table (schema_version 2: recorded by kubelapse 0.6.0 before container logs were kept), so there are no lines to show\n`);
  });
});
