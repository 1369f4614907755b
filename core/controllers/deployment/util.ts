import type { KObject } from '../../api/types.js';
import { scaledValue } from '../int-or-percent.js';
import { compareTimestamps } from '../../sim/time.js';
import { desiredReplicasOf, maxReplicasOf } from './annotations.js';
import { equalIgnoreHash } from './pod-template-hash.js';

/* The pure arithmetic of pkg/controller/deployment/util, in the same names, so upstream's table cases port one to one. */

type RS = Readonly<KObject>;

export const replicasOf = (o: RS): number => o.spec?.replicas ?? 1;
const specReplicas = (rs: RS | undefined): number => (rs === undefined ? 0 : (rs.spec?.replicas ?? 0));

export function isRollingUpdate(d: RS): boolean {
  return (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
}

/**
 * ResolveFenceposts: maxSurge rounds up, maxUnavailable rounds down, and both 0 would
 * deadlock a rollout so unavailable becomes 1. 10 replicas at 25%/25%: surge 3, unavailable 2.
 */
export function resolveFenceposts(maxSurge: unknown, maxUnavailable: unknown, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export function maxSurge(d: RS): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicasOf(d)).surge;
}

/** MaxUnavailable: never more than the replicas themselves; 0 for Recreate or 0 replicas. */
export function maxUnavailable(d: RS): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const { unavailable } = resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicas);
  return Math.min(unavailable, replicas);
}

export const replicaCount = (rss: ReadonlyArray<RS | undefined>): number => rss.reduce((n, rs) => n + specReplicas(rs), 0);
export const actualReplicaCount = (rss: ReadonlyArray<RS | undefined>): number => rss.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
export const readyReplicaCount = (rss: ReadonlyArray<RS | undefined>): number => rss.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
export const availableReplicaCount = (rss: ReadonlyArray<RS | undefined>): number => rss.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);

export function filterActive(rss: ReadonlyArray<RS | undefined>): RS[] {
  return rss.filter((rs): rs is RS => rs !== undefined && specReplicas(rs) > 0);
}

/**
 * NewRSNewReplicas: how far the new ReplicaSet may grow now. 10 replicas, maxSurge 3,
 * old at 10 and new at 0: 13 may exist, so the new one goes to 3.
 */
export function newRSNewReplicas(d: RS, allRSs: ReadonlyArray<RS | undefined>, newRS: RS): number {
  if (!isRollingUpdate(d)) return replicasOf(d);
  const current = replicaCount(allRSs);
  const maxTotal = replicasOf(d) + maxSurge(d);
  if (current >= maxTotal) return specReplicas(newRS);
  const up = Math.min(maxTotal - current, replicasOf(d) - specReplicas(newRS));
  return specReplicas(newRS) + up;
}

/** IsSaturated: the new ReplicaSet has all the replicas and all are available. */
export function isSaturated(d: RS, rs: RS | undefined): boolean {
  if (rs === undefined) return false;
  const desired = desiredReplicasOf(rs);
  const r = replicasOf(d);
  return desired === r && specReplicas(rs) === r && (rs.status?.availableReplicas ?? 0) === r;
}

/** Go's math.Round: half away from zero. */
const roundHalfAway = (x: number): number => Math.sign(x) * Math.round(Math.abs(x));

/**
 * getReplicaSetFraction: this ReplicaSet's share of a resize, from the size the
 * Deployment had when it was last scaled (max-replicas). 7 -> 10 with a 3-replica old
 * set: round(3 * 10 / 7) - 3 = +1.
 */
export function replicaSetFraction(rs: RS, d: RS): number {
  if (replicasOf(d) === 0) return -specReplicas(rs);
  const deploymentReplicas = replicasOf(d) + maxSurge(d);
  const annotated = maxReplicasOf(rs) ?? d.status?.replicas ?? 0;
  if (annotated === 0) return 0;
  return roundHalfAway((specReplicas(rs) * deploymentReplicas) / annotated) - specReplicas(rs);
}

/** GetProportion: the fraction, capped by what is left to add (or remove). */
export function proportion(rs: RS | undefined, d: RS, toAdd: number, added: number): number {
  if (rs === undefined || specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function byCreation(a: RS, b: RS): number {
  const d = compareTimestamps(a.metadata.creationTimestamp, b.metadata.creationTimestamp);
  if (d !== 0 && !Number.isNaN(d)) return d;
  return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : (a.metadata.name ?? '') > (b.metadata.name ?? '') ? 1 : 0;
}

/** ReplicaSetsBySizeNewer: larger first, newer first among equals (where scaling up goes). */
export function bySizeNewer(a: RS, b: RS): number {
  const d = specReplicas(b) - specReplicas(a);
  return d !== 0 ? d : byCreation(b, a);
}

/** ReplicaSetsBySizeOlder: larger first, older first among equals (where scaling down comes from). */
export function bySizeOlder(a: RS, b: RS): number {
  const d = specReplicas(b) - specReplicas(a);
  return d !== 0 ? d : byCreation(a, b);
}

/** FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's (ignoring the hash label). */
export function findNewReplicaSet(d: RS, rss: ReadonlyArray<RS>): RS | undefined {
  return [...rss].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

export function findOldReplicaSets(d: RS, rss: ReadonlyArray<RS>): RS[] {
  const newRS = findNewReplicaSet(d, rss);
  return rss.filter((rs) => rs !== newRS);
}

/** FindActiveOrLatest: the one active ReplicaSet, or the newest when none is active, or none when several are. */
export function findActiveOrLatest(newRS: RS | undefined, oldRSs: ReadonlyArray<RS>): RS | undefined {
  if (newRS === undefined && oldRSs.length === 0) return undefined;
  const sortedOld = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = filterActive([...sortedOld, newRS]);
  if (active.length === 0) return newRS ?? sortedOld[0];
  if (active.length === 1) return active[0];
  return undefined;
}

export interface DeploymentCounts {
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  unavailableReplicas: number;
}

/** calculateStatus's counters. */
export function counts(allRSs: ReadonlyArray<RS>, newRS: RS | undefined): DeploymentCounts {
  const available = availableReplicaCount(allRSs);
  const total = actualReplicaCount(allRSs);
  return {
    replicas: total,
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, total - available),
  };
}

/** DeploymentComplete: every replica updated and available, and this generation observed. */
export function deploymentComplete(d: RS, status: { updatedReplicas?: number; replicas?: number; availableReplicas?: number; observedGeneration?: number }): boolean {
  const r = replicasOf(d);
  return (
    (status.updatedReplicas ?? 0) === r &&
    (status.replicas ?? 0) === r &&
    (status.availableReplicas ?? 0) === r &&
    (status.observedGeneration ?? 0) >= (d.metadata.generation ?? 1)
  );
}

/** DeploymentProgressing: more updated, more ready, fewer old, or more available than before. */
export function deploymentProgressing(d: RS, next: DeploymentCounts): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = next.replicas - next.updatedReplicas;
  return (
    next.updatedReplicas > (old.updatedReplicas ?? 0) ||
    next.readyReplicas > (old.readyReplicas ?? 0) ||
    newOld < oldOld ||
    next.availableReplicas > (old.availableReplicas ?? 0)
  );
}
