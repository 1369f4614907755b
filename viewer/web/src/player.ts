import type { Navigator } from './navigator.js';
import type { Store } from './store.js';

/** Plays cluster time at the chosen speed: 1x is real time, 64x turns ten minutes into under ten seconds. */
export class Player {
  private last = 0;
  private frame = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly nav: Navigator,
    private readonly endTime: () => number,
  ) {
    this.unsubscribe = store.subscribe((s, changed) => {
      if (changed.has('playing')) s.playing ? this.begin() : cancelAnimationFrame(this.frame);
    });
  }

  dispose(): void {
    this.unsubscribe();
    cancelAnimationFrame(this.frame);
  }

  toggle(): void {
    const s = this.store.state;
    // Play from the start when the playhead sits at the end.
    if (!s.playing && s.timeMs >= this.endTime()) this.nav.toTime(0);
    this.store.set({ playing: !s.playing });
  }

  private begin(): void {
    this.last = performance.now();
    const tick = (now: number): void => {
      const s = this.store.state;
      if (!s.playing) return;
      const t = s.timeMs + (now - this.last) * s.speed;
      this.last = now;
      if (t >= this.endTime()) {
        this.nav.toTime(this.endTime());
        this.store.set({ playing: false });
        return;
      }
      this.nav.toTime(t);
      // Follow the playhead: page the zoom window when it runs off the right edge.
      if (t > s.t1) {
        const w = s.t1 - s.t0;
        this.store.set({ t0: t, t1: Math.min(this.endTime(), t + w) });
      }
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }
}
