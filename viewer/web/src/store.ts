import type { LogFilters } from './log-filters.js';

/** What the viewer shows: one object, changed only through `set`, observed by every view. */
export interface ViewState {
  /** The primary recording's name. */
  rec: string;
  /** The recording compared against, on the same time axis; '' for none. */
  cmp: string;
  /** The playhead: the last event applied (0: before the first). */
  seq: number;
  /** The playhead's cluster time (ms); between events while playing or dragging. */
  timeMs: number;
  /** The zoom window of the timeline and time charts, in cluster ms. */
  t0: number;
  t1: number;
  /** The selected event (detail panel), or 0. */
  sel: number;
  playing: boolean;
  speed: number;
  /** True while the user drags the playhead: views skip transitions to keep each frame short. */
  scrubbing: boolean;
  /** The event log's filters (in the permalink). */
  logFilters: LogFilters;
  /** The story lens (lens.ts): stepping, the event log and search skip noise. On unless the URL says lens=0. */
  lens: boolean;
  /** ← → follow only the selected event's causal chain (chain-follow.ts). */
  follow: boolean;
}

export type Listener = (s: Readonly<ViewState>, changed: ReadonlySet<keyof ViewState>) => void;

export class Store {
  private readonly listeners: Listener[] = [];

  constructor(public state: ViewState) {}

  /** Returns the way to stop listening (a live recording's views are rebuilt as it grows). */
  subscribe(l: Listener): () => void {
    this.listeners.push(l);
    return () => {
      const i = this.listeners.indexOf(l);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  set(patch: Partial<ViewState>): void {
    const changed = new Set<keyof ViewState>();
    for (const [k, v] of Object.entries(patch) as Array<[keyof ViewState, unknown]>) {
      if (this.state[k] !== v) changed.add(k);
    }
    if (changed.size === 0) return;
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state, changed);
  }
}

export const SPEEDS = [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64] as const;
