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
 * filters, so the 25 around the playhead are 25 that match). The selected event's row is
 * lit, the playhead's event has a mark of its own (a bar at its left); a click selects an event. The columns fit the panel: long cells are
 * cut with an ellipsis (the whole text in their tooltip) and the message wraps.
 */
export class EventLog {
  private readonly body: HTMLElement;
  private readonly box: HTMLElement;
  private readonly fetcher: LatestOnly<{ seq: number; f: Filters }, EventSummary[]>;
  private filters: Filters;
  private typing = 0;
  private rows: EventSummary[] = [];
  private seq = 0;
  private sel = 0;
  /** Whether the log shows the selected event's row rather than the playhead's: from a selection until the playhead moves. */
  private followSel = false;
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
        <input data-f="name" type="search" placeholder="name has…" title="name contains (any part, any case)" aria-label="name" size="12" value="${escapeHtml(this.filters.name)}">
        <input data-f="reason" type="search" placeholder="reason has…" title="reason contains (any part, any case)" aria-label="reason" size="12" value="${escapeHtml(this.filters.reason)}">
      </div>
      <div class="log-scroll"><table class="log"><colgroup><col class="c-time"><col class="c-seq"><col class="c-actor"><col class="c-verb"><col class="c-object"><col class="c-reason"><col class="c-msg"></colgroup><thead><tr><th>time</th><th>seq</th><th>actor</th><th>verb</th><th>object</th><th>reason</th><th>message</th></tr></thead><tbody></tbody></table></div>`;
    this.body = el.querySelector('tbody') as HTMLElement;
    this.box = el.querySelector('.log-scroll') as HTMLElement;
    // The box changes height after a draw (style.css: taller while no event is selected,
    // shorter once the selected event's detail is in): the row it centred would sit at its
    // edge or out of view (seq 260 centred in 286 px, then 72 px below a 142-px box).
    let height = 0;
    new ResizeObserver(() => {
      if (this.box.clientHeight === height) return;
      height = this.box.clientHeight;
      this.centre();
    }).observe(this.box);
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
    if (seq !== this.seq) this.followSel = false;
    this.seq = seq;
    if (sel !== this.sel) {
      this.sel = sel;
      this.followSel = true;
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
    this.centre();
  }

  /** Scrolls the log to show the row it is about: the selected event's or the playhead's. */
  private centre(): void {
    // The selected event's row is kept in view from the moment it is selected until the
    // playhead moves (a chain step or a pod picked elsewhere: seq 147 selected, the playhead
    // at 168, showed 161-172 and not 147); then the log follows the playhead's row.
    const sel = this.followSel ? (this.body.querySelector('tr.selected') as HTMLElement | null) : null;
    const row = sel ?? (this.body.querySelector('tr.current') as HTMLElement | null);
    if (row !== null) this.box.scrollTop = Math.max(0, row.offsetTop - this.box.clientHeight / 2);
  }
}

/**
 * A cell that wraps only between words and path parts, up to two lines (the message three),
 * then ends in an ellipsis; its tooltip holds the whole text. Each part is a box of its own
 * that never breaks inside (style.css `table.log .clip .w`): a line ends after a "/" or "-"
 * (`kubelet/` `node-3`, `deployment-` `controller`), between a reason's words (`Container`
 * `Started`) or at a space, and a part wider than its column is cut with an ellipsis rather
 * than broken mid-word ("deploymen t-controller", "Unhealth y" at 1280x720, where the actor
 * column is ~84 px and `overflow-wrap: anywhere` broke wherever the width ran out).
 */
function cell(cls: string, text: string): string {
  const words = text.split(/(\s+)/).map((w) => (/^\s*$/.test(w) ? w : parts(w).map((p) => `<span class="w">${escapeHtml(p)}</span>`).join('')));
  return `<td class="${cls}" title="${escapeHtml(text)}"><div class="clip">${words.join('')}</div></td>`;
}

/** A word's unbreakable parts: after each "/" and "-", and before an upper-case letter that follows a lower-case one. */
function parts(word: string): string[] {
  return word.split(/(?<=[/-])(?=.)|(?<=[a-z])(?=[A-Z])/);
}
