import { describe, expect, it } from 'vitest';
import { SCHEMA } from '../../core/api/managed-fields/schema-data.js';
import type { ListDef, TypeDef, TypeRef } from '../../core/api/managed-fields/schema-types.js';
import { SCHEMA_FACTS } from '../../core/api/rest/openapi-facts.js';

/*
 * Two generated tables describe the served kinds' list semantics: openapi-facts.ts (from
 * the Go struct tags, for the OpenAPI documents kubectl reads) and schema-data.ts (from
 * upstream's swagger.json, for server-side apply). kubectl's strategic merge patches and
 * the server's apply merges must treat every list alike, so the two may never disagree.
 */

function lists(name: string, def: TypeDef, out: Array<{ type: string; field: string; list: ListDef }>): void {
  if (typeof def === 'string' || !('f' in def)) return;
  for (const [field, ref] of Object.entries(def.f)) {
    const d: TypeRef = ref;
    if (typeof d === 'object' && 'l' in d) out.push({ type: name, field, list: d });
  }
}

describe('the OpenAPI facts and the server-side apply schema', () => {
  it('give every list field of the served kinds the same semantics and keys', () => {
    const found: Array<{ type: string; field: string; list: ListDef }> = [];
    for (const [name, def] of Object.entries(SCHEMA.types)) lists(name, def, found);
    const disagree: string[] = [];
    let checked = 0;
    for (const { type, field, list } of found) {
      const facts = SCHEMA_FACTS[type];
      if (facts === undefined) continue; // a type only server-side apply needs (e.g. autoscaling/v1 Scale)
      checked++;
      const f = facts.fields?.[field] ?? {};
      // structured-merge-diff's reading of a field's schema: +listType wins, then a merge patch strategy with its key.
      const merge = f.patchStrategy?.split(',').includes('merge') === true && f.patchMergeKey !== undefined;
      const t = f.listType ?? (merge ? 'map' : 'atomic');
      const keys = f.listMapKeys ?? (t === 'map' && f.patchMergeKey !== undefined ? [f.patchMergeKey] : undefined);
      const want = `${t}${keys === undefined ? '' : ` ${keys.join(',')}`}`;
      const got = `${list.t}${list.k === undefined ? '' : ` ${list.k.join(',')}`}`;
      if (want !== got) disagree.push(`${type}.${field}: OpenAPI facts say ${want}, the apply schema ${got}`);
    }
    expect(disagree).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });

  it('give every field that says its map type (+mapType, a field\'s +structType) the same atomicity', () => {
    const disagree: string[] = [];
    let checked = 0;
    for (const [type, facts] of Object.entries(SCHEMA_FACTS)) {
      const def = SCHEMA.types[type];
      if (def === undefined || typeof def === 'string' || !('f' in def)) continue;
      for (const [field, f] of Object.entries(facts.fields ?? {})) {
        if (f.mapType === undefined) continue;
        checked++;
        const ref = def.f[field];
        const target = typeof ref === 'string' ? SCHEMA.types[ref] : ref;
        const atomic = target !== undefined && typeof target === 'object' && 'a' in target && target.a === 1;
        if (atomic !== (f.mapType === 'atomic')) disagree.push(`${type}.${field}: OpenAPI facts say ${f.mapType}, the apply schema ${atomic ? 'atomic' : 'granular'}`);
      }
    }
    expect(disagree).toEqual([]);
    // PodSpec.nodeSelector, ServiceSpec.selector (atomic); PV spec.claimRef, PVC status.allocatedResourceStatuses (granular).
    expect(checked).toBeGreaterThanOrEqual(4);
  });
});
