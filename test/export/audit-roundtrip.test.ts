import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { ROOT, tmpDir } from '../helpers.js';
import { exportTo, shippedRecording } from './shipped.js';

/*
 * The audit export round-trips: `imp-audit`'s reader and `imp-core`'s ImportWriter turn it
 * back into a recording with the same objects in the same order. GUARD: both live on other
 * branches until integration; this file skips (saying why) ONLY while either module is
 * absent. Remove the guard once both are merged.
 */
const READER = path.join(ROOT, 'core/import/audit/read-audit.ts');
const WRITER = path.join(ROOT, 'core/import/import-writer.ts');
const present = fs.existsSync(READER) && fs.existsSync(WRITER);

describe.skipIf(!present)('audit export round trip (skipped until core/import/audit/read-audit.ts and core/import/import-writer.ts are merged)', () => {
  it('importing the audit export of prestop-on gives the same objects in the same order', async () => {
    const db = shippedRecording('prestop-on');
    const { out } = exportTo(db, 'audit', path.join(tmpDir(), 'p.audit.jsonl'));
    // Imported by path so that this file typechecks before the modules exist.
    /* eslint-disable @typescript-eslint/no-explicit-any -- modules of other branches, typed at integration */
    const { readAuditInputs } = (await import(READER)) as any;
    const { ImportWriter } = (await import(WRITER)) as any;
    /* eslint-enable @typescript-eslint/no-explicit-any */
    const imported = path.join(tmpDir(), 'imported.db');
    const writer = ImportWriter.create(imported, { sources: [out], kind: 'audit', keepSecrets: true });
    await readAuditInputs([out], {
      write: (w: unknown) => writer.add(w),
      failure: (f: unknown) => writer.addFailure(f),
      skipped: (s: unknown) => writer.skipped(s),
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
