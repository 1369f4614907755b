import zlib from 'node:zlib';

/*
 * Response compression as kube-apiserver v1.32 does it (feature gate APIResponseCompression,
 * beta and on by default since 1.16): a GET or LIST whose body is larger than 128 KiB
 * (responsewriters/writers.go defaultGzipThresholdBytes = 128 * 1024, compared with `>`)
 * goes out gzip'd at level 1 (defaultGzipContentEncodingLevel; kubernetes issue 112296:
 * level 1 costs a fraction of the CPU for a 1.1-1.3x larger body) with `Content-Encoding:
 * gzip` and `Vary: Accept-Encoding`, when the request's Accept-Encoding lists the token
 * `gzip` (kubectl and client-go's Go transport send it by themselves, node-fetch too).
 * Watches are never compressed. A list of 10,000 pods is 47.8 MB of JSON and ~4 MB
 * gzip'd: the bytes TLS encrypts per LIST drop tenfold.
 */

export const GZIP_THRESHOLD_BYTES = 128 * 1024;
const LEVEL = 1;

/** Does the Accept-Encoding header offer gzip? Upstream's negotiateContentEncoding: the bare token, no q-values read. */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value === undefined || value === '') return false;
  return value.split(',').some((token) => token.trim() === 'gzip');
}

/** gzip of a whole body at upstream's level. */
export function gzipWhole(body: Buffer): Buffer {
  return zlib.gzipSync(body, { level: LEVEL });
}

/**
 * A large body whose end is cached and whose start changes per request (a LIST's
 * `{"kind":"PodList",...,"metadata":{"resourceVersion":"N"` before 47 MB of items that
 * stay the same until a pod changes). Its gzip form is the cached end compressed once
 * and a few bytes compressed per request, joined into one valid gzip stream:
 * deflate(head) ends on a full flush (byte-aligned, no final block, nothing later
 * refers back into it), the tail's own deflate stream follows with the final block,
 * and the trailer's CRC-32 is combined from the two parts' (zlib's crc32_combine).
 */
export class CachedTail {
  private deflated: Buffer | undefined;
  private crc = 0;
  private readonly kept: Buffer;
  /** Responses that may still read the bytes (hold, release). */
  private readers = 0;
  private retired = false;
  private deflating = false;
  /** Handed to a socket as they are: the socket decides when it is done with them. */
  private lent = false;
  private recycled = false;

  /**
   * `recycle`, when given, takes the bytes' memory back once nothing can read it again
   * (body-buffers.ts): the tail is out of its cache (retire), no response holds it, no
   * deflate reads it, and it never went to a socket as it is. It says whether it did
   * (memory it did not give is left alone).
   */
  constructor(bytes: Buffer, private readonly recycle?: (memory: ArrayBuffer) => boolean) {
    this.kept = bytes;
  }

  /** The text; reading it after its memory went to another body is a bug, and throws. */
  get bytes(): Buffer {
    if (this.recycled) throw new Error('list body read after its memory was reused');
    return this.kept;
  }

  /** A response will read the bytes (or their gzip) until it calls release. */
  hold(): void {
    this.readers++;
  }

  release(): void {
    this.readers--;
    this.maybeRecycle();
  }

  /** The bytes go to a socket as they are: never reused, the garbage collector frees them. */
  lend(): Buffer {
    this.lent = true;
    return this.bytes;
  }

  /** Out of the cache: no new response will take it. */
  retire(): void {
    this.retired = true;
    this.maybeRecycle();
  }

  private maybeRecycle(): void {
    if (this.recycle === undefined || this.recycled || !this.retired || this.readers > 0 || this.deflating || this.lent) return;
    this.recycled = this.recycle(this.kept.buffer as ArrayBuffer);
  }

  private pending: Promise<void> | undefined;

  /** The tail as raw deflate (made on first use, then kept) and its CRC-32. */
  gzipParts(): { deflated: Buffer; crc: number } {
    if (this.deflated === undefined) {
      this.deflated = zlib.deflateRawSync(this.bytes, { level: LEVEL });
      this.crc = zlib.crc32(this.bytes);
    }
    return { deflated: this.deflated, crc: this.crc };
  }

  private shift: Uint32Array | undefined;

  /**
   * The CRC-32 of some head + this tail from the head's CRC alone. crc32Combine(h, crc, n)
   * is h run through n zero bytes, a map linear over GF(2) (XOR), then XOR crc: kept as
   * its 32 columns (the map of each single bit, made once per tail), a request's combine
   * is an XOR of at most 32 words instead of ~50 matrix squarings (3.4 % of the server's
   * thread at 440 whole Table LISTs a second, `node --cpu-prof`).
   */
  crcAfter(headCrc: number): number {
    if (this.shift === undefined) {
      const columns = new Uint32Array(32);
      for (let i = 0; i < 32; i++) columns[i] = crc32Combine((1 << i) >>> 0, 0, this.kept.length);
      this.shift = columns;
    }
    const { crc } = this.gzipParts();
    return (gf2Times(this.shift, headCrc) ^ crc) >>> 0;
  }

  /** The text's length (still known once its memory is reused). */
  get length(): number {
    return this.kept.length;
  }

  /**
   * Deflates the tail on libuv's thread pool, off the thread that serves requests and
   * runs the simulation: 23 MB of Table at level 1 is ~0.2 s of CPU, made twice a
   * cluster second (AGE changes) at 2x; requests for the same tail meanwhile share it.
   */
  prepareGzip(): Promise<void> {
    if (this.deflated !== undefined) return Promise.resolve();
    this.pending ??= new Promise<void>((resolve, reject) => {
      // One output buffer for (nearly) the whole result: zlib's default 16 KB chunks make
      // one trip through the thread pool and back through this thread's event loop per
      // 16 KB of output (~45 for a 23 MB Table), and this loop runs the simulation in 20 ms
      // slices between them, so a deflate of ~0.2 s of CPU took a second or more to arrive.
      // 1/8 of the input holds a LIST's gzip (1/10 to 1/30 of it) in one trip.
      const chunkSize = Math.min(16 * 1024 * 1024, Math.max(64 * 1024, Math.ceil(this.bytes.length / 8)));
      this.deflating = true;
      zlib.deflateRaw(this.bytes, { level: LEVEL, chunkSize }, (err, out) => {
        this.deflating = false;
        if (err !== null) {
          this.maybeRecycle();
          return reject(err);
        }
        this.crc = zlib.crc32(this.kept);
        this.deflated = out;
        this.maybeRecycle();
        resolve();
      });
    });
    return this.pending;
  }

  /** Has its gzip been asked for (made or being made)? A body made ahead of it is deflated ahead too. */
  get gzipAsked(): boolean {
    return this.pending !== undefined || this.deflated !== undefined;
  }

  /** Bytes held: the text, and its deflated copy once made. */
  get size(): number {
    return this.kept.length + (this.deflated?.length ?? 0);
  }
}

// The fixed 10-byte gzip header: magic, deflate, no flags, no mtime, XFL 4 (fastest), OS 255 (unknown).
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 255]);

/** The gzip stream of head + tail, as buffers to write in order. */
export function gzipSpliced(head: Buffer, tail: CachedTail): Buffer[] {
  const { deflated } = tail.gzipParts();
  const headDeflated = zlib.deflateRawSync(head, { level: LEVEL, finishFlush: zlib.constants.Z_FULL_FLUSH });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(tail.crcAfter(zlib.crc32(head)), 0);
  trailer.writeUInt32LE((head.length + tail.length) % 0x1_0000_0000, 4);
  return [GZIP_HEADER, headDeflated, deflated, trailer];
}

/*
 * zlib's crc32_combine: the CRC-32 of A+B from crc(A), crc(B) and B's length, by
 * applying "append len(B) zero bytes" to crc(A) as a GF(2) 32x32 matrix raised to that
 * power by squaring (~2 x log2(47 MB) = 52 matrix squarings, microseconds), so a 47 MB
 * tail is not run through CRC-32 again for every request.
 */
function gf2Times(mat: Uint32Array, vec: number): number {
  let sum = 0;
  let v = vec >>> 0;
  for (let i = 0; v !== 0; i++, v >>>= 1) if (v & 1) sum ^= mat[i] as number;
  return sum >>> 0;
}

function gf2Square(square: Uint32Array, mat: Uint32Array): void {
  for (let n = 0; n < 32; n++) square[n] = gf2Times(mat, mat[n] as number);
}

export function crc32Combine(crc1: number, crc2: number, len2: number): number {
  if (len2 <= 0) return crc1 >>> 0;
  const even = new Uint32Array(32);
  const odd = new Uint32Array(32);
  odd[0] = 0xedb88320; // the CRC-32 polynomial, reflected: the operator for one zero bit
  for (let n = 1, row = 1; n < 32; n++, row <<= 1) odd[n] = row >>> 0;
  gf2Square(even, odd); // two zero bits
  gf2Square(odd, even); // four zero bits
  let crc = crc1 >>> 0;
  let len = len2;
  for (;;) {
    gf2Square(even, odd); // apply len's next bit: one zero byte, then 2, 4, ...
    if (len % 2 === 1) crc = gf2Times(even, crc);
    len = Math.floor(len / 2);
    if (len === 0) break;
    gf2Square(odd, even);
    if (len % 2 === 1) crc = gf2Times(odd, crc);
    len = Math.floor(len / 2);
    if (len === 0) break;
  }
  return (crc ^ crc2) >>> 0;
}
