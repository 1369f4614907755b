import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { youngGenerationFlags } from '../../core/cli/young-generation.js';
import { BIN, cli, ROOT, tmpDir } from '../helpers.js';
import { childrenOf, running } from '../processes.js';
import { committedRows } from './committed-rows.js';

/** A scenario long enough to be killed mid-run: one scale every 50 ms for 50 virtual minutes. */
function longScenario(dir: string): string {
  const lines = [
    'apiVersion: kubelapse/v1',
    'kind: Scenario',
    'metadata: {name: long-run}',
    'spec:',
    '  duration: 60m',
    '  steps:',
    '    - {at: 0s, kubectl: create deployment web --image=nginx:1.27}',
  ];
  for (let i = 1; i <= 60_000; i++) lines.push(`    - {at: ${i * 50}ms, kubectl: scale deployment/web --replicas=${i % 7}}`);
  const file = path.join(dir, 'long-run.yaml');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/**
 * `kubelapse run` of the long scenario, once at least 4,000 rows are committed (some
 * batches in, the run far from done): the process, how it will end, and the rows seen.
 */
async function runUntilRows(dir: string, written = path.join(dir, 'long-run.db')): Promise<{ child: ChildProcessWithoutNullStreams; db: string; rows: number; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }> {
  const db = path.join(dir, 'long-run.db');
  const child = spawn(process.execPath, [BIN, 'run', longScenario(dir), '-o', db, '--quiet']);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let rows = 0;
  let finished = false;
  void exited.then(() => (finished = true));
  // Not the test's timeout: a run that never writes `written` must not outlive the test.
  const deadline = performance.now() + 40_000;
  while (!finished && rows < 4000 && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
    rows = committedRows(written);
  }
  if (rows < 4000) child.kill('SIGKILL');
  expect(finished, 'the run ended before it could be stopped: make the scenario longer').toBe(false);
  expect(rows, `rows committed in ${written}`).toBeGreaterThanOrEqual(4000);
  return { child, db, rows, exited };
}

describe('a run killed with SIGKILL', () => {
  it('leaves a recording that opens, verifies and says it is incomplete', async () => {
    const { child, db, rows, exited } = await runUntilRows(tmpDir());
    // `run` simulates in a child node (core/cli/young-generation.ts): a SIGKILL to the
    // process the user started ends that one too, within the child's 250 ms look.
    const relaunched = childrenOf(child.pid as number);
    if (youngGenerationFlags() !== undefined) expect(relaunched, 'the child node that simulates').toHaveLength(1);
    child.kill('SIGKILL');
    await exited;
    const deadline = performance.now() + 5_000;
    while (relaunched.some(running) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(relaunched.filter(running), 'still running after the SIGKILL').toEqual([]);
    const verify = cli(['verify', db]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/ok: \d+ events, hash chain intact/);
    expect(verify.stdout).toContain('INCOMPLETE');
    expect(verify.stdout).toContain('not sealed (the run was killed before closing)');
    expect(verify.stdout).toContain(`no object index (a run makes it at its seal): lookups by object scan the table; \`kubelapse index ${db}\` builds it`);
    const conn = new Database(db, { readonly: true });
    expect(conn.prepare("SELECT value FROM meta WHERE key = 'complete'").pluck().get()).toBe('0');
    // `run` makes events_object at the seal (Recording.create's 'at-seal'): a killed run has
    // none, and its readers answer by scanning (below: get, history, events by object).
    expect(conn.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'events_%' ORDER BY name").pluck().all()).toEqual(['events_light', 'events_time']);
    const count = conn.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
    expect(count).toBeGreaterThanOrEqual(rows);
    expect(count).toBeLessThan(60_002);
    conn.close();
    // What was recorded can still be replayed.
    const get = cli(['get', db, 'deployments']);
    expect(get.code).toBe(0);
    expect(get.stdout).toMatch(/^NAME\s+READY/);
    const history = cli(['history', db, 'deployment', 'web']);
    expect(history.code).toBe(0);
    expect(history.stdout).toContain('kubectl create');
    const events = cli(['events', db, '--kind', 'Deployment', '--name', 'web']);
    expect(events.code).toBe(0);
    expect(events.stdout).toMatch(/Deployment/);
  });
});

describe('kubelapse index on a run killed with SIGKILL', () => {
  it('builds the object index and folds the WAL back, changing no row, no meta and no answer; refuses while another process has the file open', async () => {
    const { child, db, exited } = await runUntilRows(tmpDir());
    const relaunched = childrenOf(child.pid as number);
    // While the run still appends: refused at once (not built under it, between its batches).
    const whileRunning = cli(['index', db]);
    expect(whileRunning.code, whileRunning.stderr).toBe(2);
    expect(whileRunning.stderr).toMatch(/^kubelapse: cannot index recording .*: another process has it open \(a run or `live` writing it, or a viewer reading it\); try again once it has closed\n$/);
    child.kill('SIGKILL');
    await exited;
    const deadline = performance.now() + 5_000;
    while (relaunched.some(running) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const indexes = (): unknown[] => {
      const conn = new Database(db, { readonly: true });
      try {
        return conn.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'events_%' ORDER BY name").pluck().all();
      } finally {
        conn.close();
      }
    };
    const metaOf = (): string => cli(['verify', db, '--json']).stdout.replace(/"objectIndex":(true|false),?/, '');
    const before = {
      verify: cli(['verify', db]).stdout,
      meta: metaOf(),
      history: cli(['history', db, 'deployment', 'web']),
      get: cli(['get', db, 'pods', '-A']),
      events: cli(['events', db, '--kind', 'Deployment', '--name', 'web']),
    };
    expect(before.history.code).toBe(0);
    expect(before.get.code).toBe(0);
    expect(before.verify).toContain('no object index');
    expect(indexes()).toEqual(['events_light', 'events_time']);
    const wal = fs.statSync(db + '-wal', { throwIfNoEntry: false })?.size ?? 0;

    // A viewer (or the run itself) still has the file open: refused at once, nothing built.
    const holder = new Database(db, { readonly: true });
    holder.prepare('SELECT COUNT(*) FROM events').pluck().get();
    const busy = cli(['index', db]);
    holder.close();
    expect(busy.code, busy.stderr).toBe(2);
    expect(busy.stderr.trim()).toBe(`kubelapse: cannot index recording ${db}: another process has it open (a run or \`live\` writing it, or a viewer reading it); try again once it has closed`);
    expect(indexes()).toEqual(['events_light', 'events_time']);

    const built = cli(['index', db]);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stdout).toMatch(new RegExp(`^${db.replace(/[.]/g, '\\.')}: built the object index over \\d+ events in \\d+\\.\\d\\d s${wal > 0 ? '; folded .*-wal back into the file' : ''}\n$`));
    expect(indexes()).toEqual(['events_light', 'events_object', 'events_time']);
    expect(fs.existsSync(db + '-wal'), 'the WAL folded back into the one file').toBe(false);
    // The same rows, chain, meta and seal state (still INCOMPLETE, still not sealed), and the same answers.
    const after = cli(['verify', db]).stdout;
    expect(after).toBe(before.verify.replace(/; no object index .*builds it/, ''));
    expect(after).toContain('INCOMPLETE');
    expect(after).toContain('not sealed (the run was killed before closing)');
    expect(metaOf()).toBe(before.meta);
    expect(cli(['history', db, 'deployment', 'web'])).toEqual(before.history);
    expect(cli(['get', db, 'pods', '-A'])).toEqual(before.get);
    expect(cli(['events', db, '--kind', 'Deployment', '--name', 'web'])).toEqual(before.events);
    const again = cli(['index', db]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`${db}: already indexed\n`);
  });
});

describe('a run interrupted with Ctrl-C', () => {
  it('keeps what it recorded, with the object index the seal would have made', async () => {
    const { child, db, rows, exited } = await runUntilRows(tmpDir());
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const relaunched = youngGenerationFlags() !== undefined;
    child.kill('SIGINT');
    // It ends by the Ctrl-C, as the shell must see it (young-generation.ts endAsChild).
    expect((await exited).signal).toBe('SIGINT');
    const conn = new Database(db, { readonly: true });
    try {
      expect(conn.prepare("SELECT value FROM meta WHERE key = 'complete'").pluck().get()).toBe('0');
      expect(conn.prepare("SELECT value FROM meta WHERE key = 'head_hash'").pluck().get()).toBeUndefined();
      const indexes = conn.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'events_%' ORDER BY name").pluck().all();
      // The process that waited for the simulating child made the index (interrupted-run.ts);
      // without a relaunch (KUBELAPSE_SEMI_SPACE=0) nothing is left to make it.
      if (relaunched) {
        expect(indexes).toEqual(['events_light', 'events_object', 'events_time']);
        expect(stderr).toMatch(/kubelapse run: interrupted: indexing the \d+ events kept in .*long-run\.db \(not sealed; Ctrl-C again to skip\)/);
        expect(fs.existsSync(db + '-wal'), 'the WAL folded back into the one file').toBe(false);
      } else expect(indexes).toEqual(['events_light', 'events_time']);
      expect(conn.prepare('SELECT COUNT(*) FROM events').pluck().get() as number).toBeGreaterThanOrEqual(rows);
    } finally {
      conn.close();
    }
    const verify = cli(['verify', db]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('INCOMPLETE');
    expect(verify.stdout).toContain('not sealed (the run was killed before closing)');
    if (relaunched) expect(verify.stdout).not.toContain('no object index');
    const history = cli(['history', db, 'deployment', 'web']);
    expect(history.code).toBe(0);
    expect(history.stdout).toContain('kubectl create');
  });
});

describe('a re-run over a sealed recording', () => {
  it('interrupted with Ctrl-C leaves the older recording as it was and its own rows beside it, indexed', async () => {
    const dir = tmpDir();
    const db = path.join(dir, 'long-run.db');
    const partial = `${db}.partial`;
    const old = cli(['run', path.join(ROOT, 'recordings', 'api-basics.yaml'), '-o', db, '-q']);
    expect(old.code, old.stderr).toBe(0);
    const oldVerify = cli(['verify', db]);
    expect(oldVerify.stdout).toMatch(/ok: \d+ events, hash chain intact, head [0-9a-f]{64}; complete; sealed/);
    const oldBytes = fs.readFileSync(db);

    const { child, rows, exited } = await runUntilRows(dir, partial);
    onTestFinished(() => void child.kill('SIGKILL'));
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // A second run of the same output meanwhile is refused: the first one is writing it.
    const second = cli(['run', path.join(ROOT, 'recordings', 'api-basics.yaml'), '-o', db, '-q']);
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr.trim()).toBe(`kubelapse: cannot write recording ${db}: another process has ${partial} open (a run or \`live\` writing it, or a viewer reading it); it is left as it is`);
    child.kill('SIGINT');
    expect((await exited).signal).toBe('SIGINT');

    // The older recording: the same bytes, the same head, still complete and sealed.
    expect(fs.readFileSync(db).equals(oldBytes), 'the older recording is byte for byte as it was').toBe(true);
    expect(cli(['verify', db]).stdout).toBe(oldVerify.stdout);
    // The interrupted run's rows: kept beside it, findable by the name the line gives.
    if (youngGenerationFlags() !== undefined) {
      expect(stderr).toContain(`kubelapse run: interrupted: indexing the `);
      expect(stderr).toContain(` events kept in ${partial} (not sealed; the recording already at ${db} is untouched; Ctrl-C again to skip)`);
    }
    expect(committedRows(partial)).toBeGreaterThanOrEqual(rows);
    const verify = cli(['verify', partial]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('INCOMPLETE');
    expect(verify.stdout).toContain('not sealed (the run was killed before closing)');
    const history = cli(['history', partial, 'deployment', 'web']);
    expect(history.code).toBe(0);
    expect(history.stdout).toContain('kubectl create');
    expect(cli(['index', partial]).code).toBe(0);

    // A re-run that ends replaces the older recording and takes its partial file's place.
    const rerun = cli(['run', path.join(ROOT, 'recordings', 'api-basics.yaml'), '-o', db, '-q', '--seed', '12345']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(fs.existsSync(partial), 'the partial file became the recording').toBe(false);
    const now = cli(['verify', db]);
    expect(now.stdout).toMatch(/complete; sealed/);
    expect(now.stdout).not.toBe(oldVerify.stdout);
  });
});

describe('a run whose output another process is writing', () => {
  it('is refused in one line, and the other run goes on with its file', async () => {
    const dir = tmpDir();
    const { child, db, exited } = await runUntilRows(dir);
    onTestFinished(() => void child.kill('SIGKILL'));
    const ino = fs.statSync(db).ino;
    const r = cli(['run', path.join(ROOT, 'recordings', 'api-basics.yaml'), '-o', db, '-q']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe(`kubelapse: cannot write recording ${db}: another process has it open (a run or \`live\` writing it, or a viewer reading it); it is left as it is\n`);
    expect(fs.existsSync(`${db}.partial`)).toBe(false);
    // The first run still writes the same file: its rows keep growing there.
    const seen = committedRows(db);
    const deadline = performance.now() + 10_000;
    while (committedRows(db) <= seen && performance.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    expect(committedRows(db)).toBeGreaterThan(seen);
    expect(fs.statSync(db).ino).toBe(ino);
    child.kill('SIGINT');
    await exited;
  });
});
