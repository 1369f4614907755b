/* eslint-disable @typescript-eslint/no-explicit-any -- StatefulSets and claims are open JSON */
import type { Recording } from '../../../core/record/recording.js';
import { ClaimPhase, type ClaimTrack, type StatefulSetTrack } from '../../shared/model.js';
import type { Interner } from './interner.js';
import { bit, num, rowsOf } from './rows.js';

/**
 * Each StatefulSet's counts, partition and revisions over time. currentRevision and
 * updateRevision are ControllerRevision names, the same text its pods carry in their
 * controller-revision-hash label: during a partitioned update the pods at or above the
 * partition carry the update revision and the ones below keep the current one.
 */
export function statefulSetTracks(rec: Recording, strings: Interner): StatefulSetTrack[] {
  const tracks = new Map<string, StatefulSetTrack>();
  for (const [seq, verb, uid, namespace, name, json] of rowsOf(rec, 'StatefulSet')) {
    let t = tracks.get(uid);
    const sts = JSON.parse(json) as any;
    if (t === undefined) {
      t = { uid, namespace: namespace ?? '', name, podManagement: 'OrderedReady', strategy: 'RollingUpdate', claimTemplates: [], createdSeq: seq, deletedSeq: null, versions: [] };
      tracks.set(uid, t);
    }
    if (verb === 'delete') {
      t.deletedSeq = seq;
      continue;
    }
    const spec = sts?.spec ?? {};
    t.podManagement = spec.podManagementPolicy === 'Parallel' ? 'Parallel' : 'OrderedReady';
    t.strategy = spec.updateStrategy?.type === 'OnDelete' ? 'OnDelete' : 'RollingUpdate';
    t.claimTemplates = ((spec.volumeClaimTemplates ?? []) as any[]).map((c) => c?.metadata?.name).filter((n): n is string => typeof n === 'string');
    const s = sts?.status ?? {};
    t.versions.push([
      seq,
      num(spec.replicas, 1),
      num(s.readyReplicas, 0),
      num(s.currentReplicas, 0),
      num(s.updatedReplicas, 0),
      num(s.availableReplicas, 0),
      t.strategy === 'RollingUpdate' ? num(spec.updateStrategy?.rollingUpdate?.partition, 0) : 0,
      strings.id(typeof s.currentRevision === 'string' ? s.currentRevision : null),
      strings.id(typeof s.updateRevision === 'string' ? s.updateRevision : null),
      num(s.replicas, 0),
    ]);
  }
  return [...tracks.values()];
}

const PHASES: Record<string, ClaimPhase> = { Pending: ClaimPhase.Pending, Bound: ClaimPhase.Bound, Lost: ClaimPhase.Lost };

/** Each PersistentVolumeClaim's phase and volume over time: claims outlive the pods that mount them. */
export function claimTracks(rec: Recording, strings: Interner): ClaimTrack[] {
  const tracks = new Map<string, ClaimTrack>();
  for (const [seq, verb, uid, namespace, name, json] of rowsOf(rec, 'PersistentVolumeClaim')) {
    let t = tracks.get(uid);
    const pvc = JSON.parse(json) as any;
    if (t === undefined) {
      const sc = pvc?.spec?.storageClassName;
      t = { uid, namespace: namespace ?? '', name, storageClass: typeof sc === 'string' ? sc : null, createdSeq: seq, deletedSeq: null, versions: [] };
      tracks.set(uid, t);
    }
    if (verb === 'delete') {
      t.deletedSeq = seq;
      continue;
    }
    const phase = PHASES[pvc?.status?.phase as string] ?? -1;
    const volume = pvc?.spec?.volumeName;
    t.versions.push([seq, phase, strings.id(typeof volume === 'string' ? volume : null), bit(typeof pvc?.metadata?.deletionTimestamp === 'string')]);
  }
  return [...tracks.values()];
}
