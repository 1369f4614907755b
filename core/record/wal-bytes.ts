import fs from 'node:fs';

/**
 * The bytes of the -wal beside a recording (0 when there is none): committed pages a close
 * could not fold back (a full disk, a reader holding it) or a run still writing. `index`,
 * `verify` and `run`'s full-disk line all ask it.
 */
export function walBytes(file: string): number {
  return fs.statSync(file + '-wal', { throwIfNoEntry: false })?.size ?? 0;
}
