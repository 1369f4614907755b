import { timestampOfUnixTime } from '../../sim/time.js';
import { jsonTextNestsDeeperThan, tooDeepMessage } from '../depth.js';
import { badRequest } from '../status.js';
import { MESSAGE_OF_KIND, MESSAGES, type Field } from './protobuf-schema.js';

/* Decodes `application/vnd.kubernetes.protobuf` request bodies into the JSON objects
   the API server takes: the 4-byte "k8s\0" magic, a runtime.Unknown envelope naming
   apiVersion and kind, and the object's message inside (see protobuf-schema.ts). */

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

class Reader {
  pos = 0;

  constructor(
    readonly buf: Buffer,
    readonly start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  done(): boolean {
    return this.pos >= this.end;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) throw badRequest('protobuf: truncated varint');
      const b = this.buf[this.pos++] as number;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw badRequest('protobuf: varint too long');
    }
  }

  bytes(): Reader {
    const n = Number(this.varint());
    if (this.pos + n > this.end) throw badRequest('protobuf: truncated field');
    const r = new Reader(this.buf, this.pos, this.pos + n);
    this.pos += n;
    return r;
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw badRequest(`protobuf: unsupported wire type ${wire}`);
  }

  fixed(n: number): Buffer {
    if (this.pos + n > this.end) throw badRequest('protobuf: truncated field');
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  text(): string {
    const r = this.bytes();
    return this.buf.toString('utf8', r.start, r.end);
  }
}

function signed(v: bigint, bits: 32 | 64): number {
  return Number(BigInt.asIntN(bits, v));
}

function decodeScalar(r: Reader, type: string, wire: number, where: string): unknown {
  switch (type) {
    case 'string':
      return r.text();
    case 'bytes':
      return r.bytes();
    case 'base64': {
      const b = r.bytes();
      return b.buf.toString('base64', b.start, b.end);
    }
    case 'int32':
      return signed(r.varint(), 32);
    case 'int64':
      return signed(r.varint(), 64);
    case 'bool':
      return r.varint() !== 0n;
    case 'double':
      return r.fixed(8).readDoubleLE(0);
    case 'float':
      return r.fixed(4).readFloatLE(0);
    case 'Skip':
      r.skip(wire);
      return undefined;
    case 'Time':
    case 'MicroTime': {
      // A Timestamp {seconds, nanos}; zero is Go's zero time, which JSON leaves out.
      const m = r.bytes();
      let seconds = 0;
      let nanos = 0;
      while (!m.done()) {
        const tag = Number(m.varint());
        if (tag >>> 3 === 1) seconds = signed(m.varint(), 64);
        else if (tag >>> 3 === 2) nanos = signed(m.varint(), 32);
        else m.skip(tag & 7);
      }
      if (seconds === 0 && nanos === 0) return undefined;
      const ts = timestampOfUnixTime(seconds, type === 'Time' ? undefined : nanos);
      if (ts === undefined) throw badRequest(`protobuf: ${where}: time ${seconds} s is out of range`);
      return ts;
    }
    case 'Duration': {
      const m = r.bytes();
      let nanos = 0n;
      while (!m.done()) {
        const tag = Number(m.varint());
        if (tag >>> 3 === 1) nanos = BigInt.asIntN(64, m.varint());
        else m.skip(tag & 7);
      }
      return goDuration(nanos);
    }
    case 'RawExtension': {
      const m = r.bytes();
      let raw: unknown;
      while (!m.done()) {
        const tag = Number(m.varint());
        if (tag >>> 3 === 1) {
          const text = m.text();
          if (jsonTextNestsDeeperThan(text)) throw badRequest(`protobuf: ${where}: ${tooDeepMessage('json')}`);
          try {
            raw = JSON.parse(text);
          } catch {
            throw badRequest(`protobuf: ${where} carries an embedded object that is not JSON`);
          }
        } else m.skip(tag & 7);
      }
      return raw;
    }
    case 'Quantity': {
      const m = r.bytes();
      let s = '';
      while (!m.done()) {
        const tag = Number(m.varint());
        if (tag >>> 3 === 1) s = m.text();
        else m.skip(tag & 7);
      }
      return s;
    }
    case 'IntOrString': {
      const m = r.bytes();
      let kind = 0;
      let int = 0;
      let str = '';
      while (!m.done()) {
        const tag = Number(m.varint());
        const f = tag >>> 3;
        if (f === 1) kind = signed(m.varint(), 64);
        else if (f === 2) int = signed(m.varint(), 32);
        else if (f === 3) str = m.text();
        else m.skip(tag & 7);
      }
      return kind === 1 ? str : int;
    }
    default:
      return decodeMessage(r.bytes(), type, where);
  }
}

/** Go's time.Duration.String(): "1h0m0s", "1.5s", "300ms", "0s". */
export function goDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const neg = nanos < 0n;
  let n = neg ? -nanos : nanos;
  const sign = neg ? '-' : '';
  if (n < 1_000_000_000n) {
    // Under a second: the largest unit that keeps an integer part (ns, µs, ms).
    const [unit, div] = n < 1000n ? ['ns', 1n] : n < 1_000_000n ? ['µs', 1000n] : ['ms', 1_000_000n];
    return `${sign}${fraction(n, div)}${unit}`;
  }
  const h = n / 3_600_000_000_000n;
  n -= h * 3_600_000_000_000n;
  const m = n / 60_000_000_000n;
  n -= m * 60_000_000_000n;
  const s = fraction(n, 1_000_000_000n);
  if (h > 0n) return `${sign}${h}h${m}m${s}s`;
  if (m > 0n) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}

function fraction(n: bigint, div: bigint): string {
  const whole = n / div;
  const rest = n % div;
  if (rest === 0n) return String(whole);
  const digits = String(div).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

function isZero(v: unknown): boolean {
  return v === '' || v === 0 || v === false;
}

function decodeMessage(r: Reader, name: string, where: string): Record<string, unknown> {
  const schema = MESSAGES[name];
  if (schema === undefined) throw badRequest(`protobuf: no schema for ${name} at ${where}`);
  const out: Record<string, unknown> = {};
  while (!r.done()) {
    const tag = Number(r.varint());
    const no = tag >>> 3;
    const wire = tag & 7;
    const field: Field | undefined = schema[no];
    if (field === undefined) throw badRequest(`protobuf: field ${no} of ${name} (at ${where}) is not supported by kubelapse; send JSON instead`);
    const [key, type, flags = ''] = field;
    const path = `${where}.${key}`;
    if (flags.includes('m')) {
      const entry = r.bytes();
      let k = '';
      let v: unknown;
      while (!entry.done()) {
        const t = Number(entry.varint());
        if (t >>> 3 === 1) k = entry.text();
        else if (t >>> 3 === 2) v = decodeScalar(entry, type, t & 7, `${path}[${k}]`);
        else entry.skip(t & 7);
      }
      const map = (out[key] ??= {}) as Record<string, unknown>;
      map[k] = v ?? '';
      continue;
    }
    // go-to-protobuf's messages are proto2: repeated scalars are not packed.
    const value = decodeScalar(r, type, wire, path);
    if (value === undefined) continue;
    if (flags.includes('i')) {
      // An embedded struct JSON inlines: its fields sit beside the outer message's.
      Object.assign(out, value);
      continue;
    }
    if (flags.includes('r')) {
      ((out[key] ??= []) as unknown[]).push(value);
      continue;
    }
    // Go writes every non-pointer field, zero or not; JSON's omitempty drops zeros.
    if (isZero(value) && !flags.includes('p')) continue;
    out[key] = value;
  }
  return out;
}

/** The object in a protobuf request body, as JSON with apiVersion and kind. */
export function decodeK8sProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw badRequest('protobuf: the body does not start with the Kubernetes protobuf magic "k8s\\0"');
  const envelope = decodeMessage(new Reader(body, 4), 'Unknown', 'body');
  const typeMeta = (envelope.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const kind = typeMeta.kind ?? '';
  // DeleteOptions travel in the version of the client that sends them (apps/v1 ...).
  const message = MESSAGE_OF_KIND[`${typeMeta.apiVersion ?? ''} ${kind}`] ?? (kind === 'DeleteOptions' ? 'meta.v1.DeleteOptions' : undefined);
  if (message === undefined) throw badRequest(`protobuf: kind ${JSON.stringify(kind)} cannot be sent as protobuf to kubelapse; send JSON instead`);
  const raw = envelope.raw as Reader | undefined;
  const obj = raw === undefined ? {} : decodeMessage(raw, message, kind);
  return { apiVersion: typeMeta.apiVersion ?? '', kind, ...obj };
}
