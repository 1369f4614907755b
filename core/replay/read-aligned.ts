import fs from 'node:fs';

/** The file's bytes in a buffer of their own, starting at offset 0 (int32 views need 4-byte alignment). */
export function readAligned(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const buf = Buffer.allocUnsafeSlow(size);
    let at = 0;
    while (at < size) {
      const n = fs.readSync(fd, buf, at, size - at, at);
      if (n === 0) throw new Error(`short read of ${file}`);
      at += n;
    }
    return buf;
  } finally {
    fs.closeSync(fd);
  }
}
