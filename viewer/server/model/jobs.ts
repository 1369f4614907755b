/* eslint-disable @typescript-eslint/no-explicit-any -- Jobs and CronJobs are open JSON */
import type { Recording } from '../../../core/record/recording.js';
import type { CronJobTrack, JobTrack } from '../../shared/model.js';
import type { Interner } from './interner.js';
import { bit, controllerOf, num, rowsOf } from './rows.js';

/** Which condition a Job is in, the final ones first: v1.32 sets SuccessCriteriaMet / FailureTarget, then Complete / Failed once its pods are gone. */
const CONDITIONS = ['Complete', 'Failed', 'FailureTarget', 'SuccessCriteriaMet', 'Suspended'];

function conditionOf(job: any): { type: string; reason: string } | null {
  const conds: any[] = Array.isArray(job?.status?.conditions) ? job.status.conditions : [];
  for (const type of CONDITIONS) {
    const c = conds.find((x) => x?.type === type && x?.status === 'True');
    if (c !== undefined) return { type, reason: typeof c.reason === 'string' ? c.reason : '' };
  }
  return null;
}

/**
 * Each Job's progress over time: active, succeeded, failed and ready pods against
 * completions and backoffLimit (upstream's default 6: the 7th failure fails the Job with
 * BackoffLimitExceeded), its condition, and for Indexed Jobs the completed indexes.
 */
export function jobTracks(rec: Recording, strings: Interner): JobTrack[] {
  const tracks = new Map<string, JobTrack>();
  for (const [seq, verb, uid, namespace, name, json] of rowsOf(rec, 'Job')) {
    let t = tracks.get(uid);
    const job = JSON.parse(json) as any;
    if (t === undefined) {
      t = { uid, namespace: namespace ?? '', name, cronJob: controllerOf(job, 'CronJob')?.name ?? null, completionMode: 'NonIndexed', createdSeq: seq, deletedSeq: null, versions: [] };
      tracks.set(uid, t);
    }
    if (verb === 'delete') {
      t.deletedSeq = seq;
      continue;
    }
    const spec = job?.spec ?? {};
    const s = job?.status ?? {};
    t.completionMode = spec.completionMode === 'Indexed' ? 'Indexed' : 'NonIndexed';
    const cond = conditionOf(job);
    t.versions.push([
      seq,
      num(spec.completions, -1),
      num(spec.parallelism, 1),
      num(spec.backoffLimit, 6),
      num(s.active, 0),
      num(s.succeeded, 0),
      num(s.failed, 0),
      num(s.ready, 0),
      strings.id(cond?.type),
      strings.id(cond?.reason),
      bit(spec.suspend),
      strings.id(typeof s.completedIndexes === 'string' ? s.completedIndexes : null),
    ]);
  }
  return [...tracks.values()];
}

/** Event reasons of a schedule tick that started no Job (pkg/controller/cronjob). */
const SKIP_REASONS = ['JobAlreadyActive', 'MissSchedule', 'TooManyMissedTimes'];

/**
 * Each CronJob's schedule, policy and active Jobs over time, and the ticks it skipped,
 * from the Events about it: the controller writes JobAlreadyActive when Forbid keeps it
 * from starting a Job, and MissSchedule / TooManyMissedTimes for starts it missed.
 */
export function cronJobTracks(rec: Recording, strings: Interner): CronJobTrack[] {
  const tracks = new Map<string, CronJobTrack>();
  const byName = new Map<string, CronJobTrack>();
  for (const [seq, verb, uid, namespace, name, json] of rowsOf(rec, 'CronJob')) {
    let t = tracks.get(uid);
    const cj = JSON.parse(json) as any;
    if (t === undefined) {
      t = { uid, namespace: namespace ?? '', name, createdSeq: seq, deletedSeq: null, versions: [], skips: [] };
      tracks.set(uid, t);
    }
    byName.set(`${t.namespace}/${name}`, t);
    if (verb === 'delete') {
      t.deletedSeq = seq;
      continue;
    }
    const spec = cj?.spec ?? {};
    t.versions.push([
      seq,
      strings.id(typeof spec.schedule === 'string' ? spec.schedule : null),
      strings.id(typeof spec.concurrencyPolicy === 'string' ? spec.concurrencyPolicy : 'Allow'),
      bit(spec.suspend),
      Array.isArray(cj?.status?.active) ? cj.status.active.length : 0,
    ]);
  }
  if (tracks.size === 0) return [];
  // The row's reason column is the Event's reason in simulated recordings; an imported row
  // may lack it, and is then read from the object. Events name the CronJob by uid, and by
  // name for a recording from elsewhere that lacks the uid.
  const events = rec.db.prepare(`SELECT seq, verb, CASE WHEN json_valid(object) THEN json_extract(object, '$.involvedObject.kind', '$.involvedObject.namespace', '$.involvedObject.name', '$.involvedObject.uid', '$.reason', '$.message') END
    FROM events WHERE kind = 'Event' AND (reason IN (${SKIP_REASONS.map(() => '?').join(', ')}) OR reason IS NULL) ORDER BY seq`).raw(true);
  for (const raw of events.iterate(...SKIP_REASONS)) {
    const [seq, verb, fields] = raw as [number, string, string | null];
    if (verb === 'delete' || fields === null) continue;
    const [kind, ns, name, uid, reason, message] = JSON.parse(fields) as Array<string | null>;
    if (kind !== 'CronJob' || !SKIP_REASONS.includes(reason ?? '')) continue;
    const t = (uid ? tracks.get(uid) : undefined) ?? byName.get(`${ns ?? ''}/${name ?? ''}`);
    t?.skips.push([seq, strings.id(reason), strings.id(message)]);
  }
  return [...tracks.values()];
}
