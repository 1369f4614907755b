import type { ProxyModel } from '../../shared/model.js';
import type { ModelIndex } from './model-index.js';

/**
 * Failed requests so far, in the single-recording view too (compare has its own per
 * side): "failed requests so far: 37 (node-1 13 · node-2 12 · node-3 12)", the split by
 * sending node from the kube-proxy model when there is one. Hidden without traffic.
 */
export class FailedCounter {
  private last = '';
  /** The kube-proxy model, once it arrived (GET .../proxy): the split by node. */
  proxy: ProxyModel | null = null;

  constructor(private readonly el: HTMLElement, private readonly mi: ModelIndex) {
    el.classList.add('failed-counter');
    el.hidden = mi.m.traffic === null;
  }

  render(timeMs: number): void {
    const failed = this.mi.failedUpTo(timeMs);
    if (failed === null) return;
    const byNode = (this.proxy?.nodes ?? [])
      .map((n) => [n.node, n.failures.reduce((k, f) => k + (f[0] <= timeMs ? f[3] : 0), 0)] as const)
      .filter(([, k]) => k > 0);
    const text = `failed requests so far: ${failed}${byNode.length > 0 ? ` (${byNode.map(([n, k]) => `${n} ${k}`).join(' · ')})` : ''}`;
    if (text === this.last) return;
    this.last = text;
    this.el.textContent = text;
    this.el.dataset.failed = String(failed);
    this.el.classList.toggle('bad', failed > 0);
  }
}
