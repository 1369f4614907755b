/**
 * The virtual clock's pending tasks, grouped by due time: a min-heap of the distinct due
 * times (plain numbers) and, per time, a FIFO of what is due then. Taking them out in
 * (time, insertion order) is the order a heap of (time, order) entries gave, since
 * within one time the insertion order is the FIFO's order.
 *
 * Why not one heap of entries: at 100,000 pods ~300,000 timers wait (probe ticks every
 * 5 s, leases, grace periods), and every tick sifted an entry object through ~18 levels
 * of a heap, each level a compare through a closure and two objects scattered over the
 * old generation (the 100,000-pod profile: the clock's loop 3.3 % and the probe tick 3.0 %
 * of the simulation's thread, most of it that sifting). Those timers share due times
 * (ms granularity: ~300,000 timers over a 5 s period are ~60 a millisecond), so here an
 * enqueue is one Map lookup and an append, and only a new time is sifted, through a heap
 * of numbers. No entry object either: an item and its tag are two array slots.
 */
interface Bucket<T> {
  time: number;
  items: (T | undefined)[];
  tags: number[];
  /** the next item to take */
  head: number;
}

/** Emptied buckets kept for the next new time (a bucket's arrays are left to shrink). */
const MAX_SPARE_BUCKETS = 1024;

export class TimeQueue<T> {
  /** min-heap of the due times that have a bucket */
  private readonly times: number[] = [];
  private readonly buckets = new Map<number, Bucket<T>>();
  private readonly spare: Bucket<T>[] = [];
  /** the bucket of times[0], or undefined when empty */
  private first: Bucket<T> | undefined;
  private count = 0;
  /** the tag of the item `shift` returned last */
  lastTag = 0;

  get size(): number {
    return this.count;
  }

  /** The earliest due time, or undefined when nothing waits. */
  peekTime(): number | undefined {
    return this.first?.time;
  }

  push(time: number, item: T, tag: number): void {
    this.count++;
    let bucket = this.buckets.get(time);
    if (bucket === undefined) {
      bucket = this.spare.pop();
      if (bucket === undefined) bucket = { time, items: [], tags: [], head: 0 };
      else bucket.time = time;
      this.buckets.set(time, bucket);
      this.pushTime(time);
      if (this.first === undefined || time < this.first.time) this.first = bucket;
    }
    bucket.items.push(item);
    bucket.tags.push(tag);
  }

  /** Takes the earliest item (its tag in `lastTag`); undefined when empty. */
  shift(): T | undefined {
    const bucket = this.first;
    if (bucket === undefined) return undefined;
    const i = bucket.head++;
    const item = bucket.items[i];
    this.lastTag = bucket.tags[i] as number;
    // Not kept by the queue once taken (a one-shot task's closure).
    bucket.items[i] = undefined;
    this.count--;
    if (bucket.head === bucket.items.length) this.dropFirst(bucket);
    return item;
  }

  private dropFirst(bucket: Bucket<T>): void {
    this.buckets.delete(bucket.time);
    this.popTime();
    bucket.items.length = 0;
    bucket.tags.length = 0;
    bucket.head = 0;
    if (this.spare.length < MAX_SPARE_BUCKETS) this.spare.push(bucket);
    const next = this.times[0];
    this.first = next === undefined ? undefined : this.buckets.get(next);
  }

  private pushTime(time: number): void {
    const times = this.times;
    let i = times.length;
    times.push(time);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = times[parent] as number;
      if (p <= time) break;
      times[i] = p;
      i = parent;
    }
    times[i] = time;
  }

  private popTime(): void {
    const times = this.times;
    const last = times.pop() as number;
    const n = times.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let child = l;
      let c = times[l] as number;
      if (r < n) {
        const rv = times[r] as number;
        if (rv < c) {
          child = r;
          c = rv;
        }
      }
      if (c >= last) break;
      times[i] = c;
      i = child;
    }
    times[i] = last;
  }
}
