/**
 * Runs at most one request at a time and always ends on the latest wish: while the
 * playhead is dragged, requests go out as fast as answers come back, never piling up.
 */
export class LatestOnly<K, V> {
  private busy = false;
  private wanted: K | undefined;
  private lastKey: string | undefined;

  constructor(
    private readonly load: (key: K) => Promise<V>,
    private readonly done: (value: V, key: K) => void,
    private readonly fail: (err: Error) => void,
  ) {}

  request(key: K): void {
    this.wanted = key;
    if (!this.busy) void this.run();
  }

  private async run(): Promise<void> {
    while (this.wanted !== undefined) {
      const key = this.wanted;
      this.wanted = undefined;
      const id = JSON.stringify(key);
      if (id === this.lastKey) continue;
      this.busy = true;
      try {
        this.done(await this.load(key), key);
        this.lastKey = id;
      } catch (err) {
        this.fail(err as Error);
      } finally {
        this.busy = false;
      }
    }
  }

  /** Forget the last answer so the same key loads again (after a filter change). */
  reset(): void {
    this.lastKey = undefined;
  }
}
