import fs from 'node:fs';

/**
 * The most a scenario or manifest file may hold: 3 MiB, kube-apiserver's limit on one
 * request body (MaxRequestBodyBytes in k8s.io/apiserver/pkg/server/config.go). A
 * manifest bigger than that could never be sent to a real cluster in one request.
 */
export const MAX_INPUT_BYTES = 3 * 1024 * 1024;

/**
 * The most a scenario file may hold: 8 MiB. A scenario is not one request; generated
 * ones run long (60,000 kubectl steps are 3.9 MB, parsed and checked in ~5 s; 16 MB took
 * 16 s and 1.2 GB here), and the manifests in it each meet kube-apiserver's limit anyway.
 */
export const MAX_SCENARIO_BYTES = 8 * 1024 * 1024;

/** Why a file cannot be read as input; the message names no path (the caller does). */
export class InputFileError extends Error {
  override name = 'InputFileError';

  constructor(
    readonly reason: 'missing' | 'unreadable',
    message: string,
  ) {
    super(message);
  }
}

/** `3 MiB`, `512 KiB`: how the limit reads in messages. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

function kindOf(st: fs.Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Reads a scenario or manifest file as text, refusing what is not one before it can
 * hurt: the type is checked with stat() before opening (a FIFO would block open() and
 * read() forever, /dev/zero never ends), the file is opened non-blocking in case it was
 * swapped meanwhile, and at most `limit + 1` bytes are read (a /proc file says size 0).
 * UTF-16 with a byte-order mark is decoded, as kubectl does; without one it is refused.
 */
export function readInputFile(file: string, limit = MAX_INPUT_BYTES, why = "kube-apiserver's request size limit"): string {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    throw statError(e as NodeJS.ErrnoException);
  }
  const kind = kindOf(st);
  if (kind !== undefined) throw new InputFileError('unreadable', `${kind}, not a regular file`);
  if (st.size > limit) throw tooBig(st.size, limit, why);
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (e) {
    throw statError(e as NodeJS.ErrnoException);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    const again = kindOf(fs.fstatSync(fd));
    if (again !== undefined) throw new InputFileError('unreadable', `${again}, not a regular file`);
    const buf = Buffer.alloc(64 * 1024);
    while (total <= limit) {
      const n = fs.readSync(fd, buf, 0, Math.min(buf.length, limit + 1 - total), null);
      if (n === 0) break;
      chunks.push(Buffer.from(buf.subarray(0, n)));
      total += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  if (total > limit) throw tooBig(undefined, limit, why);
  return decodeText(Buffer.concat(chunks, total));
}

function tooBig(size: number | undefined, limit: number, why: string): InputFileError {
  const what = size === undefined ? `more than ${formatBytes(limit)}` : `${size} bytes`;
  return new InputFileError('unreadable', `too big: ${what}, the limit is ${formatBytes(limit)} (${why})`);
}

function statError(e: NodeJS.ErrnoException): InputFileError {
  switch (e.code) {
    case 'ENOENT':
      return new InputFileError('missing', 'no such file');
    case 'ELOOP':
      return new InputFileError('unreadable', 'a symlink loop');
    case 'ENOTDIR':
      return new InputFileError('missing', 'a part of the path is not a directory');
    case 'EACCES':
    case 'EPERM':
      return new InputFileError('unreadable', 'permission denied');
    case 'ENAMETOOLONG':
      return new InputFileError('unreadable', 'the path is too long');
    default:
      return new InputFileError('unreadable', `cannot read: ${e.code ?? e.message}`);
  }
}

/**
 * UTF-8 (a byte-order mark is dropped), or UTF-16 LE/BE with a byte-order mark, as
 * kubectl's file reader does (cli-runtime wraps files in unicode.BOMOverride). Without a
 * mark, NUL bytes mean UTF-16 (YAML text never has them), and bytes that are not UTF-8
 * are named rather than silently turned into U+FFFD.
 */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const le = Buffer.from(bytes.subarray(2));
    if (le.length % 2 === 1) throw new InputFileError('unreadable', 'UTF-16 text with an odd number of bytes');
    return le.swap16().toString('utf16le');
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new InputFileError('unreadable', `NUL byte at line ${lineAt(bytes, nul)}: UTF-16 without a byte-order mark, or not text? save it as UTF-8`);
  }
  return utf8(bytes);
}

function utf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    throw new InputFileError('unreadable', `not UTF-8: byte 0x${(bytes[bad] ?? 0).toString(16).padStart(2, '0')} at line ${lineAt(bytes, bad)}; save it as UTF-8`);
  }
}

function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  // Bisect on the longest prefix that decodes (a prefix may end inside a sequence: stream mode).
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  // The prefix may end inside the bad sequence: step back to its lead byte (0xc0 and up).
  let i = Math.min(lo, bytes.length - 1);
  while (i > 0 && lo - i < 3 && ((bytes[i - 1] as number) & 0xc0) === 0x80) i--;
  if (i > 0 && (bytes[i - 1] as number) >= 0xc0) i--;
  return i;
}
