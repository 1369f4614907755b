import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { BIN, cli, ROOT, tmpDir } from '../helpers.js';
import { childrenOf, running } from '../processes.js';
import { committedRows } from './committed-rows.js';

/** A scenario no test waits out: one scale every 50 ms for 60 virtual minutes. */
function endlessScenario(dir: string): string {
  const lines = ['apiVersion: kubelapse/v1', 'kind: Scenario', 'metadata: {name: endless}', 'spec:', '  duration: 60m', '  steps:', '    - {at: 0s, kubectl: create deployment web --image=nginx:1.27}'];
  for (let i = 1; i <= 60_000; i++) lines.push(`    - {at: ${i * 50}ms, kubectl: scale deployment/web --replicas=${i % 7}}`);
  const file = path.join(dir, 'endless.yaml');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

interface Run {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
  done: () => boolean;
}

function startRun(args: string[]): Run {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
  let err = '';
  let finished = false;
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout?.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  void exited.then(() => (finished = true));
  onTestFinished(() => {
    if (!finished) child.kill('SIGKILL');
  });
  return { child, stderr: () => err, exited, done: () => finished };
}

function bytesOf(file: string): string {
  return fs.existsSync(file) ? crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'absent';
}

/** A process that holds `file` with SQLite as `script` leaves it (a JS body given `d`, the connection), until killed. */
async function holder(file: string, script: string): Promise<ChildProcess> {
  const body = `const D = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'better-sqlite3'))}); const d = new D(${JSON.stringify(file)}); ${script}; console.log('held'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', body]);
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
  return child;
}

/** A first run of the endless scenario at `db`, killed with SIGKILL once rows are committed: its file, -wal and -shm stay. */
async function killedRun(dir: string, db: string): Promise<void> {
  const run = startRun(['run', endlessScenario(dir), '-o', db, '--quiet']);
  const deadline = performance.now() + 40_000;
  while (!run.done() && committedRows(db) < 2000 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  // `run` simulates in a child node (core/cli/young-generation.ts), which ends within its
  // 250 ms look once the process the user started is killed: the file is free after that.
  const simulating = childrenOf(run.child.pid as number);
  run.child.kill('SIGKILL');
  await run.exited;
  // Its main thread ends first (a zombie): its threads, the one that writes SQLite among
  // them, end a moment later, and with them its locks on the file.
  const holds = (pid: number): boolean => fs.readFileSync('/proc/locks', 'utf8').split('\n').some((l) => l.trim().split(/\s+/)[4] === String(pid));
  const gone = performance.now() + 10_000;
  while ((simulating.some(running) || simulating.some(holds)) && performance.now() < gone) await new Promise((r) => setTimeout(r, 50));
  expect(simulating.filter(running), 'still running after the SIGKILL').toEqual([]);
  expect(simulating.filter(holds), 'still holding locks after the SIGKILL').toEqual([]);
  expect(committedRows(db)).toBeGreaterThanOrEqual(2000);
  expect(fs.statSync(db + '-wal').size, 'a killed run leaves its -wal').toBeGreaterThan(0);
}

const REFUSED = /^kubelapse: cannot write recording (.*): another process (has it open \(a run or `live` writing it, or a viewer reading it\)|began writing it at the same time); it is left as it is\n$/;

describe('two first runs of one output started together', () => {
  it('one writes it, the other refuses in one line with exit 2 (four times over)', async () => {
    const dir = tmpDir('kubelapse-race-');
    const scenario = endlessScenario(dir);
    for (let round = 1; round <= 4; round++) {
      const db = path.join(dir, `race-${round}.db`);
      const runs = [startRun(['run', scenario, '-o', db, '--quiet']), startRun(['run', scenario, '-o', db, '--quiet'])];
      // The loser refuses before it writes anything; the winner runs on (60 virtual minutes).
      const first = await Promise.race(runs.map((r, i) => r.exited.then((code) => ({ i, code }))));
      const loser = runs[first.i]!;
      const winner = runs[1 - first.i]!;
      expect(first.code, `round ${round}: ${loser.stderr()}`).toBe(2);
      expect(loser.stderr()).toMatch(REFUSED);
      expect(winner.done(), `round ${round}: the other run is still writing`).toBe(false);
      const deadline = performance.now() + 30_000;
      while (committedRows(db) < 1000 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(committedRows(db), 'the winner writes on').toBeGreaterThanOrEqual(1000);
      expect(fs.existsSync(`${db}.partial`), 'the loser wrote no partial file beside it').toBe(false);
      winner.child.kill('SIGKILL');
      await winner.exited;
      const rec = Recording.open(db);
      try {
        expect(rec.meta().name).toBe('endless');
      } finally {
        rec.close();
      }
    }
  }, 240_000);

  it('a run that finds the file begun by another (WAL set, no tables yet) refuses and removes nothing', async () => {
    const dir = tmpDir('kubelapse-race-');
    const db = path.join(dir, 'begun.db');
    // The other run between its switch to WAL and its schema: the file's first page, no tables, its write lock.
    await holder(db, "d.pragma('journal_mode = WAL'); d.exec('BEGIN EXCLUSIVE')");
    const before = [bytesOf(db), bytesOf(db + '-wal')];
    expect(() => Recording.create(db, { name: 'x' })).toThrow(`cannot write recording ${db}: another process began writing it at the same time; it is left as it is`);
    expect([bytesOf(db), bytesOf(db + '-wal')]).toEqual(before);
  });

  it("takes over a killed run's begun file (WAL set, no tables, no holder), at the path and as a re-run's partial", async () => {
    const dir = tmpDir('kubelapse-race-');
    const db = path.join(dir, 'begun.db');
    // A run killed between its switch to WAL and its first COMMIT: the file's first page says WAL, nothing else.
    const killed = await holder(db, "d.pragma('journal_mode = WAL')");
    killed.kill('SIGKILL');
    await new Promise((r) => killed.once('exit', r));
    expect(fs.statSync(db).size).toBeGreaterThan(0);
    const rec = Recording.create(db, { name: 'x' });
    rec.setMeta({ complete: '1' });
    rec.close();
    expect(Recording.isRecording(db)).toBe(true);
    // The same as the partial of a re-run over a recording.
    const killed2 = await holder(`${db}.partial`, "d.pragma('journal_mode = WAL')");
    killed2.kill('SIGKILL');
    await new Promise((r) => killed2.once('exit', r));
    const again = Recording.create(db, { name: 'y' });
    again.setMeta({ complete: '1' });
    again.close();
    expect(Recording.isRecording(db)).toBe(true);
    expect(fs.existsSync(`${db}.partial`)).toBe(false);
  });

  it('a run that finds an empty file another run holds refuses; once it lets go, the run writes it', async () => {
    const dir = tmpDir('kubelapse-race-');
    const db = path.join(dir, 'empty.db');
    // The other run has opened the file and holds SQLite's exclusive lock, nothing written yet.
    const other = await holder(db, "d.exec('BEGIN EXCLUSIVE')");
    expect(fs.statSync(db).size).toBe(0);
    expect(() => Recording.create(db, { name: 'x' })).toThrow(`cannot write recording ${db}: another process began writing it at the same time; it is left as it is`);
    expect(fs.existsSync(db), 'the other run\'s file is not removed').toBe(true);
    other.kill('SIGKILL');
    await new Promise((r) => other.once('exit', r));
    const rec = Recording.create(db, { name: 'x' });
    rec.setMeta({ complete: '1' });
    rec.close();
    expect(Recording.isRecording(db)).toBe(true);
  });
});

describe('the check for another process', () => {
  it("leaves a killed run's file and its -wal byte for byte as they were", async () => {
    const dir = tmpDir('kubelapse-check-');
    const db = path.join(dir, 'killed.db');
    await killedRun(dir, db);
    const before = [bytesOf(db), bytesOf(db + '-wal')];
    Recording.refuseIfInUse(db);
    expect([bytesOf(db), bytesOf(db + '-wal')], 'the check folded the -wal into the file').toEqual(before);
    // A re-run over it that fails at its first step keeps its rows in the partial file; the
    // killed run's file, checked before, is as it was.
    const failing = path.join(dir, 'failing.yaml');
    fs.writeFileSync(failing, 'apiVersion: kubelapse/v1\nkind: Scenario\nmetadata: {name: failing}\nspec:\n  duration: 10s\n  steps:\n    - {at: 0s, kubectl: delete deployment nope}\n');
    const r = cli(['run', failing, '-o', db, '--quiet']);
    expect(r.code, r.stderr).not.toBe(0);
    expect(r.stderr).toContain(`${db}, the earlier recording, is as it was`);
    expect([bytesOf(db), bytesOf(db + '-wal')]).toEqual(before);
  }, 90_000);
});

describe("a stale .partial beside a recording written in place", () => {
  function scenario(dir: string): string {
    const file = path.join(dir, 'small.yaml');
    fs.writeFileSync(file, 'apiVersion: kubelapse/v1\nkind: Scenario\nmetadata: {name: small}\nspec:\n  duration: 5s\n  steps:\n    - {at: 0s, kubectl: create deployment web --image=nginx:1.27}\n');
    return file;
  }

  it('is kept by the run that wrote the recording whole, which says it is still there and how to remove it', () => {
    const dir = tmpDir('kubelapse-stale-');
    const file = scenario(dir);
    const db = path.join(dir, 'web.db');
    // An earlier re-run's rows, stopped (complete = 0 as a killed run leaves it); then the recording itself deleted.
    expect(cli(['run', file, '-o', `${db}.partial`, '--quiet']).code).toBe(0);
    const conn = new Database(`${db}.partial`);
    conn.prepare("UPDATE meta SET value = '0' WHERE key = 'complete'").run();
    conn.close();
    const before = bytesOf(`${db}.partial`);
    const events = committedRows(`${db}.partial`);
    expect(events).toBeGreaterThan(0);
    const r = cli(['run', file, '-o', db, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`kubelapse: ${db}.partial is still there: ${events} events of an earlier re-run of ${db}, incomplete; ${db} is this run's recording; to remove it: rm -f ${db}.partial ${db}.partial-wal ${db}.partial-shm\n`);
    expect(bytesOf(`${db}.partial`)).toBe(before);
    expect(Recording.isRecording(db)).toBe(true);
  });

  it('is kept, and said to be, while another process has it open', async () => {
    const dir = tmpDir('kubelapse-stale-');
    const file = scenario(dir);
    const db = path.join(dir, 'web.db');
    expect(cli(['run', file, '-o', `${db}.partial`, '--quiet']).code).toBe(0);
    await holder(`${db}.partial`, "d.pragma('journal_mode = WAL'); d.prepare('SELECT COUNT(*) FROM events').get()");
    const r = cli(['run', file, '-o', db, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`kubelapse: kept ${db}.partial, an earlier re-run's rows beside ${db}: another process has it open\n`);
    expect(Recording.isRecording(`${db}.partial`)).toBe(true);
  });

  it('is left alone when it is not a recording', () => {
    const dir = tmpDir('kubelapse-stale-');
    const db = path.join(dir, 'web.db');
    fs.writeFileSync(`${db}.partial`, 'my notes\n');
    const r = cli(['run', scenario(dir), '-o', db, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('.partial');
    expect(fs.readFileSync(`${db}.partial`, 'utf8')).toBe('my notes\n');
  });
});

describe('an unsealed (WAL-mode) recording in a read-only folder with no -shm', () => {
  it('is refused by its readers in one line that says what to do', async () => {
    const dir = tmpDir('kubelapse-ro-');
    const db = path.join(dir, 'killed.db');
    await killedRun(dir, db);
    fs.rmSync(db + '-shm');
    // As root a folder's mode stops nobody: the readers run as an unprivileged user.
    const asRoot = process.getuid?.() === 0;
    fs.chmodSync(dir, 0o555);
    for (const f of [db, db + '-wal']) fs.chmodSync(f, 0o444);
    onTestFinished(() => fs.chmodSync(dir, 0o755));
    for (const args of [['verify', db], ['events', db, '--limit', '3']]) {
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, ...(asRoot ? { uid: 65534, gid: 65534 } : {}) });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toBe(`kubelapse: cannot read recording ${db}: it was left in WAL mode (not sealed: a run killed or still writing) and its folder ${dir} is read-only, so SQLite cannot make the ${db}-shm every reader needs; copy ${db} and ${db}-wal to a writable folder and open the copy\n`);
    }
    expect(fs.existsSync(db + '-shm')).toBe(false);
  }, 90_000);
});
