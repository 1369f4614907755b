import type { EventSummary } from '../../shared/model.js';
import { api } from './api.js';
import { clock, escapeHtml, sentence } from './format.js';
import { gloss } from './glosses.js';
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
 * playhead's event did, in the component's own words, with a plain gloss of its reason
 * (glosses.ts). It never contradicts the position readout: at a marker it names the
 * marker, and when the playhead is later than the last write (an expectation checked
 * at 0:29.0 after a write at 0:20.0) it says how much later.
 */
export class Narration {
  private readonly chapterEl: HTMLElement;
  private readonly eventEl: HTMLElement;
  private readonly fetcher: LatestOnly<number, EventSummary | undefined>;
  private shown = '';
  private timeMs = 0;
  private last: EventSummary | undefined;

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
      (e, seq) => {
        this.last = e;
        this.drawEvent(seq, e);
      },
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
    this.timeMs = timeMs;
    if (`${seq}@${timeMs}` === this.shown) return;
    if (seq === 0) return this.drawEvent(0, undefined);
    const hit = this.cache?.get(seq) ?? (this.last?.seq === seq ? this.last : undefined);
    if (hit !== undefined) this.drawEvent(seq, hit);
    else this.fetcher.request(seq);
  }

  private drawEvent(seq: number, e: EventSummary | undefined): void {
    const t = this.timeMs;
    this.shown = `${seq}@${t}`;
    const marker = this.markersAt(seq, t, seq > 0 && e !== undefined && t === e.timeMs);
    let html: string;
    if (seq === 0) html = marker === '' ? '<span class="muted">Before the first write.</span> <span class="muted hint">Press → or Space.</span>' : marker;
    else if (e === undefined) html = `${marker}<span class="muted">event unknown</span>`;
    else {
      const later = t > e.timeMs ? `<span class="since">${((t - e.timeMs) / 1000).toFixed(1)} s after </span>` : '';
      const g = gloss(e.reason);
      // One line for the write, one for its gloss: the narration keeps its height at 1280x720.
      html = `<div class="line">${marker}${later}<span class="when">${clock(e.timeMs)} · seq ${e.seq}</span> <span class="actor">${escapeHtml(e.actor)}</span> ${escapeHtml(sentence(e))}</div>${g === undefined ? '' : `<div class="gloss" data-reason="${escapeHtml(e.reason ?? '')}">${escapeHtml(g)}</div>`}`;
    }
    this.eventEl.innerHTML = html;
    this.eventEl.dataset.seq = String(seq);
  }

  /**
   * The non-chapter markers at the playhead's exact time, written by then (the chapter has
   * its own line): expectations and notes (they write nothing), and an action only when
   * the playhead is past the last write (a fault that wrote nothing); an action's own
   * write already says what it did.
   */
  private markersAt(seq: number, t: number, onWrite = false): string {
    const here = this.mi.m.markers.filter((m) => m.kind !== 'chapter' && !(onWrite && m.kind === 'action') && m.timeMs === t && (m.seq ?? 0) <= seq);
    return here
      .map((m) => `<span class="at-marker" data-kind="${m.kind}">${clock(m.timeMs)} · ${m.kind}: ${escapeHtml(m.title)}${m.kind === 'expectation' && m.body ? ` (${escapeHtml(m.body.replace(/\n/g, ', '))})` : ''}</span> `)
      .join('');
  }
}
