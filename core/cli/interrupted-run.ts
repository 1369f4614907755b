import fs from 'node:fs';
import { partialPathOf } from '../record/partial-path.js';
import { runOutputOf } from './run-output.js';

/** Which file a path names: its inode and birth time, or undefined when there is none. */
type FileIdentity = { ino: number; birthtimeMs: number } | undefined;

function identityOf(file: string): FileIdentity {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st === undefined ? undefined : { ino: st.ino, birthtimeMs: st.birthtimeMs };
}

/** Whether the path names another file than before: a new one, not gone. */
function changed(before: FileIdentity, now: FileIdentity): boolean {
  return now !== undefined && (before === undefined || now.ino !== before.ino || now.birthtimeMs !== before.birthtimeMs);
}

/**
 * For the process that waits for a relaunched `kubelapse run` (young-generation.ts): what
 * it does when a signal ended the simulating child (Ctrl-C, SIGTERM, SIGHUP passed on; a
 * SIGKILL from the OOM killer). `run` simulates without turning its event loop, so the
 * child cannot seal on a signal, and its recording keeps the rows it committed, unsealed.
 * It also has no events_object: `run` makes that index at the seal (core/record/schema.ts
 * OBJECT_INDEX_SQL: ~4.5x the append rate at 100,000 pods). Without it every query by
 * object scans the table (history, `get` by name, the viewer's clicks: 4 GB a scan at
 * 100,000 pods), and no reading command opens a recording writable to make it (`kubelapse
 * index` does, when the user thinks of it). So this process makes it (~1.4 s for 1.1 M
 * rows) and folds the WAL back into the one file, as the seal would have. No row or meta
 * changes: the recording stays unsealed and incomplete, as `kubelapse verify` says.
 *
 * Only a file this run made: `Recording.create` writes a new file at the output, or, when
 * a recording is already there, beside it (`web.db.partial`, record/partial-path.ts),
 * renamed over it only at the close a signal prevented. So the file whose inode and birth
 * time, taken now (before the child starts), differ afterwards is this run's: the partial
 * one, and then the older recording at the output is untouched and the line says so. A
 * file left as it was (the child stopped before it made its own), or one another run is
 * still writing, is not touched. A second Ctrl-C during the build ends this process, and
 * SQLite rolls the unfinished CREATE INDEX back.
 */
export function interruptedRunIndexer(args: readonly string[], write: (line: string) => void): () => Promise<void> {
  const output = runOutputOf(args);
  const partial = output === undefined ? undefined : partialPathOf(output);
  const before = output === undefined ? undefined : { output: identityOf(output), partial: identityOf(partialPathOf(output)) };
  return async () => {
    if (output === undefined || partial === undefined || before === undefined) return;
    const made = changed(before.output, identityOf(output)) ? output : changed(before.partial, identityOf(partial)) ? partial : undefined;
    if (made === undefined) return;
    const { Recording } = await import('../record/recording.js');
    let events: number;
    try {
      const rec = Recording.open(made, { readonly: true });
      try {
        if (rec.hasObjectIndex()) return;
        events = (rec.db.prepare('SELECT max(seq) FROM events').pluck().get() as number | null) ?? 0;
      } finally {
        rec.close();
      }
    } catch {
      // Not a recording yet (the child stopped while making it): nothing to index.
      return;
    }
    const untouched = made === output ? '' : `; the recording already at ${output} is untouched`;
    write(`kubelapse run: interrupted: indexing the ${events} events kept in ${made} (not sealed${untouched}; Ctrl-C again to skip)\n`);
    try {
      Recording.open(made, { readonly: false }).close();
    } catch (err) {
      write(`kubelapse run: could not index ${made}: ${(err as Error).message}; it reads the same without the index, only slower, and \`kubelapse index ${made}\` builds it later\n`);
    }
  };
}
