import fs from 'node:fs';

/**
 * Where a recording is written while an older one stays at its path: `web.db` is written
 * as `web.db.partial` and renamed over `web.db` when it closes (Recording.create), so a
 * re-run stopped by Ctrl-C, a kill or a crash leaves the older recording as it was and its
 * own rows in this file, which opens, verifies and replays like any recording. Not `.db` at
 * the end: a folder's listing (the viewer's, `recordings/*.db` in .gitignore) shows
 * recordings, and a user's own `web.partial.db` could be one.
 */
export function partialPathOf(path: string): string {
  return `${path}.partial`;
}

/**
 * The file a new recording for `path` is written to (Recording.create): `path` itself when
 * nothing is there (or an empty file), else its partial file, renamed over `path` only when
 * the new recording closes whole. `run` asks it too, to say where a failed run's rows are.
 */
export function writtenAt(path: string): { file: string; replacing: boolean } {
  const replacing = (fs.statSync(path, { throwIfNoEntry: false })?.size ?? 0) > 0;
  return { file: replacing ? partialPathOf(path) : path, replacing };
}
