import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ANNOTATIONS } from '../../core/kubelet/app-behaviour.js';
import { ROOT } from '../helpers.js';

/**
 * Every `kubelapse/*` annotation the simulated app reads has its row in
 * docs/scenario-format.md's table: a new user writing a preStop-draining scenario found
 * `kubelapse/on-sigterm` only in passing in recording-format.md and guessed its syntax.
 */
describe("docs/scenario-format.md's app annotations", () => {
  it('has a row for each annotation app-behaviour.ts reads, with its values', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'scenario-format.md'), 'utf8');
    const rows = doc.split('\n').filter((l) => l.startsWith('| `kubelapse/'));
    for (const name of APP_ANNOTATIONS) expect(rows.some((r) => r.startsWith(`| \`kubelapse/${name}\``)), name).toBe(true);
    const sigterm = rows.find((r) => r.startsWith('| `kubelapse/on-sigterm`')) ?? '';
    expect(sigterm).toMatch(/`exit`, `drain <duration>`, `ignore`/);
    // The default column says which commands default to ignore (pid1.ts): sleep and shells without a trap.
    const defaults = sigterm.split(' | ')[2] ?? '';
    expect(defaults).toMatch(/^`exit`; `ignore` for .*`sleep`.*`sh -c`.*`trap \.\.\. TERM`/);
  });
});
