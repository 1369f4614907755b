import type { ControllerRevisionTrack, StoryModel } from '../../shared/model.js';
import { versionAt } from './versions.js';

/** The label of a Job's pods' shared slot: no revision label can hold a NUL. */
const JOB = '\0job';

/**
 * Which template a pod runs, as a colour slot: the top bar of a chip and the swatch of a
 * lifecycle row. A ReplicaSet's pods take its index among the ReplicaSets (as before); a
 * DaemonSet's or StatefulSet's pods take a slot per revision, after them, in the order
 * the revisions appeared: so the old and the new template of a rolling update never share
 * a colour. A DaemonSet pod's controller-revision-hash is the revision's hash; a
 * StatefulSet pod's is the ControllerRevision's name: both are keys here. A Job's pods,
 * which have no revision, share a slot per Job: pi's apart from flaky's.
 */
export class RevisionIndex {
  private readonly slots = new Map<string, number>();
  private readonly byKey = new Map<string, ControllerRevisionTrack>();
  private readonly byOwner = new Map<string, ControllerRevisionTrack[]>();
  private next: number;

  constructor(m: StoryModel) {
    this.next = m.replicaSets.length;
    const crs = [...m.controllerRevisions].sort((a, b) => a.createdSeq - b.createdSeq);
    for (const cr of crs) {
      if (cr.owner === null) continue;
      const owner = `${cr.namespace}/${cr.owner}`;
      const list = this.byOwner.get(owner) ?? [];
      list.push(cr);
      this.byOwner.set(owner, list);
      const slot = this.slot(owner, cr.name);
      if (cr.hash !== null) {
        this.slots.set(`${owner}@${cr.hash}`, slot);
        this.byKey.set(`${owner}@${cr.hash}`, cr);
      }
      this.byKey.set(`${owner}@${cr.name}`, cr);
    }
    for (const p of [...m.pods].sort((a, b) => a.createdSeq - b.createdSeq)) {
      if (p.owner === null || p.owner.startsWith('ReplicaSet/')) continue;
      if (p.revision !== null) this.slot(`${p.namespace}/${p.owner}`, p.revision);
      else if (p.owner.startsWith('Job/')) this.slot(`${p.namespace}/${p.owner}`, JOB);
    }
  }

  private slot(owner: string, label: string): number {
    const key = `${owner}@${label}`;
    let s = this.slots.get(key);
    if (s === undefined) this.slots.set(key, (s = this.next++));
    return s;
  }

  /** The colour slot of a pod's revision label under its owner (a Job's pods: the Job's); -1 when it has none. */
  slotOf(namespace: string, owner: string | null, label: string | null): number {
    if (owner === null) return -1;
    return this.slots.get(`${namespace}/${owner}@${label ?? JOB}`) ?? -1;
  }

  /** The ControllerRevision a pod's label (hash or name) stands for, if recorded. */
  revisionOf(namespace: string, owner: string, label: string | null): ControllerRevisionTrack | undefined {
    return label === null ? undefined : this.byKey.get(`${namespace}/${owner}@${label}`);
  }

  /** The owner's revisions that exist at `seq`, newest (highest revision number) first. */
  revisionsAt(namespace: string, owner: string, seq: number): Array<{ cr: ControllerRevisionTrack; number: number }> {
    const out: Array<{ cr: ControllerRevisionTrack; number: number }> = [];
    for (const cr of this.byOwner.get(`${namespace}/${owner}`) ?? []) {
      if (cr.createdSeq > seq || (cr.deletedSeq !== null && cr.deletedSeq <= seq)) continue;
      out.push({ cr, number: versionAt(cr.versions, seq)?.[1] ?? 0 });
    }
    return out.sort((a, b) => b.number - a.number);
  }
}
