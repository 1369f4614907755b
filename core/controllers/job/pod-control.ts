import { ApiError, errorText } from '../../api/status.js';
import type { KObject } from '../../api/types.js';
import type { Client } from '../../client/client.js';
import type { EventRecorder } from '../../client/event-recorder.js';
import { removeTrackingFinalizerPatch } from './tracking-utils.js';

/**
 * controller.RealPodControl, as the Job controller uses it: each create and delete is an
 * Event on the Job (SuccessfulCreate "Created pod: x", SuccessfulDelete "Deleted pod: x",
 * FailedCreate / FailedDelete "Error creating: ..."), a finalizer removal is a plain patch.
 * Refused requests come back as the ApiError, for the caller to count.
 */
export class JobPodControl {
  constructor(
    private readonly client: Client,
    private readonly events: EventRecorder,
    private readonly job: Readonly<KObject>,
  ) {}

  create(pod: KObject, why: string): ApiError | undefined {
    try {
      const created = this.client.create(pod, { reason: 'SuccessfulCreate', message: why });
      this.events.record(this.client, this.job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
      return undefined;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      this.events.record(this.client, this.job, 'Warning', 'FailedCreate', `Error creating: ${errorText(e)}`);
      return e;
    }
  }

  delete(pod: Readonly<KObject>, why: string): ApiError | undefined {
    try {
      this.client.delete('Pod', pod.metadata.namespace, pod.metadata.name ?? '', {}, { reason: 'SuccessfulDelete', message: why });
      this.events.record(this.client, this.job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      return undefined;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status.code !== 404) this.events.record(this.client, this.job, 'Warning', 'FailedDelete', `Error deleting: ${errorText(e)}`);
      return e;
    }
  }

  removeFinalizer(pod: Readonly<KObject>, why: string): ApiError | undefined {
    const patch = removeTrackingFinalizerPatch(pod);
    if (patch === undefined) return undefined;
    try {
      this.client.patch('Pod', pod.metadata.namespace, pod.metadata.name ?? '', patch, 'strategic', { reason: 'TrackingFinalizerRemoved', message: why });
      return undefined;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      return e;
    }
  }
}
