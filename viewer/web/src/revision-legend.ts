import { PV, Stage, type PodTrack } from '../../shared/model.js';
import { revCss } from './colors.js';
import { escapeHtml } from './format.js';
import type { ModelIndex, PodAt } from './model-index.js';
import { revisionAt } from './charts/rs-pods.js';

/** What a template slot is called, short ("web rev 2", "fluentd rev 1", "job/pi"), and in full for its tooltip. */
export function templateName(mi: ModelIndex, track: PodTrack, seq: number): { name: string; title: string } {
  const i = mi.rsOf(track);
  const rs = i < 0 ? undefined : mi.m.replicaSets[i];
  if (rs !== undefined) {
    const rev = revisionAt(rs, seq);
    const hash = rs.deployment !== null && rs.name.startsWith(`${rs.deployment}-`) ? rs.name.slice(rs.deployment.length + 1) : rs.name;
    const name = rs.deployment === null ? `rs/${rs.name}` : `${rs.deployment} ${rev === null ? hash : `rev ${rev}`}`;
    return { name, title: `ReplicaSet ${rs.namespace}/${rs.name}${rev === null ? '' : `, revision ${rev}`}${rs.image === null ? '' : `, image ${rs.image}`}` };
  }
  if (track.owner === null) return { name: 'no owner', title: 'pods without a controlling owner' };
  const [kind = '', owner = ''] = track.owner.split('/');
  if (track.revision === null) return { name: `${kind.toLowerCase()}/${owner}`, title: track.owner };
  const cr = mi.revisions.revisionOf(track.namespace, track.owner, track.revision);
  const num = cr?.versions[cr.versions.length - 1]?.[1];
  const label = track.revision.startsWith(`${owner}-`) ? track.revision.slice(owner.length + 1) : track.revision;
  return { name: `${owner} ${num === undefined ? label : `rev ${num}`}`, title: `${track.owner}, controller-revision-hash ${track.revision}` };
}

/**
 * The key to the chips' top bars, right above the chips: one item per template that has
 * pods at the playhead, with its mark, its name and how many of its pods there are and
 * are Ready, e.g. "web rev 2: 5 pods, 2 ready" (its hash and image in the tooltip). Redrawn only
 * when that text changes (not on every frame of a scrub).
 */
export class RevisionLegend {
  private readonly el: HTMLElement;
  private drawn = '';
  private seq = -1;

  constructor(
    cluster: HTMLElement,
    private readonly mi: ModelIndex,
  ) {
    this.el = document.createElement('div');
    this.el.className = 'rev-legend';
    cluster.insertAdjacentElement('beforebegin', this.el);
  }

  render(seq: number): void {
    if (seq === this.seq) return;
    this.seq = seq;
    const groups = new Map<number, { first: PodAt; pods: number; ready: number }>();
    for (const p of this.mi.podsAt(seq)) {
      const g = groups.get(p.rev) ?? { first: p, pods: 0, ready: 0 };
      g.pods++;
      if (p.v[PV.stage] === Stage.Ready) g.ready++;
      groups.set(p.rev, g);
    }
    const items = [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([rev, g]) => {
      const { name, title } = templateName(this.mi, g.first.track, seq);
      return `<span class="rev-item" data-rev="${rev}" title="${escapeHtml(title)}"><i style="background:${revCss(rev)}"></i>${escapeHtml(name)}: <b>${g.pods} pod${g.pods === 1 ? '' : 's'}</b>, ${g.ready} ready</span>`;
    });
    const html = items.length === 0 ? '' : `<span class="rev-head">top bar = template:</span>${items.join('')}`;
    if (html !== this.drawn) {
      this.drawn = html;
      this.el.innerHTML = html;
    }
  }
}
