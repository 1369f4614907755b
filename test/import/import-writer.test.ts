import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ImportWriter } from '../../core/import/import-writer.js';
import type { ObservedWrite } from '../../core/import/observed-write.js';
import { Recording } from '../../core/record/recording.js';
import { verifyRecording } from '../../core/record/verify.js';
import { parseEpoch, type EpochMs } from '../../core/sim/time.js';
import { cli, sqlite, tmpDir } from '../helpers.js';
import { observedFromRecording } from './sim-observed.js';

const T0 = parseEpoch('2024-01-01T01:00:00Z') as number;

function write(over: Partial<ObservedWrite> & { name: string }, atMs = 0): ObservedWrite {
  return {
    at: (T0 + atMs) as EpochMs, atMicros: 0, verb: 'create', subresource: null, apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default',
    object: { apiVersion: 'v1', kind: over.kind ?? 'ConfigMap', metadata: { name: over.name, namespace: 'default', uid: `uid-${over.name}` } },
    partial: false, note: null, user: 'alice@example.com', userAgent: 'kubectl/v1.32.4 (linux/amd64) kubernetes/59526cd', resourceVersion: '100',
    level: 'RequestResponse', source: { file: 'a.log', line: 1, id: 'x' }, ...over,
  };
}

describe('ImportWriter', () => {
  const dir = tmpDir();
  const simulated = path.join(dir, 'sim.db');
  const imported = path.join(dir, 'imported.db');

  beforeAll(() => {
    expect(cli(['run', 'recordings/pod-loss-recovery.yaml', '-o', simulated]).code).toBe(0);
    const w = ImportWriter.create(imported, { sources: ['audit.log'], kind: 'audit', keepSecrets: false });
    for (const o of observedFromRecording(simulated)) w.add(o);
    const s = w.close({ complete: true });
    expect(s.events).toBeGreaterThan(100);
  });

  it('writes a schema-4 recording whose chain and seal verify, with provenance for every row and no recorded causes', () => {
    const rec = Recording.open(imported);
    try {
      const meta = rec.meta();
      expect(meta).toMatchObject({ schema_version: '5', source: 'import', complete: '1', start_time: '2026-01-01T00:00:00.000Z', import_sources: '["audit.log"]' });
      const v = verifyRecording(rec);
      expect(v.ok).toBe(true);
      expect(v.seal?.events).toBe(rec.count());
      expect(v.imported?.provenance).toBe(rec.count());
      expect(v.imported?.inferred).toBeGreaterThan(50);
      expect(sqlite(imported, 'SELECT COUNT(*) FROM events WHERE cause_seq IS NOT NULL').trim()).toBe('0');
      // the same actors the simulator wrote, from the audit users alone
      expect(sqlite(imported, 'SELECT group_concat(DISTINCT actor) FROM (SELECT actor FROM events ORDER BY actor)').trim()).toBe(
        sqlite(simulated, 'SELECT group_concat(DISTINCT actor) FROM (SELECT actor FROM events ORDER BY actor)').trim(),
      );
      expect(rec.provenance(3)).toEqual({ seq: 3, file: 'audit.log', line: 3, sourceId: 'audit-3', level: 'RequestResponse', partial: false, note: null });
    } finally {
      rec.close();
    }
    const v = cli(['verify', imported]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/inferred causes pointing at earlier events/);
  });

  it('stores the storage effect as the simulator did: a DELETE of a pod with a grace period is an update, a binding an update', () => {
    const q = "SELECT verb, coalesce(subresource, '-'), COUNT(*) FROM events GROUP BY 1, 2 ORDER BY 1, 2";
    expect(sqlite(imported, q)).toBe(sqlite(simulated, q));
    expect(sqlite(imported, "SELECT COUNT(*) FROM events WHERE verb = 'update' AND subresource IS NULL AND json_extract(object, '$.metadata.deletionGracePeriodSeconds') > 0").trim()).not.toBe('0');
  });

  it('refuses a hand-edited inferred cause that points forward', () => {
    const copy = path.join(dir, 'edited.db');
    sqlite(imported, `VACUUM INTO '${copy}'`);
    sqlite(copy, 'DROP TRIGGER inferred_causes_immutable_update; UPDATE inferred_causes SET cause_seq = seq + 5 WHERE seq = (SELECT MIN(seq) FROM inferred_causes)');
    const first = sqlite(copy, 'SELECT MIN(seq) FROM inferred_causes').trim();
    const v = cli(['verify', copy]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(`FAILED: inferred cause of seq ${first} names seq ${Number(first) + 5}, not an earlier event`);
  });

  it('puts the first write at 0 ms, redacts Secrets by default, keeps them when asked, and numbers unknown resourceVersions', () => {
    for (const keep of [false, true]) {
      const file = path.join(dir, `secrets-${keep}.db`);
      const w = ImportWriter.create(file, { sources: ['a.log'], kind: 'audit', keepSecrets: keep });
      w.add(write({ name: 'cfg', resourceVersion: '41' }, 250));
      w.add(write({ name: 'token', kind: 'Secret', resourceVersion: null, object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'token', namespace: 'default' }, data: { password: 'aGVsbG8=' }, stringData: { extra: 'abc' } } }, 1250));
      w.addFailure({ at: (T0 + 1300) as EpochMs, atMicros: 0, verb: 'create', subresource: null, kind: 'Pod', resource: 'pods', namespace: 'default', name: null, user: 'bob', userAgent: null, code: 403, reason: 'Forbidden', message: 'pods is forbidden: User "bob" cannot create resource "pods"', source: { file: 'a.log', line: 17, id: null } });
      w.skipped({ source: { file: 'a.log', line: 3, id: null }, why: 'not JSON' });
      const s = w.close({ complete: true });
      expect(s).toMatchObject({ events: 2, failures: 1, skipped: 1, startTime: '2024-01-01T01:00:00.250Z', endMs: 1050, partial: keep ? 0 : 1 });
      const rows = sqlite(file, "SELECT time_ms, resource_version, json_extract(object, '$.data.password'), json_extract(object, '$.stringData.extra') FROM events ORDER BY seq");
      expect(rows).toBe(keep ? '0|41||\n1000|42|aGVsbG8=|abc\n' : '0|41||\n1000|42|<redacted 5 bytes>|<redacted 3 bytes>\n');
      expect(sqlite(file, 'SELECT time_ms, seq, kind, title FROM markers')).toBe('1050|2|failure|403 Forbidden: create pods by bob\n');
      expect(sqlite(file, 'SELECT partial, note FROM provenance WHERE seq = 2')).toBe(keep ? '0|\n' : '1|secret values redacted\n');
    }
  });
});
