import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, sqlite, tmpDir } from '../helpers.js';

/** Schema 4 (import tables) against simulated recordings and recordings of schema 3. */
describe('schema_version 4', () => {
  const dir = tmpDir();
  const v4 = path.join(dir, 'v4.db');
  const v3 = path.join(dir, 'v3.db');

  beforeAll(() => {
    expect(cli(['run', 'recordings/pod-loss-recovery.yaml', '-o', v4]).code).toBe(0);
    // A schema-3 file as kubelapse 0.6 wrote it: no import tables, schema_version 3.
    sqlite(v4, `VACUUM INTO '${v3}'`);
    sqlite(v3, "DROP TABLE inferred_causes; DROP TABLE provenance; UPDATE meta SET value = '3' WHERE key = 'schema_version';");
  });

  it('a simulated recording has both import tables, empty, and verifies as before', () => {
    expect(sqlite(v4, "SELECT value FROM meta WHERE key = 'schema_version'").trim()).toBe('5');
    expect(sqlite(v4, 'SELECT (SELECT COUNT(*) FROM inferred_causes) + (SELECT COUNT(*) FROM provenance)').trim()).toBe('0');
    const r = cli(['verify', v4]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('inferred');
  });

  it('a schema-3 recording opens, verifies with the same head, and answers why and events as before', () => {
    const a = cli(['verify', v3]);
    const b = cli(['verify', v4]);
    expect(a.code).toBe(0);
    const head = (s: string): string => /head ([0-9a-f]{64})/.exec(s)?.[1] ?? '';
    expect(head(a.stdout)).toBe(head(b.stdout));
    expect(head(a.stdout)).not.toBe('');
    const seq = sqlite(v3, "SELECT MAX(seq) FROM events WHERE subresource = 'binding'").trim();
    const w3 = cli(['why', v3, seq]);
    expect(w3.code).toBe(0);
    expect(w3.stdout).toBe(cli(['why', v4, seq]).stdout);
    expect(cli(['events', v3, '--limit', '3']).stdout).toBe(cli(['events', v4, '--limit', '3']).stdout);
  });
});
