import type { EpochMs } from '../../sim/time.js';
import { idOf, resourceVersionOf } from '../captured-object.js';
import type { ObservedWrite } from '../observed-write.js';
import { writeSubresource } from '../write-subresource.js';
import type { Change } from './list-watch.js';

/** What made a change a write without a watch event saying so: the provenance note. */
const NOTES: Record<Change['via'], string | null> = {
  list: 'in the first list: existed when the recording began',
  watch: null,
  relist: 'relist after 410 Gone: missed by the watch',
};

/**
 * A change seen by a list or watch as the write it stands for: ADDED a create,
 * MODIFIED an update (through status, binding or scale when only that changed:
 * write-subresource.ts), DELETED a delete with the object's last state. `at` is when
 * this process received it: a watch carries no time of its own.
 */
export function changeToWrite(c: Change, at: EpochMs, source: { file: string; line: number }): ObservedWrite | undefined {
  const id = idOf(c.object);
  if (id === undefined) return undefined;
  const verb = c.type === 'ADDED' ? 'create' : c.type === 'MODIFIED' ? 'update' : 'delete';
  return {
    at,
    atMicros: 0,
    verb,
    subresource: verb === 'update' ? writeSubresource(c.prev, c.object) : null,
    apiVersion: id.apiVersion,
    kind: id.kind,
    namespace: id.namespace,
    name: id.name,
    object: c.object,
    partial: false,
    note: NOTES[c.via],
    user: null,
    userAgent: null,
    resourceVersion: resourceVersionOf(c.object),
    level: c.via === 'watch' ? 'watch' : 'poll',
    source: { file: source.file, line: source.line, id: null },
  };
}
