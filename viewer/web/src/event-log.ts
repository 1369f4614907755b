import type { EventSummary } from '../../shared/model.js';
import { api } from './api.js';
import { clock, escapeHtml, objectName, verbPhrase } from './format.js';
import type { ModelIndex } from './model-index.js';
import { LatestOnly } from './window-fetcher.js';

const AROUND = 25;

interface Filters {
  kind: string;
  actor: string;
  name: string;
  reason: string;
}

/**
 * The events around the playhead (25 before, 25 after), with filters by kind, actor,
 * name and reason. The row of the playhead's event is marked; a click selects an event.
 */
export class EventLog {
  private readonly body: HTMLElement;
  private readonly fetcher: LatestOnly<{ seq: number; f: Filters }, EventSummary[]>;
  private filters: Filters = { kind: '', actor: '', name: '', reason: '' };
  private rows: EventSummary[] = [];
  private seq = 0;
  private sel = 0;
  /** The story lens: leave out lease renewals and Event echoes (viewer/shared/noise.ts), on the server. */
  private lens = true;
  /** Unfiltered events seen so far, for the narration: seq -> event. */
  readonly cache = new Map<number, EventSummary>();

  constructor(
    el: HTMLElement,
    private readonly rec: string,
    mi: ModelIndex,
    private readonly onSelect: (seq: number) => void,
    private readonly onLoaded: () => void,
    onError: (err: Error) => void,
  ) {
    el.innerHTML = `
      <div class="filters">
        <select data-f="kind" aria-label="kind"><option value="">all kinds</option>${mi.m.kinds.map((k) => `<option>${escapeHtml(k)}</option>`).join('')}</select>
        <select data-f="actor" aria-label="actor"><option value="">all actors</option></select>
        <input data-f="name" placeholder="name" aria-label="name" size="10">
        <input data-f="reason" placeholder="reason" aria-label="reason" size="10">
      </div>
      <div class="log-scroll"><table class="log"><thead><tr><th>time</th><th>seq</th><th>actor</th><th>verb</th><th>object</th><th>reason</th><th>message</th></tr></thead><tbody></tbody></table></div>`;
    this.body = el.querySelector('tbody') as HTMLElement;
    const actors = el.querySelector('select[data-f="actor"]') as HTMLSelectElement;
    api.actors(rec).then((r) => actors.insertAdjacentHTML('beforeend', r.actors.map((a) => `<option>${escapeHtml(a)}</option>`).join('')), onError);
    for (const input of el.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-f]')) {
      input.addEventListener('change', () => {
        this.filters = { ...this.filters, [input.dataset.f as string]: input.value.trim() };
        this.fetcher.reset();
        this.fetcher.request({ seq: this.seq, f: this.filters });
      });
    }
    this.body.addEventListener('click', (ev) => {
      const tr = (ev.target as HTMLElement).closest('tr');
      if (tr?.dataset.seq !== undefined) this.onSelect(Number(tr.dataset.seq));
    });
    this.fetcher = new LatestOnly(
      async ({ seq, f }) => {
        const q = { kind: f.kind, actor: f.actor, name: f.name, reason: f.reason, lens: this.lens ? 'story' : 'all' };
        const [before, after] = await Promise.all([
          api.events(this.rec, { ...q, toSeq: seq, limit: AROUND + 1, order: 'desc' }),
          api.events(this.rec, { ...q, fromSeq: seq + 1, limit: AROUND }),
        ]);
        return [...before.events.reverse(), ...after.events];
      },
      (events, { f }) => {
        const unfiltered = f.kind === '' && f.actor === '' && f.name === '' && f.reason === '';
        if (unfiltered) for (const e of events) this.cache.set(e.seq, e);
        if (this.cache.size > 5000) this.cache.clear();
        this.rows = events;
        this.draw();
        this.onLoaded();
      },
      onError,
    );
  }

  /** Turns the story lens on or off and reloads the rows around the playhead. */
  setLens(on: boolean): void {
    if (on === this.lens) return;
    this.lens = on;
    this.fetcher.reset();
    this.fetcher.request({ seq: this.seq, f: this.filters });
  }

  update(seq: number, sel: number): void {
    this.seq = seq;
    if (sel !== this.sel) {
      this.sel = sel;
      this.draw();
    }
    this.fetcher.request({ seq, f: this.filters });
  }

  private draw(): void {
    if (this.rows.length === 0) {
      this.body.innerHTML = '<tr><td colspan="7" class="absent">no events match</td></tr>';
      return;
    }
    // The playhead's row: the last event at or before it.
    let at = -1;
    this.rows.forEach((e, i) => {
      if (e.seq <= this.seq) at = i;
    });
    this.body.innerHTML = this.rows
      .map((e, i) => {
        const cls = [i === at ? 'current' : '', e.seq === this.sel ? 'selected' : '', e.seq > this.seq ? 'future' : ''].join(' ').trim();
        return `<tr data-seq="${e.seq}" class="${cls}"><td>${clock(e.timeMs)}</td><td>${e.seq}</td><td class="actor">${escapeHtml(e.actor)}</td><td>${escapeHtml(verbPhrase(e))}</td><td>${escapeHtml(objectName(e))}</td><td>${escapeHtml(e.reason ?? '')}</td><td class="msg">${escapeHtml(e.message ?? '')}</td></tr>`;
      })
      .join('');
    const cur = this.body.querySelector('tr.current') as HTMLElement | null;
    if (cur !== null) {
      const box = this.body.closest('.log-scroll') as HTMLElement;
      box.scrollTop = Math.max(0, cur.offsetTop - box.clientHeight / 2);
    }
  }
}
