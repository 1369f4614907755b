import { Router } from 'express';
import type { OwnerRef, PodsAnswer } from '../../shared/model.js';
import { badRequest, notFound } from '../http-error.js';
import type { RecordingLibrary } from '../library.js';
import { Interner } from '../model/interner.js';
import { someTracks } from '../model/pods.js';
import { intParam, stringParam } from '../params.js';

/**
 * One node's or one owner's pods at a seq, with their whole tracks: what the page of an
 * aggregated recording (no pod tracks in its model) shows when a node or owner is
 * clicked. `GET .../pods?node=NAME&at=SEQ` lists the pods bound to NAME right after SEQ,
 * `?owner=UID&at=SEQ` the live pods that controller owns; `at` defaults to the last seq.
 */
export function podRoutes(lib: RecordingLibrary): Router {
  const r = Router();
  r.get('/recordings/:name/pods', (req, res) => {
    const o = lib.get(req.params.name);
    const query = req.query as Record<string, unknown>;
    const node = stringParam(query, 'node');
    const ownerUid = stringParam(query, 'owner');
    if ((node === undefined) === (ownerUid === undefined)) throw badRequest('pods: give node=NAME or owner=UID (one of them)');
    const last = o.rec.lastSeq();
    const at = intParam(query, 'at') ?? last;
    if (at > last) throw badRequest(`at: seq ${at} is past the end of the recording (${last})`);
    const h = o.podHeaders;
    const alive = (i: number): boolean => (h.createdSeq[i] as number) <= at && ((h.deletedSeq[i] as number) < 0 || (h.deletedSeq[i] as number) > at);
    const picked: number[] = [];
    let owner: OwnerRef | null = null;
    if (node !== undefined) {
      const n = h.nodes.indexOf(node);
      if (n < 0 && !nodeRecorded(o.rec.db, node)) throw notFound(`node ${JSON.stringify(node)} is not in this recording`);
      for (let i = 0; i < h.uid.length; i++) if (h.node[i] === n && n >= 0 && (h.boundSeq[i] as number) <= at && alive(i)) picked.push(i);
    } else {
      const k = h.owners.findIndex((x) => x.uid === ownerUid);
      if (k < 0) throw notFound(`owner ${JSON.stringify(ownerUid)} owns no pod in this recording`);
      owner = h.owners[k] as OwnerRef;
      for (let i = 0; i < h.uid.length; i++) if (h.owner[i] === k && alive(i)) picked.push(i);
    }
    const strings = new Interner();
    const pods = someTracks(o.rec, strings, picked.map((i) => ({ namespace: h.namespace[i] as string, name: h.name[i] as string, uid: h.uid[i] as string })));
    const answer: PodsAnswer = { seq: at, node: node ?? null, owner, strings: strings.strings, pods };
    res.json(answer);
  });
  return r;
}

/** A node the recording holds a Node object for (one that never held a pod lists none, rather than being unknown). */
function nodeRecorded(db: { prepare(sql: string): { pluck(on: boolean): { get(...a: unknown[]): unknown } } }, name: string): boolean {
  return db.prepare("SELECT 1 FROM events WHERE kind = 'Node' AND namespace IS NULL AND name = ? LIMIT 1").pluck(true).get(name) !== undefined;
}
