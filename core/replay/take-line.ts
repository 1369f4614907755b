/**
 * How a summary line is handed over as bytes (Replay.summaryBytes) and what the taker
 * answers; a module of its own so the printers (row-bytes.ts) and replay share the
 * numbers without the printers importing replay.
 */

/** What a TakeLine answers: the line is printed; it is damaged (made again from its row); it cannot be printed from bytes. */
export const TAKEN = 0;
export const DAMAGED = 1;
export const NOT_BYTES = 2;

/** Takes summary line `row` as bytes[start, end) (Replay.summaryBytes); `ascii`: every byte of it is known to be ASCII. */
export type TakeLine = (row: number, bytes: Uint8Array, start: number, end: number, ascii: boolean) => typeof TAKEN | typeof DAMAGED | typeof NOT_BYTES;
