import YAML from 'yaml';
import type { Schema } from './openapi-schemas.js';

/*
 * The OpenAPI v2 document as gnostic's OpenAPIv2 protobuf (openapiv2/OpenAPIv2.proto),
 * the only form kubectl reads /openapi/v2 in (`Accept:
 * application/com.github.proto-openapi.spec.v2@v1.0+protobuf`, then proto.Unmarshal).
 * Field numbers: Document swagger 1, info 2, definitions 9; Info title 1, version 2;
 * Definitions/Properties additional_properties 1 (NamedSchema name 1, value 2); Schema
 * _ref 1, format 2, description 4, required 19, additional_properties 21 (schema 1),
 * type 22 (value 1), items 23 (schema 1), all_of 24, properties 25, vendor_extension 31
 * (NamedAny name 1, value 2: Any with the YAML text in field 2, as kube-openapi reads it).
 */

class Writer {
  private readonly parts: Buffer[] = [];

  private varint(n: number): void {
    const bytes: number[] = [];
    while (n > 0x7f) {
      bytes.push((n & 0x7f) | 0x80);
      n = Math.floor(n / 128);
    }
    bytes.push(n);
    this.parts.push(Buffer.from(bytes));
  }

  bytes(field: number, value: Buffer): void {
    this.varint((field << 3) | 2);
    this.varint(value.length);
    this.parts.push(value);
  }

  string(field: number, value: string): void {
    this.bytes(field, Buffer.from(value, 'utf8'));
  }

  message(field: number, build: (w: Writer) => void): void {
    const w = new Writer();
    build(w);
    this.bytes(field, w.done());
  }

  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function schema(w: Writer, s: Schema): void {
  if (typeof s.$ref === 'string') w.string(1, s.$ref);
  if (typeof s.format === 'string') w.string(2, s.format);
  if (typeof s.description === 'string') w.string(4, s.description);
  for (const r of (s.required as string[] | undefined) ?? []) w.string(19, r);
  if (s.additionalProperties !== undefined && typeof s.additionalProperties === 'object') {
    w.message(21, (a) => a.message(1, (x) => schema(x, s.additionalProperties as Schema)));
  }
  if (typeof s.type === 'string') w.message(22, (t) => t.string(1, s.type as string));
  if (s.items !== undefined) w.message(23, (i) => i.message(1, (x) => schema(x, s.items as Schema)));
  for (const a of (s.allOf as Schema[] | undefined) ?? []) w.message(24, (x) => schema(x, a));
  if (s.properties !== undefined) {
    w.message(25, (p) => {
      for (const [name, value] of Object.entries(s.properties as Record<string, Schema>)) named(p, name, value);
    });
  }
  for (const [name, value] of Object.entries(s)) {
    if (!name.startsWith('x-')) continue;
    w.message(31, (e) => {
      e.string(1, name);
      e.message(2, (any) => any.string(2, YAML.stringify(value)));
    });
  }
}

function named(w: Writer, name: string, value: Schema): void {
  w.message(1, (n) => {
    n.string(1, name);
    n.message(2, (x) => schema(x, value));
  });
}

export function encodeOpenApiV2(doc: Schema): Buffer {
  const w = new Writer();
  w.string(1, String(doc.swagger));
  const info = doc.info as { title: string; version: string };
  w.message(2, (i) => {
    i.string(1, info.title);
    i.string(2, info.version);
  });
  w.message(9, (d) => {
    for (const [name, value] of Object.entries(doc.definitions as Record<string, Schema>)) named(d, name, value);
  });
  return w.done();
}
