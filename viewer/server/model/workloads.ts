/* eslint-disable @typescript-eslint/no-explicit-any -- workload objects are open JSON */
import type { Recording } from '../../../core/record/recording.js';
import { maxSurge, maxUnavailable, replicasOf } from '../../../core/controllers/deployment/util.js';
import { REVISION } from '../../../core/controllers/deployment/annotations.js';
import type { DeploymentTrack, ReplicaSetTrack } from '../../shared/model.js';
import { rowsOf as rows } from './rows.js';

/** Each ReplicaSet's desired / current / ready / available over time. */
export function replicaSetTracks(rec: Recording): ReplicaSetTrack[] {
  const tracks = new Map<string, ReplicaSetTrack>();
  for (const [seq, verb, uid, namespace, name, json] of rows(rec, 'ReplicaSet')) {
    let t = tracks.get(uid);
    const rs = JSON.parse(json) as any;
    if (t === undefined) {
      const owner = (rs?.metadata?.ownerReferences ?? []).find((r: any) => r?.controller === true && r?.kind === 'Deployment');
      t = {
        uid,
        namespace: namespace ?? '',
        name,
        deployment: owner?.name ?? null,
        revision: rs?.metadata?.annotations?.[REVISION] ?? null,
        revisions: [],
        image: rs?.spec?.template?.spec?.containers?.[0]?.image ?? null,
        createdSeq: seq,
        deletedSeq: null,
        versions: [],
      };
      tracks.set(uid, t);
    }
    if (verb === 'delete') {
      t.deletedSeq = seq;
      continue;
    }
    // A rollback re-uses an old ReplicaSet and gives it the newest revision number.
    t.revision = rs?.metadata?.annotations?.[REVISION] ?? t.revision;
    if (t.revision !== null && t.revisions[t.revisions.length - 1]?.[1] !== t.revision) t.revisions.push([seq, t.revision]);
    const s = rs?.status ?? {};
    t.versions.push([seq, rs?.spec?.replicas ?? 1, s.replicas ?? 0, s.readyReplicas ?? 0, s.availableReplicas ?? 0]);
  }
  return [...tracks.values()];
}

/**
 * Each Deployment's replicas with its resolved maxSurge and maxUnavailable, so the
 * viewer can draw the band a rollout must stay in: 10 replicas at 25%/25% may run at
 * most 13 pods and must keep at least 8 available.
 */
export function deploymentTracks(rec: Recording): DeploymentTrack[] {
  const tracks = new Map<string, DeploymentTrack>();
  for (const [seq, verb, uid, namespace, name, json] of rows(rec, 'Deployment')) {
    const d = JSON.parse(json) as any;
    let t = tracks.get(uid);
    if (t === undefined) {
      t = { namespace: namespace ?? '', name, strategy: d?.spec?.strategy?.type ?? 'RollingUpdate', createdSeq: seq, deletedSeq: null, versions: [] };
      tracks.set(uid, t);
    }
    if (verb === 'delete') {
      t.deletedSeq = seq;
      continue;
    }
    t.strategy = d?.spec?.strategy?.type ?? t.strategy;
    const s = d?.status ?? {};
    t.versions.push([seq, replicasOf(d), maxSurge(d), maxUnavailable(d), s.updatedReplicas ?? 0, s.readyReplicas ?? 0, s.availableReplicas ?? 0]);
  }
  return [...tracks.values()];
}
