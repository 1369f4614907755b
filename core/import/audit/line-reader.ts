import fs from 'node:fs';

/**
 * The lines of a file with their 1-based numbers and byte offsets, read in 1 MB chunks:
 * memory holds one chunk and one line, whatever the file's size (a 2 GB audit log reads
 * in the same ~2 MB). The offsets let the second pass of read-audit.ts fetch a write's
 * line again by position instead of keeping it. Hand-rolled instead of node:readline,
 * which does not tell offsets.
 */
export interface Line {
  text: string;
  /** 1-based */
  line: number;
  /** byte offset of the line's first byte, and its length without the newline */
  offset: number;
  length: number;
  /** true for the file's last line when it did not end in a newline (a cut-off write) */
  unterminated: boolean;
}

const CHUNK = 1 << 20;
/** A longer line is not an audit entry anyone logged (the apiserver caps bodies far lower). */
export const MAX_LINE_BYTES = 64 << 20;

export async function* readLines(file: string, onBytes?: (n: number) => void): AsyncGenerator<Line | { tooLong: Omit<Line, 'text'> }> {
  const stream = fs.createReadStream(file, { highWaterMark: CHUNK });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let start = 0; // file offset of the current line's first byte
  let lineNo = 0;
  let tooLong = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    onBytes?.(chunk.length);
    let from = 0;
    for (let nl = chunk.indexOf(10, from); nl !== -1; nl = chunk.indexOf(10, from)) {
      lineNo++;
      const length = pendingBytes + nl - from;
      if (tooLong || length > MAX_LINE_BYTES) {
        yield { tooLong: { line: lineNo, offset: start, length, unterminated: false } };
      } else {
        const buf = pendingBytes === 0 ? chunk.subarray(from, nl) : Buffer.concat([...pending, chunk.subarray(from, nl)]);
        yield { text: decode(buf), line: lineNo, offset: start, length, unterminated: false };
      }
      pending = [];
      pendingBytes = 0;
      tooLong = false;
      start += length + 1;
      from = nl + 1;
    }
    if (from < chunk.length) {
      pendingBytes += chunk.length - from;
      if (pendingBytes > MAX_LINE_BYTES) {
        tooLong = true;
        pending = [];
      } else pending.push(chunk.subarray(from));
    }
  }
  if (pendingBytes > 0) {
    lineNo++;
    if (tooLong) yield { tooLong: { line: lineNo, offset: start, length: pendingBytes, unterminated: true } };
    else yield { text: decode(Buffer.concat(pending)), line: lineNo, offset: start, length: pendingBytes, unterminated: true };
  }
}

/** A line's text, without a Windows `\r` before the newline. */
function decode(buf: Buffer): string {
  const end = buf.length > 0 && buf[buf.length - 1] === 13 ? buf.length - 1 : buf.length;
  return buf.toString('utf8', 0, end);
}

/** Reads one line again by position (the second pass), through a small window of the file. */
export class LineFetcher {
  private readonly fd: number;
  private window = Buffer.alloc(0);
  private windowStart = 0;

  constructor(file: string) {
    this.fd = fs.openSync(file, 'r');
  }

  text(offset: number, length: number): string {
    // Writes come back nearly in file order: a 4 MB window serves most of them from memory.
    if (offset < this.windowStart || offset + length > this.windowStart + this.window.length) {
      const size = Math.max(length, 4 << 20);
      const buf = Buffer.allocUnsafe(size);
      const read = fs.readSync(this.fd, buf, 0, size, offset);
      this.window = buf.subarray(0, read);
      this.windowStart = offset;
    }
    return decode(this.window.subarray(offset - this.windowStart, offset - this.windowStart + length));
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
