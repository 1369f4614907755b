/* eslint-disable @typescript-eslint/no-explicit-any -- pod status pieces are open JSON */
import type { Recording } from '../../../core/record/recording.js';
import type { KObject } from '../../../core/api/types.js';
import { preStopMs } from '../../../core/kubelet/termination.js';
import { podCells } from '../../../core/printers/pod-printer.js';
import { Stage, type PodTrack, type PodVersion } from '../../shared/model.js';
import type { Interner } from './interner.js';

type PodRow = [number, number, string, string, string | null, string, string | null];
type Fields = [string | null, string | null, any[] | null, any[] | null, string | null, number | null, any[] | null, string | null];

/**
 * Only the fields the viewer draws are pulled out, by one json_extract with eight paths
 * (SQLite parses each object once and hands back a small JSON array): on a
 * 100,000-event recording about 3x faster than JSON.parse of every whole pod. SQLite's
 * JSON parser refuses objects nested over 1,000 levels ("malformed JSON", failing the
 * whole query); json_valid() says so first (the parse is cached, so it costs little) and
 * those rare rows are read in JS instead.
 */
const SQL = `SELECT seq, time_ms, verb, uid, namespace, name,
  CASE WHEN json_valid(object) THEN json_extract(object, '$.spec.nodeName', '$.status.phase', '$.status.conditions',
    '$.status.containerStatuses', '$.metadata.deletionTimestamp', '$.metadata.deletionGracePeriodSeconds',
    '$.status.initContainerStatuses', '$.status.reason') END
FROM events WHERE kind = 'Pod' ORDER BY seq`;

/** The eight fields above from a pod's JSON, for the rows SQLite cannot read (V8's parser takes any depth). */
function fieldsInJs(json: string): Fields {
  const o = JSON.parse(json) as any;
  return [o?.spec?.nodeName ?? null, o?.status?.phase ?? null, o?.status?.conditions ?? null, o?.status?.containerStatuses ?? null, o?.metadata?.deletionTimestamp ?? null, o?.metadata?.deletionGracePeriodSeconds ?? null, o?.status?.initContainerStatuses ?? null, o?.status?.reason ?? null];
}

/** Every pod's life as a track of compact versions, in order of first appearance. */
export function podTracks(rec: Recording, strings: Interner): PodTrack[] {
  const b = new PodTrackBuilder(rec, strings);
  for (const raw of rec.db.prepare(SQL).raw(true).iterate()) b.add(raw as PodRow);
  return b.tracks();
}

/**
 * The tracks of some pods only, named by namespace, name and uid (a name used again by a
 * later pod is another uid): what a click on a node or owner of an aggregated recording
 * asks for (aggregate-model.ts). Each pod's rows through the events_object index, then
 * the same steps as podTracks, so a pod's track is the one the full model would hold.
 */
export function someTracks(rec: Recording, strings: Interner, pods: ReadonlyArray<{ namespace: string; name: string; uid: string }>): PodTrack[] {
  const b = new PodTrackBuilder(rec, strings);
  const rows = rec.db.prepare(SQL.replace("WHERE kind = 'Pod'", "WHERE kind = 'Pod' AND namespace = ? AND name = ?")).raw(true);
  for (const p of pods) {
    for (const raw of rows.iterate(p.namespace, p.name)) if ((raw as PodRow)[3] === p.uid) b.add(raw as PodRow);
  }
  return b.tracks().sort((x, y) => x.createdSeq - y.createdSeq);
}

class PodTrackBuilder {
  private readonly all = new Map<string, PodTrack>();
  private readonly deletingSince = new Map<string, number>();
  // The specs of a pod's init containers (which are sidecars), for its Init:1/2 phases.
  private readonly initSpecs = new Map<string, { inits: any[]; containers: any[] }>();
  private readonly full: { get(seq: number): unknown };

  constructor(rec: Recording, private readonly strings: Interner) {
    this.full = rec.db.prepare('SELECT object FROM events WHERE seq = ?').pluck(true);
  }

  tracks(): PodTrack[] {
    return [...this.all.values()];
  }

  add(raw: PodRow): void {
    const { all: tracks, deletingSince, initSpecs, full, strings } = this;
    const [seq, timeMs, verb, uid, namespace, name, sqlFields] = raw;
    const [nodeName, phase, conditions, containers, deletionTs, grace, initStatuses, podReason] = sqlFields === null ? fieldsInJs(full.get(seq) as string) : (JSON.parse(sqlFields) as Fields);
    let t = tracks.get(uid);
    if (t === undefined) {
      const obj = JSON.parse(full.get(seq) as string);
      t = newTrack(obj, uid, namespace ?? '', name, seq);
      tracks.set(uid, t);
      if (Array.isArray(obj?.spec?.initContainers) && obj.spec.initContainers.length > 0) initSpecs.set(uid, { inits: obj.spec.initContainers, containers: obj.spec.containers ?? [] });
    }
    if (verb === 'delete') {
      t.deletedSeq = seq;
      return;
    }
    if (deletionTs !== null && !deletingSince.has(uid)) deletingSince.set(uid, timeMs);
    const conds = conditions ?? [];
    const statuses = containers ?? [];
    const stage = stageOf(nodeName, phase, deletionTs !== null, conds);
    const v: PodVersion = [
      seq,
      strings.id(nodeName),
      stage,
      statuses.reduce((n: number, c: any) => n + (Number(c?.restartCount) || 0), 0),
      strings.id(podReason === 'Evicted' ? 'Evicted' : initPhaseOf(initSpecs.get(uid), phase, conds, statuses, initStatuses) ?? reasonOf(stage, conds, statuses)),
      deletionTs === null ? -1 : (deletingSince.get(uid) as number),
      grace === null ? -1 : Number(grace),
    ];
    t.versions.push(v);
    // The kubelet's status write that shows every container stopped ends the termination
    // (prestop-off: 0.2 s after the delete, well inside its 30 s grace period).
    if (deletionTs !== null && t.exitMs === null && statuses.length > 0 && statuses.every((c: any) => c?.state?.terminated != null)) t.exitMs = timeMs;
  }
}

function newTrack(obj: any, uid: string, namespace: string, name: string, seq: number): PodTrack {
  const ctrl = (obj?.metadata?.ownerReferences ?? []).find((r: any) => r?.controller === true);
  const containers: any[] = obj?.spec?.containers ?? [];
  const meta = obj?.metadata ?? {};
  const index = meta.labels?.[COMPLETION_INDEX] ?? meta.annotations?.[COMPLETION_INDEX];
  return {
    uid,
    namespace,
    name,
    owner: ctrl === undefined ? null : `${ctrl.kind}/${ctrl.name}`,
    createdSeq: seq,
    deletedSeq: null,
    // The pod's preStop is over when the slowest container's hook ends.
    preStopMs: containers.reduce((m: number, c: any) => Math.max(m, preStopMs(c)), 0),
    exitMs: null,
    revision: typeof meta.labels?.[REVISION_HASH] === 'string' ? meta.labels[REVISION_HASH] : null,
    claims: ((obj?.spec?.volumes ?? []) as any[]).map((v) => v?.persistentVolumeClaim?.claimName).filter((c): c is string => typeof c === 'string'),
    target: obj?.spec?.nodeName ? null : daemonTarget(obj),
    completionIndex: index !== undefined && /^\d+$/.test(String(index)) ? Number(index) : null,
    versions: [],
  };
}

const REVISION_HASH = 'controller-revision-hash';
const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

/**
 * A daemon pod is created unbound, with required node affinity `matchFields
 * metadata.name In [<node>]` (the controller's ReplaceDaemonSetPodNodeNameNodeAffinity),
 * so the scheduler binds it to that node only: the node it is for, before it is there.
 */
function daemonTarget(obj: any): string | null {
  for (const term of obj?.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term?.matchFields ?? []) {
      if (f?.key === 'metadata.name' && f?.operator === 'In' && Array.isArray(f.values) && f.values.length === 1 && typeof f.values[0] === 'string') return f.values[0];
    }
  }
  return null;
}

/**
 * A pod with init containers, before its app containers run: what kubectl's STATUS says
 * (Init:0/2, Init:CrashLoopBackOff, PodInitializing), so the lifecycle row can show the
 * init phases. Null once initialized or for a pod without init containers.
 */
function initPhaseOf(spec: { inits: any[]; containers: any[] } | undefined, phase: string | null, conds: any[], statuses: any[], initStatuses: any[] | null): string | null {
  if (spec === undefined || phase !== 'Pending') return null;
  const pod = { metadata: {}, spec: { initContainers: spec.inits, containers: spec.containers }, status: { phase, conditions: conds, containerStatuses: statuses, initContainerStatuses: initStatuses ?? [] } } as unknown as KObject;
  const status = podCells(pod, undefined).status;
  return status.startsWith('Init:') || status === 'PodInitializing' ? status : null;
}

export function stageOf(nodeName: string | null, phase: string | null, deleting: boolean, conds: any[]): Stage {
  if (deleting) return Stage.Terminating;
  if (phase === 'Succeeded') return Stage.Succeeded;
  if (phase === 'Failed') return Stage.Failed;
  if (nodeName === null) return Stage.Pending;
  if (phase !== 'Running') return Stage.Creating;
  return conds.some((c) => c?.type === 'Ready' && c?.status === 'True') ? Stage.Ready : Stage.Running;
}

/**
 * The word kubectl's STATUS column would show instead of the phase, if any. An evicted
 * pod says Evicted (status.reason) here, although a v1.32 kubectl often shows its
 * container's Error or Completed instead: the viewer names the cause.
 */
function reasonOf(stage: Stage, conds: any[], statuses: any[]): string | null {
  for (const c of statuses) {
    const w = c?.state?.waiting?.reason;
    if (typeof w === 'string' && w !== '') return w;
  }
  for (const c of statuses) {
    const t = c?.state?.terminated?.reason;
    if (typeof t === 'string' && t !== '' && stage !== Stage.Ready) return t;
  }
  if (stage === Stage.Pending) {
    const s = conds.find((c) => c?.type === 'PodScheduled' && c?.status === 'False');
    if (typeof s?.reason === 'string') return s.reason;
  }
  return null;
}
