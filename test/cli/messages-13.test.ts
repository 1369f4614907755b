import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tmpDir } from '../helpers.js';

/** The quota scenario: one ResourceQuota `compute` and one LimitRange `defaults` in default. */
const dir = tmpDir();
const quota = path.join(dir, 'quota.db');
cli(['run', path.join(ROOT, 'recordings', 'quota.yaml'), '-o', quota, '-q']);

describe('describe of a name the recording does not have', () => {
  it("kubectl's NotFound line, then the near names in get's words", () => {
    const r = cli(['describe', quota, 'quota', 'computee']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual(['Error from server (NotFound): resourcequotas "computee" not found (at 3:00.0, seq 208)', 'did you mean: compute']);
    // A prefix finds the whole name, as get and logs do; a LimitRange the same way.
    expect(cli(['describe', quota, 'quota', 'comp']).stderr.trim().split('\n')[1]).toBe('did you mean: compute');
    expect(cli(['describe', quota, 'limitrange', 'default']).stderr.trim().split('\n')[1]).toBe('did you mean: defaults');
    // get's own message for the same name: the same two lines.
    expect(cli(['get', quota, 'quota', 'computee']).stderr).toBe(cli(['describe', quota, 'quota', 'computee']).stderr);
  });

  it('nothing near: only kubectl\'s line; no object of the kind in the namespace: says so', () => {
    expect(cli(['describe', quota, 'quota', 'xyzzy']).stderr.trim().split('\n')).toHaveLength(1);
    expect(cli(['describe', quota, 'quota', 'compute', '-n', 'team-a']).stderr.trim().split('\n')[1]).toBe('the recording has no resourcequotas in namespace team-a then');
  });
});

describe('reading a recording with a newer partial file beside it (a re-run that did not finish)', () => {
  it('get, describe, events and logs say so in one line on stderr; their output is the older recording\'s, as before', () => {
    const d = tmpDir();
    const db = path.join(d, 'x.db');
    expect(cli(['run', path.join(ROOT, 'recordings', 'quota.yaml'), '-o', db, '-q']).code).toBe(0);
    const reads: string[][] = [
      ['get', db, 'quota'],
      ['describe', db, 'quota', 'compute'],
      ['events', db, '--limit', '3'],
      ['logs', db, 'nope'],
    ];
    const before = reads.map((a) => cli(a));
    for (const r of before) expect(r.stderr).not.toContain('partial');
    // A re-run whose step fails keeps its rows in x.db.partial and x.db as it was.
    const bad = path.join(d, 'bad.yaml');
    fs.writeFileSync(bad, 'apiVersion: kubelapse/v1\nkind: Scenario\nmetadata: {name: bad}\nspec:\n  duration: 20s\n  steps:\n    - at: 5s\n      kubectl: scale deployment nope --replicas=3\n');
    const rerun = cli(['run', bad, '-o', db, '-q']);
    expect(rerun.code).toBe(2);
    expect(fs.existsSync(`${db}.partial`)).toBe(true);
    const note = `note: x.db.partial beside it is newer (a later run that did not finish, or one still running); this reads x.db, the earlier recording, and \`kubelapse events ${db}.partial\` reads the other\n`;
    reads.forEach((args, i) => {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(before[i]!.code);
      expect(r.stdout).toBe(before[i]!.stdout);
      expect(r.stderr).toBe(note + before[i]!.stderr);
    });
    // The partial file itself reads with no note; an older partial (the recording made after it) gives none.
    expect(cli(['events', `${db}.partial`, '--limit', '1']).stderr).toBe('');
    const later = new Date(fs.statSync(`${db}.partial`).mtimeMs + 5000);
    fs.utimesSync(db, later, later);
    expect(cli(['get', db, 'quota']).stderr).toBe('');
  });
});
