/** kube-controller-manager gives the DaemonSet controller flowcontrol.NewBackOff(1 s, 15 min). */
export const FAILED_PODS_BACKOFF_INITIAL_MS = 1_000;
export const FAILED_PODS_BACKOFF_MAX_MS = 15 * 60_000;

/**
 * client-go's flowcontrol.Backoff (without jitter, as the DaemonSet controller builds it)
 * on the virtual clock. A daemon pod that keeps failing on a node is deleted at once the
 * first time, then not again until 1 s, 2 s, 4 s ... (at most 15 min) have passed since
 * the previous deletion: the controller does not fight a kubelet that rejects the pod. An
 * entry untouched for twice the maximum (30 min) starts over.
 */
export class FailedPodsBackoff {
  private readonly entries = new Map<string, { backoffMs: number; lastUpdateMs: number }>();

  constructor(
    readonly now: () => number,
    readonly initialMs = FAILED_PODS_BACKOFF_INITIAL_MS,
    readonly maxMs = FAILED_PODS_BACKOFF_MAX_MS,
  ) {}

  /** Backoff.Next: start at the initial delay, or double the current one. */
  next(id: string, eventMs: number): void {
    const e = this.entries.get(id);
    const backoffMs = e === undefined || this.expired(eventMs, e.lastUpdateMs) ? this.initialMs : Math.min(e.backoffMs * 2, this.maxMs);
    this.entries.set(id, { backoffMs, lastUpdateMs: this.now() });
  }

  /** Backoff.IsInBackOffSinceUpdate: less than the current delay has passed since the last Next. */
  isInBackOffSinceUpdate(id: string, eventMs: number): boolean {
    const e = this.entries.get(id);
    if (e === undefined) return false;
    if (this.expired(eventMs, e.lastUpdateMs)) {
      this.entries.delete(id); // what Backoff.GC would drop
      return false;
    }
    return eventMs - e.lastUpdateMs < e.backoffMs;
  }

  /** Backoff.Get: the current delay (0 when there is none). */
  get(id: string): number {
    return this.entries.get(id)?.backoffMs ?? 0;
  }

  private expired(eventMs: number, lastUpdateMs: number): boolean {
    return eventMs - lastUpdateMs > this.maxMs * 2;
  }
}

/** failedPodsBackoffKey: per DaemonSet uid, observed generation and node. */
export function failedPodsBackoffKey(uid: string, observedGeneration: number, node: string): string {
  return `${uid}/${observedGeneration}/${node}`;
}
