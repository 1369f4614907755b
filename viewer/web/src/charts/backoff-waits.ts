import { JV, PV, Stage, type JobTrack } from '../../../shared/model.js';
import type { ModelIndex } from '../model-index.js';

/**
 * A wait between a pod failing and the Job's next pod: upstream's pod-failure backoff
 * (DefaultJobPodFailureBackOff 10 s, doubling with each failure since the last success,
 * MaxJobPodFailureBackOff 10 min in v1.32's job controller; its docs say six minutes).
 * Read from what happened, not computed, so the viewer shows whatever the controller did.
 */
export interface BackoffWait {
  from: number;
  /** When the next pod was created; null while still waiting at the end of the recording. */
  to: number | null;
  failed: string;
  next: string | null;
}

/**
 * The Job's backoff waits, read from its pods: for each pod created after a failure,
 * the wait since the latest failure before it (two pods failing before one replacement
 * is one wait, from the second). A failure the Job never replaced, while it had not
 * finished, is a wait still open at the end.
 */
export function backoffWaits(mi: ModelIndex, job: JobTrack): BackoffWait[] {
  const pods = mi.owners.podsOf(job.namespace, `Job/${job.name}`).filter((p) => p.createdSeq >= job.createdSeq && (job.deletedSeq === null || p.createdSeq <= job.deletedSeq));
  const failures = pods
    .map((p) => ({ p, v: p.versions.find((v) => v[PV.stage] === Stage.Failed) }))
    .filter((f) => f.v !== undefined)
    .map((f) => ({ t: mi.timeOf(f.v?.[PV.seq] as number), name: f.p.name }))
    .sort((a, b) => a.t - b.t);
  const created = pods.map((p) => ({ t: mi.timeOf(p.createdSeq), name: p.name })).sort((a, b) => a.t - b.t);
  const out: BackoffWait[] = [];
  let lastCreated = -Infinity;
  for (const c of created) {
    let f: { t: number; name: string } | undefined;
    for (const x of failures) if (x.t > lastCreated && x.t <= c.t) f = x;
    if (f !== undefined && c.t > f.t && !out.some((w) => w.from === f.t)) out.push({ from: f.t, to: c.t, failed: f.name, next: c.name });
    lastCreated = Math.max(lastCreated, c.t);
  }
  const tail = failures.filter((f) => f.t > lastCreated).pop();
  if (tail !== undefined && !finished(mi, job)) out.push({ from: tail.t, to: null, failed: tail.name, next: null });
  return out;
}

/** Whether the Job ever reached a final condition: then its last failure was not waiting for a replacement. */
function finished(mi: ModelIndex, job: JobTrack): boolean {
  return job.versions.some((v) => ['Complete', 'Failed', 'FailureTarget', 'SuccessCriteriaMet'].includes(mi.str(v[JV.condition]) ?? ''));
}
