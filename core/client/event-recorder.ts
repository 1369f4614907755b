import { ApiError } from '../api/status.js';
import type { KObject } from '../api/types.js';
import type { Client } from './client.js';
import { flat } from '../api/flat-string.js';
import { EventCorrelator } from './event-correlator.js';

/**
 * Writes core/v1 Events the way client-go's event recorder does: named
 * `<object>.<hex of the timestamp in ns>`, with involvedObject, source, count and
 * first/last timestamps, through client-go's EventCorrelator (a repeat bumps `count`,
 * the 10th similar message within 10 minutes becomes "(combined from similar events)",
 * and more than 25 events about one object in a burst are dropped). The Event is a
 * write like any other, so it carries the recorder's actor and the cause of the action.
 *
 * Recording an event never fails the component that records it: upstream's broadcaster
 * writes events on its own goroutine, and a write the API server refuses (the namespace
 * is gone or terminating, an AlreadyExists, a validation error) is logged as "Server
 * rejected event (will not retry!)" and dropped. Here the refusal is counted in
 * `rejected` and the call returns undefined.
 */
export class EventRecorder {
  private lastNanos = 0;
  private readonly correlator: EventCorrelator;
  /** Events the API server refused and that were dropped, newest last (bounded). */
  readonly rejected: Array<{ reason: string; error: string }> = [];
  rejectedCount = 0;

  constructor(
    private readonly component: string,
    private readonly host?: string,
  ) {
    this.correlator = new EventCorrelator();
  }

  record(client: Client, involved: Readonly<KObject>, type: 'Normal' | 'Warning', reason: string, message: string): Readonly<KObject> | undefined {
    try {
      return this.write(client, involved, type, reason, message);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // recordToSink: a StatusError is final, "Server rejected event (will not retry!)".
      this.rejectedCount++;
      this.rejected.push({ reason, error: e.message });
      if (this.rejected.length > 20) this.rejected.shift();
      return undefined;
    }
  }

  private write(client: Client, involved: Readonly<KObject>, type: 'Normal' | 'Warning', reason: string, message: string): Readonly<KObject> | undefined {
    const api = client.api;
    const nowMs = api.now();
    // The correlator's key for the object: its uid, unique to it as upstream's key of kind,
    // namespace, name, uid and apiVersion is, and a string the object already holds
    // (nothing to build or keep per pod); an object without a uid by its kind and name.
    const uid = involved.metadata.uid;
    const objectKey = uid !== undefined && uid !== '' ? uid : flat(`${involved.kind}/${involved.metadata.namespace ?? ''}/${involved.metadata.name ?? ''}/`);
    const decision = this.correlator.correlate(nowMs, objectKey, type, reason, message);
    if (decision.kind === 'drop') return undefined;
    const ts = api.timestamp();
    const namespace = involved.metadata.namespace ?? 'default';
    if (decision.kind === 'bump') {
      try {
        return client.patch(
          'Event',
          namespace,
          decision.name,
          { count: decision.count, lastTimestamp: ts, message: decision.message },
          'merge',
          { reason, message: decision.message },
        );
      } catch (e) {
        if (!(e instanceof ApiError && e.status.code === 404)) throw e;
        // The Event was deleted meanwhile: fall through and write a new one.
      }
    }
    // Virtual time has millisecond ticks; keep names unique when one instant has several events.
    let nanos = nowMs * 1_000_000 + api.epochNanosOffset();
    if (nanos <= this.lastNanos) nanos = this.lastNanos + 1;
    // Another component's recorder may have taken the name this instant: the
    // deployment-controller's Event for Deployment web and the HPA's for HPA web are both
    // `web.<nanos>` (upstream's real nanosecond clocks never meet). Its create would be
    // refused AlreadyExists and the event lost, and the correlator would later patch the
    // other component's Event with this one's message: take the next free nanosecond.
    while (api.tryGet('Event', namespace, `${involved.metadata.name}.${nanos.toString(16)}`) !== undefined) nanos++;
    this.lastNanos = nanos;
    // Flat (flat-string.ts): the name is kept by the store, its key and the correlator.
    const name = flat(`${involved.metadata.name}.${nanos.toString(16)}`);
    const event: KObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        kind: involved.kind,
        namespace: involved.metadata.namespace,
        name: involved.metadata.name,
        uid: involved.metadata.uid,
        apiVersion: involved.apiVersion,
        resourceVersion: involved.metadata.resourceVersion,
      },
      reason,
      message: decision.message,
      source: this.host === undefined ? { component: this.component } : { component: this.component, host: this.host },
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: this.component,
      reportingInstance: this.host ?? '',
    };
    this.correlator.created(decision.key, name, nowMs);
    return client.create(event, { reason, message: decision.message });
  }
}
