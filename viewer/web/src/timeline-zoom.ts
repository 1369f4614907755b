import type { Store } from './store.js';

/** The narrowest window zooming goes to: 200 ms, a few writes apart (as the +/- keys). */
const MIN_WINDOW_MS = 200;
/** W/S: each key press (and each auto-repeat, ~30 a second while held) zooms by 20%. */
const KEY_ZOOM = 0.8;
/** A/D: each press pans a tenth of the window, so holding the key crosses it in ~1/3 s per window. */
const KEY_PAN = 0.1;
/** Ctrl+wheel: a notch of a mouse wheel (deltaY 100) zooms by ~18%, a touchpad's small deltas smoothly. */
const WHEEL_ZOOM = 0.002;

/** The parts of a WheelEvent zooming reads (spelled out: the unit tests run without the DOM's types). */
export interface Wheel {
  deltaX: number;
  deltaY: number;
  deltaMode: number;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

/** What the keys zoom: the timeline on screen, which knows where the mouse is. */
export interface ZoomTarget {
  /** The cluster time under the mouse when it is over the timeline, else undefined. */
  hoverTime(): number | undefined;
}

/**
 * Zooming and panning the time window, as Perfetto does: W/S zoom in/out around the
 * mouse (or the playhead when the mouse is elsewhere), A/D pan, Ctrl+wheel (and a
 * touchpad pinch, which browsers send as Ctrl+wheel) zooms around the mouse, Shift+wheel
 * and a sideways swipe pan. A plain wheel is left to scroll the page.
 */
export class WindowZoom {
  constructor(
    private readonly store: Store,
    private readonly endTime: () => number,
  ) {}

  /** Scales the window by `factor` (< 1 zooms in) keeping time `at` where it is on screen. */
  zoomAt(factor: number, at: number): void {
    const s = this.store.state;
    const end = this.endTime();
    const w0 = Math.max(1, s.t1 - s.t0);
    const w = Math.max(Math.min(MIN_WINDOW_MS, end), Math.min(end, w0 * factor));
    const anchor = Math.max(s.t0, Math.min(s.t1, at));
    const t0 = Math.max(0, Math.min(end - w, anchor - (anchor - s.t0) * (w / w0)));
    this.store.set({ t0, t1: t0 + w });
  }

  /** Moves the window by `fraction` of its width (negative: back in time), stopping at either end. */
  pan(fraction: number): void {
    const s = this.store.state;
    const w = s.t1 - s.t0;
    const t0 = Math.max(0, Math.min(this.endTime() - w, s.t0 + w * fraction));
    this.store.set({ t0, t1: t0 + w });
  }

  /** Moves the window by `ms` of cluster time. */
  panBy(ms: number): void {
    const s = this.store.state;
    this.pan(ms / Math.max(1, s.t1 - s.t0));
  }

  /** A W/A/S/D key press; the time W/S zoom around is the mouse's over the timeline, else the playhead's. */
  key(k: 'w' | 'a' | 's' | 'd', target: ZoomTarget | undefined): void {
    const at = target?.hoverTime() ?? this.store.state.timeMs;
    if (k === 'w') this.zoomAt(KEY_ZOOM, at);
    else if (k === 's') this.zoomAt(1 / KEY_ZOOM, at);
    else this.pan(k === 'a' ? -KEY_PAN : KEY_PAN);
  }

  /**
   * A wheel event over the timeline, `at` the time under the mouse and `msPerPx` the
   * zoomed scale. Returns whether it was used (then the page must not scroll or zoom).
   */
  wheel(ev: Wheel, at: number, msPerPx: number): boolean {
    // deltaMode 1 (lines, Firefox with a mouse): ~16 px a line.
    const unit = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? 400 : 1;
    if (ev.ctrlKey || ev.metaKey) {
      this.zoomAt(Math.exp(ev.deltaY * unit * WHEEL_ZOOM), at);
      return true;
    }
    const sideways = ev.shiftKey ? ev.deltaY || ev.deltaX : Math.abs(ev.deltaX) > Math.abs(ev.deltaY) ? ev.deltaX : 0;
    if (sideways === 0) return false;
    this.panBy(sideways * unit * msPerPx);
    return true;
  }
}

/** The keys' way to the mounted timeline (a live recording remounts it as it grows). */
const mounted: { zoom?: WindowZoom; target?: ZoomTarget } = {};

export function mountZoomKeys(zoom: WindowZoom, target: ZoomTarget): void {
  mounted.zoom = zoom;
  mounted.target = target;
}

/** W, A, S or D pressed (any case): zoom or pan the mounted timeline. */
export function zoomKey(key: string): void {
  const k = key.toLowerCase();
  if (k === 'w' || k === 'a' || k === 's' || k === 'd') mounted.zoom?.key(k, mounted.target);
}
