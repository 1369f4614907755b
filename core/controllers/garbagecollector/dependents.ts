/**
 * The collector's graph edges: owner uid -> its dependents' keys, in the order the
 * collector queues them when the owner goes (which the recordings depend on).
 *
 * That order is "by last (re)insertion": every change to a dependent took its key out of
 * its old owners' sets and put it back at the end. As a JS Set that was a delete and an
 * add per pod event (10 a pod in a scale-up, into an owner's set of 10,000 keys at
 * 100,000 pods), and the deleted slots made the table rehash now and then. Here each key
 * carries the stamp of its last insertion: a change that keeps its owner is one
 * `Map.set` in place, and the order is the stamps' order, sorted only when an owner's
 * dependents are read (its deletion: a handful of times in a run).
 */
export class Dependents {
  private readonly byOwner = new Map<string, Map<string, number>>();
  private stamp = 0;

  /** The key goes (back) to the end of `owner`'s dependents. */
  moveToEnd(owner: string, key: string): void {
    this.stampsOf(owner).set(key, ++this.stamp);
  }

  /** The key joins the end of `owner`'s dependents unless it is there already (a Set's add). */
  add(owner: string, key: string): void {
    const m = this.stampsOf(owner);
    if (!m.has(key)) m.set(key, ++this.stamp);
  }

  delete(owner: string, key: string): void {
    this.byOwner.get(owner)?.delete(key);
  }

  /** `owner`'s dependents in insertion order, as a Set kept with delete-then-add would list them. */
  of(owner: string): string[] {
    const m = this.byOwner.get(owner);
    if (m === undefined || m.size === 0) return [];
    const entries = [...m];
    entries.sort((a, b) => a[1] - b[1]);
    return entries.map((e) => e[0]);
  }

  /** `owner`'s keys with their stamps, made at its first dependent. */
  private stampsOf(owner: string): Map<string, number> {
    let m = this.byOwner.get(owner);
    if (m === undefined) this.byOwner.set(owner, (m = new Map()));
    return m;
  }
}
