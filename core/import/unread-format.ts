import fs from 'node:fs';

/**
 * Inputs of a known format import does not read, named, so a user is not told "not JSON
 * (Unexpected token ...)" about a file that never was JSON. A SimKube trace
 * (`.sktrace`, acrlabs/simkube docs/ref/trace-files.md) is a msgpack map whose first key
 * is "version": bytes 0x8N (a map of N entries), 0xa7 (a 7-byte string), "version".
 */
export function unreadFormatOf(path: string): string | undefined {
  if (/\.sktrace$/i.test(path)) return 'a SimKube trace (msgpack)';
  let fd: number | undefined;
  try {
    if (!fs.statSync(path).isFile()) return undefined;
    fd = fs.openSync(path, 'r');
    const head = Buffer.alloc(9);
    const n = fs.readSync(fd, head, 0, 9, 0);
    if (n === 9 && ((head[0] as number) & 0xf0) === 0x80 && head[1] === 0xa7 && head.toString('latin1', 2, 9) === 'version') return 'a SimKube trace (msgpack)';
    return undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
