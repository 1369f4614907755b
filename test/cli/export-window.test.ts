import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, ROOT, tmpDir } from '../helpers.js';

/** rolling-update: 878 writes over 5 minutes, three chapters, two expectations (at the end). */
const dir = tmpDir();
const db = path.join(dir, 'rolling-update.db');
cli(['run', path.join(ROOT, 'recordings', 'rolling-update.yaml'), '-o', db, '-q']);

function summaryOf(args: string[]): string[] {
  const out = path.join(dir, `r${args.join('')}.md`);
  const r = cli(['export', db, '--format', 'markdown', '-o', out, '--force', ...args]);
  expect(r.code, r.stderr).toBe(0);
  const text = fs.readFileSync(out, 'utf8');
  return (text.split('## Summary\n')[1] ?? '').split('\n## ')[0]!.split('\n').filter((l) => l.startsWith('- **'));
}

describe('export --format markdown --from/--to: the Summary is the window\'s', () => {
  it("states the window and counts only its writes, as `kubelapse events --from --to` lists them", () => {
    const whole = summaryOf([]);
    const window = summaryOf(['--from', '1m', '--to', '2m']);
    expect(window).not.toEqual(whole);
    expect(whole[0]).toBe('- **Duration:** 5:00.0 of cluster time');
    expect(whole[1]).toMatch(/^- \*\*Writes:\*\* 878 /);
    const rows = cli(['events', db, '--from', '1m', '--to', '2m', '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l) as { seq: number; verb: string; actor: string; kind: string; namespace: string | null; name: string });
    expect(rows.length).toBeGreaterThan(0);
    expect(window[0]).toBe(`- **Window:** 1:00.0 to 2:00.0 of 5:00.0 of cluster time, seqs ${rows[0]!.seq}–${rows.at(-1)!.seq}; the counts below are the window's`);
    const objects = new Set(rows.map((e) => `${e.kind}/${e.namespace}/${e.name}`)).size;
    const actors = new Set(rows.map((e) => e.actor)).size;
    const count = (verb: string): number => rows.filter((e) => e.verb === verb).length;
    expect(window[1]).toBe(`- **Writes:** ${rows.length} (${count('create')} creates, ${count('update')} updates, ${count('delete')} deletes) to ${objects} objects by ${actors} actors; 0 pods created`);
    // The expectations are checked at the end (5:00): none in this window, both in the whole.
    expect(whole.at(-1)).toBe('- **Expectations:** 2 of 2 passed');
    expect(window.some((l) => l.startsWith('- **Expectations:**'))).toBe(false);
  });

  it('a window with no writes says so', () => {
    // The leases and node statuses write every 10 s (4:50, 5:00): nothing between.
    const window = summaryOf(['--from', '4m51s', '--to', '4m59s']);
    expect(window.slice(0, 2)).toEqual(["- **Window:** 4:51.0 to 4:59.0 of 5:00.0 of cluster time, no writes in it; the counts below are the window's", '- **Writes:** 0 (0 creates, 0 updates, 0 deletes) to 0 objects by 0 actors; 0 pods created']);
  });
});
