/* eslint-disable @typescript-eslint/no-explicit-any -- revisions are open JSON */
import type { Recording } from '../../../core/record/recording.js';
import type { ControllerRevisionTrack } from '../../shared/model.js';
import { controllerOf, num, rowsOf } from './rows.js';

/**
 * Each ControllerRevision (a DaemonSet's or StatefulSet's template history) with its
 * owner, hash label and revision number over time: what tells the viewer which of a
 * workload's pods run the old template and which the new, and what "rev 3" means.
 */
export function controllerRevisionTracks(rec: Recording): ControllerRevisionTrack[] {
  const tracks = new Map<string, ControllerRevisionTrack>();
  for (const [seq, verb, uid, namespace, name, json] of rowsOf(rec, 'ControllerRevision')) {
    const cr = JSON.parse(json) as any;
    let t = tracks.get(uid);
    if (t === undefined) {
      const owner = controllerOf(cr);
      const hash = cr?.metadata?.labels?.['controller-revision-hash'];
      t = { namespace: namespace ?? '', name, owner: owner === null ? null : `${owner.kind}/${owner.name}`, hash: typeof hash === 'string' ? hash : null, createdSeq: seq, deletedSeq: null, versions: [] };
      tracks.set(uid, t);
    }
    if (verb === 'delete') {
      t.deletedSeq = seq;
      continue;
    }
    const revision = num(cr?.revision, 0);
    const last = t.versions[t.versions.length - 1];
    if (last === undefined || last[1] !== revision) t.versions.push([seq, revision]);
  }
  return [...tracks.values()];
}
