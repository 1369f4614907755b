import type { ChainModel } from '../../shared/model.js';

/**
 * ← → along one causal chain: the selected event's causes up to the outside action, the
 * event, and everything it led to. /chain/:seq gives an event's direct effects only, so
 * the tree is opened lazily: before stepping to member N, every member before N has its
 * own effects fetched (an effect's effect may come before N). From the kubectl delete in
 * pod-loss-recovery that is the Killing Event, the replacement pod, its binding, its
 * kubelet's writes and the ReplicaSet's status, in seq order; the lease renewals between
 * them are never visited.
 */
export class ChainFollow {
  private root = 0;
  private readonly members = new Set<number>();
  private readonly opened = new Set<number>();

  constructor(private readonly chain: (seq: number) => Promise<ChainModel>) {}

  /** The chain being followed (0: none yet). */
  get rootSeq(): number {
    return this.root;
  }

  get size(): number {
    return this.members.size;
  }

  /** The next member after (dir 1) or before (dir -1) `seq` that `keep` accepts, or undefined. */
  async next(root: number, seq: number, dir: 1 | -1, keep: (seq: number) => boolean): Promise<number | undefined> {
    if (root !== this.root) await this.start(root);
    for (;;) {
      const cand = this.candidate(seq, dir, keep);
      // Only a member before the candidate can add one between `seq` and it.
      const upTo = dir > 0 ? (cand ?? Infinity) : seq;
      const closed = [...this.members].filter((m) => m < upTo && !this.opened.has(m));
      if (closed.length === 0) return cand;
      await Promise.all(closed.map((m) => this.open(m)));
    }
  }

  private async start(root: number): Promise<void> {
    this.root = root;
    this.members.clear();
    this.opened.clear();
    const c = await this.chain(root);
    for (const a of c.ancestors) {
      this.members.add(a.seq);
      this.opened.add(a.seq); // causes: the chain follows the selected event's line, not their other effects
    }
    this.members.add(root);
    this.opened.add(root);
    for (const e of c.effects) this.members.add(e.seq);
  }

  private async open(seq: number): Promise<void> {
    this.opened.add(seq);
    const c = await this.chain(seq);
    for (const e of c.effects) this.members.add(e.seq);
  }

  private candidate(seq: number, dir: 1 | -1, keep: (seq: number) => boolean): number | undefined {
    let best: number | undefined;
    for (const m of this.members) {
      if (!keep(m)) continue;
      if (dir > 0 ? m > seq && (best === undefined || m < best) : m < seq && (best === undefined || m > best)) best = m;
    }
    return best;
  }
}
