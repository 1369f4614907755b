import { chapterDeltas, type ChapterDelta, type ChapterStats } from '../../shared/chapter-deltas.js';
import type { CompareClock } from './compare-clock.js';
import { escapeHtml } from './format.js';

const secs = (ms: number | null): string => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);
const ready = (s: ChapterStats): string => (s.created === 0 ? '—' : `${secs(s.slowestReadyMs)}${s.ready < s.created ? ` (${s.ready}/${s.created} Ready)` : ''}`);
const failed = (s: ChapterStats): string => (s.failed === null ? '—' : String(s.failed));

/** The numbers of one chapter, A then B, and whether they differ (the cell is marked). */
function cells(d: ChapterDelta): Array<[string, string, string, boolean]> {
  return [
    ['failed requests', failed(d.a), failed(d.b), d.a.failed !== d.b.failed],
    ['slowest to Ready', ready(d.a), ready(d.b), d.a.slowestReadyMs !== d.b.slowestReadyMs || d.a.ready !== d.b.ready],
    ['writes', String(d.a.events), String(d.b.events), d.a.events !== d.b.events],
  ];
}

/**
 * Per-chapter deltas: a row per matched chapter with failed requests, the slowest pod's
 * time from creation to Ready, and writes, each as A | B; a differing pair is marked.
 * A row click goes to that chapter. Returns what the bar says of the current chapter.
 */
export class DeltasView {
  readonly deltas: ChapterDelta[];
  private current = -2;

  constructor(private readonly el: HTMLElement, clock: CompareClock, goToChapter: (k: number) => void) {
    this.deltas = chapterDeltas(clock.pairs, { m: clock.a.m, tb: clock.a }, { m: clock.b.m, tb: clock.b });
    if (this.deltas.length === 0) {
      el.innerHTML = '<p class="muted">No chapter in common: nothing to compare chapter by chapter.</p>';
      return;
    }
    const head = cells(this.deltas[0] as ChapterDelta).map(([name]) => `<th colspan="2">${name}</th>`).join('');
    el.innerHTML = `<table class="deltas"><thead><tr><th rowspan="2">chapter</th>${head}</tr><tr>${'<th>A</th><th>B</th>'.repeat(3)}</tr></thead><tbody>${this.deltas
      .map((d, k) => `<tr data-pair="${k}"><td class="title">${k + 1}. ${escapeHtml(d.title)}</td>${cells(d).map(([, a, b, diff]) => `<td class="${diff ? 'differs' : ''}">${a}</td><td class="${diff ? 'differs' : ''}">${b}</td>`).join('')}</tr>`)
      .join('')}</tbody></table>`;
    el.addEventListener('click', (ev) => {
      const tr = (ev.target as HTMLElement).closest<HTMLElement>('tr[data-pair]');
      if (tr !== null) goToChapter(Number(tr.dataset.pair));
    });
  }

  /** Marks the playhead's chapter; its one-line summary for the bar ('' before any). */
  update(pair: number): string {
    if (pair !== this.current) {
      this.current = pair;
      for (const tr of this.el.querySelectorAll<HTMLElement>('tr[data-pair]')) tr.classList.toggle('current', Number(tr.dataset.pair) === pair);
    }
    const d = this.deltas[pair];
    if (d === undefined) return '';
    return cells(d).map(([name, a, b, diff]) => `<span class="${diff ? 'differs' : ''}">${name} ${a} | ${b}</span>`).join(' · ');
  }
}
