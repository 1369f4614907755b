import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outputError } from '../../core/cli/output-problem.js';
import { cli, sqlite, tmpDir } from '../helpers.js';

const SMALL = `apiVersion: kubelapse/v1
kind: Scenario
metadata: {name: small}
spec:
  duration: 10s
`;

/** Pods pile up fast: ~20,000 rows of ~1.5 kB, far more than a 4 MB disk holds. */
const BIG = `apiVersion: kubelapse/v1
kind: Scenario
metadata: {name: big}
spec:
  duration: 1m
  steps:
    - at: 0s
      kubectl: create deployment web --image=nginx --replicas=5000
`;

function scenario(text: string): string {
  const file = path.join(tmpDir(), 's.yaml');
  fs.writeFileSync(file, text);
  return file;
}

/** One line on stderr, exit 2, no stack trace. */
function oneLine(r: { code: number; stderr: string }, message: string | RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('kubelapse: simulating'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
}

const mounts: string[] = [];
/** A tmpfs of `size` (read-only with `ro`), or undefined where this user may not mount (kubelapse's CI runs as root). */
function tmpfs(options: string): string | undefined {
  const dir = tmpDir('kubelapse-mnt-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  mounts.push(dir);
  return dir;
}
afterAll(() => {
  for (const m of mounts) execFileSync('umount', [m]);
});
const root = process.getuid?.() === 0;

describe('kubelapse run: where the recording cannot be written', () => {
  it('an output under /proc (or /sys) is refused before anything runs', () => {
    oneLine(cli(['run', scenario(SMALL), '-o', '/proc/x.db']), /^kubelapse: cannot create recording \/proc\/x\.db: \/proc is on the kernel's proc file system, not a disk$/);
    oneLine(cli(['run', scenario(SMALL), '-o', '/proc/self/status']), /^kubelapse: cannot create recording \/proc\/self\/status: \/proc\/self is on the kernel's proc file system, not a disk$/);
    oneLine(cli(['run', scenario(SMALL), '-o', '/sys/x.db']), /\/sys is on the kernel's sysfs file system, not a disk$/);
    oneLine(cli(['live', '--no-viewer', '--port', '0', '-o', '/proc/live.db']), /^kubelapse: cannot create recording \/proc\/live\.db: \/proc is on the kernel's proc file system, not a disk$/);
  });

  it.runIf(root)('a read-only folder is refused before anything runs', () => {
    const ro = tmpfs('ro,size=1m');
    expect(ro, 'mount a read-only tmpfs').toBeDefined();
    oneLine(cli(['run', scenario(SMALL), '-o', path.join(ro!, 'x.db')]), new RegExp(`^kubelapse: cannot create recording ${ro}/x\\.db: ${ro} is on a read-only file system$`));
  });

  it.runIf(root)('a re-run on a disk with no room left: nothing written, the earlier recording as it was, no empty partial left', () => {
    const small = tmpfs('size=4m');
    expect(small, 'mount a 4 MB tmpfs').toBeDefined();
    const db = path.join(small!, 'x.db');
    expect(cli(['run', scenario(SMALL), '-o', db]).code).toBe(0);
    const before = cli(['verify', db]).stdout;
    const bytes = fs.readFileSync(db);
    // The rest of the disk taken by another file.
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${path.join(small!, 'filler')}`, 'bs=64k'], { stdio: 'ignore' });
    } catch {
      // dd ends with "No space left on device": the disk is full, as wanted.
    }
    oneLine(cli(['run', scenario(SMALL), '-o', db]), new RegExp(`^kubelapse: cannot write recording ${db}: the disk is full; nothing was written; ${db}, the earlier recording, is as it was$`));
    expect(fs.readFileSync(db).equals(bytes)).toBe(true);
    expect(cli(['verify', db]).stdout).toBe(before);
    expect(fs.readdirSync(small!).sort()).toEqual(['filler', 'x.db']);
  });

  it.runIf(root)('a disk that fills up mid-run: exit 2, one line; the file is valid, complete = 0, meta.error says why', () => {
    // Big enough for the first batch of rows (2,000 pods' writes with their managedFields), far too small for the run.
    const small = tmpfs('size=16m');
    expect(small, 'mount a 16 MB tmpfs').toBeDefined();
    const db = path.join(small!, 'full.db');
    // The close had no room to fold the WAL back either: the line names the -wal to keep.
    oneLine(cli(['run', scenario(BIG), '-o', db]), new RegExp(`^kubelapse: cannot write recording ${db}: the disk is full; the rows written before are kept and the recording is marked incomplete; \\d+\\.\\d MB of its committed pages are still in ${db}-wal: keep that file beside it; \`kubelapse index ${db}\` folds the -wal back once the disk has room$`));
    expect(fs.statSync(db + '-wal').size).toBeGreaterThan(0);
    expect(sqlite(db, "SELECT key || '=' || value FROM meta WHERE key IN ('complete', 'error') ORDER BY key").trim().split('\n')).toEqual(['complete=0', 'error=database or disk is full']);
    const kept = Number(sqlite(db, 'SELECT COUNT(*) FROM events').trim());
    expect(kept).toBeGreaterThan(0);
    const v = cli(['verify', db]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain(`ok: ${kept} events, hash chain intact`);
    expect(v.stdout).toContain('INCOMPLETE: the run did not end cleanly (database or disk is full)');
  });
});

/** 600 pods: an 11.2 MB recording, all of it in the WAL until the close folds it back (under the 1,000-page autocheckpoint). */
const MID = `apiVersion: kubelapse/v1
kind: Scenario
metadata: {name: mid}
spec:
  duration: 20s
  steps:
    - at: 0s
      kubectl: create deployment web --image=nginx --replicas=600
`;

describe('kubelapse run: a disk with room for the rows and the seal, not for folding the WAL back', () => {
  it.runIf(root)('says what is true of the file at each size: whole and sealed, the -wal to keep, the index missing; readers and verify read it; index folds it back', () => {
    const scenarioFile = scenario(MID);
    const seen = new Set<string>();
    // 11.25 MB: the rows do not fit; 11.5 MB: they and the seal do, the index does not;
    // 12 and 16 MB: the index does too, the checkpoint's copy into the .db does not.
    for (const kb of [11_264, 11_520, 12_288, 16_384]) {
      const dir = tmpfs(`size=${kb}k`);
      expect(dir, 'mount a tmpfs').toBeDefined();
      const db = path.join(dir!, 'mid.db');
      const r = cli(['run', scenarioFile, '-o', db, '--quiet']);
      const meta = sqlite(db, "SELECT key || '=' || value FROM meta WHERE key = 'complete'").trim();
      const indexed = sqlite(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'events_object'").trim() === '1';
      const wal = fs.statSync(db + '-wal', { throwIfNoEntry: false })?.size ?? 0;
      const line = r.stderr.trim();
      expect(r.code, `${kb} KB: ${r.stderr}`).toBe(2);
      expect(line.split('\n'), `${kb} KB`).toHaveLength(1);
      // Each claim of the line holds for the file, and each leftover is named.
      expect(line.includes('the recording is whole and sealed (complete)'), `${kb} KB: ${line}`).toBe(meta === 'complete=1');
      expect(line.includes('the recording is marked incomplete'), `${kb} KB: ${line}`).toBe(meta === 'complete=0');
      expect(line.includes(`of its committed pages are still in ${db}-wal: keep that file beside it`), `${kb} KB: ${line}`).toBe(wal > 0);
      expect(line.includes('it has no object index'), `${kb} KB: ${line}`).toBe(!indexed);
      expect(line).not.toMatch(/internal error|\n\s+at /);
      seen.add(`${meta}${wal > 0 ? ' wal' : ''}${indexed ? '' : ' no-index'}`);
      if (meta === 'complete=1') {
        expect(line).toMatch(new RegExp(`^kubelapse: cannot fold ${db}-wal back into ${db}: the disk is full; the recording is whole and sealed \\(complete\\); `));
        // The summary went out first: the run itself is whole.
        expect(r.stdout).toMatch(/: 3892 events, 20s virtual/);
        // Readers read it through its -wal, as SQLite does on every open.
        const v = cli(['verify', db]);
        expect(v.code).toBe(0);
        expect(v.stdout).toContain('ok: 3892 events, hash chain intact');
        expect(v.stdout).toContain('; complete; sealed with 3892 events');
        expect(v.stdout).toContain(`its last pages are still in ${db}-wal: keep that file beside it`);
        const head = /head (\w+)/.exec(v.stdout)?.[1];
        const history = cli(['history', db, 'deployment', 'web']);
        expect(history.code).toBe(0);
        expect(history.stdout).toContain('kubectl create');
        // Room again: index folds it back (and builds the index if missing); the same recording, one file.
        execFileSync('mount', ['-o', 'remount,size=40m', dir!]);
        const ix = cli(['index', db]);
        expect(ix.code, ix.stderr).toBe(0);
        expect(ix.stdout).toBe(`${db}: ${indexed ? 'already indexed' : `built the object index over 3892 events in ${/in (\d+\.\d\d) s/.exec(ix.stdout)?.[1]} s`}; folded ${db}-wal back into the file\n`);
        expect(fs.existsSync(db + '-wal')).toBe(false);
        const after = cli(['verify', db]);
        expect(after.stdout).toBe(`${db}: ok: 3892 events, hash chain intact, head ${head}; complete; sealed with 3892 events; 332 log lines match the seal\n`);
        expect(cli(['history', db, 'deployment', 'web'])).toEqual(history);
      }
    }
    // The sizes cover the three cases (the rows not fitting; the seal without the index; the seal with it).
    expect([...seen].sort()).toEqual(['complete=0 wal', 'complete=1 wal', 'complete=1 wal no-index']);
  });
});

describe('kubelapse index: where the index cannot be written', () => {
  /** A recording of SMALL without its object index, compacted (no free pages the index could reuse), in rollback-journal mode. */
  function unindexed(): string {
    const db = path.join(tmpDir(), 'small.db');
    expect(cli(['run', scenario(SMALL), '-o', db, '--quiet']).code).toBe(0);
    sqlite(db, 'DROP INDEX events_object; VACUUM;');
    return db;
  }
  const indexes = (db: string): string => sqlite(db, "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'events_%' ORDER BY name)").trim();

  it('refuses a missing file and a file that is not a recording, one line each', () => {
    oneLine(cli(['index', '/nonexistent/x.db']), /^kubelapse: recording not found: \/nonexistent\/x\.db$/);
    oneLine(cli(['index', scenario(SMALL)]), /^kubelapse: not a kubelapse recording: .*s\.yaml \(not an SQLite database\)$/);
  });

  it.runIf(root)('refuses a recording on a read-only file system, and leaves it as it was', () => {
    const src = unindexed();
    const dir = tmpfs('size=8m');
    expect(dir, 'mount a tmpfs').toBeDefined();
    const db = path.join(dir!, 'small.db');
    fs.copyFileSync(src, db);
    execFileSync('mount', ['-o', 'remount,ro', dir!]);
    oneLine(cli(['index', db]), new RegExp(`^kubelapse: cannot index recording ${db}: a read-only file system; the recording is unchanged$`));
    expect(indexes(db)).toBe('events_light,events_time');
  });

  it.runIf(root)('refuses on a full disk, leaves the recording as it was, and builds the index once there is room', () => {
    const src = unindexed();
    const dir = tmpfs('size=8m');
    expect(dir, 'mount a tmpfs').toBeDefined();
    const db = path.join(dir!, 'small.db');
    fs.copyFileSync(src, db);
    // All but 16 KB taken: not a page of the index fits.
    const free = fs.statfsSync(dir!).bavail * fs.statfsSync(dir!).bsize;
    fs.writeFileSync(path.join(dir!, 'filler'), Buffer.alloc(free - 16 * 1024));
    oneLine(cli(['index', db]), new RegExp(`^kubelapse: cannot index recording ${db}: the disk is full; the recording is unchanged$`));
    expect(indexes(db)).toBe('events_light,events_time');
    expect(cli(['verify', db]).stdout).toContain('sealed with');
    fs.rmSync(path.join(dir!, 'filler'));
    const r = cli(['index', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/built the object index over \d+ events/);
    expect(indexes(db)).toBe('events_light,events_object,events_time');
  });
});

describe('reading commands on a file that is not a recording', () => {
  const dir = tmpDir();
  const notSqlite = path.join(dir, 'text.db');
  fs.writeFileSync(notSqlite, 'just some text, long enough to be a header? no.\n'.repeat(20));
  const noEvents = path.join(dir, 'meta-only.db');
  sqlite(noEvents, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('format', 'kubelapse-recording'), ('schema_version', '1');");
  const otherEvents = path.join(dir, 'other.db');
  sqlite(otherEvents, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL); INSERT INTO meta VALUES ('format', 'kubelapse-recording'), ('schema_version', '1'); CREATE TABLE events (x);");
  const commands = (file: string): string[][] => [['verify', file], ['events', file], ['get', file, 'pods'], ['why', file, '1'], ['history', file, 'pod', 'web']];

  it.each([
    ['not SQLite at all', notSqlite, /not a kubelapse recording: .*text\.db \(not an SQLite database\)$/],
    ['SQLite with meta but no events table', noEvents, /not a kubelapse recording: .*meta-only\.db \(no events table\)$/],
    ['an events table of another shape', otherEvents, /cannot read recording .*other\.db: no such column: \w+ \(SQLITE_ERROR\)$/],
  ])('%s: verify, events, get, why and history exit 2 with one line naming the file', (_what, file, message) => {
    for (const args of commands(file)) oneLine(cli(args), message);
  });
});

describe('the line a failed write of a recording gives', () => {
  it('names a file another process replaced, not a read-only file system', () => {
    // What SQLite says when the file it writes was unlinked or renamed under it (a second
    // process replaced it): "attempt to write a readonly database", SQLITE_READONLY_DBMOVED.
    const moved = Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY_DBMOVED' });
    expect(outputError('x.db', moved, '')?.message).toBe('cannot write recording x.db: another process removed or replaced the file while it was written');
    const readonly = Object.assign(new Error('attempt to write a readonly database'), { code: 'SQLITE_READONLY' });
    expect(outputError('x.db', readonly, '')?.message).toBe('cannot write recording x.db: a read-only file system');
  });
});
