import type { EventSummary } from './model.js';

/** One side of a divergence: the write and the signature it was compared by. */
export interface DivergentWrite {
  event: EventSummary;
  /** `kind verb namespace/name reason`, generated name parts as ‹n› (viewer/server/model/first-divergence.ts). */
  signature: string;
}

/** `GET /api/recordings/:a/compare/:b`: where two recordings of one story first differ. */
export interface CompareModel {
  a: string;
  b: string;
  /** How many writes of each were compared (all but Leases and Events). */
  compared: [number, number];
  /** null: every compared write agrees. A side is null where its list ended first. */
  divergence: { agreed: number; a: DivergentWrite | null; b: DivergentWrite | null } | null;
}
