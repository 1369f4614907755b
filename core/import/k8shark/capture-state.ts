import type { EpochMs } from '../../sim/time.js';
import type { ObservedWrite, ObservedVerb, SourceRef } from '../observed-write.js';
import { idOf, keyOf, metaOf, newerVersion, resourceVersionOf, type KObj } from '../captured-object.js';
import { writeSubresource } from '../write-subresource.js';
import { byVersion, creationOrder } from '../creation-order.js';

interface Known {
  object: KObj;
  rv: string | null;
  /** the LIST path it was seen under (a poll of that path that lacks it: deleted) */
  listPath: string;
}

export interface Moment {
  at: EpochMs;
  atMicros: number;
  source: SourceRef;
}

/**
 * What the capture has shown of each object so far, and the writes that explain each
 * new sighting. Watch events are the writes themselves; a poll (a LIST) only shows the
 * state at its moment, so a poll's differences from what the watches said are the
 * writes the watch missed (a dropped connection, a path watched late), found by
 * resourceVersion: an item newer than the known state is an update, an unknown item a
 * create, a known object absent from its path's list a delete.
 */
export class CaptureState {
  private readonly known = new Map<string, Known>();
  /** watch events older than a state already shown (duplicates of the initial list) */
  stale = 0;

  constructor(
    private readonly emit: (w: ObservedWrite) => void,
    /** paths with watch events: a write a poll of another path shows was not "missed", only not watched */
    private readonly watched: ReadonlySet<string>,
  ) {}

  /** The first poll of every path, before any event: the capture's initial state, in creation order (creation-order.ts). */
  initial(items: Array<{ object: KObj; listPath: string }>, m: Moment): void {
    const sorted = creationOrder(items);
    for (const { object, listPath } of sorted) this.sighting(object, listPath, 'create', undefined, 'poll', m, 'in the first poll: existed when the capture began');
  }

  watchEvent(type: string, object: KObj, listPath: string, m: Moment): void {
    const id = idOf(object);
    if (id === undefined) return;
    const key = keyOf(id);
    const prev = this.known.get(key);
    const rv = resourceVersionOf(object);
    if (type === 'DELETED') {
      this.known.delete(key);
      this.write('delete', null, object, 'watch', m, null);
      return;
    }
    if (prev !== undefined && !newerVersion(rv, prev.rv)) {
      this.stale++;
      return;
    }
    if (type === 'ADDED') {
      if (prev !== undefined && metaOf(prev.object).uid !== metaOf(object).uid) {
        // A new object under an old name: the old one's DELETED was missed.
        this.write('delete', null, prev.object, 'watch', m, 'missed by the watch: replaced by a new object of the same name');
      }
      this.sighting(object, listPath, prev !== undefined && metaOf(prev.object).uid === metaOf(object).uid ? 'update' : 'create', prev?.object, 'watch', m, null);
      return;
    }
    this.sighting(object, listPath, 'update', prev?.object, 'watch', m, prev === undefined ? 'first seen modified: created before the capture began' : null);
  }

  poll(items: KObj[], listPath: string, m: Moment): void {
    const seen = new Set<string>();
    const why = this.watched.has(listPath) ? 'missed by the watch' : 'not watched';
    for (const object of [...items].sort(byVersion)) {
      const id = idOf(object);
      if (id === undefined) continue;
      const key = keyOf(id);
      seen.add(key);
      const prev = this.known.get(key);
      if (prev === undefined) this.sighting(object, listPath, 'create', undefined, 'poll', m, `${why}: first seen in a poll`);
      else if (newerVersion(resourceVersionOf(object), prev.rv)) this.sighting(object, listPath, 'update', prev.object, 'poll', m, `${why}: a newer version in a poll`);
    }
    for (const [key, k] of [...this.known]) {
      if (k.listPath !== listPath || seen.has(key)) continue;
      this.known.delete(key);
      this.write('delete', null, k.object, 'poll', m, `${why}: gone from a poll`);
    }
  }

  private sighting(object: KObj, listPath: string, verb: ObservedVerb, prev: KObj | undefined, level: 'watch' | 'poll', m: Moment, note: string | null): void {
    const id = idOf(object);
    if (id === undefined) return;
    this.known.set(keyOf(id), { object, rv: resourceVersionOf(object), listPath });
    this.write(verb, verb === 'update' ? writeSubresource(prev, object) : null, object, level, m, note);
  }

  private write(verb: ObservedVerb, subresource: string | null, object: KObj, level: 'watch' | 'poll', m: Moment, note: string | null): void {
    const id = idOf(object);
    if (id === undefined) return;
    this.emit({
      at: m.at,
      atMicros: m.atMicros,
      verb,
      subresource,
      apiVersion: id.apiVersion,
      kind: id.kind,
      namespace: id.namespace,
      name: id.name,
      object,
      partial: false,
      note,
      user: null,
      userAgent: null,
      resourceVersion: resourceVersionOf(object),
      level,
      source: m.source,
    });
  }
}
