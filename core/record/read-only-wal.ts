import fs from 'node:fs';
import nodePath from 'node:path';

/**
 * Why a recording could not be read, in one line, when the reason is the folder and not
 * the file: a recording left in WAL mode (a run killed or still writing: not sealed, not
 * folded back) whose folder cannot be written and has no `-shm` beside it. SQLite's
 * readers share the WAL's index through that file and must make it before their first
 * read; read-only, with no -shm to use, every reader fails ("attempt to write a readonly
 * database", SQLITE_READONLY_DIRECTORY), which says nothing of what to do. The way
 * SQLite's docs give around it (a URI with immutable=1) is not open to better-sqlite3,
 * which takes no URI filenames. Undefined when that is not the case.
 *
 * WAL mode is read from the file's own header: bytes 18 and 19 (the file format's read
 * and write versions) are 2 in WAL mode, 1 in rollback mode (sqlite.org/fileformat2.html,
 * "The database header").
 */
export function readOnlyWalProblem(path: string, err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !(code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN'))) return undefined;
  if (fs.existsSync(path + '-shm') || !inWalMode(path)) return undefined;
  const dir = nodePath.dirname(nodePath.resolve(path));
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return undefined;
  } catch {
    // Not writable: the case this names.
  }
  const wal = fs.existsSync(path + '-wal') ? ` and ${path}-wal` : '';
  return `cannot read recording ${path}: it was left in WAL mode (not sealed: a run killed or still writing) and its folder ${dir} is read-only, so SQLite cannot make the ${path}-shm every reader needs; copy ${path}${wal} to a writable folder and open the copy`;
}

/** Whether `path` is an SQLite database whose header says WAL mode (file format bytes 18-19 = 2). */
export function inWalMode(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(path, 'r');
    const header = Buffer.alloc(20);
    if (fs.readSync(fd, header, 0, 20, 0) < 20) return false;
    return header.toString('latin1', 0, 16) === 'SQLite format 3\0' && header[18] === 2 && header[19] === 2;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
