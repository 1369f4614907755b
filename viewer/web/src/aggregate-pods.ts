import { PV, type PodsAnswer, type PodTrack, type StoryModel } from '../../shared/model.js';
import { api } from './api.js';
import { clock, escapeHtml, grouped } from './format.js';
import { LifecyclesView } from './lifecycles-view.js';
import { ModelIndex } from './model-index.js';
import type { ViewState } from './store.js';

/**
 * The pods of one node or one owner of an aggregated recording, asked for when clicked
 * (`GET .../pods?node=&at=`): their lifecycle rows as the page draws any recording's
 * (LifecyclesView over the model with these pods in it), a click on a row selecting that
 * write for the event detail (its object and diff). The list is the pods there at the
 * seq of the click; their rows run over the whole recording, so scrubbing moves along them.
 */
export class AggregatePods {
  private view: LifecyclesView | undefined;
  private asked = 0;
  /** What a test reads: the pods listed and what they were asked for. */
  listed: { by: string; seq: number; names: string[] } | null = null;
  private readonly head: HTMLElement;
  private readonly rows: HTMLElement;

  constructor(
    el: HTMLElement,
    private readonly mi: ModelIndex,
    private readonly rec: string,
    private readonly state: () => ViewState,
    private readonly onSelect: (pod: PodTrack, seq: number) => void,
    private readonly toast: (msg: string, error?: boolean) => void,
  ) {
    this.head = el.appendChild(document.createElement('p'));
    this.head.className = 'agg-pods-head';
    this.head.textContent = 'Click a node above, or an owner, to list its pods at the playhead (this recording has too many to draw one by one).';
    this.rows = el.appendChild(document.createElement('div'));
    this.rows.className = 'scroll';
    (window as unknown as { __kubelapseAggregatePods: AggregatePods }).__kubelapseAggregatePods = this;
  }

  async show(by: { node: string } | { owner: string }, label: string): Promise<void> {
    const seq = this.state().seq;
    const ask = ++this.asked;
    this.head.textContent = `Loading the pods of ${label} at ${clock(this.mi.timeOf(seq))}…`;
    let answer: PodsAnswer;
    try {
      answer = await api.pods(this.rec, by, seq);
    } catch (err) {
      this.head.textContent = `Cannot list the pods of ${label}: ${(err as Error).message}`;
      this.toast((err as Error).message, true);
      return;
    }
    if (ask !== this.asked) return; // a later click won
    this.listed = { by: 'node' in by ? `node=${by.node}` : `owner=${by.owner}`, seq, names: answer.pods.map((p) => `${p.namespace}/${p.name}`) };
    this.head.innerHTML = `<b>${escapeHtml(label)}</b>: ${grouped(answer.pods.length)} pod${answer.pods.length === 1 ? '' : 's'} at ${clock(this.mi.timeOf(seq))} (seq ${grouped(seq)}); click a row for that write and its diff`;
    this.rows.innerHTML = '';
    this.view = new LifecyclesView(this.rows, new ModelIndex(withPods(this.mi.m, answer), this.mi.times), this.onSelect);
    // The rows in view (the cluster above may scroll out): what the click asked to see.
    this.rows.scrollIntoView({ block: 'nearest' });
    const s = this.state();
    this.view.render(s.timeMs, s.t0, s.t1, s.scrubbing);
  }

  render(s: ViewState): void {
    this.view?.render(s.timeMs, s.t0, s.t1, s.scrubbing);
  }
}

/**
 * The model with these pods in it: their versions' string indexes (node, reason) moved
 * past the model's own strings, to which the answer's are appended. A copy: the page's
 * model (and its index) stay as they were.
 */
function withPods(m: StoryModel, answer: PodsAnswer): StoryModel {
  const offset = m.strings.length;
  const pods = answer.pods.map((p) => ({
    ...p,
    versions: p.versions.map((v) => {
      const c = [...v] as typeof v;
      if (c[PV.node] >= 0) c[PV.node] += offset;
      if (c[PV.reason] >= 0) c[PV.reason] += offset;
      return c;
    }),
  }));
  const { aggregate: _aggregate, ...rest } = m;
  return { ...rest, nodes: [...m.nodes], strings: [...m.strings, ...answer.strings], pods };
}
