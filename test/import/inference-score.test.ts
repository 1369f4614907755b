import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAuditInputs } from '../../core/import/audit/read-audit.js';
import { ImportWriter } from '../../core/import/import-writer.js';
import { exportTo, shippedRecording } from '../export/shipped.js';
import { tmpDir } from '../helpers.js';
import { scoreInference, scoreTable } from './score.js';

/**
 * The honest score of inference (issue 16): a shipped scenario is recorded, exported with
 * the real audit exporter (`kubelapse export --format audit`: what a RequestResponse audit
 * log holds, no causes), read back by the real audit reader into the ImportWriter, and the
 * inferred causes compared with the simulator's recorded cause_seq.
 */
describe('inferred causes against the recorded ones', () => {
  const dir = tmpDir();
  for (const scenario of ['pod-loss-recovery', 'rolling-update']) {
    it(`${scenario}: pod-lifecycle links are >= 90 % right and >= 90 % found`, async () => {
      const simulated = shippedRecording(scenario);
      const { out: log } = exportTo(simulated, 'audit', path.join(dir, `${scenario}.audit.jsonl`));
      const imported = path.join(dir, `${scenario}-imported.db`);
      const w = ImportWriter.create(imported, { sources: [log], kind: 'audit', keepSecrets: false });
      const read = await readAuditInputs([log], {
        write: (o) => w.add(o),
        failure: (f) => w.addFailure(f),
        skipped: (s) => w.skipped(s),
      });
      const summary = w.close({ complete: true });
      expect(read.skipped).toBe(0);
      const score = scoreInference(simulated, imported);
      const table = scoreTable(score);
      fs.mkdirSync('test-artifacts', { recursive: true });
      fs.writeFileSync(`test-artifacts/inference-score-${scenario}.md`, `${summary.events} writes imported, ${summary.inferred} causes inferred\n\n${table}\n`);
      // every imported write is one of the simulated ones (seqs line up or map by identity)
      expect(score.alignment.unmatched, table).toBe(0);
      const p = score.podLifecycle;
      expect(p.right / p.inferred, table).toBeGreaterThanOrEqual(0.9);
      expect(p.right / p.truth, table).toBeGreaterThanOrEqual(0.9);
    }, 60_000);
  }
});
