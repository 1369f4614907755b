/* eslint-disable @typescript-eslint/no-explicit-any -- pod fields are open JSON */
import type { Recording } from '../../../core/record/recording.js';
import { NO_STAGE, type OwnerRef, type PodAggregates } from '../../shared/aggregate-model.js';
import { stageOf } from './pods.js';

/**
 * One pass over every pod write pulling out only what a stage needs (node, phase,
 * deletionTimestamp, the conditions for Ready) and, for the owner, the ownerReferences:
 * on the 20,202-pod KWOK recording (189,885 pod writes) ~6 s warm, of which ~3.4 s is
 * SQLite reading the rows' 3.8 kB objects off their overflow pages, against ~40 s for
 * the per-pod tracks' eight fields, the containers' statuses among them, in JS.
 * json_valid first, as pods.ts does: an object nested past SQLite's depth limit is read
 * in JS instead of failing the query.
 */
const SQL = `SELECT seq, verb, uid, namespace, name,
  CASE WHEN json_valid(object) THEN json_extract(object, '$.spec.nodeName', '$.status.phase', '$.metadata.deletionTimestamp', '$.status.conditions') END
FROM events WHERE kind = 'Pod' ORDER BY seq`;

type Row = [number, string, string, string | null, string, string | null];
type Fields = [string | null, string | null, string | null, any[] | null];

/** Every pod's header, as columns (index i = the i-th pod by creation). */
export interface PodHeaders {
  /** What `node` and `owner` index into (the aggregates' own lists). */
  nodes: string[];
  owners: OwnerRef[];
  uid: string[];
  namespace: string[];
  name: string[];
  /** Index into the census's nodes (-1: never bound). */
  node: number[];
  /** Index into owners (-1: none). */
  owner: number[];
  createdSeq: number[];
  /** The first seq it was bound at (-1: never). */
  boundSeq: number[];
  /** -1 while it exists at the end. */
  deletedSeq: number[];
}

export interface PodCensus {
  aggregates: Omit<PodAggregates, 'threshold'>;
  headers: PodHeaders;
}

export function podCensus(rec: Recording): PodCensus {
  const full = rec.db.prepare('SELECT object FROM events WHERE seq = ?').pluck(true);
  const nodes: string[] = [];
  const nodeIds = new Map<string, number>();
  const owners: OwnerRef[] = [];
  const ownerIds = new Map<string, number>();
  const h: PodHeaders = { nodes, owners, uid: [], namespace: [], name: [], node: [], owner: [], createdSeq: [], boundSeq: [], deletedSeq: [] };
  const ids = new Map<string, number>();
  /** Each pod's stage now (NO_STAGE before creation and after deletion). */
  const stage: number[] = [];
  const seqs: number[] = [];
  const fromNode: number[] = [];
  const toNode: number[] = [];
  const owner: number[] = [];
  const stages: number[] = [];
  let lastSeq = 0;
  const change = (seq: number, id: number, n0: number, n1: number, s0: number, s1: number): void => {
    seqs.push(seq - lastSeq);
    lastSeq = seq;
    fromNode.push(n0);
    toNode.push(n1);
    owner.push(h.owner[id] as number);
    stages.push(s0 * 8 + s1);
  };
  for (const raw of rec.db.prepare(SQL).raw(true).iterate()) {
    const [seq, verb, uid, namespace, name, sqlFields] = raw as Row;
    let id = ids.get(uid);
    if (id === undefined) {
      id = h.uid.length;
      ids.set(uid, id);
      h.uid.push(uid);
      h.namespace.push(namespace ?? '');
      h.name.push(name);
      h.owner.push(ownerOf(JSON.parse(full.get(seq) as string), owners, ownerIds));
      h.node.push(-1);
      h.createdSeq.push(seq);
      h.boundSeq.push(-1);
      h.deletedSeq.push(-1);
      stage.push(NO_STAGE);
    }
    const was = stage[id] as number;
    const wasNode = h.node[id] as number;
    if (verb === 'delete') {
      h.deletedSeq[id] = seq;
      stage[id] = NO_STAGE;
      if (was !== NO_STAGE) change(seq, id, wasNode, wasNode, was, NO_STAGE);
      continue;
    }
    const [nodeName, phase, deletionTs, conds] = sqlFields === null ? fieldsInJs(full.get(seq) as string) : (JSON.parse(sqlFields) as Fields);
    const now = stageOf(nodeName, phase, deletionTs !== null, conds ?? []);
    let node = wasNode;
    if (nodeName !== null && wasNode < 0) {
      node = nodeIds.get(nodeName) ?? -1;
      if (node < 0) {
        node = nodes.length;
        nodes.push(nodeName);
        nodeIds.set(nodeName, node);
      }
      h.node[id] = node;
      h.boundSeq[id] = seq;
    }
    stage[id] = now;
    if (now !== was || node !== wasNode) change(seq, id, wasNode, node, was, now);
  }
  return { aggregates: { pods: h.uid.length, nodes, owners, seqs, fromNode, toNode, owner, stages }, headers: h };
}

function fieldsInJs(json: string): Fields {
  const o = JSON.parse(json) as any;
  return [o?.spec?.nodeName ?? null, o?.status?.phase ?? null, o?.metadata?.deletionTimestamp ?? null, o?.status?.conditions ?? null];
}

/** The controlling owner's index, added on first sight (the kubelet and API server never change a pod's controller). */
function ownerOf(obj: any, owners: OwnerRef[], ids: Map<string, number>): number {
  const ctrl = ((obj?.metadata?.ownerReferences ?? []) as any[]).find((r) => r?.controller === true);
  if (ctrl === undefined || typeof ctrl.uid !== 'string') return -1;
  let i = ids.get(ctrl.uid);
  if (i === undefined) {
    i = owners.length;
    owners.push({ uid: ctrl.uid, kind: String(ctrl.kind ?? ''), namespace: String(obj?.metadata?.namespace ?? ''), name: String(ctrl.name ?? '') });
    ids.set(ctrl.uid, i);
  }
  return i;
}
