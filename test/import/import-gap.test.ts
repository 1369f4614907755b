import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tmpDir } from '../helpers.js';

const AUDIT = path.join(ROOT, '..', 'shared', 'real', 'audit');

/**
 * A folder of unrelated logs (falco's of 2018, KHI's of 2024) imported together made one
 * recording 5 years long without a word: the import now warns of a day or more with no
 * write, naming both sides, and still imports (the user may mean it).
 */
describe('import: a gap of a day or more between writes', () => {
  it('warns, naming the gap and its two times, and keeps the recording', () => {
    const db = path.join(tmpDir('kubelapse-import-gap-'), 'all.db');
    const r = cli(['import', path.join(AUDIT, 'falco-create_deployment.json'), path.join(AUDIT, 'khi-container_recorder_test_1_1.yaml'), '-o', db, '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trim()).toMatch(/^kubelapse: import: warning: 5 years \d+ days with no write, from 2018-\S+ to 2024-\S+: are these the logs of one cluster\?/);
    expect(cli(['verify', db]).code).toBe(0);
  });

  it("says nothing for one cluster's log", () => {
    const db = path.join(tmpDir('kubelapse-import-gap-'), 'one.db');
    const r = cli(['import', path.join(AUDIT, 'falco-create_deployment.json'), '-o', db, '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });
});
