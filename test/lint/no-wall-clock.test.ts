import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/**
 * Runs must be repeatable: nothing under core/ may read the wall clock, draw from
 * Math.random or use real timers. The CLI's wall-clock.ts is the one reader (it times
 * runs for the summary line and never reaches a recording).
 */
const FORBIDDEN: Array<[RegExp, string]> = [
  [/\bDate\.now\s*\(/, 'Date.now()'],
  [/\bnew Date\s*\(\s*\)/, 'new Date() without an argument'],
  [/\bperformance\.now\s*\(/, 'performance.now()'],
  [/\bprocess\.hrtime\b/, 'process.hrtime'],
  [/\bMath\.random\s*\(/, 'Math.random()'],
  [/\b(setTimeout|setInterval|setImmediate)\s*\(/, 'a real timer'],
  [/\brandomUUID\s*\(|\brandomBytes\s*\(/, 'crypto randomness'],
];
// live-pacer.ts paces live mode by the wall clock (a person typing is not repeatable anyway);
// tls-front.ts's worker thread times a stalled watcher's socket (no simulation runs there);
// young-generation.ts's watcher thread looks for its parent process every 250 ms (the same).
const ALLOWED = new Set(['core/cli/wall-clock.ts', 'core/cli/live-pacer.ts', 'core/live/tls-front.ts', 'core/cli/young-generation.ts']);

function scan(text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, '');
    for (const [re, what] of FORBIDDEN) if (re.test(code)) found.push(`${i + 1}: ${what}`);
  });
  return found;
}

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('determinism guard', () => {
  it('the scanner catches each forbidden call', () => {
    expect(scan('const t = Date.now();')).toEqual(['1: Date.now()']);
    expect(scan('x = new Date();')).toEqual(['1: new Date() without an argument']);
    expect(scan('if (Math.random() < 0.5) {}')).toEqual(['1: Math.random()']);
    expect(scan('setTimeout(fn, 10)')).toEqual(['1: a real timer']);
    expect(scan('new Date(epochMs + t).toISOString()')).toEqual([]);
    expect(scan('// Date.now() in a comment is fine')).toEqual([]);
  });

  it('no file under core/ reads the wall clock or Math.random (but the CLI\'s wall-clock.ts)', () => {
    const offenders: string[] = [];
    for (const file of files(path.join(ROOT, 'core'))) {
      const rel = path.relative(ROOT, file).split(path.sep).join('/');
      if (ALLOWED.has(rel)) continue;
      for (const hit of scan(fs.readFileSync(file, 'utf8'))) offenders.push(`${rel}:${hit}`);
    }
    expect(offenders).toEqual([]);
  });
});
