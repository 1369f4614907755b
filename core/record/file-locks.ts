import fs from 'node:fs';

/**
 * Whether some process holds a lock on the recording at `file` or its `-shm`, read from
 * Linux's /proc/locks; undefined where there is no such table (macOS, a /proc that hides
 * it), and the caller asks SQLite instead.
 *
 * Why not ask SQLite: its only answer is a writable open that tries an exclusive lock,
 * and closing that connection, the file's last, checkpoints: a killed run's leftover -wal
 * is folded into the .db (the same rows, other bytes), so the check would change the very
 * file it promised to leave alone. A read-only connection cannot take the lock at all
 * (SQLITE_IOERR_LOCK). Reading the kernel's lock table changes nothing.
 *
 * What a holder looks like: a connection in WAL mode keeps a POSIX read lock on the .db's
 * SHARED range (bytes 1073741826-1073742335, from 0x40000000 + 2, SQLite's PENDING_BYTE +
 * 2) and on the -shm's "DMS" byte 128, for as long as it is open, also between
 * transactions: `1: POSIX  ADVISORY  READ 3871 fe:00:2319611 1073741826 1073742335`. A
 * killed process's locks are gone with it, so its leftover -wal and -shm read as free. A
 * viewer between two reads of a sealed (journal_mode DELETE) file holds none, as SQLite's
 * own probe also finds.
 */
export function heldByAProcess(file: string): boolean | undefined {
  let table: string;
  try {
    table = fs.readFileSync('/proc/locks', 'utf8');
  } catch {
    return undefined;
  }
  const ids = new Set<string>();
  for (const f of [file, file + '-shm']) {
    const st = fs.statSync(f, { throwIfNoEntry: false, bigint: true });
    if (st !== undefined) ids.add(lockId(st.dev, st.ino));
  }
  if (ids.size === 0) return false;
  // Each line: "<n>: <POSIX|FLOCK|OFDLCK> <ADVISORY|MANDATORY> <READ|WRITE> <pid> <maj:min:ino> <start> <end>";
  // a blocked waiter's line starts "<n>: -> ": the holder is listed on its own line too.
  for (const line of table.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields[1] === '->') continue;
    const id = fields[5];
    if (id !== undefined && ids.has(id)) return true;
  }
  return false;
}

/**
 * A file's device and inode as /proc/locks prints them: "fe:00:2319611", the major and
 * minor in hex, two digits at least (the kernel's "%02x:%02x:%lu"). Linux's dev_t keeps
 * the minor in bits 0-7 and 20-39, the major in bits 8-19 and 40-63 (glibc's
 * gnu_dev_major/gnu_dev_minor): st_dev 0xfe00 is major 0xfe, minor 0.
 */
function lockId(dev: bigint, ino: bigint): string {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  const hex = (n: bigint): string => n.toString(16).padStart(2, '0');
  return `${hex(major)}:${hex(minor)}:${ino}`;
}
