/* eslint-disable @typescript-eslint/no-explicit-any -- DaemonSets are open JSON */
import type { Recording } from '../../../core/record/recording.js';
import { scaledValue } from '../../../core/controllers/int-or-percent.js';
import type { DaemonSetTrack } from '../../shared/model.js';
import { fillDaemonCoverage } from './daemon-coverage.js';
import type { Interner } from './interner.js';
import { num, rowsOf } from './rows.js';

/** An IntOrString the recording may hold in any shape: unreadable reads as the default. */
function scaled(v: unknown, total: number, fallback: number): number {
  try {
    return v === undefined || v === null ? fallback : scaledValue(v, total, true);
  } catch {
    return fallback;
  }
}

/**
 * Each DaemonSet's status counts over time, with maxUnavailable and maxSurge resolved
 * against desiredNumberScheduled (upstream rounds both up: 25% of 10 nodes is 3), and
 * which nodes should run its pod. The defaults are upstream's: RollingUpdate,
 * maxUnavailable 1, maxSurge 0; OnDelete has neither.
 */
export function daemonSetTracks(rec: Recording, strings: Interner): DaemonSetTrack[] {
  const tracks = new Map<string, DaemonSetTrack>();
  for (const [seq, verb, uid, namespace, name, json] of rowsOf(rec, 'DaemonSet')) {
    let t = tracks.get(uid);
    const ds = JSON.parse(json) as any;
    if (t === undefined) {
      t = { uid, namespace: namespace ?? '', name, strategy: 'RollingUpdate', createdSeq: seq, deletedSeq: null, versions: [], coverage: [] };
      tracks.set(uid, t);
    }
    if (verb === 'delete') {
      t.deletedSeq = seq;
      continue;
    }
    const strategy = ds?.spec?.updateStrategy?.type === 'OnDelete' ? 'OnDelete' : 'RollingUpdate';
    t.strategy = strategy;
    const s = ds?.status ?? {};
    const desired = num(s.desiredNumberScheduled, 0);
    const ru = ds?.spec?.updateStrategy?.rollingUpdate ?? {};
    const rolling = strategy === 'RollingUpdate';
    t.versions.push([
      seq,
      desired,
      num(s.currentNumberScheduled, 0),
      num(s.numberReady, 0),
      num(s.updatedNumberScheduled, 0),
      num(s.numberAvailable, 0),
      num(s.numberMisscheduled, 0),
      rolling ? scaled(ru.maxUnavailable, desired, 1) : 0,
      rolling ? scaled(ru.maxSurge, desired, 0) : 0,
    ]);
  }
  const all = [...tracks.values()];
  fillDaemonCoverage(rec, all, strings);
  return all;
}
