import type { LogLineModel, PodLogsModel } from '../../shared/model.js';
import { api } from './api.js';
import { clock, escapeHtml } from './format.js';
import { LatestOnly } from './window-fetcher.js';

/**
 * The selected pod's container logs up to the playhead: what `kubectl logs` would have
 * printed at that moment, every run of the container (a restart starts a new run, marked
 * by a rule). A pod with several containers gets a tab each. The lines come once per
 * selection; moving the playhead only filters them (written by seqAfter <= seq and at or
 * before the playhead's time), so scrubbing costs no request.
 */
export class LogPanel {
  private data: PodLogsModel | undefined;
  private tab = '';
  private readonly fetcher: LatestOnly<number, PodLogsModel>;
  private shown = '';

  constructor(
    private readonly el: HTMLElement,
    rec: string,
    private readonly playhead: () => { seq: number; timeMs: number },
  ) {
    el.innerHTML = '<p class="absent">Select a pod (in the cluster view, the lifecycles or the event log) to read its containers\' output.</p>';
    this.fetcher = new LatestOnly(
      (seq) => api.logs(rec, seq),
      (d) => {
        const same = this.data?.pod?.uid === d.pod?.uid;
        this.data = d;
        if (!same || !d.pod?.containers.includes(this.tab)) this.tab = d.pod?.containers.find((c) => d.lines.some((l) => l.container === c)) ?? d.pod?.containers[0] ?? '';
        this.shown = '';
        this.update();
      },
      (err) => (el.innerHTML = `<p class="error">${escapeHtml(err.message)}</p>`),
    );
    el.addEventListener('click', (ev) => {
      const b = (ev.target as HTMLElement).closest<HTMLElement>('[data-tab]');
      if (b === null) return;
      this.tab = b.dataset.tab ?? '';
      this.shown = '';
      this.update();
    });
  }

  select(seq: number): void {
    if (seq > 0) this.fetcher.request(seq);
  }

  update(): void {
    const d = this.data;
    if (d === undefined) return;
    const p = this.playhead();
    const upTo = d.lines.filter((l) => l.seqAfter <= p.seq && l.timeMs <= p.timeMs);
    const key = `${this.tab}|${upTo.length}`;
    if (key === this.shown) return;
    this.shown = key;
    if (d.pod === null) return void (this.el.innerHTML = '<p class="absent">The selected event is not about a pod.</p>');
    if (!d.hasLogs) return void (this.el.innerHTML = '<p class="absent">This recording has no container logs (made before kubelapse kept them: schema_version 1 or 2).</p>');
    const tabs = d.pod.containers.length > 1
      ? `<div class="log-tabs" role="tablist">${d.pod.containers.map((c) => `<button role="tab" data-tab="${escapeHtml(c)}" aria-selected="${c === this.tab}" class="${c === this.tab ? 'on' : ''}">${escapeHtml(c)} <span class="muted">${upTo.filter((l) => l.container === c).length}</span></button>`).join('')}</div>`
      : '';
    const mine = upTo.filter((l) => l.container === this.tab);
    const head = `<div class="log-head"><b>${escapeHtml(d.pod.name)}</b> <span class="muted">${escapeHtml(this.tab)} · ${mine.length} of ${d.lines.filter((l) => l.container === this.tab).length} lines by ${clock(p.timeMs)}</span></div>`;
    const body = mine.length === 0 ? '<p class="absent">No output yet at this point of the timeline.</p>' : `<pre class="log-lines">${lines(mine)}</pre>`;
    this.el.innerHTML = head + tabs + body;
    const pre = this.el.querySelector('pre');
    if (pre !== null) pre.scrollTop = pre.scrollHeight;
  }
}

function lines(ls: readonly LogLineModel[]): string {
  let out = '';
  let run = ls[0]?.restart ?? 0;
  for (const l of ls) {
    if (l.restart !== run) {
      run = l.restart;
      out += `<span class="log-run">— restart ${run} —</span>\n`;
    }
    out += `<span class="log-line ${l.stream === 'stderr' ? 'stderr' : ''}" data-id="${l.id}"><span class="when">${clock(l.timeMs)}</span> ${escapeHtml(l.line)}</span>\n`;
  }
  return out;
}
