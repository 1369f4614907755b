/**
 * Keeps the pod lifecycle rows that change near the playhead in view. A rolling update
 * of 10 replicas makes ~36 rows (16-18 px each) in a ~340 px box: at rolling-update seq
 * 600 (2:50) the revision-3 pods being made are rows 28-30, below the fold, unless
 * the box scrolls to them.
 *
 * Rules (docs/viewer.md): "near" is within NEAR of the playhead (2% of the shown window,
 * at least 1.5 s) before it, and half that after it (a pod about to appear). The box
 * scrolls as little as it can to show those rows, the nearest in time first when they do
 * not all fit, and not at all while they are already in view (no jumping). A scroll by
 * the user pauses following; it resumes when the playhead has moved FAR from where it was
 * then (10% of the window, at least 10 s) or when "follow" is ticked again.
 */
/** How long after a wheel, press or touch in the box a scroll counts as the user's (ms): a scroll event follows its input within a frame or two. */
const USER_MS = 500;

export class RowFollower {
  private following = true;
  private pausedAt = 0;
  /** The scrollTop we set last: a scroll event that lands elsewhere was the user's. */
  private expected = 0;
  /** When the user last wheeled, pressed or touched in the box (performance.now(), page time). */
  private inputAt = -Infinity;
  private lastTime = 0;
  private readonly box: HTMLInputElement;

  constructor(
    private readonly el: HTMLElement,
    bar: HTMLElement,
    private readonly redraw: () => void,
  ) {
    const label = document.createElement('label');
    label.className = 'lc-follow';
    label.title = 'Scroll the rows to the pods changing at the playhead; scrolling by hand pauses it until the playhead moves far';
    this.box = document.createElement('input');
    this.box.type = 'checkbox';
    this.box.checked = true;
    label.append(this.box, ' follow playhead');
    bar.append(label);
    this.box.addEventListener('change', () => {
      this.following = this.box.checked;
      this.redraw();
    });
    el.addEventListener('scroll', () => {
      if (Math.abs(el.scrollTop - this.expected) > 2) this.pause();
      // Where the box is now is known, the user's place included: a redraw after the user
      // ticks "follow" again (a click in the box, so within USER_MS of input) must not take
      // the scroll before it for a new one and untick it.
      this.expected = el.scrollTop;
    });
    // A scroll event comes with the next frame, after the wheel moved the box; a redraw in
    // between (sync) must not take the user's new position for its own (see sync).
    const input = (): void => {
      this.inputAt = performance.now();
    };
    for (const type of ['wheel', 'pointerdown', 'touchstart', 'keydown'] as const) el.addEventListener(type, input, { passive: true });
  }

  private pause(): void {
    if (!this.following) return;
    this.following = false;
    this.pausedAt = this.lastTime;
    this.box.checked = false;
  }

  /**
   * The content moved under us (the rows were redrawn taller or shorter): not a user's
   * scroll. Unless the user's input came just before (within USER_MS) and the box moved
   * since we last set it: then the wheel's scroll (its event still to come, in the next
   * frame) is the user's, and following pauses here. Without this a redraw between a
   * wheel and its scroll event took the user's 0 for our own, and the next follow put
   * the box back at 115 px.
   */
  sync(): void {
    if (Math.abs(this.el.scrollTop - this.expected) > 2 && performance.now() - this.inputAt < USER_MS) this.pause();
    this.expected = this.el.scrollTop;
  }

  /** We moved the box ourselves (a click on a band shows its rows from the top): not the user's scroll, though a click came just before. */
  moved(): void {
    this.expected = this.el.scrollTop;
  }

  get on(): boolean {
    return this.following;
  }

  /** A paused follow resumes once (true: it just did) the playhead is FAR from where the user scrolled. */
  resumeIfFar(timeMs: number, windowMs: number): boolean {
    this.lastTime = timeMs;
    if (this.following || Math.abs(timeMs - this.pausedAt) <= Math.max(10_000, windowMs * 0.1)) return false;
    this.following = true;
    this.box.checked = true;
    return true;
  }

  /**
   * `rows`: [top, bottom] in px inside the scrolled content of each row that matters,
   * nearest in time first; `obscured`: px at the top of the box a sticky bar covers.
   */
  update(rows: ReadonlyArray<[number, number]>, obscured: number): void {
    if (!this.following || rows.length === 0) return;
    const view = this.el.clientHeight - obscured;
    const first = rows[0] as [number, number];
    let lo = first[0];
    let hi = first[1];
    for (const [a, b] of rows.slice(1)) {
      if (Math.max(hi, b) - Math.min(lo, a) > view) continue;
      lo = Math.min(lo, a);
      hi = Math.max(hi, b);
    }
    const top = this.el.scrollTop + obscured;
    let next = this.el.scrollTop;
    if (lo < top) next = lo - obscured;
    else if (hi > this.el.scrollTop + this.el.clientHeight) next = hi - this.el.clientHeight;
    if (Math.abs(next - this.el.scrollTop) < 1) return;
    this.el.scrollTop = Math.max(0, next);
    this.expected = this.el.scrollTop;
    this.redraw();
  }
}

/** How near the playhead a change must be to matter (ms before it; half that after). */
export const nearMs = (windowMs: number): number => Math.max(1500, windowMs * 0.02);

/**
 * The shown rows with a change within `near` ms before `timeMs` or near/2 after it,
 * nearest first (a change after the playhead counts double its distance: what has
 * happened comes first). `changes` is [time, row] by time; `shownAt` maps a row to its
 * place among the shown ones (-1: not shown).
 */
export function rowsNear(changes: ReadonlyArray<[number, number]>, shownAt: Int32Array, timeMs: number, near: number): number[] {
  let lo = 0;
  let hi = changes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((changes[mid] as [number, number])[0] < timeMs - near) lo = mid + 1;
    else hi = mid;
  }
  const dist = new Map<number, number>();
  for (let i = lo; i < changes.length; i++) {
    const [t, index] = changes[i] as [number, number];
    if (t > timeMs + near / 2) break;
    const row = shownAt[index] ?? -1;
    if (row < 0) continue;
    const d = t <= timeMs ? timeMs - t : (t - timeMs) * 2;
    dist.set(row, Math.min(dist.get(row) ?? Infinity, d));
  }
  return [...dist.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0]).map(([row]) => row);
}
