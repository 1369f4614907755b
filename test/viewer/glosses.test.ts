import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Recording } from '../../core/record/recording.js';
import { gloss, GLOSSES } from '../../viewer/web/src/glosses.js';
import { ROOT } from '../helpers.js';
import { recordingsDir } from './fixtures.js';

describe('glosses: a plain line for every reason the shipped recordings hold', () => {
  it('records every shipped scenario and finds a gloss for each reason in it', () => {
    const names = fs.readdirSync(path.join(ROOT, 'recordings')).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5));
    expect(names.length).toBeGreaterThan(20);
    const dir = recordingsDir(names);
    const missing: string[] = [];
    let reasons = 0;
    for (const n of names) {
      const rec = Recording.open(path.join(dir, `${n}.db`), { readonly: true });
      try {
        for (const r of rec.db.prepare('SELECT DISTINCT reason FROM events WHERE reason IS NOT NULL').pluck(true).all() as string[]) {
          reasons++;
          if (gloss(r) === undefined) missing.push(`${n}: ${r}`);
        }
      } finally {
        rec.close();
      }
    }
    expect(reasons).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  }, 600_000);

  it('each gloss is one short line that starts with its reason', () => {
    expect(gloss('PodFailed')).toBe("PodFailed: the kubelet saw the pod's containers gone and reported the pod Failed");
    expect(gloss('NoSuchReason')).toBeUndefined();
    expect(gloss(null)).toBeUndefined();
    for (const [reason, line] of Object.entries(GLOSSES)) {
      expect(line, reason).not.toMatch(/\n/);
      expect(`${reason}: ${line}`.length, reason).toBeLessThanOrEqual(140);
    }
  });
});
