import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tmpDir } from '../helpers.js';

// api-basics: 2 minutes, a few hundred events; quota: a ResourceQuota "compute" to describe.
const dir = tmpDir();
const db = path.join(dir, 'api-basics.db');
const quota = path.join(dir, 'quota.db');
cli(['run', path.join(ROOT, 'recordings', 'api-basics.yaml'), '-o', db]);
cli(['run', path.join(ROOT, 'recordings', 'quota.yaml'), '-o', quota]);

describe('a seq or time past the end of a recording is refused, in the same words by every command', () => {
  it('get --seq past the last event: exit 2 naming the last seq, not AGE NaNyNaNd', () => {
    const r = cli(['get', db, 'pods', '--seq', '99999']);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain('NaN');
    expect(r.stderr.trim()).toMatch(/^kubelapse: --seq: seq 99999 is past the last event \(\d+\)$/);
    const logs = cli(['logs', db, 'debug', '--at', '99999']);
    expect(logs.stderr.trim()).toBe(r.stderr.trim().replace('--seq:', '--at:'));
  });

  it('get --at after the end: exit 2 saying where it ends, not the last state aged by the gap', () => {
    const r = cli(['get', db, 'pods', '--at', '99m']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(`kubelapse: --at 99m is after the end of ${db} (it ends at 2m)`);
    // The end itself is a moment of the recording.
    expect(cli(['get', db, 'pods', '--at', '2m']).code).toBe(0);
  });

  it('describe --seq and --at past the end: refused, no "(at NaN:0NaN" ', () => {
    const seq = cli(['describe', quota, 'quota', 'compute', '--seq', '99999']);
    expect(seq.code).toBe(2);
    expect(seq.stderr).not.toContain('NaN');
    expect(seq.stderr).toMatch(/--seq: seq 99999 is past the last event \(\d+\)/);
    const at = cli(['describe', quota, 'quota', 'compute', '--at', '1h']);
    expect(at.code).toBe(2);
    expect(at.stderr).toContain(`--at 1h is after the end of ${quota} (it ends at 3m)`);
    const ok = cli(['describe', quota, 'quota', 'compute', '--at', '3m']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^Name:\s+compute/);
  });

  it('logs --at a time after the end is refused as get is', () => {
    const r = cli(['logs', db, 'debug', '--at', '99m']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`kubelapse: --at 99m is after the end of ${db} (it ends at 2m)`);
  });
});
