import type { EventSummary } from '../../shared/model.js';
import { api } from './api.js';
import { clock, escapeHtml, objectName, verbPhrase } from './format.js';

const PAGE = 50;

/**
 * Search (Ctrl+K or /): a box over the viewer; typing lists, live, the writes whose
 * object name, reason, message or actor contains the text, any case (the server's
 * /search, paged 50 at a time, the story lens applied when on). ↑ ↓ pick a result,
 * Enter or a click jumps the playhead there and selects it; Esc closes.
 */
export class SearchBox {
  private readonly root: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly list: HTMLElement;
  private readonly meta: HTMLElement;
  private readonly more: HTMLButtonElement;
  private results: EventSummary[] = [];
  private active = 0;
  private next: number | null = null;
  private timer = 0;
  private asked = 0;

  constructor(
    private readonly rec: string,
    private readonly lens: () => boolean,
    private readonly jump: (seq: number) => void,
    signal: AbortSignal,
  ) {
    this.root = document.createElement('div');
    this.root.id = 'search';
    this.root.className = 'overlay';
    this.root.hidden = true;
    this.root.innerHTML = `<div class="search-box" role="dialog" aria-label="search">
      <input type="search" placeholder="search object names, reasons, messages, actors" aria-label="search text" autocomplete="off">
      <p class="search-meta muted"></p>
      <ol class="search-results" role="listbox"></ol>
      <button class="search-more" hidden>more results</button></div>`;
    document.body.append(this.root);
    signal.addEventListener('abort', () => this.root.remove());
    this.input = this.root.querySelector('input') as HTMLInputElement;
    this.list = this.root.querySelector('ol') as HTMLElement;
    this.meta = this.root.querySelector('.search-meta') as HTMLElement;
    this.more = this.root.querySelector('.search-more') as HTMLButtonElement;
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = window.setTimeout(() => void this.load(0), 120);
    });
    this.input.addEventListener('keydown', (ev) => {
      if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        this.active = Math.max(0, Math.min(this.results.length - 1, this.active + (ev.key === 'ArrowDown' ? 1 : -1)));
        this.draw();
      } else if (ev.key === 'Enter') {
        const e = this.results[this.active];
        if (e !== undefined) this.pick(e.seq);
      } else if (ev.key === 'Escape') this.close();
      else return;
      ev.preventDefault();
    });
    this.list.addEventListener('click', (ev) => {
      const li = (ev.target as HTMLElement).closest('li');
      if (li?.dataset.seq !== undefined) this.pick(Number(li.dataset.seq));
    });
    this.more.addEventListener('click', () => this.next !== null && void this.load(this.next));
    this.root.addEventListener('click', (ev) => ev.target === this.root && this.close());
  }

  open(): void {
    this.root.hidden = false;
    this.input.focus();
    this.input.select();
  }

  close(): void {
    this.root.hidden = true;
    this.input.blur();
  }

  private pick(seq: number): void {
    this.close();
    this.jump(seq);
  }

  private async load(offset: number): Promise<void> {
    const q = this.input.value.trim();
    const id = ++this.asked;
    if (q === '') {
      this.results = [];
      this.next = null;
      this.meta.textContent = '';
      return this.draw();
    }
    try {
      const r = await api.search(this.rec, { q, offset, limit: PAGE, lens: this.lens() ? 'story' : 'all' });
      if (id !== this.asked) return; // a later keystroke's answer wins
      this.results = offset === 0 ? r.events : [...this.results, ...r.events];
      if (offset === 0) this.active = 0;
      this.next = r.nextOffset;
      const hidden = r.hiddenByLens > 0 ? ` · ${r.hiddenByLens} more hidden by the story lens (L shows them)` : '';
      this.meta.textContent = `${this.results.length}${r.nextOffset === null ? '' : '+'} result${this.results.length === 1 ? '' : 's'} for "${q}"${hidden}`;
    } catch (err) {
      if (id !== this.asked) return;
      this.results = [];
      this.next = null;
      this.meta.textContent = (err as Error).message;
    }
    this.draw();
  }

  private draw(): void {
    this.more.hidden = this.next === null;
    this.list.innerHTML = this.results
      .map((e, i) => `<li data-seq="${e.seq}" role="option" aria-selected="${i === this.active}" class="${i === this.active ? 'active' : ''}"><span class="when">${clock(e.timeMs)} · seq ${e.seq}</span> <span class="actor">${escapeHtml(e.actor)}</span> ${escapeHtml(verbPhrase(e))} <b>${escapeHtml(objectName(e))}</b> ${e.reason ? `<span class="reason">${escapeHtml(e.reason)}</span>` : ''} <span class="msg">${escapeHtml(e.message ?? '')}</span></li>`)
      .join('');
    this.list.querySelector('li.active')?.scrollIntoView({ block: 'nearest' });
  }
}
