import { STAGE_NAMES, type Stage } from '../../shared/model.js';
import type { AggregateCounts } from '../../shared/aggregate-model.js';
import { STAGE_COLOR } from './palette.js';
import { escapeHtml, grouped } from './format.js';

/** Rows drawn at most: past this many owners (10,000 Jobs, say) the rest are named by count only. */
const MOST_ROWS = 300;

/**
 * Per owner (ReplicaSet, StatefulSet, DaemonSet, Job...) of an aggregated recording, its
 * pods per stage at the playhead as a bar and numbers: the lifecycle bands' grouping
 * (lifecycles-bands.ts) as counts, from the model's changes (AggregateCounts). Only the
 * rows whose counts changed are written again. A click on a row asks for that owner's pods.
 */
export class AggregateOwners {
  private readonly rows: HTMLElement[] = [];
  private first = true;

  constructor(
    el: HTMLElement,
    private readonly counts: AggregateCounts,
    onOwner: (uid: string) => void,
  ) {
    const owners = counts.a.owners;
    const shown = Math.min(owners.length, MOST_ROWS);
    el.innerHTML = `<table class="agg-owners"><thead><tr><th>Owner</th><th>Pods now, per stage</th><th class="num">Pods</th></tr></thead><tbody></tbody></table>${owners.length > shown ? `<p class="muted">and ${grouped(owners.length - shown)} more owners, not listed</p>` : ''}`;
    const body = el.querySelector('tbody') as HTMLElement;
    for (let i = 0; i < shown; i++) {
      const o = owners[i];
      if (o === undefined) continue;
      const tr = body.appendChild(document.createElement('tr'));
      tr.dataset.uid = o.uid;
      tr.title = `${o.kind} ${o.namespace}/${o.name}: click to list its pods at the playhead`;
      tr.innerHTML = `<td class="agg-owner-name">${escapeHtml(o.kind)}/${escapeHtml(o.name)}</td><td class="agg-bar"></td><td class="num"></td>`;
      this.rows.push(tr);
    }
    body.addEventListener('click', (ev) => {
      const tr = (ev.target as HTMLElement).closest('tr');
      if (tr?.dataset.uid !== undefined) onOwner(tr.dataset.uid);
    });
  }

  render(): void {
    const changed = this.first ? this.rows.map((_r, i) => i) : this.counts.takeDirtyOwners();
    if (this.first) this.counts.takeDirtyOwners();
    this.first = false;
    for (const i of changed) {
      const tr = this.rows[i];
      if (tr === undefined) continue;
      const c = this.counts.ownerAt(i);
      let total = 0;
      for (let s = 0; s < 7; s++) total += c[s] as number;
      const bar = tr.children[1] as HTMLElement;
      bar.innerHTML = total === 0 ? '' : [...c].map((n, s) => (n === 0 ? '' : `<i style="flex:${n};background:${STAGE_COLOR[s as Stage]}" title="${n} ${STAGE_NAMES[s]}">${n}</i>`)).join('');
      (tr.children[2] as HTMLElement).textContent = grouped(total);
    }
  }
}
