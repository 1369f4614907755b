import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tmpDir } from '../helpers.js';

/** A scenario whose step applies a manifest file nested `depth` levels in flow style. */
function scenarioWithDeepManifest(depth: number): { file: string; manifest: string } {
  const dir = tmpDir();
  const manifest = path.join(dir, 'deep.yaml');
  fs.writeFileSync(manifest, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nextra: ${'{x: '.repeat(depth)}{}${'}'.repeat(depth)}\n`);
  const file = path.join(dir, 'deep-scenario.yaml');
  fs.writeFileSync(file, ['apiVersion: kubelapse/v1', 'kind: Scenario', 'metadata: {name: deep}', 'spec:', '  duration: 10s', '  steps:', '    - at: 0s', '      apply: {file: deep.yaml}', ''].join('\n'));
  return { file, manifest };
}

describe('a scenario manifest nested too deep', () => {
  it('is bad input at its file and line, exit 2, no stack trace, nothing run', () => {
    const { file, manifest } = scenarioWithDeepManifest(5000);
    const db = file.replace(/\.yaml$/, '.db');
    const r = cli(['run', file, '-o', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${manifest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+: document 1: yaml: exceeded max depth of 1000 \\(nesting too deep to read\\) \\(from spec\\.steps\\[0\\]\\.apply\\.file\\)$`, 'm'));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(db)).toBe(false);
    expect(cli(['validate', file]).code).toBe(2);
  });

  it('the nesting an ordinary manifest needs runs fine', () => {
    const { file } = scenarioWithDeepManifest(50);
    const r = cli(['run', file, '-o', file.replace(/\.yaml$/, '.db'), '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
