import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, CachedTail, crc32Combine, gzipSpliced } from '../../../core/api/rest/compression.js';

// Text that compresses like a pod list: repeated keys, varying names and numbers.
function listLike(n: number, seed: number): Buffer {
  const items: string[] = [];
  for (let i = 0; i < n; i++) items.push(`{"metadata":{"name":"web-${(i * 7919 + seed) % 100_000}","resourceVersion":"${i + seed}"},"status":{"phase":"Running"}}`);
  return Buffer.from(`,"continue":"x"},"items":[${items.join(',')}]}`);
}

describe('gzip of a cached LIST tail behind a per-request head', () => {
  it('gunzips to head + tail, byte for byte, for any head', () => {
    const tail = new CachedTail(listLike(5_000, 3));
    for (const rv of ['1', '123456', '98765432101']) {
      const head = Buffer.from(`{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"${rv}"`);
      const gz = Buffer.concat(gzipSpliced(head, tail));
      // zlib checks the trailer's CRC-32 and length: a wrong combine throws here.
      expect(zlib.gunzipSync(gz).equals(Buffer.concat([head, tail.bytes]))).toBe(true);
      expect(gz.length).toBeLessThan((head.length + tail.bytes.length) / 4);
    }
  });

  it('combines CRC-32s as the CRC of the concatenation', () => {
    for (const [a, b] of [[0, 0], [1, 1], [17, 1_000], [100, 70_001], [3, 2 ** 20 + 5]] as const) {
      const x = listLike(Math.max(1, a), 1).subarray(0, a);
      const y = Buffer.alloc(b, 'k8s');
      expect(crc32Combine(zlib.crc32(x), zlib.crc32(y), y.length)).toBe(zlib.crc32(Buffer.concat([x, y])));
    }
  });

  it("a tail's CRC after any head, from the head's CRC alone, is the CRC of head + tail", () => {
    for (const size of [0, 1, 5_000]) {
      const tail = new CachedTail(listLike(Math.max(1, size), 9).subarray(0, size));
      for (const head of ['', '{', '{"kind":"Table","metadata":{"resourceVersion":"4294967295"', '\u00ff'.repeat(33)]) {
        const h = Buffer.from(head);
        expect(tail.crcAfter(zlib.crc32(h))).toBe(zlib.crc32(Buffer.concat([h, tail.bytes])));
      }
    }
  });

  it('reads Accept-Encoding as upstream: the token gzip, not gzip;q=0 or x-gzip', () => {
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('deflate, gzip')).toBe(true);
    expect(acceptsGzip('gzip, deflate, br')).toBe(true);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip('x-gzip')).toBe(false);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
  });
});
