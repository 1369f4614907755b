/**
 * Memory for LIST bodies, given back when the last response that read a body is done
 * and used again for the next one.
 *
 * Why: a whole Table LIST of 10,000 pods is a 23 MB body made again each cluster second
 * (every 0.5 s of wall time at 2x: its AGE cells change). Each was a fresh buffer outside
 * V8's heap, and V8 starts a full mark-compact of its heap (~340 MB in the live bench)
 * each time such memory grows by 64 MB: one every 1.4 s, with 150-390 ms of marking on
 * the thread that serves requests and runs the simulation (`node --trace-gc`, LIST phase
 * of test/bench/live-api.ts). A body that reuses the memory of the one it replaces
 * grows nothing.
 *
 * A buffer is reused only once nothing can read it again (CachedTail.recycle): its cache
 * entry is gone, no response holds it, no deflate reads it, and it was never handed to a
 * socket as it is (a LIST without gzip: a socket may hold it as long as its client does
 * not read).
 */
export class BodyBuffers {
  private readonly free: ArrayBuffer[] = [];
  private freeBytes = 0;
  /** Memory take made: give takes back nothing else (a small Buffer shares Node's pool slab). */
  private readonly issued = new WeakSet<ArrayBuffer>();

  /** At most `maxBytes` kept unused (two bodies of 47.8 MB, the 10,000-pod JSON list). */
  constructor(private readonly maxBytes = 112 * 1024 * 1024) {}

  /**
   * `size` bytes, in memory given back if some is large enough (and not more than 1.5x
   * as large: a page of 500 does not take a whole list's), else fresh with 1/16 to spare
   * (a second later most AGE cells print one more digit or one less).
   */
  take(size: number): Buffer {
    let best = -1;
    this.free.forEach((ab, i) => {
      if (ab.byteLength >= size && ab.byteLength <= size * 1.5 && (best < 0 || ab.byteLength < (this.free[best] as ArrayBuffer).byteLength)) best = i;
    });
    if (best >= 0) {
      const [ab] = this.free.splice(best, 1) as [ArrayBuffer];
      this.freeBytes -= ab.byteLength;
      return Buffer.from(ab, 0, size);
    }
    const ab = Buffer.allocUnsafeSlow(size + (size >>> 4)).buffer as ArrayBuffer;
    this.issued.add(ab);
    return Buffer.from(ab, 0, size);
  }

  /**
   * Memory no one reads any more (the whole of what take gave): true when it is kept for
   * reuse; anything take did not give is left alone (false).
   */
  give(ab: ArrayBuffer): boolean {
    if (!this.issued.has(ab) || ab.byteLength > this.maxBytes || this.free.includes(ab)) return false;
    this.free.push(ab);
    this.freeBytes += ab.byteLength;
    // The oldest out first.
    while (this.freeBytes > this.maxBytes) this.freeBytes -= (this.free.shift() as ArrayBuffer).byteLength;
    return true;
  }

  /** Bytes kept unused. */
  get idle(): number {
    return this.freeBytes;
  }
}
