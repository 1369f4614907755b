import fs from 'node:fs';

/** The file's bytes in a buffer of their own, starting at offset 0 (int32 views need 4-byte alignment). */
export function readAligned(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    return readAt(fd, 0, fs.fstatSync(fd).size);
  } finally {
    fs.closeSync(fd);
  }
}

/** `length` bytes at `position` of an open file, in a buffer of their own (offset 0: typed-array views are aligned). */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafeSlow(length);
  let at = 0;
  while (at < length) {
    const n = fs.readSync(fd, buf, at, length - at, position + at);
    if (n === 0) throw new Error(`file shorter than expected (${position + at} of ${position + length} bytes)`);
    at += n;
  }
  return buf;
}
