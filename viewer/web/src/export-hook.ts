import { api } from './api.js';
import type { Navigator } from './navigator.js';
import type { Store } from './store.js';

/** A chapter's title card over the views (the video export shows one for ~1.5 s at each chapter start). */
export interface TitleCard {
  title: string;
  body: string;
  /** 1-based place of the chapter among the recording's chapters, and how many there are */
  index: number;
  count: number;
}

/** What `kubelapse export --format video|gif` drives in headless chromium (core/export/video-camera.ts). */
export interface ExportHook {
  /**
   * Puts the playhead at cluster time `ms` and resolves once everything it changed is drawn:
   * no request under way (the narration and the event log fetch the events they show) and
   * two animation frames later (one to lay out, one to paint). Returns where it landed.
   */
  seekTime(ms: number, card?: TitleCard | null): Promise<{ seq: number; timeMs: number }>;
}

/**
 * Requests under way. Every request the viewer makes goes through `api` (api.ts): its
 * methods are wrapped once to count them, the count dropping when the caller's answer is
 * ready (JSON parsed), so a seek knows when the narration and the event log are drawn.
 */
let inFlight = -1;

function countRequests(): void {
  if (inFlight >= 0) return;
  inFlight = 0;
  const methods = api as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const [name, method] of Object.entries(methods)) {
    methods[name] = (...args) => {
      inFlight++;
      return method(...args).finally(() => inFlight--);
    };
  }
}

const frame = (): Promise<void> => new Promise((done) => requestAnimationFrame(() => done()));
const pause = (ms: number): Promise<void> => new Promise((done) => window.setTimeout(done, ms));

async function settle(): Promise<void> {
  // A fetch answered starts the next one (the log's page, then the narration's event):
  // wait until a frame passes with nothing under way.
  for (let i = 0; i < 2000; i++) {
    await frame();
    if (inFlight === 0) break;
    await pause(5);
  }
  await frame();
  await frame();
}

function showCard(card: TitleCard | null | undefined): void {
  let el = document.querySelector<HTMLElement>('#export-title-card');
  if (card === null || card === undefined) {
    el?.remove();
    return;
  }
  if (el === null) {
    el = document.createElement('div');
    el.id = 'export-title-card';
    // Inline: only the export shows it. A band across the middle of a 1280x720 frame,
    // the views dimmed but visible around it, text big enough to read in a small player.
    el.style.cssText =
      'position:fixed;left:0;right:0;top:34%;padding:28px 64px;background:rgba(17,24,39,0.96);color:#fff;' +
      'z-index:1000;font-family:system-ui,sans-serif;box-shadow:0 0 0 100vmax rgba(17,24,39,0.35);';
    document.body.appendChild(el);
  }
  el.innerHTML = '<div class="card-place" style="font-size:20px;opacity:0.75;letter-spacing:0.04em"></div>' +
    '<div class="card-title" style="font-size:52px;font-weight:700;line-height:1.15;margin:6px 0 10px"></div>' +
    '<div class="card-body" style="font-size:22px;line-height:1.35;opacity:0.9;max-width:1100px"></div>';
  (el.querySelector('.card-place') as HTMLElement).textContent = `Chapter ${card.index} of ${card.count}`;
  (el.querySelector('.card-title') as HTMLElement).textContent = card.title;
  (el.querySelector('.card-body') as HTMLElement).textContent = card.body;
}

/**
 * Installs `window.kubelapse` for the video export (each mount replaces it). The seek
 * moves the playhead as a drag of it does (scrubbing): pods jump to their places instead
 * of the 350 ms slide a step animates, which a screenshot would catch half-way and which
 * would make two exports of the same range differ.
 */
export function installExportHook(store: Store, nav: Navigator): void {
  countRequests();
  const hook: ExportHook = {
    async seekTime(ms, card) {
      nav.toTime(ms, true);
      showCard(card);
      await settle();
      return { seq: store.state.seq, timeMs: store.state.timeMs };
    },
  };
  (window as unknown as { kubelapse: ExportHook }).kubelapse = hook;
}
