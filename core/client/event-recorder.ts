import type { KObject } from '../api/types.js';
import type { Client } from './client.js';

/**
 * Writes core/v1 Events the way client-go's event recorder does: named
 * `<object>.<hex of the timestamp in ns>`, with involvedObject, source, count and
 * first/last timestamps. The Event is a write like any other, so it carries the
 * recorder's actor and the cause of the action it reports.
 */
export class EventRecorder {
  private lastNanos = 0;

  constructor(
    private readonly component: string,
    private readonly host?: string,
  ) {}

  record(client: Client, involved: Readonly<KObject>, type: 'Normal' | 'Warning', reason: string, message: string): Readonly<KObject> {
    const api = client.api;
    // Virtual time has millisecond ticks; keep names unique when one instant has several events.
    let nanos = api.now() * 1_000_000 + api.epochNanosOffset();
    if (nanos <= this.lastNanos) nanos = this.lastNanos + 1;
    this.lastNanos = nanos;
    const ts = api.timestamp();
    const event: KObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${involved.metadata.name}.${nanos.toString(16)}`, namespace: involved.metadata.namespace ?? 'default' },
      involvedObject: {
        kind: involved.kind,
        namespace: involved.metadata.namespace,
        name: involved.metadata.name,
        uid: involved.metadata.uid,
        apiVersion: involved.apiVersion,
        resourceVersion: involved.metadata.resourceVersion,
      },
      reason,
      message,
      source: this.host === undefined ? { component: this.component } : { component: this.component, host: this.host },
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: this.component,
      reportingInstance: this.host ?? '',
    };
    return client.create(event, { reason, message });
  }
}
