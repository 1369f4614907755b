/**
 * The compact form of upstream's OpenAPI that schema-data.ts is generated in (see
 * scripts/gen-smd-schema.mjs): only what structured-merge-diff needs.
 *   's'                          a scalar (string, number, bool, Time, Quantity, IntOrString)
 *   'u'                          untyped: deduced from the value (RawExtension, FieldsV1)
 *   { f: {field: ref}, a?: 1 }   a struct; a: x-kubernetes-map-type atomic
 *   { m: ref, a?: 1 }            a map (additionalProperties)
 *   { l: ref, t, k?, d? }        a list: t atomic | set | map, k the list-map keys, d their defaults
 * A ref is one of those inline or the name of a type in `types`.
 */
export type TypeRef = string | TypeDef;
export type TypeDef = 's' | 'u' | StructDef | MapDef | ListDef;
export interface StructDef {
  f: Record<string, TypeRef>;
  a?: 1;
}
export interface MapDef {
  m: TypeRef;
  a?: 1;
}
export interface ListDef {
  l: TypeRef;
  t: 'atomic' | 'set' | 'map';
  k?: string[];
  d?: Record<string, unknown>;
}
export interface SchemaData {
  /** `apps/v1/Deployment` -> type name. */
  roots: Record<string, string>;
  types: Record<string, TypeDef>;
}
