import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { readAuditInputs } from '../../core/import/audit/read-audit.js';
import { ImportWriter } from '../../core/import/import-writer.js';
import { tmpDir } from '../helpers.js';
import { exportTo, shippedRecording } from './shipped.js';

/*
 * The audit export round-trips: the audit reader and the ImportWriter turn it back into a
 * recording with the same objects in the same order.
 */
describe('audit export round trip', () => {
  it('importing the audit export of prestop-on gives the same objects in the same order', async () => {
    const db = shippedRecording('prestop-on');
    const { out } = exportTo(db, 'audit', path.join(tmpDir(), 'p.audit.jsonl'));
    const imported = path.join(tmpDir(), 'imported.db');
    const writer = ImportWriter.create(imported, { sources: [out], kind: 'audit', keepSecrets: true });
    await readAuditInputs([out], {
      write: (w) => writer.add(w),
      failure: (f) => writer.addFailure(f),
      skipped: (s) => writer.skipped(s),
    });
    const summary = writer.close({ complete: true });
    expect(summary.skipped).toBe(0);
    const objects = (file: string) => {
      const rec = Recording.open(file);
      try {
        return [...rec.events()].map((e) => [e.verb === 'delete' ? 'delete' : 'write', e.kind, e.namespace, e.name, JSON.parse(e.object)]);
      } finally {
        rec.close();
      }
    };
    const original = objects(db);
    const back = objects(imported);
    expect(back.length).toBe(original.length);
    expect(back).toEqual(original);
  });
});
