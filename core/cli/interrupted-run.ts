import fs from 'node:fs';
import { runOutputOf } from './run-output.js';

/**
 * What the process that waits for a relaunched `kubelapse run` (young-generation.ts) does
 * when a signal ended the simulating child (Ctrl-C, SIGTERM, SIGHUP passed on; a SIGKILL
 * from the OOM killer): `run` simulates without turning its event loop, so the child
 * cannot seal on a signal, and its recording keeps the rows it committed, unsealed. It
 * also has no events_object: `run` makes that index at the seal (core/record/schema.ts
 * OBJECT_INDEX_SQL: ~4.5x the append rate at 100,000 pods). Without it every query by
 * object scans the table (history, `get` by name, the viewer's clicks: 4 GB a scan at
 * 100,000 pods), and no reading command opens a recording writable to make it. So this
 * process makes it (~1.4 s for 1.1 M rows) and folds the WAL back into the one file, as
 * the seal would have. No row or meta changes: the recording stays unsealed and
 * incomplete, as `kubelapse verify` says. A second Ctrl-C meanwhile ends this process,
 * and SQLite rolls the unfinished CREATE INDEX back on the next open.
 */
export async function indexInterruptedRun(args: readonly string[], write: (line: string) => void): Promise<void> {
  const output = runOutputOf(args);
  if (output === undefined || !fs.existsSync(output)) return;
  const { Recording } = await import('../record/recording.js');
  let events: number;
  try {
    const rec = Recording.open(output, { readonly: true });
    try {
      if (rec.hasObjectIndex()) return;
      events = (rec.db.prepare('SELECT max(seq) FROM events').pluck().get() as number | null) ?? 0;
    } finally {
      rec.close();
    }
  } catch {
    // Not a recording (the run stopped before it made one): nothing to index.
    return;
  }
  write(`kubelapse run: interrupted: indexing the ${events} events kept in ${output} (not sealed; Ctrl-C again to skip)\n`);
  try {
    Recording.open(output, { readonly: false }).close();
  } catch (err) {
    write(`kubelapse run: could not index ${output}: ${(err as Error).message}; it reads the same without the index, only slower\n`);
  }
}
