import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sqlite, tmpDir } from '../helpers.js';
import { exportTo, shippedRecording } from './shipped.js';

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Array<{ key: string; value: Record<string, string> }>;
  links?: Array<{ traceId: string; spanId: string }>;
}
interface Request {
  resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue: string } }> }; scopeSpans: Array<{ scope: { name: string }; spans: Span[] }> }>;
}

/**
 * The OTLP protobuf schema as opentelemetry-js ships it (protobufjs code generated from
 * opentelemetry-proto, in @opentelemetry/otlp-transformer 0.52): nobody on the project wrote it.
 */
const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- generated protobufjs module without types we import
const proto = (require('@opentelemetry/otlp-transformer/build/src/generated/root.js') as any).opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- protobufjs's 64-bit integer type (package long, its dependency)
const Long = require('long') as any;

/**
 * The request as protobufjs's object form wants it: ids as base64 (OTLP/JSON writes hex
 * where protobuf's JSON mapping has base64, the one difference the OTLP spec names) and
 * 64-bit integers as Long rather than the JSON mapping's decimal strings.
 */
function toProtobufJsObject(request: Request): unknown {
  const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');
  const long = (text: string) => Long.fromString(text, true);
  const attrs = (list: Span['attributes']) => list.map((a) => (a.value.intValue !== undefined ? { key: a.key, value: { intValue: Long.fromString(a.value.intValue) } } : a));
  return {
    resourceSpans: request.resourceSpans.map((r) => ({
      ...r,
      scopeSpans: r.scopeSpans.map((s) => ({
        ...s,
        spans: s.spans.map((sp) => ({ ...sp, traceId: b64(sp.traceId), spanId: b64(sp.spanId), startTimeUnixNano: long(sp.startTimeUnixNano), endTimeUnixNano: long(sp.endTimeUnixNano), attributes: attrs(sp.attributes), ...(sp.links ? { links: sp.links.map((l) => ({ ...l, traceId: b64(l.traceId), spanId: b64(l.spanId), attributes: attrs((l as { attributes?: Span['attributes'] }).attributes ?? []) })) } : {}) })),
      })),
    })),
  };
}

describe('otel export', () => {
  let db: string;
  let request: Request;
  let spans: Span[];
  beforeAll(() => {
    db = shippedRecording('rolling-update');
    const { out } = exportTo(db, 'otel', path.join(tmpDir(), 'r.otel.json'));
    request = JSON.parse(fs.readFileSync(out, 'utf8')) as Request;
    spans = request.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
  });

  it('reads back through the OTLP protobuf schema with every span, link and attribute intact', () => {
    const object = toProtobufJsObject(request);
    expect(proto.verify(object)).toBeNull();
    // A misnamed field would be dropped here: the decoded request must hold everything we wrote.
    const decoded = proto.toObject(proto.decode(proto.encode(proto.fromObject(object)).finish()), { longs: String, bytes: String, defaults: false });
    const back = decoded.resourceSpans.flatMap((r: { scopeSpans: Array<{ spans: unknown[] }> }) => r.scopeSpans.flatMap((s) => s.spans)) as Span[];
    expect(back.length).toBe(spans.length);
    for (const [i, s] of spans.entries()) {
      const b = back[i] as Span;
      expect(Buffer.from(b.traceId, 'base64').toString('hex')).toBe(s.traceId);
      expect(Buffer.from(b.spanId, 'base64').toString('hex')).toBe(s.spanId);
      expect(b.name).toBe(s.name);
      expect(b.kind).toBe(s.kind);
      expect(String(b.startTimeUnixNano)).toBe(s.startTimeUnixNano);
      expect(b.attributes.length).toBe(s.attributes.length);
      expect(b.links?.length ?? 0).toBe(s.links?.length ?? 0);
    }
    const services = new Set(decoded.resourceSpans.map((r: { resource: { attributes: Array<{ key: string; value: { stringValue: string } }> } }) => r.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue));
    expect([...services]).toEqual(expect.arrayContaining(['kubectl', 'kube-controller-manager', 'kube-scheduler', 'kubelet']));
  });

  it('a span per write with unique ids; every link resolves to a span of the same trace; times from the epoch', () => {
    const events = Number(sqlite(db, 'SELECT count(*) FROM events').trim());
    expect(spans.length).toBe(events);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    expect(byId.size).toBe(spans.length);
    for (const s of spans) {
      expect(s.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(s.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(s.parentSpanId).toBeUndefined(); // follow-ups are linked, not children
      for (const l of s.links ?? []) {
        const target = byId.get(l.spanId);
        expect(target, `link of ${s.name}`).toBeDefined();
        expect(target?.traceId).toBe(s.traceId);
        expect(l.traceId).toBe(s.traceId);
        expect(BigInt(target?.startTimeUnixNano as string) < BigInt(s.startTimeUnixNano)).toBe(true);
      }
    }
    const links = Number(sqlite(db, 'SELECT count(*) FROM events WHERE cause_seq IS NOT NULL').trim());
    expect(spans.reduce((n, s) => n + (s.links?.length ?? 0), 0)).toBe(links);
    // Epoch 2026-01-01T00:00:00Z is 1767225600 s: the first write is at that second.
    const first = spans.map((s) => BigInt(s.startTimeUnixNano)).reduce((a, b) => (a < b ? a : b));
    expect(first / 1_000_000_000n).toBe(1767225600n);
  });

  it('a trace per outside action: the set image and everything it set off share one trace', () => {
    const seqOf = (s: Span) => Number(s.attributes.find((a) => a.key === 'kubelapse.seq')?.value.intValue);
    const kubectl = spans.filter((s) => s.attributes.some((a) => a.key === 'kubelapse.verb') && !s.links && s.name === 'update Deployment');
    expect(kubectl.length).toBeGreaterThan(0);
    const root = kubectl[0] as Span;
    const inTrace = spans.filter((s) => s.traceId === root.traceId);
    // The new ReplicaSet, its pods, their bindings and kubelet status writes: dozens of writes.
    expect(inTrace.length).toBeGreaterThan(50);
    expect(inTrace.filter((s) => !s.links)).toEqual([root]);
    const names = new Set(inTrace.map((s) => s.name));
    for (const n of ['create ReplicaSet', 'create Pod', 'update Pod/binding', 'update Pod/status']) expect(names.has(n), n).toBe(true);
    expect(Math.min(...inTrace.map(seqOf))).toBe(seqOf(root));
  });
});
