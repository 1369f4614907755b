import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../core/scenario/parse.js';
import { runScenario } from '../../core/scenario/runner.js';
import { ROOT, tmpDir } from '../helpers.js';

const dir = path.join(ROOT, 'recordings');
const shipped = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

describe('shipped scenarios', () => {
  it('include the stories the workload control plane must tell', () => {
    expect(shipped).toEqual(expect.arrayContaining(['pod-loss-recovery.yaml', 'label-change.yaml', 'rolling-update.yaml', 'rollback.yaml', 'recreate.yaml', 'node-failure.yaml', 'liveness-restart.yaml', 'daemonset-rollout.yaml']));
  });

  it.each(shipped)('%s runs to the end with chapters and every expectation passing', (file) => {
    const scenario = loadScenario(path.join(dir, file));
    const r = runScenario(scenario, { output: path.join(tmpDir(), file.replace('.yaml', '.db')) });
    expect(r.warnings).toEqual([]);
    expect(r.expectations.length).toBeGreaterThan(0);
    for (const e of r.expectations) expect(e.passed, `${e.expectation.label}: ${e.details.join('; ')}`).toBe(true);
    expect(scenario.steps.some((s) => s.action.type === 'chapter')).toBe(true);
  });
});
