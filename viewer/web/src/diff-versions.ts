import type { ChangeModel, EventSummary } from '../../shared/model.js';
import { api } from './api.js';
import { clock, escapeHtml, verbPhrase } from './format.js';

/** Versions offered as "from": the nearest 1,000 before and 200 after are plenty to pick from by hand. */
const BEFORE = 1000;
const AFTER = 200;

/**
 * "What changed": the selected version against any other version of the same object,
 * the previous one by default. The "from" list is the object's history (every write to
 * it, with time, actor and reason); picking one asks the server for that diff. List items
 * are named by their merge key (`status.conditions[type=Ready].status`).
 */
export class DiffVersions {
  private from: number | null;

  constructor(
    private readonly el: HTMLElement,
    private readonly rec: string,
    private readonly event: EventSummary,
    previousSeq: number | null,
    diff: ChangeModel[],
  ) {
    this.from = previousSeq;
    el.innerHTML = `<h3 class="diff-title"></h3><label class="diff-from">compare with <select aria-label="compare with version"><option value="${previousSeq ?? ''}">${previousSeq === null ? 'nothing: created here' : `seq ${previousSeq} (previous)`}</option></select></label><div class="diff-body"></div>`;
    this.body(previousSeq === null ? null : diff);
    const select = el.querySelector('select') as HTMLSelectElement;
    select.addEventListener('change', () => void this.pick(select.value === '' ? null : Number(select.value)));
    void this.versions(select, previousSeq);
  }

  /** Fills the picker with the object's other versions, oldest first. */
  private async versions(select: HTMLSelectElement, previousSeq: number | null): Promise<void> {
    const e = this.event;
    const q = { kind: e.kind, name: e.name, namespace: e.namespace ?? undefined };
    try {
      const [before, after] = await Promise.all([
        api.events(this.rec, { ...q, toSeq: e.seq - 1, order: 'desc', limit: BEFORE }),
        api.events(this.rec, { ...q, fromSeq: e.seq + 1, limit: AFTER }),
      ]);
      const option = (v: EventSummary, later: boolean): string =>
        `<option value="${v.seq}"${v.seq === this.from ? ' selected' : ''}>seq ${v.seq} · ${clock(v.timeMs)} · ${escapeHtml(v.actor)} ${escapeHtml(verbPhrase(v))}${v.reason ? ` ${escapeHtml(v.reason)}` : ''}${v.seq === previousSeq ? ' (previous)' : ''}${later ? ' (later)' : ''}</option>`;
      const older = before.events.reverse();
      select.innerHTML = [
        ...(previousSeq === null ? ['<option value="">nothing: created here</option>'] : []),
        ...older.map((v) => option(v, false)),
        `<option disabled>seq ${e.seq}: this version</option>`,
        ...after.events.map((v) => option(v, true)),
      ].join('');
      select.value = this.from === null ? '' : String(this.from);
    } catch {
      // The picker keeps the previous version only; the diff itself is already shown.
    }
  }

  private async pick(from: number | null): Promise<void> {
    this.from = from;
    if (from === null) return this.body(null);
    const body = this.el.querySelector('.diff-body') as HTMLElement;
    try {
      const d = await api.diff(this.rec, from, this.event.seq);
      if (this.from === from) this.body(d.changes, from > this.event.seq);
    } catch (err) {
      body.innerHTML = `<p class="error">${escapeHtml((err as Error).message)}</p>`;
    }
  }

  private body(changes: ChangeModel[] | null, backwards = false): void {
    const body = this.el.querySelector('.diff-body') as HTMLElement;
    (this.el.querySelector('.diff-title') as HTMLElement).textContent =
      this.from === null ? 'What changed (first version)' : backwards ? `What changes until seq ${this.from} (later)` : `What changed since seq ${this.from}`;
    if (changes === null) {
      body.innerHTML = '<p class="muted">Created here: every field is new (the whole object is below).</p>';
      return;
    }
    const note = backwards ? '<p class="muted">The version picked is later: "before" is this version, "after" the later one.</p>' : '';
    body.innerHTML = note + diffTable(changes, backwards);
  }
}

function value(v: unknown): string {
  if (v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return escapeHtml(s.length > 160 ? `${s.slice(0, 159)}…` : s);
}

/** Backwards (a later version picked): the columns read this version -> the later one, so a change reads forward in time. */
function diffTable(changes: ChangeModel[], backwards: boolean): string {
  if (changes.length === 0) return '<p class="muted">No field changed (a write with the same content).</p>';
  const flip = (c: ChangeModel): ChangeModel => ({ path: c.path, type: c.type === 'added' ? 'removed' : c.type === 'removed' ? 'added' : 'changed', from: c.to, to: c.from });
  return `<table class="diff"><thead><tr><th>field</th><th>before</th><th>after</th></tr></thead><tbody>${changes
    .map((c0) => {
      const c = backwards ? flip(c0) : c0;
      // A field that only one side has takes both columns: no empty half beside a long value.
      if (c.type === 'added') return `<tr class="added"><td class="path">${pathHtml(c.path)}</td><td class="to" colspan="2"><span class="tag">added</span> ${value(c.to)}</td></tr>`;
      if (c.type === 'removed') return `<tr class="removed"><td class="path">${pathHtml(c.path)}</td><td class="from" colspan="2"><span class="tag">removed</span> ${value(c.from)}</td></tr>`;
      return `<tr class="${c.type}"><td class="path">${pathHtml(c.path)}</td><td class="from">${value(c.from)}</td><td class="to">${value(c.to)}</td></tr>`;
    })
    .join('')}</tbody></table>`;
}

/**
 * A field's path with its break points: after each "." and "=", before each "[" and
 * between camel-case words (`[type=` `PodReady` `ToStart` `Containers]`), so a narrow
 * column ends a line between path parts ("status." "containerStatuses"), not inside one
 * ("status.containerStatus" "es" at 1280x720); a part wider than the column still breaks
 * (style.css `table.diff td.path`).
 */
function pathHtml(path: string): string {
  return escapeHtml(path).replace(/\./g, '.<wbr>').replace(/\[/g, '<wbr>[').replace(/=/g, '=<wbr>').replace(/([a-z])(?=[A-Z])/g, '$1<wbr>');
}
