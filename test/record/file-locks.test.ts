import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { heldByAProcess } from '../../core/record/file-locks.js';
import { tmpDir } from '../helpers.js';

/** A /proc/locks line for `file`'s inode under device `dev` ("fe:00"), a WAL reader's SHARED range. */
function lockLine(dev: string, file: string): string {
  const ino = fs.statSync(file, { bigint: true }).ino;
  return `1: POSIX  ADVISORY  READ 3871 ${dev}:${ino} 1073741826 1073742335`;
}

describe('heldByAProcess', () => {
  it('never answers "free" for a lock on the file\'s inode under another device (btrfs subvolumes)', () => {
    const file = path.join(tmpDir(), 'x.db');
    fs.writeFileSync(file, 'x');
    // st_dev is the subvolume's, the lock table's the filesystem's: ff:7f is neither this file's.
    expect(heldByAProcess(file, lockLine('ff:7f', file) + '\n')).toBeUndefined();
  });

  it('answers "free" when no line names the inode', () => {
    const file = path.join(tmpDir(), 'x.db');
    fs.writeFileSync(file, 'x');
    const st = fs.statSync(file, { bigint: true });
    const line = lockLine('ff:7f', file);
    // An inode one higher is another file, whatever its device (a real lock: rerun-edges).
    expect(heldByAProcess(file, line.replace(`:${st.ino} `, `:${st.ino + 1n} `))).toBe(false);
    expect(heldByAProcess(file, '')).toBe(false);
  });
});
