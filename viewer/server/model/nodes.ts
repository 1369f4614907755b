/* eslint-disable @typescript-eslint/no-explicit-any -- node objects are open JSON */
import type { Recording } from '../../../core/record/recording.js';
import type { NodeTrack } from '../../shared/model.js';
import type { Interner } from './interner.js';

const READY: Record<string, number> = { True: 1, False: 0, Unknown: 2 };

/** Every node's Ready condition, cordon and taints over time, in order of first appearance. */
export function nodeTracks(rec: Recording, strings: Interner): NodeTrack[] {
  const all: NodeTrack[] = [];
  const tracks = new Map<string, NodeTrack>();
  const rows = rec.db.prepare("SELECT seq, verb, name, object FROM events WHERE kind = 'Node' ORDER BY seq").raw(true);
  for (const raw of rows.iterate()) {
    const [seq, verb, name, json] = raw as [number, string, string, string];
    let t = tracks.get(name);
    if (t === undefined || (t.deletedSeq !== null && verb === 'create')) {
      // A node that comes back under the same name starts a new life (a new track).
      t = { name, createdSeq: seq, deletedSeq: null, versions: [] };
      tracks.set(name, t);
      all.push(t);
    }
    if (verb === 'delete') {
      t.deletedSeq = seq;
      continue;
    }
    const node = JSON.parse(json) as any;
    const ready = (node?.status?.conditions ?? []).find((c: any) => c?.type === 'Ready');
    const taints: any[] = node?.spec?.taints ?? [];
    t.versions.push([
      seq,
      ready === undefined ? -1 : (READY[ready.status] ?? -1),
      node?.spec?.unschedulable === true ? 1 : 0,
      strings.id(taints.map((x) => `${x.key}:${x.effect}`).join(', ')),
      (node?.status?.conditions ?? []).some((c: any) => c?.type === 'MemoryPressure' && c?.status === 'True') ? 1 : 0,
    ]);
  }
  return all;
}
