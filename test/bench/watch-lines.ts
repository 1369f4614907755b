/**
 * The watch bench's reader (live-watchers.ts): finds each watch event's resourceVersion
 * in the bytes of a stream without making a string of them (before round 12: each read
 * decoded as UTF-8, joined to the last line's rest, split, and a regular expression run
 * over every 4.7 KB line). The reader's own CPU is part of what the bench measures as
 * lag: a chunk waits in the client's socket while the last is scanned.
 */
const NL = 0x0a;
const QUOTE = 0x22;
const KEY = Buffer.from('"resourceVersion":"');
export const EMPTY: Buffer = Buffer.alloc(0);

/**
 * The resourceVersions of the whole lines in `data` (a watch stream's bytes, the rest of
 * a line carried over from the last read in front), and the bytes of the last, unfinished
 * line. The first "resourceVersion" of a line is metadata's (managedFields and
 * ownerReferences carry none); it is not always in the first 600 bytes (a new pod's
 * managedFields come before it).
 */
export function scanLines(data: Buffer, found: (rv: string) => void): Buffer {
  let start = 0;
  for (;;) {
    const nl = data.indexOf(NL, start);
    if (nl < 0) break;
    const k = data.indexOf(KEY, start);
    if (k >= 0 && k < nl) {
      const from = k + KEY.length;
      const to = data.indexOf(QUOTE, from);
      if (to > from && to < nl) found(data.toString('latin1', from, to));
    }
    start = nl + 1;
  }
  return start === data.length ? EMPTY : data.subarray(start);
}
