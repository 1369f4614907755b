import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './exit.js';

/** statfs magic numbers of kernel file systems no recording can live on (linux/magic.h). */
const KERNEL_FS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
]);

/**
 * Why a file could not be written, in words, for the errors a full, read-only or
 * refusing disk gives (SQLite's result codes and Node's errno codes); undefined for
 * anything else, which is kubelapse's own fault and reported as such.
 */
export function outputProblem(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'the disk is full';
  if (code === 'EDQUOT') return 'the disk quota is used up';
  // SQLite's word when the file it has open was removed or renamed under it (another
  // process replaced it): the disk is fine, and the same "readonly" words would send the
  // user looking for a read-only mount that is not there.
  if (code === 'SQLITE_READONLY_DBMOVED') return 'another process removed or replaced the file while it was written';
  if (code === 'EROFS' || code.startsWith('SQLITE_READONLY')) return 'a read-only file system';
  if (code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') return 'permission denied';
  if (code === 'EIO' || code.startsWith('SQLITE_IOERR')) return `an i/o error (${code})`;
  if (code.startsWith('SQLITE_CANTOPEN')) return 'the file cannot be opened for writing';
  return undefined;
}

/**
 * Checks, before a run starts, that a recording can be created at `file`: its folder
 * exists, is not a kernel file system (/proc accepts nothing, and its "files" are not
 * ours to replace), and is writable. Refuses with one line naming the file and why.
 */
export function checkOutputFolder(file: string, what = `recording ${file}`): void {
  const dir = path.dirname(path.resolve(file));
  const fail = (why: string): never => {
    throw new UsageError(`cannot create ${what}: ${why}`);
  };
  let st: fs.Stats;
  try {
    st = fs.statSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' || code === 'ENOTDIR' ? `no such folder ${dir}` : (outputProblem(e) ?? `cannot reach ${dir} (${code ?? 'error'})`));
  }
  if (!st.isDirectory()) fail(`${dir} is not a folder`);
  const kernel = KERNEL_FS.get(Number(fs.statfsSync(dir).type));
  if (kernel !== undefined) fail(`${dir} is on the kernel's ${kernel} file system, not a disk`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    fail(`${dir} is ${outputProblem(e) === 'a read-only file system' ? 'on a read-only file system' : 'not writable (permission denied)'}`);
  }
}

/** An error of writing `file`, as the one line `kubelapse` prints, or undefined when it is not a disk problem. */
export function outputError(file: string, err: unknown, kept: string): UsageError | undefined {
  const why = outputProblem(err);
  return why === undefined ? undefined : new UsageError(`cannot write recording ${file}: ${why}${kept === '' ? '' : `; ${kept}`}`);
}
