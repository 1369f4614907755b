import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Recorder } from '../../core/record/recorder.js';
import { Recording } from '../../core/record/recording.js';
import { Simulation } from '../../core/sim/cluster.js';
import { cli, sqlite, tmpDir } from '../helpers.js';

const mounts: string[] = [];
const open: Recording[] = [];
afterAll(() => {
  // A failed assertion leaves the file open, and an open file keeps the mount busy.
  for (const r of open) if (r.db.open) r.db.close();
  for (const m of mounts) execFileSync('umount', [m]);
});

describe('a seal whose object index finds no room', () => {
  it.runIf(process.getuid?.() === 0)('seals the recording whole without the index, keeps why (sealIndexError), and index builds it later', () => {
    const dir = tmpDir('kubelapse-mnt-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', dir]);
    mounts.push(dir);
    const file = path.join(dir, 'seal.db');
    const sim = new Simulation({ seed: 1, epoch: '2026-01-01T00:00:00Z' });
    const rec = Recording.create(file, { scenario: 'seal-index-full' }, { objectIndex: 'at-seal' });
    open.push(rec);
    const recorder = new Recorder(rec).attach(sim.api.writes$);
    sim.bootstrap([]);
    // 4,000 ConfigMaps of ~1 kB under random-looking names: ~5 MB of rows, ~0.3 MB of index.
    for (let i = 0; i < 4_000; i++) {
      sim.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${((i * 7919) % 4_000).toString(36)}-${i}`, namespace: 'default' }, data: { v: 'x'.repeat(1_000) } }, { actor: 'kubectl' });
    }
    recorder.flush();
    const events = recorder.count;
    expect(recorder.error).toBeUndefined();
    expect(events).toBeGreaterThan(4_000);
    // All but 48 KB taken: the seal's page or two fit, the index's ~20 pages do not.
    const st = fs.statfsSync(dir);
    fs.writeFileSync(path.join(dir, 'filler'), Buffer.alloc(st.bavail * st.bsize - 48 * 1024));
    recorder.close({ complete: true, endTimeMs: 0 });
    expect(rec.sealIndexError, 'the CREATE INDEX failed').toBeDefined();
    expect((rec.sealIndexError as { code?: string }).code).toBe('SQLITE_FULL');
    // Room again before the close: the WAL folds back, and the file is one, sealed, without the index.
    fs.rmSync(path.join(dir, 'filler'));
    rec.close();
    expect(rec.foldError).toBeUndefined();
    expect(fs.existsSync(file + '-wal')).toBe(false);
    expect(sqlite(file, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'events_object'").trim()).toBe('0');
    const v = cli(['verify', file]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain(`ok: ${events} events, hash chain intact`);
    expect(v.stdout).toContain(`; complete; sealed with ${events} events`);
    expect(v.stdout).toContain(`no object index (a run makes it at its seal): lookups by object scan the table; \`kubelapse index ${file}\` builds it`);
    const byName = cli(['history', file, 'configmap', 'cm-0-0']);
    expect(byName.code).toBe(0);
    const ix = cli(['index', file]);
    expect(ix.code, ix.stderr).toBe(0);
    expect(ix.stdout).toMatch(new RegExp(`built the object index over ${events} events in`));
    expect(cli(['verify', file]).stdout).not.toContain('no object index');
    expect(cli(['history', file, 'configmap', 'cm-0-0'])).toEqual(byName);
  });
});
