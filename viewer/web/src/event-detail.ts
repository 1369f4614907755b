import { api } from './api.js';
import { DiffVersions } from './diff-versions.js';
import { clock, escapeHtml, objectName, verbPhrase } from './format.js';
import { delayAfter, formatDelay } from './chain-timing.js';
import { drawSequence } from './sequence-diagram.js';
import { LatestOnly } from './window-fetcher.js';

type Stringify = (value: unknown) => string;
let yaml: Promise<Stringify> | undefined;

/**
 * The yaml printer, loaded the first time an event is shown: it was 49 kB of the 326 kB
 * bundle (15%) that the first frame never runs, so it is a file of its own
 * (yaml-print.ts), fetched alongside the event's detail and chain.
 */
function yamlOf(): Promise<Stringify> {
  // A failed load (the server restarted with a new build, a dropped connection) is not kept:
  // the next event shown asks again instead of failing every detail until a reload.
  yaml ??= import('./yaml-print.js').then(
    (m) => (value: unknown) => m.stringify(value),
    (err: unknown) => {
      yaml = undefined;
      throw err;
    },
  );
  return yaml;
}

/**
 * The selected event: what it did, why (its causal chain as a sequence diagram, and
 * what it caused), what changed (diff against the object's previous version, or any
 * version picked from its history: diff-versions.ts) and the
 * whole object at that version.
 */
export class EventDetailPanel {
  private readonly fetcher: LatestOnly<number, [Awaited<ReturnType<typeof api.event>>, Awaited<ReturnType<typeof api.chain>>, Stringify]>;

  constructor(
    private readonly el: HTMLElement,
    private readonly rec: string,
    private readonly select: (seq: number) => void,
    private readonly goTo: (seq: number) => void,
  ) {
    el.innerHTML = '<p class="absent">Select an event in the log, a pod in the cluster view or a row of the pod lifecycles.</p>';
    this.fetcher = new LatestOnly(
      (seq) => Promise.all([api.event(rec, seq), api.chain(rec, seq), yamlOf()]),
      ([detail, chain, stringify]) => this.draw(detail, chain, stringify),
      (err) => (el.innerHTML = `<p class="error">${escapeHtml(err.message)}</p>`),
    );
  }

  show(seq: number): void {
    if (seq <= 0) return;
    this.fetcher.request(seq);
  }

  private draw(d: Awaited<ReturnType<typeof api.event>>, chain: Awaited<ReturnType<typeof api.chain>>, stringify: Stringify): void {
    const e = d.event;
    this.el.innerHTML = `
      <div class="detail-head">
        <div><b>seq ${e.seq}</b> · ${clock(e.timeMs)} · <span class="actor">${escapeHtml(e.actor)}</span> ${escapeHtml(verbPhrase(e))} <b>${escapeHtml(objectName(e))}</b>${e.namespace ? ` <span class="muted">in ${escapeHtml(e.namespace)}</span>` : ''} ${e.reason ? `<span class="reason">${escapeHtml(e.reason)}</span>` : ''}</div>
        <div class="message">${escapeHtml(e.message ?? '')}</div>
        ${chain.event.provenance !== undefined || chain.event.inferredCause !== undefined ? `<div class="muted provenance">${chain.event.provenance !== undefined ? `imported from ${escapeHtml(chain.event.provenance)}` : ''}${chain.event.inferredCause !== undefined ? ` · <span class="inferred-label">${escapeHtml(chain.event.inferredCause.label)}</span>` : ''}</div>` : ''}
        <div class="detail-actions"><button data-go="${e.seq}">move the playhead here</button>${d.previousSeq !== null ? ` <button data-sel="${d.previousSeq}">previous version (seq ${d.previousSeq})</button>` : ''}</div>
      </div>
      <h3>Why: the causal chain</h3>
      <div class="chain"></div>
      ${chain.ancestors.length === 0 ? (chain.event.provenance !== undefined ? '<p class="muted">No cause found: an outside action, or one the imported source did not show.</p>' : '<p class="muted">No cause recorded: an outside action (kubectl, a fault, a scenario step) or the start of a chain.</p>') : ''}
      <h4>What it caused (${chain.effects.length})</h4>
      ${chain.effects.length === 0 ? '<p class="muted">Nothing recorded was a direct effect of this write.</p>' : `<ul class="effects">${chain.effects.map((x) => `<li><a href="#" data-sel="${x.seq}">seq ${x.seq}</a> ${clock(x.timeMs)} ${escapeHtml(x.actor)} ${escapeHtml(verbPhrase(x))} ${escapeHtml(objectName(x))} ${escapeHtml(x.reason ?? '')} <span class="muted hop-after">after ${formatDelay(delayAfter(e, x))}${x.inferredCause !== undefined ? ' (inferred)' : ''}</span></li>`).join('')}</ul>`}
      <div class="what-changed"></div>
      <details class="object"><summary>${escapeHtml(e.kind)} ${escapeHtml(e.name)} at this version (resourceVersion ${e.resourceVersion})</summary><pre>${escapeHtml(stringify(d.object))}</pre></details>`;
    drawSequence(this.el.querySelector('.chain') as HTMLElement, chain, this.select);
    new DiffVersions(this.el.querySelector('.what-changed') as HTMLElement, this.rec, e, d.previousSeq, d.diff);
    for (const b of this.el.querySelectorAll<HTMLElement>('[data-sel]')) {
      b.addEventListener('click', (ev) => {
        ev.preventDefault();
        this.select(Number(b.dataset.sel));
      });
    }
    for (const b of this.el.querySelectorAll<HTMLElement>('[data-go]')) b.addEventListener('click', () => this.goTo(Number(b.dataset.go)));
  }
}
