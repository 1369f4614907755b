import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportWriter } from '../../core/import/import-writer.js';
import { cli, tmpDir } from '../helpers.js';
import { scoreInference, scoreTable } from './score.js';
import { observedFromRecording } from './sim-observed.js';

/**
 * The honest score of inference (issue 16): a shipped scenario is recorded, turned into
 * what a RequestResponse audit log holds (no causes), imported, and the inferred causes
 * compared with the simulator's recorded cause_seq.
 */
describe('inferred causes against the recorded ones', () => {
  const dir = tmpDir();
  for (const scenario of ['pod-loss-recovery', 'rolling-update']) {
    it(`${scenario}: pod-lifecycle links are >= 90 % right and >= 90 % found`, () => {
      const simulated = path.join(dir, `${scenario}.db`);
      const imported = path.join(dir, `${scenario}-imported.db`);
      expect(cli(['run', `recordings/${scenario}.yaml`, '-o', simulated]).code).toBe(0);
      const w = ImportWriter.create(imported, { sources: ['audit.log'], kind: 'audit', keepSecrets: false });
      for (const o of observedFromRecording(simulated)) w.add(o);
      w.close({ complete: true });
      const score = scoreInference(simulated, imported);
      const table = scoreTable(score);
      fs.mkdirSync('test-artifacts', { recursive: true });
      fs.writeFileSync(`test-artifacts/inference-score-${scenario}.md`, table + '\n');
      const p = score.podLifecycle;
      expect(p.right / p.inferred, table).toBeGreaterThanOrEqual(0.9);
      expect(p.right / p.truth, table).toBeGreaterThanOrEqual(0.9);
    });
  }
});
