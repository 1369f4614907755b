import { EventDetailPanel } from './event-detail.js';
import { EventLog } from './event-log.js';
import type { ModelIndex } from './model-index.js';

export type DrawerTab = 'chapters' | 'a' | 'b';

/** What one side's pane needs: its recording, how a click selects, and how "move the playhead here" goes there. */
export interface PaneSide {
  mi: ModelIndex;
  select: (seq: number) => void;
  goTo: (seq: number) => void;
}

interface Pane {
  log: EventLog;
  detail: EventDetailPanel;
  seq: number;
  sel: number;
  shownSel: number;
}

/**
 * The bottom drawer of compare mode, its own scroll: per-chapter deltas, or either side's
 * event log beside its selected event (causal chain, diff, object). Closed, it takes no
 * room, so at 1280x720 both sides' lifecycles stay in view; a chip click opens its side.
 */
export class CompareDrawer {
  private tab: DrawerTab | null = null;
  private readonly panes: Record<'a' | 'b', Pane>;
  private readonly el: HTMLElement;

  constructor(el: HTMLElement, sides: Record<'a' | 'b', PaneSide>, toast: (msg: string, error?: boolean) => void, private readonly onTab: (tab: DrawerTab | null) => void) {
    this.el = el;
    el.innerHTML = `
      <div class="drawer-body">
        <div class="drawer-pane" data-tab="chapters"><div class="divergence-text"></div><div class="deltas-host"></div></div>
        ${(['a', 'b'] as const).map((k) => `<div class="drawer-pane side-pane" data-tab="${k}"><div class="pane-log"></div><div class="pane-detail"><p class="absent">Click a pod of ${k.toUpperCase()} or an event in its log.</p></div></div>`).join('')}
      </div>`;
    const pane = (k: 'a' | 'b'): Pane => {
      const host = el.querySelector(`.drawer-pane[data-tab="${k}"]`) as HTMLElement;
      const side = sides[k];
      return {
        log: new EventLog(host.querySelector('.pane-log') as HTMLElement, side.mi.m.name, side.mi, side.select, () => undefined, (e) => toast(e.message, true)),
        detail: new EventDetailPanel(host.querySelector('.pane-detail') as HTMLElement, side.mi.m.name, side.select, side.goTo),
        seq: -1,
        sel: 0,
        shownSel: 0,
      };
    };
    this.panes = { a: pane('a'), b: pane('b') };
    this.show(null);
  }

  get deltasHost(): HTMLElement {
    return this.el.querySelector('.deltas-host') as HTMLElement;
  }

  get divergenceHost(): HTMLElement {
    return this.el.querySelector('.divergence-text') as HTMLElement;
  }

  get open(): DrawerTab | null {
    return this.tab;
  }

  /** Opens a tab (null or the open one again: closes). */
  show(tab: DrawerTab | null): void {
    this.tab = tab;
    this.el.hidden = tab === null;
    for (const p of this.el.querySelectorAll<HTMLElement>('.drawer-pane')) p.hidden = p.dataset.tab !== tab;
    this.onTab(tab);
    if (tab === 'a' || tab === 'b') this.refresh(tab);
  }

  /** Each side's playhead and selection; only an open pane fetches. */
  update(k: 'a' | 'b', seq: number, sel: number): void {
    const p = this.panes[k];
    p.seq = seq;
    p.sel = sel;
    if (this.tab === k) this.refresh(k);
  }

  private refresh(k: 'a' | 'b'): void {
    const p = this.panes[k];
    if (p.seq >= 0) p.log.update(p.seq, p.sel);
    if (p.sel > 0 && p.sel !== p.shownSel) {
      p.shownSel = p.sel;
      p.detail.show(p.sel);
    }
  }
}
