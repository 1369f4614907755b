import fs from 'node:fs';

export type InputKind = 'audit' | 'k8shark';

/** ZIP's local file header "PK\x03\x04": a k8shark archive is a ZIP whatever its name. */
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/**
 * Which reader an input goes to: a `.kshrk` file, or any file that starts like a ZIP,
 * is a k8shark capture; everything else (JSON lines, a JSON array, `.gz`, a folder of
 * them) is an audit log, whose reader tells the envelopes apart itself. A path that
 * does not exist is left to the caller to name.
 */
export function inputKindOf(path: string): InputKind {
  if (path.toLowerCase().endsWith('.kshrk')) return 'k8shark';
  let fd: number | undefined;
  try {
    const stat = fs.statSync(path);
    if (!stat.isFile()) return 'audit';
    fd = fs.openSync(path, 'r');
    const head = Buffer.alloc(4);
    const n = fs.readSync(fd, head, 0, 4, 0);
    return n === 4 && head.equals(ZIP_MAGIC) ? 'k8shark' : 'audit';
  } catch {
    return 'audit';
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
