import type { AnnotationModel } from '../../shared/model.js';
import { api } from './api.js';
import { clock, escapeHtml } from './format.js';

/** Review notes: add one at the playhead, list them, click to jump. Stored in the recording (annotations), never in events. */
export class NotesPanel {
  private notes: AnnotationModel[] = [];
  private readonly list: HTMLElement;
  private readonly where: HTMLElement;

  constructor(
    el: HTMLElement,
    private readonly rec: string,
    private readonly playhead: () => { seq: number; timeMs: number },
    private readonly jump: (n: AnnotationModel) => void,
    private readonly changed: (notes: AnnotationModel[]) => void,
    private readonly toast: (msg: string, error?: boolean) => void,
  ) {
    el.innerHTML = `
      <form class="note-form">
        <textarea name="text" rows="2" placeholder="A note for reviewers at this point of the timeline" aria-label="note text"></textarea>
        <div><input name="author" placeholder="your name (optional)" aria-label="author" size="16"> <button type="submit">add note at <span class="where"></span></button></div>
      </form>
      <ul class="notes"></ul>`;
    this.list = el.querySelector('ul.notes') as HTMLElement;
    this.where = el.querySelector('.where') as HTMLElement;
    const form = el.querySelector('form') as HTMLFormElement;
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const data = new FormData(form);
      const text = String(data.get('text') ?? '').trim();
      if (text === '') return this.toast('a note needs some text', true);
      const author = String(data.get('author') ?? '').trim();
      api.annotate(this.rec, { seq: this.playhead().seq, text, ...(author === '' ? {} : { author }) }).then(
        (note) => {
          (form.elements.namedItem('text') as HTMLTextAreaElement).value = '';
          this.notes = [...this.notes, note].sort((a, b) => a.timeMs - b.timeMs || a.id - b.id);
          this.draw();
          this.toast(`note added at ${clock(note.timeMs)}`);
        },
        (err: Error) => this.toast(err.message, true),
      );
    });
    this.list.addEventListener('click', (ev) => {
      const li = (ev.target as HTMLElement).closest('li');
      const n = this.notes.find((x) => String(x.id) === li?.dataset.id);
      if (n !== undefined) this.jump(n);
    });
    api.annotations(rec).then(
      (r) => {
        this.notes = r.annotations;
        this.draw();
      },
      (err: Error) => this.toast(err.message, true),
    );
  }

  update(): void {
    const p = this.playhead();
    this.where.textContent = `${clock(p.timeMs)} (seq ${p.seq})`;
  }

  private draw(): void {
    this.list.innerHTML =
      this.notes.length === 0
        ? '<li class="absent">No notes yet.</li>'
        : this.notes.map((n) => `<li data-id="${n.id}"><span class="when">${clock(n.timeMs)}</span> ${n.author ? `<b>${escapeHtml(n.author)}</b>: ` : ''}${escapeHtml(n.text)}</li>`).join('');
    this.changed(this.notes);
  }
}
