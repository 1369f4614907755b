import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/**
 * The viewer's `?` list (keys.ts KEYS) and docs/viewer.md's "Keys" table name the same keys:
 * the docs had lost p, W / S, A / D and Ctrl + wheel when they were added to the list.
 */
describe("docs/viewer.md's keys", () => {
  it('lists every key the viewer answers, and none it does not', () => {
    const doc = fs.readFileSync(path.join(ROOT, 'docs', 'viewer.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Keys'), doc.indexOf('\n## ', doc.indexOf('## Keys') + 1));
    const documented = [...section.matchAll(/^\| ([^|]+?) \| [^|]+ \|$/gm)].map((m) => (m[1] as string).trim()).filter((k) => k !== 'key' && !/^-+$/.test(k));
    // keys.ts is the page's code (DOM types): its KEYS list read as text, one ['key', 'does'] a line.
    const list = fs.readFileSync(path.join(ROOT, 'viewer', 'web', 'src', 'keys.ts'), 'utf8');
    const keys = [...list.slice(list.indexOf('export const KEYS'), list.indexOf('];')).matchAll(/^\s*\['([^']+)',/gm)].map((m) => m[1] as string);
    expect(keys.length).toBeGreaterThan(10);
    expect(documented.sort()).toEqual(keys.sort());
  });
});
