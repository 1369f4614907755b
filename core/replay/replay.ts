import type { KObject } from '../api/types.js';
import type { Recording } from '../record/recording.js';
import type { EventRow } from '../record/schema.js';
import { Checkpoints } from './checkpoints.js';
import { diffObjects, type Change } from './diff.js';
import { EventIndex } from './event-index.js';

export interface StateQuery {
  kinds?: readonly string[];
  namespace?: string | null;
}

export interface Version {
  seq: number;
  timeMs: number;
  verb: string;
  subresource: string | null;
  actor: string;
  reason: string | null;
  object: KObject;
}

export interface CausalChain {
  /** The event's causes, the outermost (the outside action) first. */
  ancestors: EventRow[];
  event: EventRow;
  /** Writes made because of this event. */
  effects: EventRow[];
}

/**
 * Replays a recording: the cluster at any seq or time, an object's versions and diffs,
 * and the causal chain of any write. Built once per open (one pass over the event
 * metadata); every query after that reads only the object rows it returns.
 */
export class Replay {
  private readonly objectStmt;

  private constructor(
    readonly recording: Recording,
    readonly index: EventIndex,
    readonly checkpoints: Checkpoints,
  ) {
    this.objectStmt = recording.db.prepare('SELECT object FROM events WHERE seq = ?').pluck(true);
  }

  static open(recording: Recording, options: { checkpointInterval?: number } = {}): Replay {
    const index = EventIndex.build(recording);
    return new Replay(recording, index, Checkpoints.build(index, options.checkpointInterval));
  }

  get lastSeq(): number {
    return this.index.length;
  }

  seqAtTime(timeMs: number): number {
    return this.index.seqAtTime(timeMs);
  }

  /** Every object live right after `seq` (0: before anything happened), in key order. */
  stateAt(seq: number, query: StateQuery = {}): KObject[] {
    const clamped = Math.max(0, Math.min(seq, this.index.length));
    const live = this.checkpoints.liveAt(this.index, clamped);
    const kinds = query.kinds === undefined ? undefined : new Set(query.kinds);
    const picked: Array<[string, number]> = [];
    for (const [keyId, versionSeq] of live) {
      const key = this.index.keys[keyId] as string;
      if (kinds !== undefined && !kinds.has(key.slice(0, key.indexOf('\0')))) continue;
      if (query.namespace !== undefined && query.namespace !== null) {
        const ns = key.split('\0')[1];
        if (ns !== query.namespace) continue;
      }
      picked.push([key, versionSeq]);
    }
    picked.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return picked.map(([, s]) => JSON.parse(this.objectStmt.get(s) as string) as KObject);
  }

  event(seq: number): EventRow | undefined {
    return this.recording.event(seq);
  }

  /** Every recorded version of one object (all its lives, if the name was reused), oldest first. */
  history(kind: string, namespace: string | null, name: string): Version[] {
    const sql =
      'SELECT seq, time_ms, verb, subresource, actor, reason, object FROM events WHERE kind = ? AND namespace IS ? AND name = ? ORDER BY seq';
    const rows = this.recording.db.prepare(sql).all(kind, namespace, name) as Array<Record<string, unknown>>;
    return rows.map((r) => ({
      seq: r.seq as number,
      timeMs: r.time_ms as number,
      verb: r.verb as string,
      subresource: r.subresource as string | null,
      actor: r.actor as string,
      reason: r.reason as string | null,
      object: JSON.parse(r.object as string) as KObject,
    }));
  }

  /** The version of the same object written before `seq`, if any (the events_object index finds it). */
  previousVersionSeq(seq: number): number | undefined {
    const e = this.recording.event(seq);
    if (e === undefined) return undefined;
    const prev = this.recording.db
      .prepare('SELECT MAX(seq) FROM events WHERE kind = ? AND namespace IS ? AND name = ? AND seq < ?')
      .pluck(true)
      .get(e.kind, e.namespace, e.name, seq) as number | null;
    return prev ?? undefined;
  }

  /** Field changes from version `fromSeq` to version `toSeq` (or from nothing, for a create). */
  diff(fromSeq: number | undefined, toSeq: number): Change[] {
    const after = this.objectAt(toSeq);
    const before = fromSeq === undefined ? undefined : this.objectAt(fromSeq);
    return diffObjects(before, after);
  }

  objectAt(seq: number): KObject | undefined {
    const json = this.objectStmt.get(seq) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as KObject);
  }

  /** Ancestors through cause_seq up to the outside action, and the direct effects. */
  causalChain(seq: number, maxDepth = 1000): CausalChain | undefined {
    const event = this.recording.event(seq);
    if (event === undefined) return undefined;
    const ancestors: EventRow[] = [];
    const seen = new Set<number>([seq]);
    let cause = event.causeSeq;
    while (cause !== null && ancestors.length < maxDepth && !seen.has(cause)) {
      seen.add(cause);
      const e = this.recording.event(cause);
      if (e === undefined) break;
      ancestors.unshift(e);
      cause = e.causeSeq;
    }
    const effects = this.index.effectsOf(seq).map((s) => this.recording.event(s)).filter((e): e is EventRow => e !== undefined);
    return { ancestors, event, effects };
  }
}
