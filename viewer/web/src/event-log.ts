import type { EventSummary } from '../../shared/model.js';
import { api } from './api.js';
import { clock, escapeHtml, objectName, verbPhrase } from './format.js';
import type { ModelIndex } from './model-index.js';
import { LatestOnly } from './window-fetcher.js';
import { anyFilter, filterQuery, NO_FILTERS, sameFilters, type LogFilters as Filters } from './log-filters.js';

const AROUND = 25;
/** Typing pauses this long before the log asks again: "web-7d" is one request, not six. */
const TYPING_MS = 200;

export interface EventLogOptions {
  /** The filters to open with (from the permalink). */
  filters?: Filters;
  /** Told of every filter change, so the permalink follows. */
  onFilters?: (f: Filters) => void;
}

/**
 * The events around the playhead (25 before, 25 after), with filters by kind, actor,
 * name and reason: name and reason match any part, in any case, as you type (the server
 * filters, so the 25 around the playhead are 25 that match). The row of the playhead's
 * event is marked; a click selects an event. The columns fit the panel: long cells are
 * cut with an ellipsis (the whole text in their tooltip) and the message wraps.
 */
export class EventLog {
  private readonly body: HTMLElement;
  private readonly fetcher: LatestOnly<{ seq: number; f: Filters }, EventSummary[]>;
  private filters: Filters;
  private typing = 0;
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
    opts: EventLogOptions = {},
  ) {
    this.filters = { ...(opts.filters ?? NO_FILTERS) };
    el.innerHTML = `
      <div class="filters">
        <select data-f="kind" aria-label="kind"><option value="">all kinds</option>${mi.m.kinds.map((k) => `<option>${escapeHtml(k)}</option>`).join('')}</select>
        <select data-f="actor" aria-label="actor"><option value="">all actors</option></select>
        <input data-f="name" type="search" placeholder="name contains" aria-label="name" size="12" value="${escapeHtml(this.filters.name)}">
        <input data-f="reason" type="search" placeholder="reason contains" aria-label="reason" size="12" value="${escapeHtml(this.filters.reason)}">
      </div>
      <div class="log-scroll"><table class="log"><colgroup><col class="c-time"><col class="c-seq"><col class="c-actor"><col class="c-verb"><col class="c-object"><col class="c-reason"><col class="c-msg"></colgroup><thead><tr><th>time</th><th>seq</th><th>actor</th><th>verb</th><th>object</th><th>reason</th><th>message</th></tr></thead><tbody></tbody></table></div>`;
    this.body = el.querySelector('tbody') as HTMLElement;
    const actors = el.querySelector('select[data-f="actor"]') as HTMLSelectElement;
    const kinds = el.querySelector('select[data-f="kind"]') as HTMLSelectElement;
    kinds.value = this.filters.kind;
    // An actor from the permalink is kept while the list loads, and offered even if the recording has none by that name.
    if (this.filters.actor !== '') actors.insertAdjacentHTML('beforeend', `<option>${escapeHtml(this.filters.actor)}</option>`);
    actors.value = this.filters.actor;
    api.actors(rec).then((r) => {
      actors.insertAdjacentHTML('beforeend', r.actors.filter((a) => a !== this.filters.actor).map((a) => `<option>${escapeHtml(a)}</option>`).join(''));
      actors.value = this.filters.actor;
    }, onError);
    const apply = (input: HTMLInputElement | HTMLSelectElement): void => {
      const f = { ...this.filters, [input.dataset.f as string]: input.value.trim() };
      if (sameFilters(f, this.filters)) return;
      this.filters = f;
      opts.onFilters?.(f);
      this.fetcher.reset();
      this.fetcher.request({ seq: this.seq, f: this.filters });
    };
    for (const input of el.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[data-f]')) {
      input.addEventListener('change', () => {
        clearTimeout(this.typing);
        apply(input);
      });
      if (input instanceof HTMLInputElement) {
        input.addEventListener('input', () => {
          clearTimeout(this.typing);
          this.typing = window.setTimeout(() => apply(input), TYPING_MS);
        });
      }
    }
    this.body.addEventListener('click', (ev) => {
      const tr = (ev.target as HTMLElement).closest('tr');
      if (tr?.dataset.seq !== undefined) this.onSelect(Number(tr.dataset.seq));
    });
    this.fetcher = new LatestOnly(
      async ({ seq, f }) => {
        const q = { ...filterQuery(f), lens: this.lens ? 'story' : 'all' };
        const [before, after] = await Promise.all([
          api.events(this.rec, { ...q, toSeq: seq, limit: AROUND + 1, order: 'desc' }),
          api.events(this.rec, { ...q, fromSeq: seq + 1, limit: AROUND }),
        ]);
        return [...before.events.reverse(), ...after.events];
      },
      (events, { f }) => {
        if (!anyFilter(f)) for (const e of events) this.cache.set(e.seq, e);
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
        return `<tr data-seq="${e.seq}" class="${cls}"><td>${clock(e.timeMs)}</td><td>${e.seq}</td>${cell('actor', e.actor)}${cell('verb', verbPhrase(e))}${cell('object', objectName(e))}${cell('reason', e.reason ?? '')}${cell('msg', e.message ?? '')}</tr>`;
      })
      .join('');
    const cur = this.body.querySelector('tr.current') as HTMLElement | null;
    if (cur !== null) {
      const box = this.body.closest('.log-scroll') as HTMLElement;
      box.scrollTop = Math.max(0, cur.offsetTop - box.clientHeight / 2);
    }
  }
}

/**
 * A cell that wraps (after a "/" first: `kubelet/` `node-3`, `Pod/` `web-7d4b9-x2x`; a
 * reason between its words: `Successful` `Create`) up to two lines (the message three),
 * then ends in an ellipsis; its tooltip holds the whole text.
 */
function cell(cls: string, text: string): string {
  const t = escapeHtml(text);
  const breaks = t.replace(/\//g, '/<wbr>').replace(/([a-z])(?=[A-Z])/g, '$1<wbr>');
  return `<td class="${cls}" title="${t}"><div class="clip">${breaks}</div></td>`;
}
