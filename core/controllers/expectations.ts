/**
 * ControllerExpectations: after asking for 3 pods, a ReplicaSet waits until its cache
 * has seen 3 creations (or 5 minutes pass) before it counts pods again. Without this,
 * a sync that runs before the watch delivers the new pods would see 0 of 3 and create
 * 3 more.
 */
export class Expectations {
  private readonly items = new Map<string, { add: number; del: number; at: number; deleting: Set<string> }>();

  constructor(
    private readonly now: () => number,
    /** upstream ExpectationsTimeout */
    private readonly ttlMs = 5 * 60 * 1000,
  ) {}

  satisfied(key: string): boolean {
    const e = this.items.get(key);
    if (e === undefined) return true;
    if (e.add <= 0 && e.del <= 0) return true;
    return this.now() - e.at > this.ttlMs;
  }

  expectCreations(key: string, n: number): void {
    this.items.set(key, { add: n, del: 0, at: this.now(), deleting: new Set() });
  }

  /** SetExpectations: creations and deletions in one go (a DaemonSet does both in one sync). */
  expect(key: string, creations: number, podKeys: string[]): void {
    this.items.set(key, { add: creations, del: podKeys.length, at: this.now(), deleting: new Set(podKeys) });
  }

  expectDeletions(key: string, podKeys: string[]): void {
    this.items.set(key, { add: 0, del: podKeys.length, at: this.now(), deleting: new Set(podKeys) });
  }

  creationObserved(key: string): void {
    const e = this.items.get(key);
    if (e !== undefined) e.add--;
  }

  /** A pod seen gone (or terminating) counts once, however many events say so. */
  deletionObserved(key: string, podKey: string): void {
    const e = this.items.get(key);
    if (e !== undefined && e.deleting.delete(podKey)) e.del--;
  }

  /** A create that failed will never be observed. */
  creationFailed(key: string, n = 1): void {
    const e = this.items.get(key);
    if (e !== undefined) e.add -= n;
  }

  delete(key: string): void {
    this.items.delete(key);
  }
}
