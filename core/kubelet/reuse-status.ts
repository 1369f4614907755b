/*
 * A kubelet status write rebuilds the whole pod status, but between two writes most of
 * it is what the API server already stores: of a Ready pod's 4 conditions 3 keep their
 * status and transition time, its hostIPs and podIPs never change, and a container
 * status changes only when that container does. Handing the stored (frozen) values back
 * where they are the same lets the API server see them as unchanged by identity: its
 * copy shares them, the field manager's comparison skips them without a walk, and
 * freezing skips them. The JSON is the same text either way: `sameJson` is equality of
 * the JSON text, key order included, so reusing a value never changes a recorded byte.
 */

/** The stored value when it has the JSON text of the built one, else the built one. */
export function reuse<T>(stored: unknown, built: T): T {
  return stored !== undefined && sameJson(stored, built) ? (stored as T) : built;
}

/**
 * Items of a list, each reused from the stored item at the same place; the stored list
 * itself when every item was (so the list, too, is shared by identity).
 */
export function reuseList<T>(stored: unknown, built: T[]): T[] {
  if (!Array.isArray(stored)) return built;
  let all = stored.length === built.length;
  const out = built.map((item, i) => {
    const r = reuse(stored[i], item);
    if (r !== stored[i]) all = false;
    return r;
  });
  return all ? (stored as T[]) : out;
}

/** Whether JSON.stringify gives the same text for both (keys in the same order; undefined keys absent). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i] ?? null, b[i] ?? null)) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // Both key lists walked together, each skipping its undefined members (which
  // JSON.stringify leaves out): two arrays per object compared, not four (a filtered copy
  // of each). A kubelet status write compares ~10 objects this way.
  const ak = Object.keys(ao);
  const bk = Object.keys(bo);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < ak.length && ao[ak[i] as string] === undefined) i++;
    while (j < bk.length && bo[bk[j] as string] === undefined) j++;
    if (i === ak.length || j === bk.length) return i === ak.length && j === bk.length;
    const k = ak[i] as string;
    if (k !== bk[j] || !sameJson(ao[k], bo[k])) return false;
    i++;
    j++;
  }
}
