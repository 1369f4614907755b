import type { KObject } from '../../api/types.js';
import { podCondition } from '../pod-util.js';

/** v1.EndpointsLastChangeTriggerTime: when the change that this Endpoints write reflects happened. */
export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

interface ServiceState {
  service: string;
  pods: Map<string, string>;
}

/**
 * endpointsliceutil.TriggerTimeTracker (staging/src/k8s.io/endpointslice/util/
 * trigger_time_tracker.go), for the annotation. A Service seen for the first time gives
 * its creationTimestamp; after that, the earliest of the trigger times that moved since
 * the last sync: a pod's Ready condition lastTransitionTime, the Service's
 * creationTimestamp. Undefined when none moved (a pod deleted: upstream then clears the
 * annotation). Timestamps are RFC 3339 at second precision, so they compare as strings;
 * Go's RFC3339Nano prints a whole second the same way ("2026-01-01T00:00:12Z").
 */
export class TriggerTimeTracker {
  private readonly states = new Map<string, ServiceState>();

  compute(key: string, service: Readonly<KObject>, pods: ReadonlyArray<Readonly<KObject>>): string | undefined {
    const state = this.states.get(key);
    let min: string | undefined;
    const earlier = (t: string): void => {
      if (min === undefined || t < min) min = t;
    };
    const podTimes = new Map<string, string>();
    for (const pod of pods) {
      const t: unknown = podCondition(pod, 'Ready')?.lastTransitionTime;
      if (typeof t !== 'string' || t === '') continue;
      const name = pod.metadata.name ?? '';
      podTimes.set(name, t);
      const before = state?.pods.get(name);
      if (before === undefined || t > before) earlier(t);
    }
    const created = service.metadata.creationTimestamp ?? '';
    if (state === undefined || created > state.service) earlier(created);
    this.states.set(key, { service: created, pods: podTimes });
    return state === undefined ? created : min;
  }

  delete(key: string): void {
    this.states.delete(key);
  }
}
