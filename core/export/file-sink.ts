import fs from 'node:fs';

/**
 * A file written front to back in 1 MiB chunks: an export of 100,000 events (tens of MB)
 * never sits in memory as one string, and each chunk is one write(2), not one per line.
 */
export class FileSink {
  private readonly fd: number;
  private parts: string[] = [];
  private pending = 0;
  private written = 0;

  constructor(readonly path: string) {
    this.fd = fs.openSync(path, 'w');
  }

  write(text: string): void {
    this.parts.push(text);
    this.pending += text.length;
    if (this.pending >= 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    this.written += fs.writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.pending = 0;
  }

  /** Writes what is left and closes the file; the bytes written in all. */
  close(): number {
    try {
      this.flush();
    } finally {
      fs.closeSync(this.fd);
    }
    return this.written;
  }

  /** Closes without caring about the rest (the export failed; the caller deletes the file). */
  abandon(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}
