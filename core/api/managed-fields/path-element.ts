/**
 * Path elements of structured-merge-diff, kept in their serialized fieldsV1 form:
 *   f:NAME      a field of a struct or a key of a map
 *   k:{JSON}    an item of an associative list, by its keys sorted by name: k:{"containerPort":80,"protocol":"TCP"}
 *   v:JSON      an item of a set: v:"foregroundDeletion"
 *   i:N         an item of an atomic list, by index (only in sets built by hand)
 * Ordering and printing follow SMD's PathElement.Compare and String, since both show:
 * fieldsV1 keys are written in that order and conflict messages print `.spec.replicas`
 * or `.spec.template.spec.containers[name="web"].image`.
 */

/** JSON as Go's encoder writes it (jsoniter compatible mode escapes <, > and &). */
const HTML = /[<>&\u2028\u2029]/g;
export function goJson(v: unknown): string {
  const s = JSON.stringify(v);
  HTML.lastIndex = 0;
  return HTML.test(s) ? s.replace(HTML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : s;
}

/*
 * A field's element, made once per name: the comparison of every write pushes one for
 * each member of both objects (~100 for a pod), and `f:${name}` made each time was a
 * new string, then hashed again by the set it went into (path-element and its callers
 * ~0.9 kB of every write's garbage, 10,000-pod run). Names are the objects' keys: the
 * schemas' few hundred field names, plus label and annotation keys. Bounded as the
 * other tables (cleared when full); a name made again gives an equal string.
 */
const FIELD_LIMIT = 4096;
const fieldPes = new Map<string, string>();

export function fieldPe(name: string): string {
  let pe = fieldPes.get(name);
  if (pe === undefined) {
    if (fieldPes.size >= FIELD_LIMIT) fieldPes.clear();
    pe = `f:${name}`;
    fieldPes.set(name, pe);
  }
  return pe;
}

/** The k: element of an associative-list item: its key fields, sorted by name. */
export function keyPe(fields: Record<string, unknown>): string {
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(fields).sort()) sorted[k] = fields[k];
  return `k:${goJson(sorted)}`;
}

export function valuePe(v: unknown): string {
  return `v:${goJson(v)}`;
}

const TYPE_ORDER: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** SMD's PathElement.Compare on serialized elements: fields, then keys, values, indices. */
export function comparePe(a: string, b: string): number {
  if (a === b) return 0;
  const ta = TYPE_ORDER[a[0] as string] ?? 4;
  const tb = TYPE_ORDER[b[0] as string] ?? 4;
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ra = a.slice(2);
  const rb = b.slice(2);
  switch (a[0]) {
    case 'f':
      return ra < rb ? -1 : ra > rb ? 1 : 0;
    case 'i':
      return Math.sign(Number(ra) - Number(rb));
    case 'k':
      return compareFieldLists(JSON.parse(ra) as Record<string, unknown>, JSON.parse(rb) as Record<string, unknown>);
    default:
      return compareValues(JSON.parse(ra), JSON.parse(rb));
  }
}

function compareFieldLists(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  for (let i = 0; ; i++) {
    if (i >= ka.length && i >= kb.length) return 0;
    if (i >= ka.length) return -1;
    if (i >= kb.length) return 1;
    const na = ka[i] as string;
    const nb = kb[i] as string;
    if (na !== nb) return na < nb ? -1 : 1;
    const c = compareValues(a[na], b[nb]);
    if (c !== 0) return c;
  }
}

/** SMD's value.Compare: numbers < strings < booleans < lists < maps < null. */
export function compareValues(a: unknown, b: unknown): number {
  const rank = (v: unknown): number =>
    typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : typeof v === 'boolean' ? 2 : Array.isArray(v) ? 3 : v !== null && typeof v === 'object' ? 4 : 5;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
      return Math.sign((a as number) - (b as number));
    case 1:
      return a === b ? 0 : (a as string) < (b as string) ? -1 : 1;
    case 2:
      return a === b ? 0 : a === false ? -1 : 1;
    case 3: {
      const la = a as unknown[];
      const lb = b as unknown[];
      for (let i = 0; i < Math.min(la.length, lb.length); i++) {
        const c = compareValues(la[i], lb[i]);
        if (c !== 0) return c;
      }
      return Math.sign(la.length - lb.length);
    }
    case 4: {
      const sa = Object.keys(a as object).sort();
      const sb = Object.keys(b as object).sort();
      for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
        const na = sa[i] as string;
        const nb = sb[i] as string;
        if (na !== nb) return na < nb ? -1 : 1;
        const c = compareValues((a as Record<string, unknown>)[na], (b as Record<string, unknown>)[nb]);
        if (c !== 0) return c;
      }
      return Math.sign(sa.length - sb.length);
    }
    default:
      return 0;
  }
}

/** Go's value.ToString: strings quoted, numbers and booleans bare. */
function valueString(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(valueString).join(',')}]`;
  if (typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k}=${valueString(x)}`).join('');
  return String(v);
}

/** SMD's PathElement.String: `.replicas`, `[name="web"]`, `[=value]`, `[3]`. */
export function peString(pe: string): string {
  const rest = pe.slice(2);
  switch (pe[0]) {
    case 'f':
      return `.${rest}`;
    case 'k':
      return `[${Object.entries(JSON.parse(rest) as Record<string, unknown>).map(([k, v]) => `${k}=${valueString(v)}`).join(',')}]`;
    case 'v':
      return `[=${valueString(JSON.parse(rest))}]`;
    default:
      return `[${rest}]`;
  }
}

export function pathString(path: readonly string[]): string {
  return path.map(peString).join('');
}
