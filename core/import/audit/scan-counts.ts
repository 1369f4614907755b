/** What the first pass counted, for the summary (read-audit.ts). */
export interface ScanCounts {
  lines: number;
  /** audit entries read, of any verb and stage */
  entries: number;
  reads: number;
  /** entries of a stage before the last (RequestReceived, ResponseStarted, operation.first) */
  incomplete: number;
  /** non-resource requests and verbs that neither read nor write (proxy, impersonate ...) */
  other: number;
  /** per input, the earliest time inside (µs), to order inputs */
  first: number[];
}

export function emptyCounts(): ScanCounts {
  return { lines: 0, entries: 0, reads: 0, incomplete: 0, other: 0, first: [] };
}
