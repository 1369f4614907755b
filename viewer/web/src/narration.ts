import type { EventSummary } from '../../shared/model.js';
import { api } from './api.js';
import { clock, escapeHtml, sentence } from './format.js';
import type { ModelIndex } from './model-index.js';
import { LatestOnly } from './window-fetcher.js';

/**
 * The narration is two lines cut with an ellipsis (its height never changes while
 * stepping, so nothing below it jumps); "more" shows both lines whole until pressed again.
 */
export function bindNarrationToggle(): void {
  const button = document.querySelector('#narration-more') as HTMLButtonElement;
  button.addEventListener('click', () => {
    const open = document.body.classList.toggle('narration-open');
    button.textContent = open ? 'less' : 'more';
    button.setAttribute('aria-expanded', String(open));
    button.blur();
    window.dispatchEvent(new Event('resize'));
  });
}

/**
 * Big enough to read in a screen recording: the chapter being told and what the
 * playhead's event did, in the component's own words.
 */
export class Narration {
  private readonly chapterEl: HTMLElement;
  private readonly eventEl: HTMLElement;
  private readonly fetcher: LatestOnly<number, EventSummary | undefined>;
  private shown = -1;

  constructor(
    el: HTMLElement,
    private readonly mi: ModelIndex,
    rec: string,
    private readonly cache: Map<number, EventSummary> | undefined,
    extra = '',
  ) {
    el.innerHTML = `${extra}<div class="chapter"></div><div class="event"></div>`;
    this.chapterEl = el.querySelector('.chapter') as HTMLElement;
    this.eventEl = el.querySelector('.event') as HTMLElement;
    this.fetcher = new LatestOnly(
      async (seq) => (await api.events(rec, { fromSeq: seq, toSeq: seq })).events[0],
      (e, seq) => this.drawEvent(seq, e),
      () => this.drawEvent(-1, undefined),
    );
  }

  update(seq: number, timeMs: number): void {
    const ch = this.mi.chapterAt(timeMs);
    const chapterHtml = ch === undefined ? '<span class="muted">(no chapter)</span>' : `<span class="chapter-title">${escapeHtml(ch.title)}</span>${ch.body ? `<span class="chapter-body">${escapeHtml(ch.body)}</span>` : ''}`;
    if (this.chapterEl.dataset.id !== String(ch?.id ?? '')) {
      this.chapterEl.innerHTML = chapterHtml;
      this.chapterEl.dataset.id = String(ch?.id ?? '');
    }
    if (seq === this.shown) return;
    if (seq === 0) return this.drawEvent(0, undefined);
    const hit = this.cache?.get(seq);
    if (hit !== undefined) this.drawEvent(seq, hit);
    else this.fetcher.request(seq);
  }

  private drawEvent(seq: number, e: EventSummary | undefined): void {
    this.shown = seq;
    if (seq === 0) this.eventEl.innerHTML = '<span class="muted">Before the first write.</span> <span class="muted hint">Press → or Space.</span>';
    else if (e === undefined) this.eventEl.innerHTML = '<span class="muted">event unknown</span>';
    else this.eventEl.innerHTML = `<span class="when">${clock(e.timeMs)} · seq ${e.seq}</span> <span class="actor">${escapeHtml(e.actor)}</span> ${escapeHtml(sentence(e))}`;
    this.eventEl.dataset.seq = String(seq);
  }
}
