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
