/**
 * What the pod lifecycle rows draw beyond each pod's stages: derived on the server from
 * the recording (the traffic table, the cause_seq links), so it can be unit-tested and
 * the browser draws it without asking again.
 */

/**
 * [fromMs, toMs, demandMilli, limitMilli]: a stretch of whole seconds in which the
 * traffic a pod answered, at its `kubelapse/cpu-per-request` cost, asked for more CPU
 * than its containers' CPU limits: the CFS quota throttled it (slowed, never killed).
 * demandMilli is the stretch's mean demand.
 */
export type ThrottleSpan = [number, number, number, number];

/** One hop of a recovery: its name and the seq of the write that ended it. */
export type RecoveryHop = [RecoveryStep, number];
export type RecoveryStep = 'noticed' | 'created' | 'scheduled' | 'started' | 'restarted' | 'ready';

/**
 * A pod lost (deleted, failed, evicted) and the pod its controller made to replace it,
 * linked by cause_seq (the replacement's create names the loss as its cause, possibly
 * through the controller's own writes): the critical path of the recovery. Or a pod
 * restarted in place (`inPlace`: its sandbox or a container lost, the kubelet restarts
 * it in the same pod): lostUid = podUid, hops noticed (it left Ready), restarted (its
 * restart count went up), ready.
 */
export interface RecoveryModel {
  lostUid: string;
  podUid: string;
  /** When it began: the fault or command that caused the loss (an action marker naming the pod), else the loss write itself. */
  startMs: number;
  /** What began it, in words: the marker's title, or "<actor> <reason>" of the loss write. */
  cause: string;
  /** The hops in order; a recovery that had not got as far by the end stops early. */
  hops: RecoveryHop[];
  /** Restarted in place: no replacement, the same pod Ready again (absent for a replacement). */
  inPlace?: true;
}

export interface RowsModel {
  /** Pod uid -> its throttled stretches; empty when no pod has a CPU limit and a cpu-per-request cost. */
  throttles: Record<string, ThrottleSpan[]>;
  recoveries: RecoveryModel[];
}
