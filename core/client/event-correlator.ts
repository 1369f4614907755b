/**
 * client-go's EventCorrelator, with its defaults, in virtual time:
 * - spam filter: a token bucket per (source, object) of 25 events, refilled one per
 *   5 minutes; an event beyond it is dropped (so a ReplicaSet creating 500 pods records
 *   its first 25 SuccessfulCreate events, as a real cluster does);
 * - aggregator: events alike but for the message (same source, object, type, reason)
 *   are counted per 10 minutes; from the 10th distinct message on they are folded into
 *   one "(combined from similar events): ..." event;
 * - logger: an event identical to one written within the last 10 minutes bumps that
 *   event's count and lastTimestamp instead of writing a new one.
 *
 * Each of the three is an LRU cache of 4096 entries, as upstream's: a use makes an entry
 * the newest, and the 4097th entry pushes out the least recently used (so an event about
 * an object not heard of for 4096 other objects, groups or events is a new Event again).
 * Constants from kubernetes/kubernetes staging/src/k8s.io/client-go/tools/record/events_cache.go:
 * maxLruCacheEntries = 4096 (the size of all three caches, NewEventCorrelator),
 * defaultAggregateMaxEvents = 10, defaultAggregateIntervalInSeconds = 600,
 * defaultSpamBurst = 25, defaultSpamQPS = 1/300.
 */
import { LruList, type LruEntry } from './lru-list.js';

/** What `created` needs to remember an event: its object, type, reason and message (undefined: the combined event of its group). */
export interface EventKey {
  readonly object: string;
  readonly type: string;
  readonly reason: string;
  readonly message: string | undefined;
}

export type Correlation =
  | { kind: 'drop' }
  | { kind: 'create'; key: EventKey; message: string }
  | { kind: 'bump'; key: EventKey; name: string; count: number; message: string };

const BURST = 25;
const REFILL_MS = 300_000;
const MAX_SIMILAR = 10;
const INTERVAL_MS = 600_000;
const MAX_KEYS = 4096;

/**
 * All the correlator knows of one involved object: its spam bucket (an entry of the
 * spam cache), and its aggregate groups and written events (entries of the other two
 * caches, chained from here). Upstream keys each cache by a string that starts with the
 * object's kind, namespace, name and uid; a kubelet kept ~9 such keys per pod on its
 * node (2.6 kB a pod at 10,000 pods, heap snapshot), where one record per object whose
 * key is the uid string the pod already holds costs ~0.8 kB.
 */
class Tracked implements LruEntry {
  newer: LruEntry | undefined = undefined;
  older: LruEntry | undefined = undefined;
  tokens = BURST;
  at = 0;
  groups: Group | undefined = undefined;
  logs: Logged | undefined = undefined;
  constructor(readonly key: string) {}
}

/**
 * The distinct messages of one (object, type, reason) within the interval: nearly every
 * group has one (a pod's "Created container: web"), so the first is a field and a Set
 * is made only for a second.
 */
class Group implements LruEntry {
  newer: LruEntry | undefined = undefined;
  older: LruEntry | undefined = undefined;
  first: string | undefined = undefined;
  more: Set<string> | undefined = undefined;
  next: Group | undefined = undefined;
  constructor(
    readonly owner: Tracked,
    readonly type: string,
    readonly reason: string,
    public at: number,
  ) {}

  get size(): number {
    return (this.first === undefined ? 0 : 1) + (this.more?.size ?? 0);
  }

  add(m: string): void {
    if (m === this.first || this.more?.has(m) === true) return;
    if (this.first === undefined) this.first = m;
    else (this.more ??= new Set()).add(m);
  }

  delete(m: string): void {
    if (m === this.first) this.first = undefined;
    else this.more?.delete(m);
  }
}

/** An Event written: its name and count, for the next identical one to bump. */
class Logged implements LruEntry {
  newer: LruEntry | undefined = undefined;
  older: LruEntry | undefined = undefined;
  next: Logged | undefined = undefined;
  count = 1;
  constructor(
    readonly owner: Tracked,
    readonly type: string,
    readonly reason: string,
    readonly message: string | undefined,
    public name: string,
    public at: number,
  ) {}
}

export class EventCorrelator {
  private readonly objects = new Map<string, Tracked>();
  private readonly spam = new LruList<Tracked>(MAX_KEYS);
  private readonly aggregates = new LruList<Group>(MAX_KEYS);
  private readonly logged = new LruList<Logged>(MAX_KEYS);

  /**
   * One correlator serves one recorder, hence one source (component and host): upstream's
   * keys start with the source, which would be the same in every key, so `object` is the
   * involved object's own key (its uid: event-recorder.ts).
   */
  correlate(nowMs: number, object: string, type: string, reason: string, message: string): Correlation {
    const o = this.tracked(object);
    if (!this.take(o, nowMs)) return { kind: 'drop' };
    let group = o.groups;
    while (group !== undefined && (group.type !== type || group.reason !== reason)) group = group.next;
    if (group === undefined) {
      group = new Group(o, type, reason, nowMs);
      group.next = o.groups;
      o.groups = group;
    } else if (nowMs - group.at > INTERVAL_MS) {
      // Too old: a fresh record, as upstream's `aggregateRecord{localKeys: sets.NewString()}`.
      group.first = undefined;
      group.more = undefined;
    }
    group.at = nowMs;
    this.evicted(this.aggregates.touch(group));
    group.add(message);
    let key: EventKey = { object, type, reason, message };
    let text = message;
    if (group.size >= MAX_SIMILAR) {
      group.delete(message);
      key = { object, type, reason, message: undefined };
      text = `(combined from similar events): ${message}`;
    }
    const prior = this.findLogged(o, key);
    if (prior !== undefined && nowMs - prior.at <= INTERVAL_MS) {
      prior.count++;
      prior.at = nowMs;
      this.evicted(this.logged.touch(prior));
      return { kind: 'bump', key, name: prior.name, count: prior.count, message: text };
    }
    return { kind: 'create', key, message: text };
  }

  created(key: EventKey, name: string, nowMs: number): void {
    const o = this.tracked(key.object);
    let log = this.findLogged(o, key);
    if (log === undefined) {
      log = new Logged(o, key.type, key.reason, key.message, name, nowMs);
      log.next = o.logs;
      o.logs = log;
    } else {
      log.name = name;
      log.count = 1;
      log.at = nowMs;
    }
    this.evicted(this.logged.touch(log));
  }

  /** How many entries each cache holds (for tests: each is bounded at 4096). */
  sizes(): { objects: number; spam: number; aggregates: number; logged: number } {
    return { objects: this.objects.size, spam: this.spam.size, aggregates: this.aggregates.size, logged: this.logged.size };
  }

  private tracked(object: string): Tracked {
    let o = this.objects.get(object);
    if (o === undefined) {
      o = new Tracked(object);
      this.objects.set(object, o);
    }
    return o;
  }

  private findLogged(o: Tracked, key: EventKey): Logged | undefined {
    let log = o.logs;
    while (log !== undefined && (log.type !== key.type || log.reason !== key.reason || log.message !== key.message)) log = log.next;
    return log;
  }

  private take(o: Tracked, nowMs: number): boolean {
    if (!this.spam.has(o)) {
      // Not in the spam cache (new, or pushed out): a full bucket, as upstream's new rate limiter.
      o.tokens = BURST;
      o.at = nowMs;
    }
    this.evicted(this.spam.touch(o));
    const refill = Math.floor((nowMs - o.at) / REFILL_MS);
    if (refill > 0) {
      o.tokens = Math.min(BURST, o.tokens + refill);
      o.at += refill * REFILL_MS;
    }
    if (o.tokens <= 0) return false;
    o.tokens--;
    return true;
  }

  /** Forgets an entry one of the caches pushed out, and its object once nothing of it is left. */
  private evicted(e: Tracked | Group | Logged | undefined): void {
    if (e === undefined) return;
    let o: Tracked;
    if (e instanceof Tracked) o = e;
    else if (e instanceof Group) {
      o = e.owner;
      o.groups = unlinked(o.groups, e);
    } else {
      o = e.owner;
      o.logs = unlinked(o.logs, e);
    }
    if (o.groups === undefined && o.logs === undefined && !this.spam.has(o)) this.objects.delete(o.key);
  }
}

/** The list that starts at `head` with `e` taken out of it: its new head. */
function unlinked<T extends { next: T | undefined }>(head: T | undefined, e: T): T | undefined {
  if (head === e) return e.next;
  let at = head;
  while (at !== undefined && at.next !== e) at = at.next;
  if (at !== undefined) at.next = e.next;
  return head;
}
