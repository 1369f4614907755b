import type { EventRow } from '../record/schema.js';
import { toUnixNanos, type EpochMs } from '../sim/time.js';
import { VERSION } from '../version.js';
import type { ExportFormat } from './export-format.js';
import { FileSink } from './file-sink.js';
import { identityOf } from './identity.js';
import { recordingEpoch } from './recording-epoch.js';
import { TieBreak } from './tie-break.js';

/**
 * `--format otel`: an OTLP/JSON ExportTraceServiceRequest (opentelemetry-proto's
 * trace/v1 in the protobuf JSON mapping: lowerCamelCase fields, trace and span ids as
 * hex, 64-bit times and ints as decimal strings, enums as numbers), which the collector's
 * otlpjsonfile receiver and Jaeger's OTLP import read.
 *
 * A trace per outside action: a write with no cause (a kubectl command, a kubelet's timer,
 * a lease renewal) starts one, and every write caused by it, transitively, joins it. A
 * span per write, zero length at the write's time; a watch-triggered write is not the
 * child of its cause but carries a span link to it (the spec's advice for asynchronous
 * follow-ups: the controller's work is not part of the request that caused it). Faults
 * of the scenario are spans of their own traces. Ids come from the recording's hash chain,
 * so the same recording always gives the same ids.
 */
export const otelFormat: ExportFormat = {
  name: 'otel',
  extension: '.otel.json',
  description: 'OpenTelemetry OTLP/JSON traces: a trace per outside action, a span per write, links to causes',
  write(recording, outPath, options) {
    const epoch = recordingEpoch(recording);
    const sink = new FileSink(outPath);
    const batches = new SpanBatches(sink);
    const spans = new Map<number, { traceId: string; spanId: string }>();
    let links = 0;
    let traces = 0;
    try {
      sink.write('{"resourceSpans":[');
      const ties = new TieBreak();
      const total = recording.lastSeq();
      for (const e of recording.events({ fromTime: options.fromMs, toTime: options.toMs })) {
        const nanos = ties.next(e.timeMs) * 1000;
        const cause = e.causeSeq === null ? undefined : spans.get(e.causeSeq);
        const spanId = e.hash.slice(0, 16);
        // A write whose cause is not in the file (before --from) starts a trace of its own.
        const traceId = cause?.traceId ?? e.hash.slice(0, 32);
        if (cause === undefined) traces++;
        else links++;
        spans.set(e.seq, { traceId, spanId });
        batches.add(e.actor, writeSpan(e, epoch, nanos, traceId, spanId, cause));
        if (e.seq % 5000 === 0) options.progress?.(e.seq, total);
      }
      for (const m of recording.markers()) {
        if (m.kind !== 'action' || !m.title.startsWith('fault') || (options.fromMs !== undefined && m.timeMs < options.fromMs) || (options.toMs !== undefined && m.timeMs > options.toMs)) continue;
        const spanId = markerId(`${options.name}#marker${m.id ?? m.timeMs}`);
        const at = toUnixNanos(m.timeMs, epoch);
        batches.add('scenario', { traceId: spanId + markerId(`${options.name}#trace${m.id ?? m.timeMs}`), spanId, name: m.title, kind: 1, startTimeUnixNano: at, endTimeUnixNano: at, attributes: [str('kubelapse.marker', m.kind), ...(m.body ? [str('kubelapse.body', m.body)] : [])] });
        traces++;
      }
      batches.flushAll();
      sink.write(']}\n');
      options.progress?.(total, total);
      const bytes = sink.close();
      return Promise.resolve({ bytes, detail: `${spans.size.toLocaleString('en')} spans in ${traces.toLocaleString('en')} traces, ${links.toLocaleString('en')} links` });
    } catch (err) {
      sink.abandon();
      throw err;
    }
  },
};

type Attribute = { key: string; value: { stringValue: string } | { intValue: string } };
const str = (key: string, value: string): Attribute => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): Attribute => ({ key, value: { intValue: String(value) } });

/** 16 hex digits for a marker (a fault has no hash of its own): two FNV-1a 32-bit hashes of `text`. */
function markerId(text: string): string {
  let h = 0x811c9dc5;
  let g = 0x01000193;
  for (const ch of text) {
    h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    g = Math.imul(g ^ ch.charCodeAt(0), 0x811c9dc5) >>> 0;
  }
  return (h.toString(16).padStart(8, '0') + g.toString(16).padStart(8, '0')).replace(/^0{16}$/, '0000000000000001');
}

function writeSpan(e: EventRow, epoch: EpochMs, nanos: number, traceId: string, spanId: string, cause: { traceId: string; spanId: string } | undefined): Record<string, unknown> {
  const at = toUnixNanos(e.timeMs, epoch, nanos);
  const attributes: Attribute[] = [
    int('kubelapse.seq', e.seq),
    str('kubelapse.verb', e.verb),
    str('k8s.object.kind', e.kind),
    str('k8s.object.name', e.name),
    ...(e.namespace !== null ? [str('k8s.namespace.name', e.namespace)] : []),
    ...(e.subresource !== null ? [str('kubelapse.subresource', e.subresource)] : []),
    int('kubelapse.resource_version', e.resourceVersion),
    ...(e.reason !== null ? [str('kubelapse.reason', e.reason)] : []),
    ...(e.message !== null ? [str('kubelapse.message', e.message)] : []),
    ...(e.causeSeq !== null ? [int('kubelapse.cause_seq', e.causeSeq)] : []),
  ];
  return {
    traceId,
    spanId,
    // Low-cardinality names, as the spec asks: "update pods/status", not the pod's name.
    name: `${e.verb} ${e.kind}${e.subresource !== null ? `/${e.subresource}` : ''}`,
    kind: 3, // SPAN_KIND_CLIENT: the component's request to the API server
    startTimeUnixNano: at,
    endTimeUnixNano: at,
    attributes,
    ...(cause !== undefined ? { links: [{ traceId: cause.traceId, spanId: cause.spanId, attributes: [str('kubelapse.link', 'caused by watch event')] }] } : {}),
  };
}

/**
 * Spans grouped by the actor that wrote them, written as one resourceSpans entry per
 * 1,000 spans of an actor: OTLP allows a resource to appear in several entries, and a
 * 100,000-span export never holds more than a batch per actor in memory.
 */
class SpanBatches {
  private readonly open = new Map<string, Array<Record<string, unknown>>>();
  private first = true;

  constructor(private readonly sink: FileSink) {}

  add(actor: string, span: Record<string, unknown>): void {
    let batch = this.open.get(actor);
    if (batch === undefined) this.open.set(actor, (batch = []));
    batch.push(span);
    if (batch.length >= 1000) this.flush(actor, batch);
  }

  flushAll(): void {
    for (const [actor, batch] of this.open) if (batch.length > 0) this.flush(actor, batch);
  }

  private flush(actor: string, spans: Array<Record<string, unknown>>): void {
    const who = identityOf(actor);
    const service = actor === 'scenario' ? 'kubelapse-scenario' : who.component === 'other' ? actor : who.component;
    const node = /^kubelet\/(.+)$/.exec(actor)?.[1];
    const resource = {
      attributes: [str('service.name', service), str('service.instance.id', actor), ...(node !== undefined ? [str('k8s.node.name', node)] : [])],
    };
    const entry = { resource, scopeSpans: [{ scope: { name: 'kubelapse', version: VERSION }, spans }] };
    this.sink.write((this.first ? '\n' : ',\n') + JSON.stringify(entry));
    this.first = false;
    this.open.set(actor, []);
  }
}
